"""The command line: ``dutyboard [COMMAND] [--db FILE] ...``.

With no command it opens the duty board (the Textual app). Every command takes
``--db FILE`` (default ``$DUTYBOARD_DB``, then ``./dutyboard.json``). Exit codes:
0 ok, 1 refused or problems found, 2 usage error or unreadable input. Errors are one
clear line (and details), never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pendulum

from dutyboard import __version__
from dutyboard.storage.errors import DutyboardError, UsageError
from dutyboard.storage.text import print_line

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class ArgvError(UsageError):
    """argparse could not read the command line: one line in the user's language (a
    catalogue key from dutyboard/i18n/catalogues/cli.py) and the hint to ``PROG --help``."""

    def __init__(self, key: str, fields: dict[str, object], prog: str) -> None:
        from dutyboard.i18n import t

        super().__init__(
            t(key, "en", **fields), [t("cli.see_help", "en", prog=prog)], key=key, fields=fields
        )
        self.prog = prog

    def details_in(self, lang: str) -> list[str]:
        from dutyboard.i18n import t

        return [t("cli.see_help", lang, prog=self.prog)]


def _unquote(text: str) -> str:
    """argparse writes values with %r: 'xml' -> xml (anything else as it is)."""
    import ast

    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text
    return value if isinstance(value, str) else text


def _choices(text: str) -> list[str]:
    """argparse's "'text', 'json'" -> ["text", "json"]."""
    return [_unquote(c.strip()) for c in text.split(", ")] if text else []


_ARGPARSE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), key)
    for pattern, key in (
        (r"unrecognized arguments: (?P<args>.*)", "cli.unrecognized"),
        (r"the following arguments are required: (?P<args>.*)", "cli.required"),
        (r"one of the arguments (?P<args>.*) is required", "cli.one_of_required"),
        (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)", "cli.ambiguous"),
        (
            r"argument (?P<arg>.+?): invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)",
            "cli.invalid_choice",
        ),
        (r"argument (?P<arg>.+?): expected one argument", "cli.expected_one"),
        (r"argument (?P<arg>.+?): expected at most one argument", "cli.expected_at_most_one"),
        (r"argument (?P<arg>.+?): expected at least one argument", "cli.expected_at_least_one"),
        (r"argument (?P<arg>.+?): expected (?P<n>\d+) arguments?", "cli.expected_n"),
        (r"argument (?P<arg>.+?): invalid (?P<type>\S+) value: (?P<value>.*)", "cli.invalid_value"),
        (r"argument (?P<arg>.+?): not allowed with argument (?P<other>.*)", "cli.not_allowed_with"),
        (r"argument (?P<arg>.+?): ignored explicit argument (?P<value>.*)", "cli.takes_no_value"),
    )
)


def usage_error(
    message: str, prog: str = "dutyboard", commands: Sequence[str] = ("COMMAND",)
) -> ArgvError:
    """argparse's English ``message`` as a catalogue key with fields; a message it does
    not know becomes ``cli.generic``, which keeps argparse's own text. ``commands``: the
    names argparse gives the parser's sub-command arguments (their metavars)."""
    for pattern, key in _ARGPARSE_PATTERNS:
        m = pattern.fullmatch(message.strip())
        if m is None:
            continue
        fields: dict[str, object] = dict(m.groupdict())
        if "value" in fields:
            fields["value"] = _unquote(str(fields["value"]))
        if key == "cli.invalid_choice":
            choices = _choices(str(fields["choices"]))
            fields["choices"] = ", ".join(choices)
            if fields["arg"] in commands:  # the sub-command itself
                import difflib

                value = str(fields["value"])
                close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
                if close:
                    return ArgvError(
                        "cli.unknown_command_maybe", {"value": value, "match": close[0]}, prog
                    )
                key = "cli.unknown_command"
                del fields["arg"]
        elif key == "cli.invalid_value" and fields["type"] in ("int", "float"):
            key = f"cli.invalid_{fields.pop('type')}"
        return ArgvError(key, fields, prog)
    return ArgvError("cli.generic", {"message": message}, prog)


_NO_LINE_START = set("，。；：、）》”’！？")  # Chinese punctuation stays at the end of a line


