"""The command line: ``dutyboard [COMMAND] [--db FILE] ...``.

With no command it opens the duty board: ``main`` is handed the way to open the app
(dutyboard/start.py), as the command line never imports it. Every command takes
``--db FILE`` (default ``$DUTYBOARD_DB``, then ``./dutyboard.json``); the commands
themselves are in their families' modules (dutyboard/cli/commands.py). Exit codes:
0 ok, 1 refused or problems found, 2 usage error or unreadable input. Errors are one
clear line (and details), never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from dutyboard import __version__, startup
from dutyboard.cli.commands import COMMAND_NAMES, FAMILIES, family, help_key
from dutyboard.cli.common import EXIT_OK, EXIT_PROBLEMS, argv_language, db_path, language
from dutyboard.cli.parsing import Parser, add_common, usage_error
from dutyboard.i18n import t
from dutyboard.storage.errors import DutyboardError
from dutyboard.storage.text import clean_namespace, for_terminal


class OpenApp(Protocol):
    """Opens the board app (dutyboard.tui.launch.launch) and returns its exit code."""

    def __call__(
        self, db: Path, *, who: str | None, lang: str | None, demo: bool, config_dir: Path | None
    ) -> int: ...


def build_parser(lang: str = "zh", *, commands: bool = True, only: str | None = None) -> Parser:
    """The command line's parser, its help in ``lang`` (main() passes the user's
    language, ``argv_language``); its ``commands`` hold each command's handler. Without
    ``commands``, only the board app's options: what ``dutyboard`` alone needs (see
    ``names_a_command``). With ``only``, the full parsers of that command's family
    alone; the others' commands are only named (dutyboard/cli/commands.py)."""
    parser = Parser(prog="dutyboard", description=t("cli_help.description", lang), lang=lang)
    parser.add_argument(
        "--version",
        action="version",
        version=f"dutyboard {__version__}",
        help=t("cli_help.version", lang),
    )
    add_common(parser, suppress=False)
    parser.add_argument("--as", dest="who", metavar="NAME", help=t("cli_help.as", lang))
    parser.add_argument("--demo", action="store_true", help=t("cli_help.demo", lang))
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def cmd(name: str, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, lang=lang)
        add_common(p, suppress=True)
        return p

    for module, names in FAMILIES:
        if only is None or only in names:
            parser.commands.update(family(module).add_commands(cmd, lang))
        else:
            for name in names:
                cmd(name, t(help_key(name), lang))
    return parser


# The board app's options that take a value (``dutyboard --db F --as NAME``).
_APP_VALUE_OPTIONS = ("--db", "--config", "--lang", "--as")


def _first_word(argv: Sequence[str] | None) -> str | None:
    """The first word of ``argv`` that is not one of the board app's options written
    out in full (None if there is none)."""
    words = list(sys.argv[1:] if argv is None else argv)
    i = 0
    while i < len(words):
        word = words[i]
        if word in _APP_VALUE_OPTIONS:
            i += 2
        elif word == "--demo" or word.startswith(tuple(f"{o}=" for o in _APP_VALUE_OPTIONS)):
            i += 1
        else:
            return word
    return None


def names_a_command(argv: Sequence[str] | None) -> bool:
    """False if ``argv`` holds only the board app's options, written out in full: then
    main() parses it without the commands' parsers, which the board app's start would
    otherwise pay for (building them and importing their modules). Anything else (a
    command, -h, --version, an abbreviation, a stray word) goes to the full parser."""
    return _first_word(argv) is not None


def named_command(argv: Sequence[str] | None) -> str | None:
    """The command ``argv`` names after the board app's options; None for anything else
    (-h, --version, an unknown word), which gets every family's parsers."""
    word = _first_word(argv)
    return word if word in COMMAND_NAMES else None


def _open_app(open_app: OpenApp | None, args: argparse.Namespace) -> int:
    if open_app is None:  # main() called without the app (a script, a test)
        raise usage_error("the following arguments are required: COMMAND")
    config = getattr(args, "config", None)
    return open_app(
        db_path(args),
        who=args.who,
        lang=getattr(args, "lang", None),
        demo=args.demo,
        config_dir=Path(config) if config else None,
    )


def main(argv: Sequence[str] | None = None, *, open_app: OpenApp | None = None) -> int:
    """Run the command ``argv`` names; with none, ``open_app`` opens the board app."""
    args: argparse.Namespace | None = None
    try:
        parser = build_parser(
            argv_language(argv), commands=names_a_command(argv), only=named_command(argv)
        )
        args = parser.parse_args(argv)
        clean_namespace(args)  # typed text loses its control characters (not paths)
        command = parser.commands.get(args.command or "")
        if command is None:
            return _open_app(open_app, args)  # the app ends start-up's pause itself
        startup.resume()
        return command(args)
    except DutyboardError as exc:
        lang = language(args) if args is not None else argv_language(argv)
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
        error = for_terminal(f"{type(exc).__name__}: {exc}")
        lang = argv_language(argv) if args is None else _safe_language(args)
        print(f"dutyboard: {t('cli.unexpected', lang, error=error)}", file=sys.stderr)
        return EXIT_PROBLEMS


def _safe_language(args: argparse.Namespace) -> str:
    try:
        return language(args)
    except Exception:  # noqa: BLE001 - the last resort must not fail in turn
        return "zh"
