"""A light row table for the Today roster.

Textual's DataTable renders every visible cell through Rich on each paint; at start-up
that was the largest part of Today's first paint. The roster is small, read-only text
with a row cursor, so this widget renders one Rich ``Text`` per row, once, and keeps
the strips until the rows change. The header line stays put while the rows scroll,
and so do the preamble lines above it (Today's "on duty now" and "short" lines: drawn
here rather than by two more widgets, each of which cost the first screen time).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dutyboard.tui.safe_text import safe_rich, shown

PAD = 1  # cells of space on each side of a cell, as in DataTable


class RosterTable(ScrollView, can_focus=True):
    """Rows of styled cells under a fixed header line, with a row cursor."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(0)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
    ]
    COMPONENT_CLASSES = {"roster--header", "roster--cursor"}

    cursor_row: reactive[int] = reactive(0, init=False, always_update=True)

    class Highlighted(Message):
        """The cursor moved to another row."""

        def __init__(self, table: RosterTable, row: int) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> RosterTable:
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._columns: list[tuple[str, str]] = []  # (key, label)
        self._rows: list[tuple[str, tuple[Text, ...]]] = []
        self._index: dict[str, int] = {}
        self._widths: list[int] = []
        self._strips: dict[int, Strip] = {}  # row -> its line, without the cursor
        self._header: Strip | None = None
        self._base: Style | None = None  # rich_style, kept: it walks all ancestors
        self._preamble: list[Text] = []
        self._wrapped: tuple[int, list[Strip]] | None = None  # (width, preamble lines)

    # ------------------------------------------------------------ data

    def set_data(
        self, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[str, tuple[Text, ...]]]
    ) -> None:
        """Replace everything; the cursor stays on its row number (callers move it)."""
        self._columns = [(key, shown(label)) for key, label in columns]
        # Cells quote what people typed: an ESC from an old board is shown, not sent.
        self._rows = [(key, tuple(safe_rich(cell) for cell in cells)) for key, cells in rows]
        self._index = {key: i for i, (key, _) in enumerate(self._rows)}
        widths = [Text(label).cell_len for _, label in self._columns]
        for _, cells in self._rows:
            for i, cell in enumerate(cells):
                widths[i] = max(widths[i], cell.cell_len)
        self._widths = widths
        self._strips.clear()
        self._header = None
        self._update_virtual_size()
        self.set_reactive(RosterTable.cursor_row, self._clamp(self.cursor_row))
        self.refresh()

    def set_preamble(self, lines: Sequence[Text]) -> None:
        """Lines above the header (wrapped to the width; empty lines are left out)."""
        self._preamble = [safe_rich(line) for line in lines if line.plain]
        self._wrapped = None
        self._update_virtual_size()
        self.refresh()

    @property
    def preamble(self) -> str:
        """The preamble as plain text, a line per line given."""
        return "\n".join(line.plain for line in self._preamble)

    def _preamble_strips(self) -> list[Strip]:
        width = self.scrollable_content_region.width
        if self._wrapped is not None and self._wrapped[0] == width:
            return self._wrapped[1]
        strips: list[Strip] = []
        if width > 2 * PAD:
            console = self.app.console
            for line in self._preamble:
                for part in line.wrap(console, width - 2 * PAD):
                    part.pad_left(PAD)
                    strips.append(self._strip(part))
        self._wrapped = (width, strips)
        return strips

    def _top(self) -> int:
        """Lines that stay put: the preamble and the header."""
        return len(self._preamble_strips()) + 1

    def _update_virtual_size(self) -> None:
        total = sum(w + 2 * PAD for w in self._widths)
        self.virtual_size = Size(total, len(self._rows) + self._top())

    def on_resize(self) -> None:
        self._wrapped = None  # the preamble wraps to the new width
        self._update_virtual_size()

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def column_label(self, key: str) -> str:
        return next(label for k, label in self._columns if k == key)

    def row_key(self, row: int) -> str | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    @property
    def cursor_key(self) -> str | None:
        return self.row_key(self.cursor_row)

    def row_index(self, key: str) -> int | None:
        return self._index.get(key)

    def move_cursor(self, row: int) -> None:
        self.cursor_row = self._clamp(row)

    # ------------------------------------------------------------ cursor

    def _clamp(self, row: int) -> int:
        return max(0, min(row, len(self._rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, new))

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.scrollable_content_region.height - self._top())
        top = round(self.scroll_y)
        row = self.cursor_row
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + visible:
            self.scroll_to(y=row - visible + 1, animate=False)

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        page = max(1, self.scrollable_content_region.height - self._top() - 1)
        self.move_cursor(self.cursor_row + direction * page)

    def action_edge(self, end: int) -> None:
        self.move_cursor(len(self._rows) - 1 if end else 0)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        top = self._top()
        if offset is None or offset.y < top:
            return
        row = round(self.scroll_y) + offset.y - top
        if row < len(self._rows):
            self.move_cursor(row)

    # ------------------------------------------------------------ drawing

    def _line(self, cells: Sequence[Text], style: Style | None = None) -> Strip:
        """A row's cells side by side, as segments straight away (joining them into one
        Text first cost a third more of the first paint's table drawing)."""
        console = self.app.console
        segments: list[Segment] = []
        gap = Segment(" " * PAD)
        for cell, width in zip(cells, self._widths, strict=False):
            segments.append(gap)
            parts = cell.render(console)  # a cell's own style is left out: added here
            segments += (
                Segment.apply_style(parts, console.get_style(cell.style)) if cell.style else parts
            )
            segments.append(Segment(" " * (width - cell.cell_len + PAD)))
        base = self._base_style() + style if style else self._base_style()
        length = sum(self._widths[: len(cells)]) + 2 * PAD * min(len(cells), len(self._widths))
        return Strip(Segment.apply_style(segments, base), length)

    def _strip(self, line: Text) -> Strip:
        """One line of text as a strip over the table's base style. (Text.render
        leaves out the text's own style when it has no spans: it is added here.)"""
        console = self.app.console
        style = self._base_style() + console.get_style(line.style)
        return Strip(Segment.apply_style(list(line.render(console)), style))

    def _base_style(self) -> Style:
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x = round(self.scroll_x)
        base = self._base_style()
        preamble = self._preamble_strips()
        if y < len(preamble):
            return preamble[y].crop_extend(0, width, base)
        y -= len(preamble)
        if y == 0:
            strip = self._header
            if strip is None:
                heads = [Text(label) for _, label in self._columns]
                style = self.get_component_rich_style("roster--header")
                strip = self._header = self._line(heads, style)
        else:
            row = round(self.scroll_y) + y - 1
            if row >= len(self._rows):
                return Strip.blank(width, base)
            strip = self._strips.get(row)
            if strip is None:
                strip = self._strips[row] = self._line(self._rows[row][1])
            if row == self.cursor_row:
                cursor = self.get_component_rich_style("roster--cursor")
                strip = Strip(Segment.apply_style(list(strip), post_style=cursor))
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # the theme or the focus changed the base style
        self._header = None
        self._base = None
        self._wrapped = None