def _wrap_cells(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal cells, broken at spaces or between
    two Chinese characters (textwrap counts characters, and a Chinese one takes two cells).
    A word longer than a line keeps its own line; punctuation may hang past the end."""
    from dutyboard.i18n import cells

    tokens: list[str] = []  # a word, one wide character, or a space
    for ch in " ".join(text.split()):
        wide = cells(ch) == 2
        if ch == " " or wide or not tokens or tokens[-1] == " " or cells(tokens[-1][-1]) == 2:
            tokens.append(ch)
        else:
            tokens[-1] += ch
    lines: list[str] = []
    line = ""
    for token in tokens:
        if token == " ":
            if line:
                line += " "
            continue
        if not line or cells(line + token) <= width or token in _NO_LINE_START:
            line += token
        else:
            lines.append(line.rstrip())
            line = token
    if line.strip():
        lines.append(line.rstrip())
    return lines


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help in the user's language: its "usage: " prefix from the catalogue,
    and Chinese wrapped by terminal cells rather than characters."""

    def __init__(self, prog: str, lang: str = "zh", **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self._lang = lang
        self._headings: set[str] = set()

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        if prefix is None:
            from dutyboard.i18n import t

            prefix = t("cli_help.usage", self._lang)
        super().add_usage(usage, actions, groups, prefix)

    def _format_usage(
        self, usage: str | None, actions: Any, groups: Any, prefix: str | None
    ) -> str:
        # argparse lines the usage's later lines up under len(prefix): give it a stand-in
        # as wide on the screen, then put the prefix back
        from dutyboard.i18n import cells

        if not prefix or cells(prefix) == len(prefix):
            return super()._format_usage(usage, actions, groups, prefix)
        stand_in = " " * cells(prefix)
        text = super()._format_usage(usage, actions, groups, stand_in)
        return prefix + text[len(stand_in) :]

    def start_section(self, heading: str | None) -> None:
        if heading:
            self._headings.add(heading)
        super().start_section(heading)

    def format_help(self) -> str:
        text = super().format_help()
        if self._lang != "zh":
            return text
        # argparse ends a section's title with an ASCII colon: a Chinese one in Chinese
        for heading in self._headings:
            text = text.replace(f"\n{heading}:\n", f"\n{heading}：\n")
        return text

    def _split_lines(self, text: str, width: int) -> list[str]:
        if self._lang != "zh":
            return super()._split_lines(text, width)
        return _wrap_cells(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if self._lang != "zh":
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in _wrap_cells(text, width - len(indent)))


class _Parser(argparse.ArgumentParser):
    """argparse in the user's language: its help (section titles, -h, the usage prefix;
    the help strings themselves are given translated) and its usage errors (``error``).
    Sub-command parsers are made with the same ``lang`` (``add_parser(..., lang=lang)``)."""

    def __init__(self, *args: Any, lang: str = "zh", **kwargs: Any) -> None:
        from functools import partial

        from dutyboard.i18n import t

        kwargs.setdefault("formatter_class", partial(_HelpFormatter, lang=lang))
        kwargs["add_help"] = False  # our own -h, its help translated
        super().__init__(*args, **kwargs)
        self.lang = lang
        self._positionals.title = t("cli_help.positionals", lang)
        self._optionals.title = t("cli_help.options", lang)
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help=t("cli_help.help", lang)
        )

    def error(self, message: str) -> None:  # type: ignore[override]
        commands = [
            str(a.metavar or a.dest)
            for a in self._actions
            if isinstance(a, argparse._SubParsersAction)
        ]
        raise usage_error(message, self.prog, commands)


def _common(p: argparse.ArgumentParser, suppress: bool) -> None:
    from dutyboard.i18n import t

    lang = getattr(p, "lang", "zh")
    d = argparse.SUPPRESS if suppress else None
    p.add_argument("--db", metavar="FILE", default=d, help=t("cli_help.db", lang))
    p.add_argument("--config", metavar="DIR", default=d, help=t("cli_help.config", lang))
    p.add_argument("--lang", choices=("zh", "en"), default=d, help=t("cli_help.lang", lang))


def build_parser(lang: str = "zh", *, commands: bool = True) -> argparse.ArgumentParser:
    """The command line's parser, its help in ``lang`` (main() passes the user's
    language, ``argv_language``). Without ``commands``, only the board app's options:
    what ``dutyboard`` alone needs (see ``names_a_command``)."""
    from dutyboard.i18n import t

    parser = _Parser(prog="dutyboard", description=t("cli_help.description", lang), lang=lang)
    parser.add_argument(
        "--version",
        action="version",
        version=f"dutyboard {__version__}",
        help=t("cli_help.version", lang),
    )
    _common(parser, suppress=False)
    parser.add_argument("--as", dest="who", metavar="NAME", help=t("cli_help.as", lang))
    parser.add_argument("--demo", action="store_true", help=t("cli_help.demo", lang))
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def cmd(name: str, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, lang=lang)
        _common(p, suppress=True)
        return p

    p = cmd("demo", t("cli_help.cmd.demo", lang))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--households", type=int)
    p.add_argument("--volunteers", type=int, default=128)
    p.add_argument("--days", type=int, default=7, help=t("cli_help.demo.days", lang))
    p.add_argument("--date", help=t("cli_help.demo.date", lang))
    p.add_argument("--seed", type=int, default=2022)

    cmd("init", t("cli_help.cmd.init", lang))
    cmd("check", t("cli_help.cmd.check", lang))

    p = cmd("import", t("cli_help.cmd.import", lang))
    p.add_argument("kind", choices=("volunteers", "households"))
    p.add_argument("csv", metavar="CSV")
    p.add_argument("--dry-run", action="store_true", help=t("cli_help.import.dry_run", lang))
    # SUPPRESS, not None: ``dutyboard --as NAME import ...`` names the person too.
    p.add_argument("--as", dest="who", metavar="NAME", default=argparse.SUPPRESS,
                   help=t("cli_help.import.as", lang))  # fmt: skip

    p = cmd("roster", t("cli_help.cmd.roster", lang))
    p.add_argument("--date", default="today", help=t("cli_help.date", lang))
    p.add_argument("--format", choices=("text", "json"), default="text")
    # Who reads it: phones in full for leaders, else masked (dutyboard/groups/privacy.py).
    p.add_argument("--as", dest="who", metavar="NAME", default=argparse.SUPPRESS,
                   help=t("cli_help.as", lang))  # fmt: skip

    p = cmd("tasks", t("cli_help.cmd.tasks", lang))
    p.add_argument("--date", help=t("cli_help.tasks.date", lang))
    p.add_argument("--group")
    p.add_argument(
        "--kind", choices=("delivery", "disinfection", "care", "medicine", "testing", "parcel")
    )
    p.add_argument("--status", choices=("open", "done"))
    p.add_argument("--format", choices=("text", "json"), default="text")

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

    for name in ("done", "reopen"):
        p = cmd(name, t(f"cli_help.cmd.{name}", lang))
        p.add_argument("tasks", nargs="+", metavar="TASK_ID", help=t("cli_help.task_id", lang))
        p.add_argument(
            "--as", dest="who", required=True, metavar="NAME", help=t("cli_help.done.as", lang)
        )
    from dutyboard.cli.care import add_commands

    add_commands(cmd, _common, lang)  # care, medicine, testing, household, coverage
    from dutyboard.cli.swap import add_commands as add_swap_commands

    add_swap_commands(cmd, lang)  # plan, swap, export, fairshare
    from dutyboard.cli.supplies import add_commands as add_supplies_commands

    add_supplies_commands(cmd, _common, lang)  # offer, orders, batch, parcel
    from dutyboard.cli.building import add_commands as add_building_commands

    add_building_commands(cmd, _common, lang)  # building
    from dutyboard.cli.slots import add_commands as add_slot_commands

    add_slot_commands(cmd, _common, lang)  # slot, overdue
    from dutyboard.cli.people import add_commands as add_people_commands

    add_people_commands(cmd, _common, lang)  # volunteer (household add|edit: care_cli)
    from dutyboard.cli.log import add_commands as add_log_commands

    add_log_commands(cmd, _common, lang)  # log
    return parser


# The board app's options that take a value (``dutyboard --db F --as NAME``).
_APP_VALUE_OPTIONS = ("--db", "--config", "--lang", "--as")


def names_a_command(argv: Sequence[str] | None) -> bool:
    """False if ``argv`` holds only the board app's options, written out in full: then
    main() parses it without the commands' parsers: building them (and importing their
    modules) took about 12 ms of every start of the board, the bare parser 1 ms.
    Anything else (a command, -h, --version, an abbreviation, a stray word) goes to
    the full parser."""
    words = list(sys.argv[1:] if argv is None else argv)
    i = 0
    while i < len(words):
        word = words[i]
        if word in _APP_VALUE_OPTIONS:
            i += 2
        elif word == "--demo" or word.startswith(tuple(f"{o}=" for o in _APP_VALUE_OPTIONS)):
            i += 1
        else:
            return True
    return False


# ---------------------------------------------------------------- helpers


def db_path(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "db", None) or os.environ.get("DUTYBOARD_DB") or "dutyboard.json")


