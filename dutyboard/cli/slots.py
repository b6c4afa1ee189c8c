"""Commands for a day's slots and for what is overdue: ``dutyboard slot add|edit|remove``
and ``dutyboard overdue``.

The work is in slots.py, lateness.py and views/overdue.py. A slot is named by its id (or
its first 6+ characters) or by GROUP:KEY (``delivery:extra-1530``; today's first, then
tomorrow's; ``delivery:morning@tomorrow`` picks the day). Like every command: one clear
line on error (exit 1 refused, 2 usage), never a traceback; what people typed (a
slot's name, an address) is printed without its control characters.
"""

from __future__ import annotations

import argparse

from dutyboard.cli.common import Commands, dump, language, open_board, out
from dutyboard.cli.parsing import Factory, actions
from dutyboard.core import slots
from dutyboard.core.board import Board
from dutyboard.core.model import Slot
from dutyboard.i18n import cells, pad, t
from dutyboard.storage.errors import UsageError
from dutyboard.storage.text import squeezed
from dutyboard.views.overdue import build_overdue
from dutyboard.views.placement import slot_title

FORMATS = ("text", "json")


def add_commands(cmd: Factory, lang: str) -> Commands:
    """The parsers of these commands, made by ``cmd(name, help)``; their help in ``lang``."""

    def h(key: str) -> str:
        return t(f"cli_help.{key}", lang)

    def times(q: argparse.ArgumentParser, required: bool) -> None:
        q.add_argument("--start", required=required, metavar="HH:MM", help=h("slot.start"))
        q.add_argument("--end", required=required, metavar="HH:MM", help=h("slot.end"))
        q.add_argument("--needed", required=required, metavar="N", help=h("slot.needed"))
        q.add_argument("--name", metavar="T", help=h("slot.name"))

    def who(q: argparse.ArgumentParser) -> None:
        q.add_argument("--as", dest="who", required=True, metavar="NAME", help=h("leader"))

    p = cmd("slot", h("cmd.slot"))
    act = actions(p, "slot_cmd", required=True)  # a missing one is a usage error
    q = act("add", h("slot.add"))
    q.add_argument("group", metavar="GROUP", help=h("slot.group"))
    times(q, required=True)
    q.add_argument("--date", default="today", metavar="today|tomorrow", help=h("slot.date"))
    who(q)
    for name in ("edit", "remove"):
        q = act(name, h(f"slot.{name}"))
        q.add_argument("slot", metavar="SLOT", help=h("slot.ref"))
        if name == "edit":
            times(q, required=False)
        who(q)

    p = cmd("overdue", h("cmd.overdue"))
    p.add_argument("--format", choices=FORMATS, default="text")
    return {"slot": cmd_slot_or_overdue, "overdue": cmd_slot_or_overdue}


def _line(key: str, slot: Slot, title: str, lang: str) -> str:
    return t(
        key,
        lang,
        ref=slots.slot_ref(slot),
        slot=squeezed(title),
        needed=slot.needed,
        date=slot.date.isoformat(),
    )


def cmd_slot_or_overdue(args: argparse.Namespace) -> int:
    lang = language(args)
    if args.command == "overdue":
        return _overdue(open_board(args), args.format, lang)
    return _slot(args, open_board(args, writing=True), lang)


def _slot(args: argparse.Namespace, board: Board, lang: str) -> int:
    action = args.slot_cmd
    who = board.resolve_person(args.who)
    if action == "add":
        made = slots.add_slot(
            board,
            who,
            args.group,
            args.start,
            args.end,
            args.needed,
            day=args.date,
            name=args.name or "",
        )
        out(_line("slots.cli.added", made, slot_title(board, made.id, lang), lang))
        return 0
    slot = slots.resolve_slot(board, args.slot)
    if action == "remove":
        title = slot_title(board, slot.id, lang)  # said before it is gone
        slots.remove_slot(board, who, slot)
        out(_line("slots.cli.removed", slot, title, lang))
        return 0
    changes = {k: getattr(args, k) for k in ("start", "end", "needed", "name")}
    if all(v is None for v in changes.values()):
        raise UsageError(t("slots.cli.edit_nothing", "en"), key="slots.cli.edit_nothing")
    before = board.store.revision
    edited = slots.edit_slot(board, who, slot, **changes)
    key = "slots.cli.edited" if board.store.revision != before else "slots.cli.unchanged"
    out(_line(key, edited, slot_title(board, edited.id, lang), lang))
    return 0


def _overdue(board: Board, fmt: str, lang: str) -> int:
    view = build_overdue(board, lang, board.now())
    if fmt == "json":
        dump(view.as_json())
        return 0
    if not view.rows:
        out(t("overdue.none", lang))
        return 0
    kinds = max(cells(r.kind_label) for r in view.rows)
    since = max(cells(r.since) for r in view.rows)
    for r in view.rows:
        out(f"{pad(r.kind_label, kinds)}  {pad(r.since, since)}  {squeezed(r.what)}")
    out(t("overdue.cli.count", lang, n=len(view.rows)))
    return 0
