"""``dutyboard log [--date D] [--who NAME] [--format text|json] --as NAME``: who changed
what on the board, when, and on which laptop, newest first.

Leaders see everyone's changes (``--who`` picks one person); a volunteer sees their
own; without ``--as`` it refuses (dutyboard/core/roles.py says who may see what). The
entries are the board's audit table, and the archive's for a closed day.
"""

from __future__ import annotations

import argparse
from typing import Any

from dutyboard.cli.common import Commands, dump, language, note, open_board, out
from dutyboard.cli.parsing import Factory
from dutyboard.core import roles
from dutyboard.i18n import cells, pad, t
from dutyboard.storage.text import squeezed


def add_commands(cmd: Factory, lang: str) -> Commands:
    """The ``log`` parser, made by ``cmd(name, help)``; its help in ``lang``."""

    def h(key: str) -> str:
        return t(f"cli_help.{key}", lang)

    p = cmd("log", h("cmd.log"))
    p.add_argument("--date", default="today", metavar="D", help=h("log.date"))
    p.add_argument("--who", dest="log_who", metavar="NAME", help=h("log.who"))
    p.add_argument("--format", choices=("text", "json"), default="text")
    # Not a default of None: ``dutyboard --as NAME log`` names the person too.
    p.add_argument("--as", dest="who", metavar="NAME", default=argparse.SUPPRESS, help=h("log.as"))
    return {"log": cmd_log}


def cmd_log(args: argparse.Namespace) -> int:
    lang = language(args)
    board = open_board(args)
    viewer = roles.acting(board, getattr(args, "who", None))
    scope = roles.log_scope(board, viewer, args.log_who)
    day = board.resolve_date(args.date)
    lines, problem = roles.log_lines(board, day, lang, who_id=scope.id if scope else None)
    if problem:  # the day's entries are shown without the archive's: said, not hidden
        note(t("roles.log.archive_unreadable", lang, why=problem))
    if args.format == "json":
        dump([_entry_json(x) for x in lines])
        return 0
    if scope is None:
        out(t("roles.log.title", lang, date=day.isoformat(), n=len(lines)))
    else:
        name = squeezed(scope.name)
        out(t("roles.log.title_who", lang, date=day.isoformat(), name=name, n=len(lines)))
    nobody = t("roles.log.no_one", lang)
    width = max((cells(squeezed(x.who_name) or nobody) for x in lines), default=0)
    for x in lines:
        who = squeezed(x.who_name) or nobody
        what = " ".join(p for p in (x.action_name, squeezed(x.label)) if p)
        if x.reason:
            what += f" ({squeezed(x.reason)})" if lang == "en" else f"（{squeezed(x.reason)}）"
        key = "roles.log.this_laptop" if x.this_laptop else "roles.log.laptop"
        laptop = t(key, lang, device=x.device or "?")
        out(f"  {x.time}  {pad(who, width)}  {what}  [{laptop}]")
    return 0


def _entry_json(x: roles.LogLine) -> dict[str, Any]:
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
