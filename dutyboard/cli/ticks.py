"""``dutyboard done|reopen TASK_ID... --as NAME``: ticking tasks off, or opening them again."""

from __future__ import annotations

import argparse

from dutyboard.cli.common import EXIT_OK, Commands, notices, open_board, out
from dutyboard.cli.parsing import Factory
from dutyboard.i18n import t


def add_commands(cmd: Factory, lang: str) -> Commands:
    """The parsers of ``done`` and ``reopen``, made by ``cmd(name, help)``; help in ``lang``."""
    for name in ("done", "reopen"):
        p = cmd(name, t(f"cli_help.cmd.{name}", lang))
        p.add_argument("tasks", nargs="+", metavar="TASK_ID", help=t("cli_help.task_id", lang))
        p.add_argument(
            "--as", dest="who", required=True, metavar="NAME", help=t("cli_help.done.as", lang)
        )
    return {"done": cmd_done_reopen, "reopen": cmd_done_reopen}


def cmd_done_reopen(args: argparse.Namespace) -> int:
    board = open_board(args, writing=True)
    who = board.resolve_person(args.who)
    tasks = board.resolve_tasks(args.tasks)
    act = board.tick if args.command == "done" else board.reopen
    changed = act(tasks, who)
    notices(board)
    state = "done" if args.command == "done" else "open"
    unchanged = len(tasks) - len(changed)
    out(
        f"{len(changed)} task(s) now {state} ({who.name})"
        + (f"; {unchanged} already {state}" if unchanged else "")
    )
    return EXIT_OK
