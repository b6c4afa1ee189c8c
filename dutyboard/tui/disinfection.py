"""The Disinfection pane: today's checklist as a grid, buildings (and rounds) × items,
then the common areas. Positive buildings come first and are marked; items past due
stand out. It is given its data (``show``) and posts ticks up; it never touches the board.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from dutyboard.i18n import long_date, t
from dutyboard.tui.safe_text import SafeTable
from dutyboard.tui.task_messages import TaskReopen, TaskTick
from dutyboard.tui.task_pane import TaskPane
from dutyboard.views.deliveries import carried_label
from dutyboard.views.disinfection import (
    ChecklistCell,
    ChecklistRow,
    DisinfectionView,
    build_disinfection,
)

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp

PLACE, PROGRESS = "place", "progress"


def widgets(tab: str, lang: str) -> list[Widget]:
    """The widgets of the tab, made when it is first opened (tui/tabs.py)."""
    return [DisinfectionPane(lang, id="disinfection-pane")]


def render(app: DutyboardApp, tab: str = "disinfection") -> None:
    """Fresh data for the tab (tui/tabs.py)."""
    view = build_disinfection(app.board, app.board.today, app.lang, app.clock.now())
    app.query_one("#disinfection-pane", DisinfectionPane).show(view)


class DisinfectionPane(TaskPane):
    """Space: tick the item under the cursor (again: back to open); b: next building."""

    BINDINGS = [
        Binding("space", "toggle_done", "Done/undo", id="tasks.key.tick"),
        Binding("b", "next_building", "Next building", id="tasks.key.building"),
    ]

    class Tick(TaskTick):
        """Mark these checklist tasks done (by whoever is at the laptop, now)."""

    class Reopen(TaskReopen):
        """Put these checklist tasks back to open."""

    def __init__(self, lang: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(lang, id=id, classes=classes)
        self.view: DisinfectionView | None = None
        self._headings: tuple[tuple[str, str], ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(classes="tasks-summary")
        yield Static(classes="tasks-buildings")
        yield Static(classes="tasks-empty")
        yield SafeTable(
            cursor_type="cell", zebra_stripes=True, fixed_columns=2, classes="tasks-table"
        )

    def show(self, view: DisinfectionView) -> None:
        """Fresh data from the board (after a save, a reload, a language change)."""
        if view == self.view and self.is_mounted and self._table().row_count:
            return
        self.view = view
        if self.is_mounted:
            self._draw()

    # ---------------------------------------------------------------- drawing

    def _relabel(self) -> None:
        self._headings = ()  # the next _draw lays the columns out again

    def _draw(self) -> None:
        table = self._table()
        view = self.view
        here = table.cursor_coordinate
        keep = self._cell_key()
        headings = (
            (PLACE, t("tasks.col.place", self.lang)),
            (PROGRESS, t("tasks.col.progress", self.lang)),
            *((c.key, c.label) for c in (view.columns if view else ())),
        )
        if headings != self._headings:
            table.clear(columns=True)
            for key, label in headings:
                table.add_column(label, key=key)
            self._headings = headings
        else:
            table.clear()
        rows = view.rows if view else ()
        for r in rows:
            table.add_row(self._place(r), self._progress(r), *map(self._cell, r.cells), key=r.key)
        if rows:
            keys = [r.key for r in rows]
            row = keys.index(keep[0]) if keep and keep[0] in keys else min(here.row, len(rows) - 1)
            column = table.get_column_index(keep[1]) if keep and keep[1] in table.columns else 2
            table.move_cursor(row=row, column=column)
        self._draw_summary()
        self.refresh_bindings()

    def _place(self, r: ChecklistRow) -> Text:
        if r.building is None:
            return Text(r.label or t("tasks.dis.other", self.lang))
        name = t("building.name", self.lang, n=r.building)
        if r.rounds > 1:
            name += " " + t("round", self.lang, n=r.round)
        text = Text(name, self.mark_style(r.status) if r.status in ("positive", "sealed") else "")
        mark = self.building_mark(r.status)
        return text.append(" ").append_text(mark) if mark else text

    def _progress(self, r: ChecklistRow) -> Text:
        p = r.progress
        done = p.total > 0 and p.open == 0
        return Text(
            t("tasks.progress", self.lang, done=p.handled, total=p.total),
            self.mark_style("done") if done else "",
        )

    def _cell(self, c: ChecklistCell | None) -> Text:
        if c is None:
            return Text("")
        if c.status == "done":
            return Text(
                t("tasks.done_at", self.lang, time=c.done_at).rstrip(), self.mark_style("done")
            )
        if c.overdue:
            text = Text(t("tasks.dis.late", self.lang, time=c.due), self.mark_style("overdue"))
        else:
            due = t("tasks.dis.due", self.lang, time=c.due) if c.due else ""
            text = Text(due, self.mark_style("muted"))
        if c.carried_from:  # left open on an earlier day
            label = carried_label(c.carried_from, self.lang)
            text.append((" " if text else "") + label, self.mark_style("muted"))
        return text

    def _draw_summary(self) -> None:
        view, lang = self.view, self.lang
        summary = Text()
        if view is not None:
            p = view.progress
            summary.append(t("tasks.dis.title", lang, date=long_date(view.day, lang)), "bold")
            summary.append("  ").append_text(self.bar(p))
            summary.append(" " + t("tasks.progress", lang, done=p.handled, total=p.total))
            if view.overdue:
                summary.append(
                    "  " + t("tasks.dis.overdue", lang, n=view.overdue), self.mark_style("overdue")
                )
        self.put(self.query_one(".tasks-summary", Static), summary)
        buildings = view.building_progress() if view else []
        self._show_chips(buildings)
        empty = t("tasks.dis.none", lang) if view is not None and not view.rows else ""
        self.put(self.query_one(".tasks-empty", Static), empty)
        self.set_class(bool(empty), "-empty")

    # ---------------------------------------------------------------- acting

    def _cell_key(self) -> tuple[str, str] | None:
        table = self._table()
        if self.view is None or not table.row_count or not table.columns:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(key.row_key.value), str(key.column_key.value)

    def _current(self) -> ChecklistCell | None:
        key = self._cell_key() if self.is_mounted else None
        return self.view.cell(*key) if key and self.view else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_done" and self._current() is None:
            return None  # greyed out: no checklist item under the cursor
        if action == "next_building" and not (self.view and self.view.rows):
            return None
        return True

    def action_toggle_done(self) -> None:
        key, cell = self._cell_key(), self._current()
        if key is None or cell is None or self.view is None:
            return
        message: Message
        if cell.status == "open":
            message = self.Tick(self, cell.open_ids)
            self.view = self.view.with_status(cell.open_ids, "done")
        else:
            message = self.Reopen(self, cell.task_ids)
            self.view = self.view.with_status(cell.task_ids, "open")
        row = next(r for r in self.view.rows if r.key == key[0])
        table = self._table()
        table.update_cell(key[0], key[1], self._cell(self.view.cell(*key)), update_width=True)
        table.update_cell(key[0], PROGRESS, self._progress(row))
        self._draw_summary()
        self.refresh_bindings()
        self.send_up(message)

    def action_next_building(self) -> None:
        rows = self.view.rows if self.view else ()
        if not rows:
            return
        table = self._table()
        starts = [i for i, r in enumerate(rows) if i == 0 or r.building != rows[i - 1].building]
        here = table.cursor_row
        table.move_cursor(row=next((i for i in starts if i > here), starts[0]))