def language(args: argparse.Namespace) -> str:
    lang = getattr(args, "lang", None) or os.environ.get("DUTYBOARD_LANG")
    if not lang:
        from dutyboard.storage.device import load_settings

        lang = load_settings().get("lang")
    return lang if lang in ("zh", "en") else "zh"


def argv_language(argv: Sequence[str] | None) -> str:
    """The language before argparse has read the command line (it may not be able to):
    ``--lang zh|en`` anywhere in ``argv`` (the last one counts, as for argparse), then
    $DUTYBOARD_LANG, then this laptop's saved choice, else Chinese; as ``language``."""
    words = list(sys.argv[1:] if argv is None else argv)
    lang = None
    for i, word in enumerate(words):
        if word == "--":
            break
        value = words[i + 1] if word == "--lang" and i + 1 < len(words) else None
        if word.startswith("--lang="):
            value = word[len("--lang=") :]
        if value in ("zh", "en"):
            lang = value
    try:
        return language(argparse.Namespace(lang=lang))
    except Exception:  # noqa: BLE001 - the language of an error must not be another error
        return lang or "zh"


def make_clock(tz: str = "Asia/Shanghai") -> Any:
    """The system clock, or a fixed one from $DUTYBOARD_NOW (ISO 8601) for scripts and tests."""
    from dutyboard.storage.clock import FixedClock, SystemClock

    fixed = os.environ.get("DUTYBOARD_NOW")
    if fixed:
        try:
            at = pendulum.parse(fixed, tz=tz)
        except (ValueError, pendulum.parsing.ParserError):
            raise UsageError(f"DUTYBOARD_NOW={fixed!r} is not an ISO 8601 time.") from None
        assert isinstance(at, pendulum.DateTime)
        return FixedClock(at)
    return SystemClock(tz)


