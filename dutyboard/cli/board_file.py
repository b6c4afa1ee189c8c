"""Making and checking a board file: ``dutyboard demo FILE``, ``init`` and ``check``."""

from __future__ import annotations

import argparse
import time

import pendulum

from dutyboard.cli.common import EXIT_OK, EXIT_PROBLEMS, Commands, db_path, language, out
from dutyboard.cli.parsing import Factory
from dutyboard.core.config import load_config
from dutyboard.core.newboard import create_board
from dutyboard.demo.board import build_demo
from dutyboard.i18n import t
from dutyboard.storage import check
from dutyboard.storage.clock import make_clock
from dutyboard.storage.errors import UsageError
from dutyboard.storage.outfiles import capped


def add_commands(cmd: Factory, lang: str) -> Commands:
    """The parsers of these commands, made by ``cmd(name, help)``; their help in ``lang``."""
    p = cmd("demo", t("cli_help.cmd.demo", lang))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--households", type=int)
    p.add_argument("--volunteers", type=int, default=128)
    p.add_argument("--days", type=int, default=7, help=t("cli_help.demo.days", lang))
    p.add_argument("--date", help=t("cli_help.demo.date", lang))
    p.add_argument("--seed", type=int, default=2022)

    cmd("init", t("cli_help.cmd.init", lang))
    cmd("check", t("cli_help.cmd.check", lang))
    return {"demo": cmd_demo, "init": cmd_init, "check": cmd_check}


def cmd_demo(args: argparse.Namespace) -> int:
    day = None
    if args.date:
        try:
            day = pendulum.Date.fromisoformat(args.date)
        except ValueError:
            raise UsageError(f"--date {args.date!r}: expected YYYY-MM-DD") from None
    for name in ("households", "volunteers", "days"):
        value = getattr(args, name)
        if value is not None and value < (0 if name == "days" else 1):
            raise UsageError(f"--{name} must be a positive number, got {value}")
    started = time.perf_counter()
    board = build_demo(
        args.file,
        households=args.households,
        volunteers=args.volunteers,
        days=args.days,
        date=day,
        seed=args.seed,
        config=load_config(getattr(args, "config", None)),
    )
    took = time.perf_counter() - started
    out(
        f"demo board {args.file}: {len(board.households())} households, "
        f"{len(board.volunteers())} volunteers, today {board.today}, "
        f"{args.days} days of history; built in {took:.1f} s"
    )
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    config = load_config(getattr(args, "config", None))
    path = db_path(args)
    board = create_board(path, config, make_clock(config.timezone))
    out(
        f"new board {path} for {config.community_zh} / {config.community_en}: "
        f"{len(board.buildings())} buildings, {len(board.groups())} groups, today {board.today}. "
        "Next: dutyboard import volunteers CSV, dutyboard import households CSV."
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    path = db_path(args)
    problems, counts = check.check_file(path)
    summary = ", ".join(f"{n} {table}" for table, n in sorted(counts.items()) if n)
    if problems:
        out(f"{path}: {len(problems)} problem(s) found")
        for p in capped(problems, language(args)):  # 50, then "... and N more problems"
            out("  " + p)
        return EXIT_PROBLEMS
    out(f"{path}: healthy ({summary})")
    return EXIT_OK
