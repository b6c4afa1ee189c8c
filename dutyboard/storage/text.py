"""Text people typed is data, never code (issue 14).

Where text comes in (command line, dialogs, imports, merged copies) ``clean_typed``
removes what a terminal, a spreadsheet or a sheet could take as an instruction:

- Line breaks and tabs (``\\t \\n \\r \\v \\f``, NEL U+0085, U+2028, U+2029) become one
  space in a one-line field (a name, a note, an address), so a value never forges a line
  of a handover sheet or a CLI listing. With ``multiline=True`` (a pasted list) line
  breaks become ``\\n`` and tabs a space.
- The other C0 controls (ESC among them), DEL and the C1 controls become a space too
  (as the rest of dutyboard always did with what is not printable): nobody types them
  on purpose, ESC drives the terminal, and a space keeps "a\x00b" two words.
- The explicit bidi embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069)
  are dropped: they reorder what is shown (``U+202E`` makes "gpj.exe" look like
  "exe.jpg"). The marks LRM/RLM/ALM stay: they order nothing on their own.
- Lone surrogates (possible in JSON, ``"\\ud800"``) are dropped: they cannot be written
  as UTF-8 and would crash the output.
- The byte order mark U+FEFF (spreadsheets leave it) is dropped.
- Zero-width joiners and non-joiners (U+200C, U+200D) stay: emoji and some scripts
  need them. Spaces are not stripped here; callers strip as they always did, so a value
  that is only control characters ends as blank and is refused as empty.

``clean_typed`` is idempotent and changes nothing in ordinary text, so running it on a
merged copy leaves honest records as they were.

Where text goes out, ``for_terminal`` escapes (``\\u001b``) whatever control character is
still there (a board written by an older version), ``csv_cell`` neutralises spreadsheet
formulas, and ``one_line`` keeps a value on its line of a sheet. This module is core: it
never imports textual (the app's helper is ``dutyboard/tui/safe_text.py``).
"""

from __future__ import annotations

import argparse
import re
import sys

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Every control character (line breaks and tabs among them) becomes a space; in a
# multi-line text line breaks first become "\n", which stays.
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_NOT_LF_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_LINE_RE = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_DROP_RE = re.compile("[" + _BIDI + "\ufeff\ud800-\udfff]")


def clean_typed(text: str, *, multiline: bool = False) -> str:
    """``text`` without control characters (see the module's docstring)."""
    if multiline:
        return _DROP_RE.sub("", _CONTROL_NOT_LF_RE.sub(" ", _LINE_RE.sub("\n", text)))
    return _DROP_RE.sub("", _CONTROL_RE.sub(" ", text))


def has_controls(text: str) -> bool:
    """Whether ``clean_typed`` would change ``text`` (one-line rules)."""
    return clean_typed(text) != text


def one_line(value: object) -> str:
    """``value`` as text on one line of a sheet: a newline in a name cannot forge a line."""
    return clean_typed(str(value))


def squeezed(text: str) -> str:
    """Typed text (a name, a reason, a title) on one line of a list: control characters
    and runs of spaces become one space."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _escape(ch: str) -> str:
    # \u001b rather than \x1b: the same escape is valid inside JSON output.
    return f"\\u{ord(ch):04x}"


_TERMINAL_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "\ufeff\ud800-\udfff\u2028\u2029]"
)


def for_terminal(text: str) -> str:
    """``text`` safe to print: control characters shown as ``\\u001b`` escapes.

    Newlines and tabs stay, because whole listings go through here; a newline inside
    one value was already removed on the way in (``clean_typed``).
    """
    return _TERMINAL_RE.sub(lambda m: _escape(m.group()), text)


# A cell that starts with one of these is a formula for Excel, WPS and LibreOffice.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"-\d+(?:\.\d+)?")


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text, not runs as a formula (OWASP).

    Text starting with ``= + - @``, a tab or a CR (or their full-width forms, which
    WPS reads too) gets a leading ``'``. Numbers that dutyboard writes (int, float)
    are not typed text and stay numbers; so does text that is just a negative number
    ("-3"), which every spreadsheet reads as that number and nothing else.
    """
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def csv_row(values: list[object] | tuple[object, ...]) -> list[object]:
    return [csv_cell(v) for v in values]


# Namespace attributes that hold paths (every parser of dutyboard/*cli*.py): a file may
# truly be named with odd characters, and cleaning would point at another file.
_PATHS = frozenset({"db", "config", "file", "csv", "others", "out"})


def clean_namespace(args: argparse.Namespace, *, skip: frozenset[str] = frozenset()) -> None:
    """Clean, in place, the string values of a parsed command line that are typed text.

    Paths keep their bytes (a file may truly be named with a tab); every other string
    (and strings in lists) goes through ``clean_typed``.
    """
    for name, value in vars(args).items():
        if name in _PATHS or name in skip or name.startswith("_"):
            continue
        if isinstance(value, str):
            setattr(args, name, clean_typed(value))
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            setattr(args, name, [clean_typed(v) for v in value])


def clean_deep(value: object) -> object:
    """``value`` (a record read from a copy: dicts, lists, strings) with every string
    cleaned (one-line rules); other values as they are."""
    if isinstance(value, str):
        return clean_typed(value)
    if isinstance(value, dict):
        return {k: clean_deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_deep(v) for v in value]
    return value


def print_line(text: str) -> None:
    """One line (or block) of a command's output on stdout, control characters escaped:
    a name with ESC in it must not drive the terminal. Every *_cli module prints
    through it."""
    text = for_terminal(text)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