def open_board(args: argparse.Namespace, *, writing: bool = False) -> Any:
    """Open the board; a command that writes first takes in Syncthing conflict copies."""
    from dutyboard.core.board import Board

    path = db_path(args)
    board = Board.open(path)
    board.clock = make_clock(board.tz)
    if writing:
        from dutyboard.core.merge import merge_conflict_copies

        merged = merge_conflict_copies(board)
        _notices(board)
        if merged is not None and merged.moved:
            _note(
                f"merged {len(merged.moved)} Syncthing conflict copy(ies): "
                + "; ".join(merged.lines())
            )
    return board


def _note(text: str) -> None:
    from dutyboard.storage.text import for_terminal

    print(f"dutyboard: {for_terminal(text)}", file=sys.stderr)


def _notices(board: Any) -> None:
    store = board.store
    if (
        store.refusals
    ):  # copies refused by the validation: told once (dutyboard/storage/validate.py)
        from dutyboard.storage.validate import render

        for key, fields in store.refusals:
            _note(render(key, "en", fields))
        store.refusals.clear()
    if "copy_over" in board.store.notices:
        _note(
            "the board file was an older copy that lacked saves made on this laptop; "
            "they were taken back in and saved again."
        )
        board.store.notices.remove("copy_over")


_out = print_line  # stdout, control characters escaped (dutyboard/storage/text.py)


