"""The Buildings tab (9): one cell per building, for the leaders.

Imported when the tab is first opened (tui/tabs.py). The pane is given a
``BuildingsView`` (dutyboard.views.buildings) and shows a grid: each cell has the
building's number and status in its border (coloured by status in buildings.tcss),
since when and its latest case, the days left to the earliest lift, and its open
deliveries, parcels and disinfection of the day. The arrow keys move the cursor; ``s``
sets the building's status (leaders: greyed for volunteers, and the core refuses
them too), ``h`` or Enter shows its history (dutyboard.tui.building_dialogs). A
change is saved by the app, which then marks every tab stale, so Testing,
Disinfection and Deliveries show it when next drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from dutyboard.i18n import long_date, t
from dutyboard.tui.building_dialogs import history_flow, status_flow
from dutyboard.tui.safe_text import safe
from dutyboard.tui.task_pane import TaskPane
from dutyboard.views.buildings import (
    GRID_KINDS,
    BuildingRow,
    BuildingsView,
    build_buildings,
    lift_text,
    since_text,
    state_name,
    work_text,
)

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp

CELL_WIDTH = 38  # cells of a building's cell, its border and the gap after it
STATE_ORDER = ("positive", "sealed", "controlled", "normal")


def widgets(tab: str, lang: str) -> list[Widget]:
    """The widgets of the tab, made when it is first opened (tui/tabs.py)."""
    return [BuildingsPane(lang, id="buildings-pane")]


def render(app: DutyboardApp, tab: str = "buildings") -> None:
    """Fresh data for the tab (tui/tabs.py)."""
    pane = app.query_one("#buildings-pane", BuildingsPane)
    leader = bool(app.who and app.who.is_leader)
    if leader != pane.leader:  # someone else at the keyboard: s greyed or not
        pane.leader = leader
        pane.refresh_bindings()
    with app.board.lock:  # the saver may be writing the tables read here
        view = build_buildings(app.board)
    pane.show(view)


class BuildingCell(Static):
    """One building. Its look comes from its classes: ``-STATE`` and ``-cursor``."""

    class Clicked(Message):
        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, number: int) -> None:
        super().__init__(id=f"building-{number}", classes="building-cell")
        self.number = number

    def show(self, row: BuildingRow, lang: str) -> None:
        self.border_title = Text(
            f"{t('building.name', lang, n=row.number)} · {state_name(row.state, lang)}"
        )
        since = since_text(row, lang)
        if not row.known:
            since = t("buildings.grid.unknown_since", lang)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(since)
        text.append("\n")
        text.append(lift_text(row, lang), "bold" if row.days_left == 0 else "")
        text.append("\n")
        text.append(work_text(row, lang, GRID_KINDS, short=True), "" if row.open else "dim")
        self.update(safe(text))
        for state in STATE_ORDER:
            self.set_class(row.state == state, f"-{state}")

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Clicked(self.number))


class BuildingGrid(Container, can_focus=True):
    """The cells in rows as wide as the screen allows; the arrow keys move the cursor."""

    BINDINGS = [
        Binding("left", "move(-1, 0)", "Left", show=False),
        Binding("right", "move(1, 0)", "Right", show=False),
        Binding("up", "move(0, -1)", "Up", show=False),
        Binding("down", "move(0, 1)", "Down", show=False),
        Binding("home", "go(0)", "First", show=False),
        Binding("end", "go(-1)", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.numbers: list[int] = []
        self.cells: list[BuildingCell] = []  # in the order of ``numbers``

    @property
    def columns(self) -> int:
        return max(1, (self.size.width or 120) // CELL_WIDTH)

    def on_resize(self) -> None:
        self.styles.grid_size_columns = self.columns

    def set_rows(self, rows: tuple[BuildingRow, ...], lang: str) -> None:
        numbers = [r.number for r in rows]
        if numbers != self.numbers:  # the first time (buildings come from the config)
            keep = self.current
            for old in self.cells:
                old.remove()
            self.numbers = numbers
            self.cells = [BuildingCell(n) for n in numbers]
            self.mount_all(self.cells)
            self.set_reactive(BuildingGrid.cursor, numbers.index(keep) if keep in numbers else 0)
        for cell, row in zip(self.cells, rows, strict=True):
            cell.show(row, lang)
        self._mark()

    def _mark(self) -> None:
        for i, cell in enumerate(self.cells):
            cell.set_class(i == self.cursor, "-cursor")

    def watch_cursor(self) -> None:
        self._mark()
        if 0 <= self.cursor < len(self.cells):
            self.scroll_to_widget(self.cells[self.cursor], animate=False)

    @property
    def current(self) -> int | None:
        """The number of the building under the cursor."""
        return self.numbers[self.cursor] if 0 <= self.cursor < len(self.numbers) else None

    def action_move(self, dx: int, dy: int) -> None:
        if self.numbers:
            step = dx + dy * self.columns
            self.cursor = min(len(self.numbers) - 1, max(0, self.cursor + step))

    def action_go(self, index: int) -> None:
        if self.numbers:
            self.cursor = index % len(self.numbers)

    def on_building_cell_clicked(self, event: BuildingCell.Clicked) -> None:
        if event.number in self.numbers:
            self.cursor = self.numbers.index(event.number)
        self.focus()


class BuildingsPane(TaskPane):
    """The summary and the grid. ``s`` (leaders) sets the status of the building under
    the cursor, ``h`` or Enter shows its history."""

    BINDINGS = [
        Binding("s", "set_status", "Set status", id="buildings.key.set"),
        Binding("h", "history", "History", id="buildings.key.history"),
        Binding("enter", "history", "History", show=False, id="buildings.key.history"),
    ]

    def __init__(self, lang: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(lang, id=id, classes=classes)
        self.leader = False
        self.view: BuildingsView | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="tasks-summary")
        yield BuildingGrid(id="buildings-grid")

    def show(self, view: BuildingsView) -> None:
        if view == self.view and self.is_mounted:
            return
        self.view = view
        if self.is_mounted:
            self._draw()

    @property
    def grid(self) -> BuildingGrid:
        return self.query_one(BuildingGrid)

    def current(self) -> BuildingRow | None:
        if self.view is None or not self.is_mounted:
            return None
        number = self.grid.current
        return self.view.row(number) if number is not None else None

    def _draw(self) -> None:
        view, lang = self.view, self.lang
        text = Text()
        if view is not None:
            text.append(t("buildings.title", lang, date=long_date(view.day, lang)), "bold")
            text.append("  ")
            counts = {s: view.count(s) for s in STATE_ORDER}
            text.append(t("buildings.cli.counts", lang, **counts))
            self.grid.set_rows(view.rows, lang)
        self.put(self.query_one(".tasks-summary", Static), text)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "set_status":
            if self.current() is None:
                return None
            return True if self.leader else None  # greyed: leaders only (the core refuses too)
        if action == "history":
            return True if self.current() is not None else None
        return True

    def action_set_status(self) -> None:
        row = self.current()
        if row is not None:
            status_flow(self.duty, row)

    def action_history(self) -> None:
        row = self.current()
        if row is not None:
            history_flow(self.duty, row.number)
