"""Commands for a day's slots and for what is overdue: ``dutyboard slot add|edit|remove``
and ``dutyboard overdue``.

cli.py adds these parsers (``add_commands``) and runs ``run`` with a way to open the
board and the language, so this module never imports cli.py (as building_cli.py). The
work is in slots.py, lateness.py and views/overdue.py. A slot is named by its id (or
its first 6+ characters) or by GROUP:KEY (``delivery:extra-1530``; today's first, then
tomorrow's; ``delivery:morning@tomorrow`` picks the day). Like every command: one clear
line on error (exit 1 refused, 2 usage), never a traceback; what people typed (a
slot's name, an address) is printed without its control characters.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from dutyboard.core import slots
from dutyboard.core.board import Board
from dutyboard.core.model import Slot
from dutyboard.i18n import cells, t
from dutyboard.storage.errors import UsageError
from dutyboard.storage.text import print_line
from dutyboard.views.overdue import build_overdue
from dutyboard.views.placement import slot_title

FORMATS = ("text", "json")
Factory = Callable[[str, str], argparse.ArgumentParser]


def add_commands(cmd: Factory, common: Callable[..., None], lang: str = "zh") -> None:
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
    # Sub-commands are made by the same parser class as the command (cli._Parser), so
    # their help is in the same language and a missing one is said in it too.
    sub = p.add_subparsers(dest="slot_cmd", metavar="ACTION", parser_class=type(p), required=True)

    def act(name: str, help: str) -> argparse.ArgumentParser:
        q = sub.add_parser(name, help=help, description=help, lang=lang)
        common(q, suppress=True)
        return q

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


_out = print_line  # stdout, control characters escaped (dutyboard/storage/text.py)


def _pad(text: str, width: int) -> str:
    """Padded to ``width`` terminal cells (a Chinese character takes two)."""
    return text + " " * max(0, width - cells(text))


def _shown(text: str) -> str:
    """Typed text on one line, without control characters."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _line(key: str, slot: Slot, title: str, lang: str) -> str:
    return t(
        key,
        lang,
        ref=slots.slot_ref(slot),
        slot=_shown(title),
        needed=slot.needed,
        date=slot.date.isoformat(),
    )


def run(args: argparse.Namespace, open_board: Callable[[bool], Board], lang: str) -> int:
    """Run ``slot`` or ``overdue``; ``open_board(writing)`` opens the board."""
    if args.command == "overdue":
        return _overdue(open_board(False), args.format, lang)
    return _slot(args, open_board(True), lang)


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
        _out(_line("slots.cli.added", made, slot_title(board, made.id, lang), lang))
        return 0
    slot = slots.resolve_slot(board, args.slot)
    if action == "remove":
        title = slot_title(board, slot.id, lang)  # said before it is gone
        slots.remove_slot(board, who, slot)
        _out(_line("slots.cli.removed", slot, title, lang))
        return 0
    changes = {k: getattr(args, k) for k in ("start", "end", "needed", "name")}
    if all(v is None for v in changes.values()):
        raise UsageError(t("slots.cli.edit_nothing", "en"), key="slots.cli.edit_nothing")
    before = board.store.revision
    edited = slots.edit_slot(board, who, slot, **changes)
    key = "slots.cli.edited" if board.store.revision != before else "slots.cli.unchanged"
    _out(_line(key, edited, slot_title(board, edited.id, lang), lang))
    return 0


def _overdue(board: Board, fmt: str, lang: str) -> int:
    view = build_overdue(board, lang, board.now())
    if fmt == "json":
        _out(json.dumps(view.as_json(), ensure_ascii=False, indent=2))
        return 0
    if not view.rows:
        _out(t("overdue.none", lang))
        return 0
    kinds = max(cells(r.kind_label) for r in view.rows)
    since = max(cells(r.since) for r in view.rows)
    for r in view.rows:
        _out(f"{_pad(r.kind_label, kinds)}  {_pad(r.since, since)}  {_shown(r.what)}")
    _out(t("overdue.cli.count", lang, n=len(view.rows)))
    return 0
