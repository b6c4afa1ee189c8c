"""Parcels on the command line: ``dutyboard parcel add|list|done``, and the supplies fields
of ``tasks --format json``. The work is in dutyboard/groups/supplies/parcels.py."""

from __future__ import annotations

import argparse
import sys

from dutyboard.cli.common import Commands, dump, out
from dutyboard.cli.parcel_json import parcel_json
from dutyboard.cli.parsing import Factory, actions
from dutyboard.cli.supplies_args import (
    arg_help,
    ctx,
    format_arg,
    moment,
    room_reason,
    sep,
    shown,
    usage,
    who_arg,
)
from dutyboard.groups.supplies import parcels
from dutyboard.groups.task_titles import task_title
from dutyboard.i18n import pad, t
from dutyboard.storage.outfiles import LIST_CAP, more_line, read_stream  # capped lists, stdin


def add_commands(cmd: Factory, lang: str) -> Commands:
    """The parser of ``parcel``, made by ``cmd(name, help)``; its help in ``lang``."""
    p = cmd("parcel", arg_help("cmd.parcel", lang))
    act = actions(p, "parcel_cmd")
    q = act("add", arg_help("parcel.add", lang))
    q.add_argument("rooms", nargs="+", metavar="ROOM", help=arg_help("parcel.rooms", lang))
    q.add_argument("--courier", default="", metavar="C", help=arg_help("parcel.courier", lang))
    q.add_argument("--count", type=int, default=1, metavar="N", help=arg_help("parcel.count", lang))
    who_arg(q, lang)
    q = act("list", arg_help("parcel.list", lang))
    format_arg(q)
    q = act("done", arg_help("parcel.done", lang))
    q.add_argument("codes", nargs="+", metavar="CODE", help=arg_help("task_id", lang))
    q.add_argument("--picked-up", action="store_true", help=arg_help("parcel.picked_up", lang))
    who_arg(q, lang)
    return {"parcel": cmd_parcel}


def cmd_parcel(args: argparse.Namespace) -> int:
    action = getattr(args, "parcel_cmd", None) or "list"
    board, lang = ctx(args, writing=action != "list")
    if action == "list":
        shelf = parcels.on_shelf(board)
        rows = [{"code": x.code, "id": x.id, **parcel_json(board, x)} for x in shelf]
        counts = parcels.shelf_counts(board)
        if getattr(args, "format", "text") == "json":
            dump(
                {
                    "parcels": rows,
                    "shelves": [{"building": b, "parcels": n} for b, n in counts.items()],
                }
            )
            return 0
        out(t("parcel.cli.title", lang, n=len(rows)))
        for d in rows:
            marks = [t("parcel.cli.overdue", lang)] if d["overdue"] else []
            marks += [t("batch.door_only", lang)] if d["door_only"] else []
            out(f"  {d['code']}  {pad(d['address'], 10)} {pad(shown(d['courier']), 8)} ×{d['count']}  "
                f"{moment(d['received_at'] or '', board.tz)[5:]}  {' '.join(marks)}".rstrip())  # fmt: skip
        shelves = sep(lang).join(
            t("parcel.cli.shelf", lang, building=b, n=n) for b, n in counts.items()
        )
        out(t("parcel.cli.shelves", lang, list=shelves or "-"))
        return 0
    who = board.resolve_person(args.who)
    if action == "done":
        tasks = board.resolve_tasks(args.codes)
        how = "pickup" if args.picked_up else "door"
        changed = parcels.hand_over(board, tasks, who, how)
        how_text = t(f"parcel.handed.{how}", lang)
        out(t("parcel.cli.done", lang, n=len(changed), how=how_text, name=shown(who.name)))
        return 0
    rooms: list[str] = []
    for word in args.rooms:
        rooms.extend(parcels.split_rooms(read_stream(sys.stdin)) if word == "-" else [word])
    if not rooms:
        raise usage("usage.parcel_no_rooms")
    r = parcels.add_parcels(board, rooms, who, courier=args.courier, count=args.count)
    out(t("parcel.cli.added", lang, n=len(r.added)))
    for x in r.added:
        door = f"  {t('batch.door_only', lang)}" if parcels.door_only(board, x) else ""
        out(f"  {x.code}  {task_title(board, x, lang)}{door}")
    if r.problems:
        out(t("parcel.cli.problems", lang, n=len(r.problems)))
    for p in r.problems[:LIST_CAP]:
        reason = room_reason(p.resolved, p.text, lang)
        out("  ✗ " + t("parcel.cli.problem", lang, text=shown(p.text), reason=reason))
        if p.resolved.candidates:
            out(
                "    "
                + t("orders.cli.candidates", lang, list=sep(lang).join(p.resolved.candidates))
            )
    if len(r.problems) > LIST_CAP:
        out("  " + more_line(len(r.problems) - LIST_CAP, lang))
    return 1 if r.problems else 0
