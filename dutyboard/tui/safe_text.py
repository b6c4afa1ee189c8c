"""What people typed, shown as text in the app: never markup, never terminal codes.

Textual reads a ``str`` as markup in Static, Label, Button, the command palette and
toasts, and Rich does in DataTable cells: a name like ``王五[/b]`` crashes the app,
``Anna [DE]`` loses "[DE]" and ``[@click=app.quit]`` becomes an action. And Textual
writes an ESC it is given straight to the terminal. So every widget and toast that
shows typed text gets it through ``plain`` (a ``Content``, which no widget parses), or
``shown`` where a ``str`` is wanted with markup off (``notify``, see the app's
``notify``), or ``markup_safe`` where Textual insists on markup (the palette's help).
Dialog values read on submit go through ``typed`` (control characters removed, as on
the command line; dutyboard/storage/text.py).
"""

from __future__ import annotations

import re
from typing import Any

from rich.text import Span, Text, TextType
from textual.content import Content
from textual.fuzzy import Matcher
from textual.widgets import DataTable
from textual.widgets.data_table import CellType, ColumnKey, RowKey

from dutyboard.storage.text import clean_typed, for_terminal

_BREAKS = re.compile("\r\n|[\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def shown(text: object) -> str:
    """``text`` on one line with its control characters escaped (``\\u001b``): what
    reaches the terminal is only printable text. A ``str``, still to be kept out of
    markup (``Content(shown(x))``, ``notify(..., markup=False)``)."""
    return for_terminal(_BREAKS.sub(" ", str(text)))


def shown_lines(text: object) -> str:
    """Like ``shown`` but keeps line breaks (a toast of several lines)."""
    return "\n".join(shown(line) for line in str(text).split("\n"))


def plain(text: object) -> Content:
    """``text`` as Content: shown literally by every widget (Static, Label, Button,
    DataTable cell, Option, Tree node, title)."""
    return Content(shown(text))


def plain_lines(text: object) -> Content:
    """Like ``plain`` but keeps line breaks (a list of warnings)."""
    return Content(shown_lines(text))


def safe_rich(text: Text, *, lines: bool = False) -> Text:
    """A Rich ``Text`` (never read as markup, but it passes ESC on) with its control
    characters escaped, its styles kept; line breaks become spaces unless ``lines``."""
    show = shown_lines if lines else shown
    if show(text.plain) == text.plain:
        return text
    out = Text(style=text.style, end=text.end, no_wrap=text.no_wrap, overflow=text.overflow)
    for piece in text.divide(range(1, len(text.plain))):
        safe = show(piece.plain)
        if safe != piece.plain:
            spans = [Span(0, len(safe), s.style) for s in piece.spans]
            piece = Text(safe, style=piece.style, spans=spans)
        out.append_text(piece)
    return out


def markup_safe(text: object) -> str:
    """``text`` for a place that reads markup: every ``[`` escaped, so
    ``Content.from_markup(markup_safe(x)).plain == shown(x)``."""
    # Textual's markup reads "\[" as a literal bracket and every other backslash as
    # itself (textual.markup.escape misses "[DE]" and "[$x]").
    escaped = shown(text).replace("[", "\\[")
    # A trailing backslash would escape a "[" that follows in the template.
    return escaped + " " if escaped.endswith("\\") else escaped


def highlight(matcher: Matcher, text: str) -> Content:
    """The palette's fuzzy highlight of ``text`` without reading it as markup
    (``Matcher.highlight`` parses its candidate as markup)."""
    content = plain(text)
    candidate = content.plain
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if offset < len(candidate) and not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def typed(value: str, *, multiline: bool = False, strip: bool = True) -> str:
    """A dialog's value as typed, without control characters (pasted text can hold
    them), stripped like every value read from a form (unless ``strip`` is off: the
    caller strips, or spaces matter)."""
    cleaned = clean_typed(value, multiline=multiline)
    return cleaned.strip() if strip else cleaned


def safe_cell(value: object) -> object:
    """A DataTable cell shown literally: DataTable reads a ``str`` cell as Rich markup
    (``王五[/b]`` raised MarkupError), so a str with a bracket or a control character
    becomes a Rich ``Text``; other strs stay strs (code reading cells back sees them)."""
    if isinstance(value, str):  # a cell may have lines (a row of height None)
        safe = shown_lines(value)
        return Text(safe, end="") if safe != value or "[" in value else value
    if isinstance(value, Text):
        return safe_rich(value, lines=True)
    return value


class SafeTable(DataTable[Any]):
    """A DataTable whose cells, row labels and column labels are text, never markup:
    the app's tables (dutyboard/tui/*) are all made from this one."""

    def add_column(
        self,
        label: TextType,
        *,
        width: int | None = None,
        key: str | None = None,
        default: CellType | None = None,
    ) -> ColumnKey:
        return super().add_column(
            _label(label), width=width, key=key, default=safe_cell(default) if default else default
        )

    def add_row(
        self,
        *cells: CellType,
        height: int | None = 1,
        key: str | None = None,
        label: TextType | None = None,
    ) -> RowKey:
        safe = [safe_cell(c) for c in cells]
        return super().add_row(*safe, height=height, key=key, label=_label(label))

    def update_cell(
        self,
        row_key: RowKey | str,
        column_key: ColumnKey | str,
        value: CellType,
        *,
        update_width: bool = False,
    ) -> None:
        super().update_cell(row_key, column_key, safe_cell(value), update_width=update_width)


def _label(label: TextType | None) -> Any:
    if label is None:
        return None
    return safe_rich(label) if isinstance(label, Text) else Text(shown(label))


def safe(value: str | Text | Content) -> Text | Content:
    """Whatever a widget is about to show, as text: a ``str`` (lines kept) is never
    read as markup, a Rich ``Text`` loses its control characters, a ``Content`` (built
    here or from the catalogue) is shown as it is."""
    if isinstance(value, Content):
        return value
    if isinstance(value, Text):
        return safe_rich(value, lines=True)
    return plain_lines(value)
