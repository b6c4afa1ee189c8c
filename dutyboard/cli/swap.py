"""Commands for tomorrow's roster and the day change: ``plan``, ``swap``, ``export``,
``fairshare``. The work is in dutyboard/core/ (plan, swap, fairshare) and
dutyboard/io/exports.py. Errors are one clear line (exit 1 refused, 2 usage), never a
traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import pendulum

from dutyboard.cli.common import Commands, db_path, dump, language, open_board, out
from dutyboard.cli.parsing import Factory
from dutyboard.cli.roster import roster_json, roster_text
from dutyboard.cli.supplies_args import usage
from dutyboard.cli.supplies_batch import export_batch
from dutyboard.core import plan, swap
from dutyboard.core.fairshare import fair_share
from dutyboard.core.plan import day_warnings
from dutyboard.core.roles import acting, require_leader
from dutyboard.core.rules import slot_label
from dutyboard.i18n import t
from dutyboard.io.exports import export
from dutyboard.storage.errors import Refused, UsageError
from dutyboard.storage.outfiles import write_output
from dutyboard.storage.text import for_terminal
from dutyboard.views.tomorrow import build_diff


def add_commands(cmd: Factory, lang: str) -> Commands:
    """The parsers of these commands, made by ``cmd(name, help)``; their help in ``lang``."""
    p = cmd("plan", t("cli_help.cmd.plan", lang))
    p.add_argument("action", choices=("show", "copy", "rotation"), nargs="?", default="show")
    p.add_argument("template", nargs="?", metavar="KEY", help=t("cli_help.plan.template", lang))
    p.add_argument("--group", action="append", help=t("cli_help.plan.group", lang))
    p.add_argument("--replace", action="store_true", help=t("cli_help.plan.replace", lang))
    # SUPPRESS, not None: ``dutyboard --as NAME plan ...`` names the person too.
    p.add_argument("--as", dest="who", metavar="NAME", default=argparse.SUPPRESS,
                   help=t("cli_help.leader", lang))  # fmt: skip
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = cmd("swap", t("cli_help.cmd.swap", lang))
    p.add_argument("--to", metavar="YYYY-MM-DD", help=t("cli_help.swap.to", lang))
    p.add_argument("--yes", action="store_true", help=t("cli_help.swap.yes", lang))
    p.add_argument("--undo", action="store_true", help=t("cli_help.swap.undo", lang))
    p.add_argument("--as", dest="who", metavar="NAME", default=argparse.SUPPRESS,
                   help=t("cli_help.leader", lang))  # fmt: skip

    p = cmd("export", t("cli_help.cmd.export", lang))
    p.add_argument("kind", choices=("roster", "deliveries", "disinfection", "handover", "batch"))
    p.add_argument("batch", nargs="?", metavar="BATCH", help=t("cli_help.export.batch", lang))
    p.add_argument("--building", type=int, metavar="N", help=t("cli_help.export.building", lang))
    p.add_argument("--date", default="today", help=t("cli_help.date", lang))
    p.add_argument("--format", choices=("text", "csv", "json", "md"), default="text")
    p.add_argument("--group", help=t("cli_help.export.group", lang))
    p.add_argument(
        "--show-phones", action="store_true", help=t("cli_help.export.show_phones", lang)
    )
    p.add_argument("--out", metavar="FILE", help=t("cli_help.export.out", lang))
    p.add_argument("--force", action="store_true", help=t("files.help.force", lang))
    p.add_argument("--as", dest="who", metavar="NAME", default=argparse.SUPPRESS,
                   help=t("cli_help.as", lang))  # fmt: skip

    p = cmd("fairshare", t("cli_help.cmd.fairshare", lang))
    p.add_argument("--format", choices=("text", "json"), default="text")
    return {"plan": cmd_plan, "swap": cmd_swap, "export": cmd_export, "fairshare": cmd_fairshare}


def _leader(board: Any, args: argparse.Namespace, action: str) -> Any:
    """The leader ``--as`` names; without one, refused (never the app's last user: a
    script or a volunteer at a leader's laptop must not act as that leader)."""

    return require_leader(board, getattr(args, "who", None), action)


def _warning_lines(board: Any, lang: str) -> list[str]:
    w = day_warnings(board)
    lines = []
    for sid, ws in w.slots.items():
        slot = board.slot(sid)
        for x in ws:
            lines.append(f"{slot_label(board, slot).name(lang)}: {x.text(lang)}")
    for aid, ws in w.people.items():
        a = board.assignment(aid)
        v = board.volunteer(a.volunteer) if a else None
        slot = board.slot(a.slot) if a else None
        where = slot_label(board, slot).name(lang) if slot else ""
        for x in ws:
            lines.append(f"{v.name if v else aid} ({where}): {x.text(lang)}")
    return lines


def diff_lines(board: Any, lang: str) -> list[str]:
    """The swap dialog's diff (views.tomorrow.build_diff) as lines for the terminal."""
    title, groups, carried = build_diff(board, lang)
    return [title, *(f"  {g.text}" for g in groups), carried]


def cmd_plan(args: argparse.Namespace) -> int:
    board = open_board(args, writing=args.action != "show")
    lang = language(args)
    applied: dict[str, object] | None = None  # what copy or rotation did
    if args.action == "copy":
        who = _leader(board, args, "plan")
        r = plan.copy_today(board, who, groups=args.group, replace=args.replace)
        applied = {
            "action": "copy",
            "from": str(board.today),
            "added": r.added,
            "replaced": r.removed,
        }
        if args.format != "json":  # in JSON it is the object's "applied": stdout stays JSON
            out(f"{r.day}: {r.added} people copied from {board.today}, {r.removed} replaced")
    elif args.action == "rotation":
        if not args.template:
            keys = ", ".join(x.key for x in plan.rotations(board)) or "none"
            raise UsageError(f"name a rotation template: plan rotation KEY (templates: {keys})")
        who = _leader(board, args, "plan")
        r = plan.apply_rotation(board, who, args.template, groups=args.group, replace=args.replace)
        applied = {"action": "rotation", "template": args.template, "added": r.added,
                   "replaced": r.removed}  # fmt: skip
        if args.format != "json":
            out(f"{r.day}: {r.added} people planned by '{args.template}', {r.removed} replaced")
    if args.format == "json":
        viewer = acting(board, getattr(args, "who", None))  # phones as they may see them
        data = roster_json(board, board.tomorrow, lang, viewer)
        data["warnings"] = _warning_lines(board, lang)
        if applied is not None:
            data["applied"] = applied
        dump(data)
        return 0
    out(roster_text(board, board.tomorrow, lang))
    warnings = _warning_lines(board, lang)
    out(t("plan.warnings", lang, n=len(warnings)))
    for line in warnings:
        out("  ⚠ " + line)
    return 0


def cmd_swap(args: argparse.Namespace) -> int:
    board = open_board(args, writing=True)
    lang = language(args)
    who = _leader(board, args, "swap")
    if args.undo:
        r = swap.undo_swap(board, who)
        out(t("swap.undone", lang, day=r.after))
        return 0
    to = None
    if args.to:
        try:
            to = pendulum.Date.fromisoformat(args.to)
        except ValueError:
            raise UsageError(f"--to {args.to!r}: expected YYYY-MM-DD") from None
    if swap.check_target(board, to) is None:
        out(t("swap.already", lang, day=board.today))
        return 0
    if not args.yes:
        for line in diff_lines(board, lang):
            out(line)
        out(t("swap.ask", lang, tomorrow=board.tomorrow))
        try:
            answer = input().strip().lower()
        except EOFError:
            answer = ""
        if answer not in ("y", "yes", "是", "好"):
            raise Refused("not swapped (no yes given; add --yes to skip the question).")
    r = swap.swap(board, who, to=to, expect_from=board.today)
    if r.noop:
        out(t("swap.already", lang, day=r.after))
    else:
        out(t("swap.done", lang, before=r.before, after=r.after, n=r.carried))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    board = open_board(args)
    if args.show_phones:  # full numbers leave the board in a file: a leader's call
        require_leader(board, getattr(args, "who", None), "show_phones")
    if args.kind == "batch":  # the sheet of a group buy for the building chats
        text = export_batch(board, args, language(args))
    elif args.batch is not None or args.building is not None:
        raise usage("usage.export_batch_only", kind=args.kind)
    else:
        text = export(
            board,
            args.kind,
            args.format,
            lang=language(args),
            day=board.resolve_date(args.date),
            show_phones=args.show_phones,
            group=args.group,
        )
    if args.out:  # never over the board or its side files; 0600, atomic (outfiles.py)
        data = text.encode("utf-8-sig" if args.format == "csv" else "utf-8")  # as write_file
        write_output(args.out, data, board_path=db_path(args), force=args.force)
        out(args.out)
    else:
        sys.stdout.write(for_terminal(text))
    return 0


def cmd_fairshare(args: argparse.Namespace) -> int:
    board = open_board(args)
    lang = language(args)
    shares = fair_share(board)
    if args.format == "json":
        rows = [
            {
                "id": s.volunteer.id,
                "name": s.volunteer.name,
                "week_hours": s.week_hours,
                "week_days": s.week_days,
                "in_a_row": s.in_a_row,
                "tomorrow_hours": s.tomorrow_hours,
                "in_a_row_tomorrow": s.in_a_row_tomorrow,
                "over_limit": s.over_limit,
            }
            for s in shares
        ]
        dump(rows)
        return 0
    out(t("fair.title", lang, day=board.today))
    for s in shares:
        flag = "  ⚠" if s.over_limit else ""
        out(
            f"{s.volunteer.name}  {t('fair.line', lang, hours=f'{s.week_hours:g}', days=s.week_days, row=s.in_a_row, tomorrow=f'{s.tomorrow_hours:g}')}{flag}"
        )
    return 0
