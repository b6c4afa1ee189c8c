"""argparse in the user's language: its help (Chinese wrapped by terminal cells, section
titles and the usage prefix from the catalogue) and its usage errors, which become one
line from dutyboard/i18n/catalogues/cli.py and the hint to ``PROG --help``."""

from __future__ import annotations

import argparse
import ast
import difflib
import re
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from dutyboard.i18n import cells, t
from dutyboard.storage.errors import UsageError

# Makes a command's (or an action's) parser: ``cmd(name, help)``.
Factory = Callable[[str, str], argparse.ArgumentParser]


class ArgvError(UsageError):
    """argparse could not read the command line: one line in the user's language (a
    catalogue key from dutyboard/i18n/catalogues/cli.py) and the hint to ``PROG --help``."""

    def __init__(self, key: str, fields: dict[str, object], prog: str) -> None:
        super().__init__(
            t(key, "en", **fields), [t("cli.see_help", "en", prog=prog)], key=key, fields=fields
        )
        self.prog = prog

    def details_in(self, lang: str) -> list[str]:
        return [t("cli.see_help", lang, prog=self.prog)]


def _unquote(text: str) -> str:
    """argparse writes values with %r: 'xml' -> xml (anything else as it is)."""
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


class HelpFormatter(argparse.HelpFormatter):
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
            prefix = t("cli_help.usage", self._lang)
        super().add_usage(usage, actions, groups, prefix)

    def _format_usage(
        self, usage: str | None, actions: Any, groups: Any, prefix: str | None
    ) -> str:
        # argparse lines the usage's later lines up under len(prefix): give it a stand-in
        # as wide on the screen, then put the prefix back
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


class Parser(argparse.ArgumentParser):
    """argparse in the user's language: its help (section titles, -h, the usage prefix;
    the help strings themselves are given translated) and its usage errors (``error``).
    Sub-command parsers are made with the same ``lang`` (``add_parser(..., lang=lang)``)."""

    def __init__(self, *args: Any, lang: str = "zh", **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", partial(HelpFormatter, lang=lang))
        kwargs["add_help"] = False  # our own -h, its help translated
        super().__init__(*args, **kwargs)
        self.lang = lang
        # The command line's top parser: each command's handler (cli/main.py's build_parser).
        self.commands: dict[str, Callable[[argparse.Namespace], int]] = {}
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


def add_common(p: argparse.ArgumentParser, suppress: bool) -> None:
    """--db, --config and --lang: on the command line before a command (``suppress``
    False) and again after it (True: given there it counts, else the earlier one)."""
    lang = getattr(p, "lang", "zh")
    d = argparse.SUPPRESS if suppress else None
    p.add_argument("--db", metavar="FILE", default=d, help=t("cli_help.db", lang))
    p.add_argument("--config", metavar="DIR", default=d, help=t("cli_help.config", lang))
    p.add_argument("--lang", choices=("zh", "en"), default=d, help=t("cli_help.lang", lang))


def actions(p: argparse.ArgumentParser, dest: str, *, required: bool = False) -> Factory:
    """The sub-commands (ACTION) of command ``p``: ``make(name, help)`` makes one, in its
    language and parser class, with the common options."""
    sub = p.add_subparsers(dest=dest, metavar="ACTION", parser_class=type(p), required=required)
    lang = getattr(p, "lang", "zh")

    def make(name: str, help: str) -> argparse.ArgumentParser:
        q = sub.add_parser(name, help=help, description=help, lang=lang)
        add_common(q, suppress=True)
        return q

    return make
