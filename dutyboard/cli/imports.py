"""``dutyboard import volunteers|households CSV``: a sign-up sheet into the board."""

from __future__ import annotations

import argparse
from pathlib import Path

from dutyboard.cli.common import EXIT_OK, Commands, open_board, out
from dutyboard.cli.parsing import Factory
from dutyboard.core.roles import acting
from dutyboard.i18n import t
from dutyboard.io.imports import run_import


def add_commands(cmd: Factory, lang: str) -> Commands:
    """The parser of ``import``, made by ``cmd(name, help)``; its help in ``lang``."""
    p = cmd("import", t("cli_help.cmd.import", lang))
    p.add_argument("kind", choices=("volunteers", "households"))
    p.add_argument("csv", metavar="CSV")
    p.add_argument("--dry-run", action="store_true", help=t("cli_help.import.dry_run", lang))
    # SUPPRESS, not None: ``dutyboard --as NAME import ...`` names the person too.
    p.add_argument("--as", dest="who", metavar="NAME", default=argparse.SUPPRESS,
                   help=t("cli_help.import.as", lang))  # fmt: skip
    return {"import": cmd_import}


def cmd_import(args: argparse.Namespace) -> int:
    board = open_board(args, writing=not args.dry_run)
    who = acting(board, getattr(args, "who", None))  # a sheet that makes leaders needs one
    s = run_import(board, args.kind, Path(args.csv), dry_run=args.dry_run, who=who)
    verb = "would add" if s.dry_run else "added"
    upd = "would update" if s.dry_run else "updated"
    out(
        f"{args.csv} ({s.encoding}): {verb} {len(s.added)} {s.kind}, {upd} {len(s.updated)}, "
        f"{s.unchanged} unchanged" + ("; dry run, nothing was written" if s.dry_run else "")
    )
    return EXIT_OK
