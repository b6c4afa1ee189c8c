"""Copies of the board and their conflicts: ``dutyboard merge [OTHER...]``, ``conflicts``,
and ``restore|dismiss CONFLICT_ID`` (the work is in dutyboard/core/merge.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from dutyboard.cli.common import EXIT_OK, Commands, dump, notices, open_board, out
from dutyboard.cli.parsing import Factory
from dutyboard.core.merge import (
    conflicts,
    merge_conflict_copies,
    merge_copies,
    readable_copies,
    resolve_conflict,
)
from dutyboard.core.roles import acting, is_leader, require_leader
from dutyboard.i18n import t


def add_commands(cmd: Factory, lang: str) -> Commands:
    """The parsers of these commands, made by ``cmd(name, help)``; their help in ``lang``."""
    p = cmd("merge", t("cli_help.cmd.merge", lang))
    p.add_argument("others", nargs="*", metavar="OTHER", help=t("cli_help.merge.others", lang))
    p.add_argument("--dry-run", action="store_true", help=t("cli_help.merge.dry_run", lang))
    p.add_argument("--as", dest="who", metavar="NAME", default=argparse.SUPPRESS,
                   help=t("cli_help.leader", lang))  # fmt: skip

    p = cmd("conflicts", t("cli_help.cmd.conflicts", lang))
    p.add_argument("--all", action="store_true", help=t("cli_help.conflicts.all", lang))
    p.add_argument("--format", choices=("text", "json"), default="text")

    for name in ("restore", "dismiss"):
        p = cmd(name, t(f"cli_help.cmd.{name}", lang))
        p.add_argument("conflict", metavar="CONFLICT_ID", help=t("cli_help.conflict_id", lang))
        p.add_argument("--as", dest="who", required=True, metavar="NAME")
    return {
        "merge": cmd_merge,
        "conflicts": cmd_conflicts,
        "restore": cmd_resolve,
        "dismiss": cmd_resolve,
    }


def cmd_merge(args: argparse.Namespace) -> int:
    board = open_board(args)
    who = acting(board, getattr(args, "who", None))
    if not args.dry_run and not is_leader(who):  # a dry run only reads: anyone's
        # What is wrong with a copy is said first (exit 2), as it would be to a leader:
        # a dry run reads and checks them and writes nothing.
        paths = [Path(p) for p in args.others] if args.others else readable_copies(board)
        merge_copies(board, paths, dry_run=True)
        require_leader(board, who, "merge")
    if args.others:
        paths = [Path(p) for p in args.others]
        summary = merge_copies(board, paths, dry_run=args.dry_run, who=who)
    elif args.dry_run:
        summary = merge_copies(board, readable_copies(board), dry_run=True)
    else:
        found = merge_conflict_copies(board)
        notices(board)  # a copy refused and set aside is said even if none was merged
        if found is None:
            out("no copies named and no Syncthing conflict copies beside the board; nothing to do")
            return EXIT_OK
        summary = found
    notices(board)
    head = "would merge" if summary.dry_run else "merged"
    out(f"{head} {len(summary.sources)} copy(ies) into {board.store.path}")
    for line in summary.lines():
        out("  " + line)
    for name in summary.moved:
        out(f"  moved {name} to {board.store.path.name}.merged/")
    if summary.dry_run:
        out("dry run: nothing was written")
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace) -> int:
    board = open_board(args)
    found = conflicts(board, include_closed=args.all)
    if args.format == "json":
        dump(
            [
                {
                    "id": c.id,
                    "table": c.table,
                    "record": c.record,
                    "status": c.status,
                    "lost": c.lost,
                    "lost_stamp": c.stamp,
                    "lost_device": c.device,
                    "current": c.current,
                }
                for c in found
            ]
        )
        return EXIT_OK
    for c in found:
        what = ", ".join(f"{f}: now {c.current[f]!r}, lost {c.lost[f]!r}" for f in c.fields)
        out(f"{c.id}  {c.table} {c.record} (laptop {c.device})  {what}  [{c.status}]")
    out(f"({len(found)} conflict(s))")
    return EXIT_OK


def cmd_resolve(args: argparse.Namespace) -> int:
    board = open_board(args, writing=True)
    who = board.resolve_person(args.who)
    c = resolve_conflict(board, args.conflict, who, restore=args.command == "restore")
    if args.command == "restore":
        out(f"restored the losing version of {c.table} {c.record}: {c.lost} (was {c.current})")
    else:
        out(f"kept the current version of {c.table} {c.record}: {c.current}; conflict closed")
    return EXIT_OK