def _json(value: Any) -> None:
    _out(json.dumps(value, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------- commands


def cmd_demo(args: argparse.Namespace) -> int:
    from dutyboard.core.config import load_config
    from dutyboard.demo.board import build_demo

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
    _out(
        f"demo board {args.file}: {len(board.households())} households, "
        f"{len(board.volunteers())} volunteers, today {board.today}, "
        f"{args.days} days of history; built in {took:.1f} s"
    )
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from dutyboard.core.config import load_config
    from dutyboard.core.newboard import create_board

    config = load_config(getattr(args, "config", None))
    path = db_path(args)
    board = create_board(path, config, make_clock(config.timezone))
    _out(
        f"new board {path} for {config.community_zh} / {config.community_en}: "
        f"{len(board.buildings())} buildings, {len(board.groups())} groups, today {board.today}. "
        "Next: dutyboard import volunteers CSV, dutyboard import households CSV."
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from dutyboard.storage.check import check_file

    path = db_path(args)
    problems, counts = check_file(path)
    summary = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()) if n)
    if problems:
        _out(f"{path}: {len(problems)} problem(s) found")
        from dutyboard.storage.outfiles import capped

        for p in capped(problems, language(args)):  # 50, then "... and N more problems"
            _out("  " + p)
        return EXIT_PROBLEMS
    _out(f"{path}: healthy ({summary})")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from dutyboard.core.roles import acting
    from dutyboard.io.imports import run_import

    board = open_board(args, writing=not args.dry_run)
    who = acting(board, getattr(args, "who", None))  # a sheet that makes leaders needs one
    s = run_import(board, args.kind, Path(args.csv), dry_run=args.dry_run, who=who)
    verb = "would add" if s.dry_run else "added"
    upd = "would update" if s.dry_run else "updated"
    _out(
        f"{args.csv} ({s.encoding}): {verb} {len(s.added)} {s.kind}, {upd} {len(s.updated)}, "
        f"{s.unchanged} unchanged" + ("; dry run, nothing was written" if s.dry_run else "")
    )
    return EXIT_OK


def roster_json(board: Any, day: pendulum.Date, lang: str, viewer: Any = None) -> dict[str, Any]:
    """The day's roster; phones as ``viewer`` may see them (None: all masked)."""
    from dutyboard.groups.lateness import late_ids
    from dutyboard.groups.privacy import PhoneView

    phones = PhoneView(board, viewer)
    roster = board.roster(day)
    late = late_ids(board, board.now()) if day == board.today else frozenset()
    return {
        "date": day.isoformat(),
        "groups": [
            {
                "group": gr.group.key,
                "name": gr.group.name(lang),
                "slots": [
                    {
                        "slot": sr.slot.key,
                        "name": sr.slot.name(lang),
                        "start": sr.slot.start,
                        "end": sr.slot.end,
                        "needed": sr.slot.needed,
                        "filled": sr.filled,
                        "people": [
                            {
                                "id": v.id,
                                "name": v.name,
                                "phone": phones.of(v),
                                "status": a.status,
                                "off_duty": v.off_on(day),  # dutyboard/groups/people.py
                                "late": a.id in late,  # dutyboard/groups/lateness.py
                            }
                            for a, v in sr.people
                        ],
                    }
                    for sr in gr.slots
                ],
            }
            for gr in roster.groups
        ],
    }


def roster_text(board: Any, day: pendulum.Date, lang: str) -> str:
    from dutyboard.i18n import long_date, t

    lines = [t("roster.title", lang, community=board.community(lang), date=long_date(day, lang))]
    sep = "、" if lang == "zh" else ", "
    for gr in board.roster(day).groups:
        lines.append(gr.group.name(lang))
        for sr in gr.slots:
            s = sr.slot
            night = (" (+1)" if lang == "en" else "（次日）") if s.crosses_midnight else ""
            people = sep.join(
                v.name
                + ("" if a.status == "scheduled" else f"({t('assignment.' + a.status, lang)})")
                + (f"({t('people.off_mark', lang)})" if v.off_on(day) else "")
                for a, v in sr.people
            )
            short = f"  {t('roster.short', lang, n=sr.short)}" if sr.short else ""
            lines.append(
                f"  {s.name(lang)} {s.start}–{s.end}{night}  {sr.filled}/{s.needed}{short}  "
                f"{people or t('roster.nobody', lang)}"
            )
    return "\n".join(lines)


def cmd_roster(args: argparse.Namespace) -> int:
    from dutyboard.core.roles import acting

    board = open_board(args)
    viewer = acting(board, getattr(args, "who", None))  # an unknown name: refused
    day = board.resolve_date(args.date)
    lang = language(args)
    if args.format == "json":
        _json(roster_json(board, day, lang, viewer))
    else:
        _out(roster_text(board, day, lang))
    return EXIT_OK


def task_json(board: Any, task: Any, lang: str) -> dict[str, Any]:
    who = board.volunteer(task.done_by) if task.done_by else None
    out = {
        "id": task.id,
        "code": task.code,
        "kind": task.kind,
        "group": task.group,
        "date": task.date.isoformat(),
        "title": board.task_title(task, lang),
        "status": "open" if task.status == "open" else "done",
        "result": task.status,
        "fail_reason": task.fail_reason or None,
        "done_by": who.name if who else None,
        "done_by_id": task.done_by,
        "done_at": task.done_at,
    }
    if task.kind in ("care", "medicine", "testing"):
        from dutyboard.groups.care import task_details

        out["details"] = task_details(board, task, lang)
    if task.kind in ("delivery", "parcel"):  # door_only; a parcel's details
        from dutyboard.cli.supplies_batch import task_details as supplies_details

        out.update(supplies_details(board, task))
    return out


def cmd_tasks(args: argparse.Namespace) -> int:
    from dutyboard.i18n import t

    board = open_board(args)
    lang = language(args)
    day = board.resolve_date(args.date) if args.date else None
    group = board.find_group(args.group).key if args.group else None
    tasks = board.tasks(day, group=group, kind=args.kind, status=args.status)
    tasks.sort(key=lambda x: (x.date, x.kind, x.address or "", x.building or 0, x.round, x.code))
    if args.format == "json":
        _json([task_json(board, x, lang) for x in tasks])
        return EXIT_OK
    for x in tasks:
        who = board.volunteer(x.done_by) if x.done_by else None
        done = f"  {who.name if who else ''} {x.done_at[11:16]}" if x.done_at else ""
        _out(
            f"{x.code}  {x.date}  {t('kind.' + x.kind, lang)}  "
            f"{t('task.' + x.status, lang)}  {board.task_title(x, lang)}{done}"
        )
    _out(f"({len(tasks)})")
    return EXIT_OK


def cmd_done_reopen(args: argparse.Namespace) -> int:
    board = open_board(args, writing=True)
    who = board.resolve_person(args.who)
    tasks = board.resolve_tasks(args.tasks)
    act = board.tick if args.command == "done" else board.reopen
    changed = act(tasks, who)
    _notices(board)
    state = "done" if args.command == "done" else "open"
    unchanged = len(tasks) - len(changed)
    _out(
        f"{len(changed)} task(s) now {state} ({who.name})"
        + (f"; {unchanged} already {state}" if unchanged else "")
    )
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    from dutyboard.core.merge import merge_conflict_copies, merge_copies, readable_copies
    from dutyboard.core.roles import acting, is_leader, require_leader

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
        _notices(board)  # a copy refused and set aside is said even if none was merged
        if found is None:
            _out("no copies named and no Syncthing conflict copies beside the board; nothing to do")
            return EXIT_OK
        summary = found
    _notices(board)
    head = "would merge" if summary.dry_run else "merged"
    _out(f"{head} {len(summary.sources)} copy(ies) into {board.store.path}")
    for line in summary.lines():
        _out("  " + line)
    for name in summary.moved:
        _out(f"  moved {name} to {board.store.path.name}.merged/")
    if summary.dry_run:
        _out("dry run: nothing was written")
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace) -> int:
    from dutyboard.core.merge import conflicts

    board = open_board(args)
    found = conflicts(board, include_closed=args.all)
    if args.format == "json":
        _json(
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
        _out(f"{c.id}  {c.table} {c.record} (laptop {c.device})  {what}  [{c.status}]")
    _out(f"({len(found)} conflict(s))")
    return EXIT_OK


def cmd_resolve(args: argparse.Namespace) -> int:
    from dutyboard.core.merge import resolve_conflict

    board = open_board(args, writing=True)
    who = board.resolve_person(args.who)
    c = resolve_conflict(board, args.conflict, who, restore=args.command == "restore")
    if args.command == "restore":
        _out(f"restored the losing version of {c.table} {c.record}: {c.lost} (was {c.current})")
    else:
        _out(f"kept the current version of {c.table} {c.record}: {c.current}; conflict closed")
    return EXIT_OK


def cmd_tui(args: argparse.Namespace) -> int:
    from dutyboard.tui.launch import launch

    config = getattr(args, "config", None)
    return launch(
        db_path(args),
        who=args.who,
        lang=getattr(args, "lang", None),
        demo=args.demo,
        config_dir=Path(config) if config else None,
    )


COMMANDS = {
    "demo": cmd_demo,
    "init": cmd_init,
    "check": cmd_check,
    "import": cmd_import,
    "roster": cmd_roster,
    "tasks": cmd_tasks,
    "merge": cmd_merge,
    "conflicts": cmd_conflicts,
    "restore": cmd_resolve,
    "dismiss": cmd_resolve,
    "done": cmd_done_reopen,
    "reopen": cmd_done_reopen,
}
from dutyboard.cli.care import COMMANDS as _CARE_COMMANDS  # noqa: E402

COMMANDS.update(_CARE_COMMANDS)
from dutyboard.cli.swap import COMMANDS as _SWAP_COMMANDS  # noqa: E402

COMMANDS.update(_SWAP_COMMANDS)


def _supplies_command(name: str) -> Any:
    """The supplies group's commands, loaded when one of them runs: their modules bring
    in the order parsers, which the board app's start has no use for."""

    def run(args: argparse.Namespace) -> int:
        from dutyboard.cli import supplies as supplies_cli
        from dutyboard.cli import supplies_batch as supplies_cli_batch

        return int({**supplies_cli.COMMANDS, **supplies_cli_batch.COMMANDS}[name](args))

    return run


COMMANDS.update({name: _supplies_command(name) for name in ("offer", "orders", "batch", "parcel")})


def cmd_building(args: argparse.Namespace) -> int:
    """``dutyboard building``: handed the way to open the board and the language
    (dutyboard/cli/building.py never imports this module)."""
    from dutyboard.cli.building import run

    return run(args, lambda writing: open_board(args, writing=writing), language(args))


COMMANDS["building"] = cmd_building


def cmd_slot_or_overdue(args: argparse.Namespace) -> int:
    """``dutyboard slot|overdue``: handed the way to open the board and the language
    (dutyboard/cli/slots.py never imports this module)."""
    from dutyboard.cli.slots import run

    return run(args, lambda writing: open_board(args, writing=writing), language(args))


COMMANDS.update({"slot": cmd_slot_or_overdue, "overdue": cmd_slot_or_overdue})


def _volunteer_command(args: argparse.Namespace) -> int:
    """``dutyboard volunteer``: its module is loaded when it runs, and is handed the board
    (dutyboard/cli/people.py)."""
    from dutyboard.cli.people import cmd_volunteer

    board = open_board(args, writing=args.volunteer_cmd != "list")
    return cmd_volunteer(args, board, language(args))


COMMANDS["volunteer"] = _volunteer_command


def cmd_log(args: argparse.Namespace) -> int:
    """``dutyboard log``: handed the way to open the board and the language
    (dutyboard/cli/log.py never imports this module)."""
    from dutyboard.cli.log import run

    return run(args, lambda writing: open_board(args, writing=writing), language(args))


COMMANDS["log"] = cmd_log


def main(argv: Sequence[str] | None = None) -> int:
    args: argparse.Namespace | None = None
    try:
        parser = build_parser(argv_language(argv), commands=names_a_command(argv))
        args = parser.parse_args(argv)
        from dutyboard.storage.text import clean_namespace

        clean_namespace(args)  # typed text loses its control characters (not paths)
        command = COMMANDS.get(args.command or "")
        if command is None:
            return cmd_tui(args)  # the board app turns the GC back on (dutyboard/start.py)
        gc.enable()
        return command(args)
    except DutyboardError as exc:
        lang = language(args) if args is not None else argv_language(argv)
        from dutyboard.storage.text import for_terminal

        print(f"dutyboard: {for_terminal(exc.text(lang))}", file=sys.stderr)
        details = exc.details_in(lang)
        for line in details:
            print(f"  {for_terminal(line)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # last resort: one line, never a traceback
        if os.environ.get("DUTYBOARD_DEBUG"):
            raise
        from dutyboard.i18n import t

        error = f"{type(exc).__name__}: {exc}"
        lang = argv_language(argv) if args is None else _safe_language(args)
        from dutyboard.storage.text import for_terminal

        error = for_terminal(error)
        print(f"dutyboard: {t('cli.unexpected', lang, error=error)}", file=sys.stderr)
        return EXIT_PROBLEMS


def _safe_language(args: argparse.Namespace) -> str:
    try:
        return language(args)
    except Exception:  # noqa: BLE001 - the last resort must not fail in turn
        return "zh"
