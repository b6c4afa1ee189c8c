"""``dutyboard log [--date D] [--who NAME] [--format text|json] --as NAME``: who changed
what on the board, when, and on which laptop, newest first.

Leaders see everyone's changes (``--who`` picks one person); a volunteer sees their
own; without ``--as`` it refuses (dutyboard/core/roles.py says who may see what). cli.py
adds the parser (``add_commands``) and runs ``run`` with a way to open the board and
the language, so this module never imports cli.py. The entries are the board's audit
table, and the archive's for a closed day.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from dutyboard.core import roles
from dutyboard.core.board import Board
from dutyboard.i18n import cells, t
from dutyboard.storage.text import print_line

Factory = Callable[[str, str], argparse.ArgumentParser]


def add_commands(cmd: Factory, common: Callable[..., None], lang: str = "zh") -> None:
    """The ``log`` parser, made by ``cmd(name, help)``; its help in ``lang``."""
    del common  # ``cmd`` has given it --db, --config and --lang already

    def h(key: str) -> str:
        return t(f"cli_help.{key}", lang)

    p = cmd("log", h("cmd.log"))
    p.add_argument("--date", default="today", metavar="D", help=h("log.date"))
    p.add_argument("--who", dest="log_who", metavar="NAME", help=h("log.who"))
    p.add_argument("--format", choices=("text", "json"), default="text")
    # Not a default of None: ``dutyboard --as NAME log`` names the person too.
    p.add_argument("--as", dest="who", metavar="NAME", default=argparse.SUPPRESS, help=h("log.as"))


_out = print_line  # stdout, control characters escaped (dutyboard/storage/text.py)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cells(text))


def _one_line(text: str) -> str:
    """Typed text (a name, a reason) on one line of the log."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def run(args: argparse.Namespace, open_board: Callable[[bool], Board], lang: str) -> int:
    """Run ``log``; ``open_board(writing)`` opens the board (to read)."""
    board = open_board(False)
    viewer = roles.acting(board, getattr(args, "who", None))
    scope = roles.log_scope(board, viewer, args.log_who)
    day = board.resolve_date(args.date)
    lines, problem = roles.log_lines(board, day, lang, who_id=scope.id if scope else None)
    if problem:  # the day's entries are shown without the archive's: said, not hidden
        from dutyboard.storage.text import for_terminal

        note = t("roles.log.archive_unreadable", lang, why=problem)
        print(f"dutyboard: {for_terminal(note)}", file=sys.stderr)
    if args.format == "json":
        _out(json.dumps([_json(x) for x in lines], ensure_ascii=False, indent=2))
        return 0
    if scope is None:
        _out(t("roles.log.title", lang, date=day.isoformat(), n=len(lines)))
    else:
        name = _one_line(scope.name)
        _out(t("roles.log.title_who", lang, date=day.isoformat(), name=name, n=len(lines)))
    nobody = t("roles.log.no_one", lang)
    width = max((cells(_one_line(x.who_name) or nobody) for x in lines), default=0)
    for x in lines:
        who = _one_line(x.who_name) or nobody
        what = " ".join(p for p in (x.action_name, _one_line(x.label)) if p)
        if x.reason:
            what += f" ({_one_line(x.reason)})" if lang == "en" else f"（{_one_line(x.reason)}）"
        key = "roles.log.this_laptop" if x.this_laptop else "roles.log.laptop"
        laptop = t(key, lang, device=x.device or "?")
        _out(f"  {x.time}  {_pad(who, width)}  {what}  [{laptop}]")
    return 0


def _json(x: roles.LogLine) -> dict[str, Any]:
    return {
        "id": x.id,
        "at": x.at,
        "day": x.day,
        "who": x.who_name or None,
        "who_id": x.who_id,
        "action": x.action,
        "action_name": x.action_name,
        "table": x.table,
        "record": x.record,
        "what": x.label,
        "device": x.device,
        "this_laptop": x.this_laptop,
        "reason": x.reason or None,
        "before": x.before,
        "after": x.after,
    }
