"""Commands for people: ``dutyboard volunteer add|edit|off|on|list`` and
``dutyboard household add|edit`` (the household page, ``dutyboard household ADDRESS``,
stays care.py's; its parser hands ``add`` and ``edit`` to this module).

care.py makes the ``household`` parser with ``household_parser`` and runs
``cmd_household_change`` on the board it opened. The work is in
dutyboard/groups/people.py, which checks every field and who may. Like every command: one
clear line on error (exit 1 refused, 2 usage), never a traceback; what people typed is
printed without its control characters.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Mapping
from typing import Any

from dutyboard.cli.common import Commands, dump, language, open_board, out
from dutyboard.cli.parsing import Factory, actions, add_common
from dutyboard.core.board import Board
from dutyboard.core.roles import acting
from dutyboard.groups import people
from dutyboard.groups.people_fields import clean_group, parse_address
from dutyboard.i18n import pad, t
from dutyboard.storage.errors import UsageError
from dutyboard.views.people import build_people, off_text

# Options of add and edit: (option, dest, metavar, help key)
_VOLUNTEER_OPTIONS = (
    ("--phone", "phone", "P", "volunteer.phone"),
    ("--groups", "groups", "G[,G...]", "volunteer.groups"),
    ("--building", "building", "N", "volunteer.building"),
    ("--room", "room", "R", "volunteer.room"),
    ("--role", "role", "ROLE", "volunteer.role"),
    ("--availability", "availability", "T", "volunteer.availability"),
    ("--note", "note", "T", "volunteer.note"),
)
_HOUSEHOLD_OPTIONS = (
    ("--residents", "residents", "N", "household.residents"),
    ("--phone", "phone", "P", "household.phone"),
    ("--note", "note", "T", "household.note"),
)


def plain(text: object) -> str:
    """Typed text on one line, without control characters (a newline in a name must
    not forge a line of the output)."""
    return "".join(
        ch if ch.isprintable() else " " if ch.isspace() else "" for ch in str(text)
    ).strip()


def add_commands(cmd: Factory, lang: str) -> Commands:
    """The ``volunteer`` parser, made by ``cmd(name, help)``; its help in ``lang``."""

    def h(key: str) -> str:
        return t(f"cli_help.{key}", lang)

    def who(p: argparse.ArgumentParser, key: str) -> None:
        p.add_argument("--as", dest="who", required=True, metavar="NAME", help=h(key))

    p = cmd("volunteer", h("cmd.volunteer"))
    act = actions(p, "volunteer_cmd", required=True)
    q = act("add", h("volunteer.add"))
    q.add_argument("name", metavar="NAME", help=h("volunteer.name"))
    for option, dest, meta, key in _VOLUNTEER_OPTIONS:
        required = option in ("--phone", "--groups")
        q.add_argument(option, dest=dest, metavar=meta, required=required, help=h(key))
    who(q, "volunteer.leader")
    q = act("edit", h("volunteer.edit"))
    q.add_argument("person", metavar="PERSON", help=h("volunteer.person"))
    q.add_argument("--name", dest="name", metavar="NAME", help=h("volunteer.new_name"))
    for option, dest, meta, key in _VOLUNTEER_OPTIONS:
        q.add_argument(option, dest=dest, metavar=meta, help=h(key))
    who(q, "volunteer.editor")
    q = act("off", h("volunteer.off"))
    q.add_argument("person", metavar="PERSON", help=h("volunteer.person"))
    q.add_argument("--reason", required=True, metavar="T", help=h("volunteer.reason"))
    q.add_argument("--until", metavar="D", help=h("volunteer.until"))
    who(q, "volunteer.leader")
    q = act("on", h("volunteer.on"))
    q.add_argument("person", metavar="PERSON", help=h("volunteer.person"))
    who(q, "volunteer.leader")
    q = act("list", h("volunteer.list"))
    q.add_argument("--group", metavar="G", help=h("volunteer.group"))
    q.add_argument("--off", action="store_true", help=h("volunteer.only_off"))
    q.add_argument("--format", choices=("text", "json"), default="text")
    # Who reads it: phones in full for leaders, else masked (dutyboard/groups/privacy.py).
    q.add_argument("--as", dest="who", metavar="NAME", default=argparse.SUPPRESS, help=h("as"))
    return {"volunteer": cmd_volunteer}


def add_household_actions(act: Factory, lang: str = "zh") -> None:
    """``household add`` and ``household edit`` (care.py makes ``act``)."""

    def h(key: str) -> str:
        return t(f"cli_help.{key}", lang)

    for name in ("add", "edit"):
        q = act(name, h(f"household.{name}"))
        q.add_argument("address", metavar="ADDRESS", nargs="?", help=h("household.address"))
        if name == "add":
            q.add_argument("--building", metavar="N", help=h("household.building"))
            q.add_argument("--unit", metavar="U", help=h("household.unit"))
            q.add_argument("--room", metavar="R", help=h("household.room"))
        for option, dest, meta, key in _HOUSEHOLD_OPTIONS:
            q.add_argument(option, dest=dest, metavar=meta, help=h(key))
        alone = q.add_mutually_exclusive_group()
        alone.add_argument(
            "--elderly-alone",
            dest="elderly_alone",
            action="store_const",
            const=True,
            help=h("household.elderly_alone"),
        )
        if name == "edit":
            alone.add_argument(
                "--not-elderly-alone",
                dest="elderly_alone",
                action="store_const",
                const=False,
                help=h("household.not_elderly_alone"),
            )
        q.add_argument(
            "--as", dest="who", required=True, metavar="NAME", help=h("volunteer.leader")
        )


# ---------------------------------------------------------------- running them


def _given(args: argparse.Namespace, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}


def cmd_volunteer(args: argparse.Namespace) -> int:
    """``dutyboard volunteer ...`` (it writes, but for list)."""
    action = args.volunteer_cmd
    board = open_board(args, writing=action != "list")
    lang = language(args)
    if action == "list":
        return _list(board, args, lang)
    who = board.resolve_person(args.who)
    if action == "add":
        fields = _given(args, ("building", "room", "role", "availability", "note"))
        p = people.add_volunteer(board, who, args.name, args.phone, args.groups, **fields)
        out(t("people.cli.added", lang, **_who_is(board, p, lang)))
    elif action == "edit":
        changes = _given(args, people.VOLUNTEER_FIELDS)
        if not changes:
            raise UsageError(t("people.cli.nothing_given", "en"), key="people.cli.nothing_given")
        before = people.person_now(board, args.person)
        p = people.edit_volunteer(board, who, before, **changes)
        key = "people.cli.changed" if p != before else "people.cli.unchanged"
        out(t(key, lang, **_who_is(board, p, lang)))
    elif action == "off":
        p = people.take_off(board, who, args.person, args.reason, until=args.until)
        out(t("people.cli.off", lang, name=plain(p.name), why=plain(off_text(p, lang))))
        n = people.duties_ahead(board, p)
        if n:
            out(t("people.cli.still_planned", lang, n=n))
    else:
        p = people.put_back(board, who, args.person)
        out(t("people.cli.on", lang, name=plain(p.name)))
    return 0


def _who_is(board: Board, p: Any, lang: str) -> dict[str, str]:
    names = {g.key: g.name(lang) for g in board.groups()}
    return {
        "name": plain(p.name),
        "phone": p.phone,
        "home": p.home or "—",
        "groups": t("today.list_sep", lang).join(names.get(g, g) for g in p.groups),
    }


def _list(board: Board, args: argparse.Namespace, lang: str) -> int:
    viewer = acting(board, getattr(args, "who", None))  # an unknown name: refused
    group = clean_group(board, args.group) if args.group else None
    view = build_people(board, lang, viewer, group=group, off_only=args.off)
    shown = {r.id: r.phone for r in view.rows}  # masked as privacy.py says
    if args.format == "json":
        dump(
            [
                {
                    "id": v.id,
                    "name": v.name,
                    "phone": shown[v.id],
                    "building": v.building,
                    "room": v.room,
                    "home": v.home,
                    "groups": list(v.groups),
                    "role": v.role,
                    "availability": v.availability,
                    "note": v.note,
                    "off_duty": v.off_on(board.today),
                    "off_reason": v.off_reason or None,
                    "off_since": v.off_since or None,
                    "off_until": v.off_until or None,
                }
                for v in (board.volunteer(r.id) for r in view.rows)
                if v is not None
            ]
        )
        return 0
    out(t("people.cli.summary", lang, n=len(view.rows), group=view.group_name, off=view.off_count))
    for r in view.rows:
        off = t("people.off_cell", lang, why=r.off_text) if r.off else ""
        cells = (
            pad(plain(r.name), 10),
            r.phone.ljust(11),
            pad(r.home, 9),
            pad(r.groups, 18),
            pad(r.role, 6),
            plain(r.availability),
            plain(off),
        )
        out("  " + " ".join(cells).rstrip())
    return 0


def cmd_household_change(args: argparse.Namespace, board: Board, lang: str) -> int:
    """``household add|edit`` on the board care.cmd_household opened to write."""
    who = board.resolve_person(args.who)
    fields = _given(args, ("residents", "elderly_alone", "phone", "note"))
    if args.household_cmd == "add":
        parts = (args.building, args.unit, args.room)
        if args.address and any(x is not None for x in parts):
            raise UsageError(t("people.cli.address_twice", "en"), key="people.cli.address_twice")
        if args.address:
            building, unit, room = parse_address(board, args.address)
        elif all(x is not None for x in parts):
            building, unit, room = parts
        else:
            raise UsageError(t("people.cli.address_needed", "en"), key="people.cli.address_needed")
        h = people.add_household(board, who, building, unit, room, **fields)
        key = "people.cli.household_added"
    else:
        if not args.address:
            raise UsageError(t("people.cli.address_needed", "en"), key="people.cli.address_needed")
        if not fields:
            raise UsageError(t("people.cli.nothing_given", "en"), key="people.cli.nothing_given")
        before = people.household_now(board, args.address)
        h = people.edit_household(board, who, before, **fields)
        key = "people.cli.household_changed" if h != before else "people.cli.unchanged_household"
    alone = t("people.cli.elderly_alone", lang) if h.elderly_alone else ""
    out(t(key, lang, address=h.address, n=h.residents, phone=h.phone or "—", alone=alone).rstrip())
    return 0


# ---------------------------------------------------------------- the household command's parser


class _AnyWord(Mapping[str, argparse.ArgumentParser]):
    """The actions' parsers by name, where any word passes argparse's check of the
    choices (``_PageOrAction`` says what a word that is not a name means)."""

    def __init__(self, names: dict[str, argparse.ArgumentParser]) -> None:
        self.names = names

    def __getitem__(self, key: str) -> argparse.ArgumentParser:
        return self.names[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str)


class _PageOrAction(argparse._SubParsersAction):  # type: ignore[type-arg]
    """``household ADDRESS`` is the household page, as it always was (care.py);
    ``household add`` and ``household edit`` change one. A first word that is
    not an action's name is the address: the hidden ``show`` action gets it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = _AnyWord(self._name_parser_map)  # type: ignore[assignment]

    def __call__(self, parser: Any, namespace: Any, values: Any, option_string: Any = None) -> None:
        if values and values[0] not in self._name_parser_map:
            values = ["show", *values]
        super().__call__(parser, namespace, values, option_string)


def household_parser(p: argparse.ArgumentParser, lang: str) -> None:
    """``household ADDRESS|add|edit`` under the ``household`` command's parser ``p``."""
    p.add_argument("--format", choices=("text", "json"), default="text")
    sub = p.add_subparsers(
        dest="household_cmd",
        metavar="ADDRESS|add|edit",
        parser_class=type(p),
        action=_PageOrAction,
        required=True,
        help=t("cli_help.household.what", lang),
    )

    def make(name: str, help: str | None) -> argparse.ArgumentParser:
        if help is None:
            q = sub.add_parser(name, lang=lang)
        else:
            q = sub.add_parser(name, help=help, description=help, lang=lang)
        add_common(q, suppress=True)
        return q

    show = make("show", None)  # not listed: "household ADDRESS" is how it is written
    show.add_argument("household", metavar="ADDRESS", help=t("cli_help.address", lang))
    show.add_argument("--format", choices=("text", "json"), default=argparse.SUPPRESS)
    # Who reads it: call notes are the care group's and leaders' (dutyboard/core/roles.py).
    show.add_argument("--as", dest="who", metavar="NAME", default=argparse.SUPPRESS,
                      help=t("cli_help.household.as", lang))  # fmt: skip
    add_household_actions(make, lang)
