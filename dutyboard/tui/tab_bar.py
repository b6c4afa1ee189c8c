"""The tab bar: one line of tab labels, the open one highlighted.

One widget drawing one line, where Textual's TabbedContent builds some twenty (a Tab
and a Label per tab, an underline, their containers), each styled, laid out and drawn
before the first frame: start-up is benchmarked (tests/bench). The keys 1-7 switch
tabs; a click on a label posts ``Chosen`` and the app switches.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive

from dutyboard.tui.one_line import OneLine


class TabBar(OneLine, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"tab-bar--tab", "tab-bar--active"}

    active: reactive[str] = reactive("")

    class Chosen(Message):
        """A tab's label was clicked."""

        def __init__(self, tab: str) -> None:
            super().__init__()
            self.tab = tab

    def __init__(self, labels: dict[str, str], active: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._labels = dict(labels)
        self._spans: list[tuple[int, int, str]] = []  # cells [start, end) of each label
        self.set_reactive(TabBar.active, active)

    @property
    def labels(self) -> dict[str, str]:
        return dict(self._labels)

    def set_labels(self, labels: dict[str, str]) -> None:
        self._labels = dict(labels)
        self.refresh()

    def render(self) -> Text:
        tab_style = self.get_component_rich_style("tab-bar--tab")
        active_style = self.get_component_rich_style("tab-bar--active")
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        spans = []
        x = 0
        # Too narrow for every label (80 columns in English): the open tab keeps its
        # label, the others show their number, the key that opens them.
        full = sum(cell_len(f" {label} ") + 1 for label in self._labels.values())
        short = full > self.size.width > 0
        for tab, label in self._labels.items():
            if short and tab != self.active:
                label = label.split(" ", 1)[0]
            cell = f" {label} "
            width = cell_len(cell)
            text.append(cell, active_style if tab == self.active else tab_style)
            spans.append((x, x + width, tab))
            text.append(" ")
            x += width + 1
        self._spans = spans
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, tab in self._spans:
            if start <= event.x < end:
                event.stop()
                self.post_message(self.Chosen(tab))
                return
