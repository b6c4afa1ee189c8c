"""What the day holds: ``dutyboard roster`` (who is on which slot) and ``tasks``."""

from __future__ import annotations

import argparse
from typing import Any

import pendulum

from dutyboard.cli.common import EXIT_OK, Commands, dump, language, open_board, out
from dutyboard.cli.parcel_json import task_details as supplies_details
from dutyboard.cli.parsing import Factory
from dutyboard.core.roles import acting
from dutyboard.groups.lateness import late_ids
from dutyboard.groups.privacy import PhoneView
from dutyboard.groups.task_titles import task_details, task_title
from dutyboard.i18n import long_date, t


def add_commands(cmd: Factory, lang: str) -> Commands:
    """The parsers of ``roster`` and ``tasks``, made by ``cmd(name, help)``; help in ``lang``."""
    p = cmd("roster", t("cli_help.cmd.roster", lang))
    p.add_argument("--date", default="today", help=t("cli_help.date", lang))
    p.add_argument("--format", choices=("text", "json"), default="text")
    # Who reads it: phones in full for leaders, else masked (dutyboard/groups/privacy.py).
    p.add_argument("--as", dest="who", metavar="NAME", default=argparse.SUPPRESS,
                   help=t("cli_help.as", lang))  # fmt: skip

    p = cmd("tasks", t("cli_help.cmd.tasks", lang))
    p.add_argument("--date", help=t("cli_help.tasks.date", lang))
    p.add_argument("--group")
    p.add_argument(
        "--kind", choices=("delivery", "disinfection", "care", "medicine", "testing", "parcel")
    )
    p.add_argument("--status", choices=("open", "done"))
    p.add_argument("--format", choices=("text", "json"), default="text")
    return {"roster": cmd_roster, "tasks": cmd_tasks}


def roster_json(board: Any, day: pendulum.Date, lang: str, viewer: Any = None) -> dict[str, Any]:
    """The day's roster; phones as ``viewer`` may see them (None: all masked)."""
    phones = PhoneView(board, viewer)
    roster = board.roster(day)
    late = late_ids(board, board.now()) if day == board.today else frozenset()
    return {
        "date": day.isoformat(),
        "groups": [
            {
                "group": gr.group.key,
                "name": gr.group.name(lang),
                "slots": [
                    {
                        "slot": sr.slot.key,
                        "name": sr.slot.name(lang),
                        "start": sr.slot.start,
                        "end": sr.slot.end,
                        "needed": sr.slot.needed,
                        "filled": sr.filled,
                        "people": [
                            {
                                "id": v.id,
                                "name": v.name,
                                "phone": phones.of(v),
                                "status": a.status,
                                "off_duty": v.off_on(day),  # dutyboard/groups/people.py
                                "late": a.id in late,  # dutyboard/groups/lateness.py
                            }
                            for a, v in sr.people
                        ],
                    }
                    for sr in gr.slots
                ],
            }
            for gr in roster.groups
        ],
    }


def roster_text(board: Any, day: pendulum.Date, lang: str) -> str:
    lines = [t("roster.title", lang, community=board.community(lang), date=long_date(day, lang))]
    sep = "、" if lang == "zh" else ", "
    for gr in board.roster(day).groups:
        lines.append(gr.group.name(lang))
        for sr in gr.slots:
            s = sr.slot
            night = (" (+1)" if lang == "en" else "（次日）") if s.crosses_midnight else ""
            people = sep.join(
                v.name
                + ("" if a.status == "scheduled" else f"({t('assignment.' + a.status, lang)})")
                + (f"({t('people.off_mark', lang)})" if v.off_on(day) else "")
                for a, v in sr.people
            )
            short = f"  {t('roster.short', lang, n=sr.short)}" if sr.short else ""
            lines.append(
                f"  {s.name(lang)} {s.start}–{s.end}{night}  {sr.filled}/{s.needed}{short}  "
                f"{people or t('roster.nobody', lang)}"
            )
    return "\n".join(lines)


def cmd_roster(args: argparse.Namespace) -> int:
    board = open_board(args)
    viewer = acting(board, getattr(args, "who", None))  # an unknown name: refused
    day = board.resolve_date(args.date)
    lang = language(args)
    if args.format == "json":
        dump(roster_json(board, day, lang, viewer))
    else:
        out(roster_text(board, day, lang))
    return EXIT_OK


def task_json(board: Any, task: Any, lang: str) -> dict[str, Any]:
    who = board.volunteer(task.done_by) if task.done_by else None
    row = {
        "id": task.id,
        "code": task.code,
        "kind": task.kind,
        "group": task.group,
        "date": task.date.isoformat(),
        "title": task_title(board, task, lang),
        "status": "open" if task.status == "open" else "done",
        "result": task.status,
        "fail_reason": task.fail_reason or None,
        "done_by": who.name if who else None,
        "done_by_id": task.done_by,
        "done_at": task.done_at,
    }
    if task.kind in ("care", "medicine", "testing"):
        row["details"] = task_details(board, task, lang)
    if task.kind in ("delivery", "parcel"):  # door_only; a parcel's details
        row.update(supplies_details(board, task))
    return row


def cmd_tasks(args: argparse.Namespace) -> int:
    board = open_board(args)
    lang = language(args)
    day = board.resolve_date(args.date) if args.date else None
    group = board.find_group(args.group).key if args.group else None
    tasks = board.tasks(day, group=group, kind=args.kind, status=args.status)
    tasks.sort(key=lambda x: (x.date, x.kind, x.address or "", x.building or 0, x.round, x.code))
    if args.format == "json":
        dump([task_json(board, x, lang) for x in tasks])
        return EXIT_OK
    for x in tasks:
        who = board.volunteer(x.done_by) if x.done_by else None
        done = f"  {who.name if who else ''} {x.done_at[11:16]}" if x.done_at else ""
        out(
            f"{x.code}  {x.date}  {t('kind.' + x.kind, lang)}  "
            f"{t('task.' + x.status, lang)}  {task_title(board, x, lang)}{done}"
        )
    out(f"({len(tasks)})")
    return EXIT_OK
