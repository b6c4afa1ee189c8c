"""``dutyboard building``: each building's status, setting it, its history.

    dutyboard building [list] [--format json]
    dutyboard building set N STATE [--case-date D] [--note T] [--reason T] --as LEADER
    dutyboard building history N [--format json]

The work is in dutyboard/groups/building_status.py; the rows in dutyboard/views/buildings.py. Like every
command: exit 0, 1 when refused (a building that does not exist, an unknown state,
a lift too early without a reason), 2 on a usage error; one clear line, never a
traceback. Notes and reasons people typed are printed without control characters.
"""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from dutyboard.cli.common import Commands, dump, language, open_board, out
from dutyboard.cli.parsing import Factory, actions
from dutyboard.core.board import Board
from dutyboard.groups import building_status as bs
from dutyboard.i18n import cells, long_date, pad, t
from dutyboard.views.buildings import (
    BuildingRow,
    build_buildings,
    history_lines,
    lift_text,
    state_name,
    work_text,
)

FORMATS = ("text", "json")


def add_commands(cmd: Factory, lang: str) -> Commands:
    """The parser of ``building``, made by ``cmd(name, help)``; its help in ``lang``."""

    def h(key: str) -> str:
        return t(f"cli_help.building.{key}", lang)

    p = cmd("building", t("cli_help.cmd.building", lang))
    p.add_argument("--format", choices=FORMATS, default="text", help=h("format"))
    actions_of_building = actions(p, "building_cmd")

    def act(name: str) -> argparse.ArgumentParser:
        return actions_of_building(name, h(name))

    def fmt(q: argparse.ArgumentParser) -> None:
        # SUPPRESS: given after the action it counts, else the command's own stands
        q.add_argument("--format", choices=FORMATS, default=argparse.SUPPRESS, help=h("format"))

    def number(q: argparse.ArgumentParser) -> None:
        q.add_argument("building", metavar="N", help=h("number"))

    q = act("list")
    fmt(q)
    q.add_argument("--as", dest="who", metavar="NAME", help=h("who_reading"))
    q = act("set")
    number(q)
    q.add_argument("state", metavar="STATE", help=h("state"))
    q.add_argument("--case-date", dest="case_date", metavar="D", help=h("case_date"))
    q.add_argument("--note", default="", metavar="T", help=h("note"))
    q.add_argument("--reason", default="", metavar="T", help=h("reason"))
    q.add_argument("--as", dest="who", required=True, metavar="LEADER", help=h("who"))
    q = act("history")
    number(q)
    fmt(q)
    q.add_argument("--as", dest="who", metavar="NAME", help=h("who_reading"))
    return {"building": cmd_building}


# ---------------------------------------------------------------- running it


def shown(text: object) -> str:
    """Typed text on one line, without control characters."""
    return bs.clean(str(text))


def cmd_building(args: argparse.Namespace) -> int:
    lang = language(args)
    action = getattr(args, "building_cmd", None)
    if action == "set":
        return _set(args, open_board(args, writing=True), lang)
    board = open_board(args)
    if action == "history":
        return _history(board, args.building, args.format, lang)
    return _list(board, args.format, lang)


def row_json(row: BuildingRow) -> dict[str, Any]:
    return {
        "building": row.number,
        "state": row.state,
        "since": row.since or None,
        "case_date": row.case_date or None,
        "earliest_lift": row.earliest or None,
        "lift_to": row.lift_to or None,
        "days_left": row.days_left,
        "known": row.known,
        "open": dict(row.open),
    }


COLUMNS = ("building", "state", "since", "case", "earliest", "left", "work")


def _list(board: Board, fmt: str, lang: str) -> int:
    view = build_buildings(board)
    if fmt == "json":
        dump({"date": view.day.isoformat(), "buildings": [row_json(r) for r in view.rows]})
        return 0
    out(t("buildings.cli.title", lang, date=long_date(view.day, lang)))
    counts = {s: view.count(s) for s in bs.STATES}
    out(t("buildings.cli.counts", lang, **counts))
    table = [[t(f"buildings.cli.col.{c}", lang) for c in COLUMNS]]
    for r in view.rows:
        left = "" if r.days_left is None else t("buildings.cli.days", lang, n=r.days_left)
        table.append(
            [
                t("building.name", lang, n=r.number),
                state_name(r.state, lang),
                r.since if r.state != "normal" else "",
                r.case_date,
                r.earliest,
                left,
                work_text(r, lang),
            ]
        )
    widths = [max(cells(row[i] or "—") for row in table) for i in range(len(COLUMNS))]
    for row in table:
        shown_cells = [pad(c or "—", w) for c, w in zip(row, widths, strict=True)]
        out("  ".join(shown_cells).rstrip())
    return 0


def _history(board: Board, ref: str, fmt: str, lang: str) -> int:
    number = bs.find_building(board, ref)
    items = bs.history(board, number)
    if fmt == "json":
        dump([dataclasses.asdict(e) for e in items])
        return 0
    out(t("buildings.cli.history", lang, n=number))
    if not items:
        out("  " + t("buildings.cli.no_history", lang))
    for e in items:
        for line in history_lines(e, board.tz, lang):
            out(line)
    return 0


def _set(args: argparse.Namespace, board: Board, lang: str) -> int:
    who = board.resolve_person(args.who)
    result = bs.set_status(
        board,
        who,
        args.building,
        args.state,
        case_date=args.case_date,
        note=args.note,
        reason=args.reason,
    )
    e = result.event
    out(
        t(
            "buildings.cli.set",
            lang,
            n=e.building,
            before=state_name(e.previous, lang),
            after=state_name(e.state, lang),
        )
    )
    if e.case_date:
        out("  " + t("buildings.cli.case_noted", lang, date=e.case_date))
    row = build_buildings(board).row(e.building)
    if row is not None and lift_text(row, lang):
        out("  " + lift_text(row, lang))
    if e.early:
        out("  " + t("buildings.cli.early", lang, reason=shown(e.reason)))
    if result.rounds_added:
        out("  " + t("buildings.cli.rounds", lang, n=result.rounds_added))
    if result.rerouted:
        out("  " + t("buildings.cli.rerouted", lang))
    return 0
