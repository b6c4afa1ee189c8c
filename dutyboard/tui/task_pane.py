"""The base of the task panes (Deliveries, Disinfection, Care, Supplies, Buildings,
People): the language and key labels in it, progress bars, building chips, and text
put into a Static only when it changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, cast

from rich.style import Style
from rich.text import Text
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from dutyboard.i18n import t
from dutyboard.tui.household_page import open_household
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.safe_text import plain_lines, safe_rich
from dutyboard.views.deliveries import BuildingProgress, Progress

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp

BAR_WIDTH = 20


class TaskPane(Vertical):
    """What both task panes share: the language, key labels in it, styled marks.

    Bindings carry their catalogue key as ``id`` (the app's convention, see help.py);
    ``set_lang`` rewrites their descriptions so the Footer and help speak the language.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "tasks--done",
        "tasks--failed",
        "tasks--overdue",
        "tasks--muted",
        "tasks--positive",
        "tasks--sealed",
        "tasks--bar-done",
        "tasks--bar-open",
    }

    def __init__(self, lang: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.lang = lang
        self._texts: dict[int, tuple[str, tuple[object, ...]]] = {}
        localise_bindings(self, lang)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        localise_bindings(self, lang)
        self.refresh_bindings()
        if self.is_mounted:
            self._relabel()
            self._draw()

    def _relabel(self) -> None:
        """Put the column headings in the current language."""

    def _draw(self) -> None:
        """Show the current data."""

    def on_mount(self) -> None:
        self._relabel()
        self._draw()

    def send_up(self, message: Message) -> None:
        """Post a tick straight to the app, which saves it: bubbling through six
        containers costs a screen refresh per hop, and a tick should reach the disk
        within a few milliseconds of the key."""
        self.app.post_message(message)

    def _table(self) -> DataTable[Text]:
        return self.query_one(DataTable)

    @property
    def duty(self) -> DutyboardApp:
        return cast("DutyboardApp", self.app)

    def open_household(self, household_id: str) -> None:
        """The household page (dutyboard.tui.household_page, imported when first used)."""
        open_household(self.duty, household_id)

    # ---------------------------------------------------------------- styled text

    def mark_style(self, name: str) -> Style:
        """A style from tasks.tcss (``TaskPane > .tasks--NAME``)."""
        return self.get_component_rich_style(f"tasks--{name}", partial=True, default=Style())

    def building_mark(self, status: str) -> Text:
        if status in ("positive", "sealed"):
            return Text(t(f"building.{status}", self.lang), self.mark_style(status))
        return Text("")

    def bar(self, p: Progress) -> Text:
        filled = round(BAR_WIDTH * p.ratio) if p.total else 0
        return Text.assemble(
            ("█" * filled, self.mark_style("bar-done")),
            ("░" * (BAR_WIDTH - filled), self.mark_style("bar-open")),
        )

    def chips(self, buildings: Iterable[BuildingProgress], width: int) -> Text:
        """ "5号楼 12/15   9号楼 涉阳 3/8 …", marks and finished buildings styled, lines
        broken between buildings (never inside one) to fit ``width`` cells."""
        out, line = Text(), 0
        for b in buildings:
            p = b.progress
            done = p.total > 0 and p.open == 0
            chip = Text(
                t("building.name", self.lang, n=b.number), self.mark_style("done") if done else ""
            )
            mark = self.building_mark(b.status)
            if mark:
                chip.append(" ").append_text(mark)
            chip.append(" " + t("tasks.progress", self.lang, done=p.handled, total=p.total))
            if line and 0 < width < line + 3 + chip.cell_len:
                out.append("\n")
                line = 0
            elif line:
                out.append("   ")
                line += 3
            out.append_text(chip)
            line += chip.cell_len
        return out

    def on_resize(self) -> None:
        self._draw_summary()

    def _draw_summary(self) -> None:
        """Draw the lines above the table."""

    def _show_chips(self, buildings: Iterable[BuildingProgress]) -> None:
        static = self.query_one(".tasks-buildings", Static)
        self.put(static, self.chips(buildings, static.content_size.width))

    def put(self, static: Static, text: Text | str) -> None:
        """Update a line above the table; skip it when unchanged, and skip the layout
        pass when it keeps its number of lines (a tick changes numbers, not sizes)."""
        key = (str(text), tuple(text.spans) if isinstance(text, Text) else ())
        old = self._texts.get(id(static))
        if old == key:
            return
        same_height = old is not None and old[0].count("\n") == key[0].count("\n")
        self._texts[id(static)] = key
        # The lines quote names and notes people typed: text, never markup.
        shown = safe_rich(text, lines=True) if isinstance(text, Text) else plain_lines(text)
        static.update(shown, layout=not same_height)
