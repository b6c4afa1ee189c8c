"""The Deliveries pane: today's batches, progress per batch and building, a row per
household, then the courier parcels with the shelf count per building (tui/parcels.py
draws their cells). It is given its data (``show``) and posts what people do
(messages up); it never touches the board.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from dutyboard.i18n import long_date, t
from dutyboard.storage.text import squeezed
from dutyboard.tui import parcels
from dutyboard.tui.fail_reason import FailReason
from dutyboard.tui.safe_text import SafeTable
from dutyboard.tui.tables import cursor_key
from dutyboard.tui.task_messages import TaskFail, TaskReopen, TaskTick
from dutyboard.tui.task_pane import TaskPane
from dutyboard.views.deliveries import (
    DeliveriesView,
    DeliveryRow,
    build_deliveries,
    carried_label,
)

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp

NOTE_CELLS = 24  # a longer note is cut short in its cell (the batch sheet has it all)


def widgets(tab: str, lang: str) -> list[Widget]:
    """The widgets of the tab, made when it is first opened (tui/tabs.py)."""
    return [Static(id="building-filter"), DeliveriesPane(lang, id="deliveries-pane")]


def render(app: DutyboardApp, tab: str = "deliveries") -> None:
    """Fresh data for the tab (tui/tabs.py), of the building chosen if any."""
    view = build_deliveries(app.board, app.board.today, app.lang, app.clock.now())
    pane = app.query_one("#deliveries-pane", DeliveriesPane)
    pane.leader = bool(app.who and app.who.is_leader)
    pane.show(view.only_building(app.building))


class DeliveriesPane(TaskPane):
    """Space: delivered (or back to open; a parcel: to the door); f: not delivered;
    o: open only / all; b: the next building's first row; c: who carries this
    building of the batch (leaders); k: parcels at the gate; p: a parcel picked up."""

    COMPONENT_CLASSES: ClassVar[set[str]] = TaskPane.COMPONENT_CLASSES | {
        "tasks--door",
        "tasks--shelf",
        "tasks--note",
    }
    BINDINGS = [
        Binding("space", "toggle_done", "Delivered/undo", id="tasks.key.delivered"),
        Binding("f", "fail", "Not delivered", id="tasks.key.fail"),
        Binding("o", "filter", "Open/all", id="tasks.key.filter"),
        Binding("b", "next_building", "Next building", id="tasks.key.building"),
        Binding("h", "household", "Household", id="care.key.household"),
        Binding("c", "carrier", "Carrier", id="deliveries.key.carrier"),
        Binding("k", "parcels", "Parcels", id="deliveries.key.parcels"),
        Binding("p", "pickup", "Picked up", id="deliveries.key.pickup"),
    ]
    COLUMNS = ("address", "mark", "items", "carrier", "status", "batch")

    open_only: reactive[bool] = reactive(False, init=False)
    leader: reactive[bool] = reactive(False, init=False, bindings=True)

    class Tick(TaskTick):
        """Mark these deliveries delivered (by whoever is at the laptop, now)."""

    class Fail(TaskFail):
        """This delivery failed; ``reason`` is a reason key or words typed in."""

    class Reopen(TaskReopen):
        """Put these deliveries back to open."""

    # Plain classes, as in task_messages.py; the app handles them by name
    # (on_deliveries_pane_carrier ...) so it need not import this module to start.
    # The parcels' two live in tui/parcels.py.
    class Carrier(Message):
        """A leader wants to change who carries ``building`` in batch ``batch``."""

        def __init__(self, pane: DeliveriesPane, batch: str, building: int) -> None:
            super().__init__()
            self.pane = pane
            self.batch = batch
            self.building = building

        @property
        def control(self) -> DeliveriesPane:
            return self.pane

    Parcels = parcels.Parcels
    HandOver = parcels.HandOver

    def __init__(self, lang: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(lang, id=id, classes=classes)
        self.view: DeliveriesView | None = None
        self._shown: tuple[DeliveryRow, ...] = ()  # the rows the table holds now

    def compose(self) -> ComposeResult:
        yield Static(classes="tasks-summary")
        yield Static(classes="tasks-buildings")
        yield Static(classes="parcels-shelf")
        yield Static(classes="tasks-empty")
        yield SafeTable(cursor_type="row", zebra_stripes=True, classes="tasks-table")

    def show(self, view: DeliveriesView) -> None:
        """Fresh data from the board (after a save, a reload, a language change)."""
        self.view = view
        if self.is_mounted:
            self._draw()

    def watch_open_only(self) -> None:
        if self.is_mounted:
            self._draw()

    # ---------------------------------------------------------------- drawing

    def _relabel(self) -> None:
        table = self._table()
        self._shown = ()
        table.clear(columns=True)
        for key in self.COLUMNS:
            table.add_column(t(f"tasks.col.{key}", self.lang), key=key)

    def _rows(self) -> tuple[DeliveryRow, ...]:
        return self.view.visible(self.open_only) if self.view else ()

    def _draw(self) -> None:
        table = self._table()
        rows = self._rows()
        shown = self._shown
        if (
            shown
            and len(shown) == len(rows)
            and all(a.task_id == b.task_id for a, b in zip(shown, rows, strict=True))
        ):
            # Same rows in the same order (the usual case after a tick is saved): change
            # only the cells that differ, so the table keeps its layout and cursor.
            for old, new in zip(shown, rows, strict=True):
                if old != new:
                    for key, cell in zip(self.COLUMNS, self._cells(new), strict=True):
                        table.update_cell(new.task_id, key, cell, update_width=True)
            self._shown = rows
            self._draw_summary()
            self.refresh_bindings()
            return
        keep = self._current()
        index = table.cursor_row
        table.clear()
        for r in rows:
            table.add_row(*self._cells(r), key=r.task_id)
        self._shown = rows
        if rows:
            ids = [r.task_id for r in rows]
            table.move_cursor(
                row=ids.index(keep.task_id)
                if keep and keep.task_id in ids
                else min(index, len(rows) - 1)
            )
        self._draw_summary()
        self.refresh_bindings()

    def _cells(self, r: DeliveryRow) -> list[Text]:
        assert self.view is not None
        if r.is_parcel:
            return parcels.cells(self, r)
        return [
            self.address(r),
            self.building_mark(r.building_status),
            self._items(r),
            Text(r.carrier or "—", "" if r.carrier else self.mark_style("muted")),
            self._status(r),
            Text(self.view.batch_name(r.batch), self.mark_style("muted")),
        ]

    def address(self, r: DeliveryRow) -> Text:
        """The address, and "送到门口" when its building is sealed or positive."""
        cell = Text(r.address)
        if r.door_only:
            cell.append("  " + t("deliveries.door_only", self.lang), self.mark_style("door"))
        return cell

    def _items(self, r: DeliveryRow) -> Text:
        """What it carries, what the count left out, and the order's note (as text)."""
        cell = Text(r.items)
        if r.short:
            short = t("deliveries.short", self.lang, items=squeezed(r.short))
            cell.append(("  " if r.items else "") + short, self.mark_style("failed"))
        if r.note:
            note = t("deliveries.note", self.lang, note=parcels.clip(r.note, NOTE_CELLS))
            cell.append("  " + note, self.mark_style("note"))
        return cell

    def _status(self, r: DeliveryRow) -> Text:
        if r.is_parcel:
            return parcels.status(self, r)
        if r.status == "done":
            text = t("tasks.status.done", self.lang, time=r.done_at).rstrip()
            return Text(text, self.mark_style("done"))
        if r.status == "failed":
            return Text(
                t("tasks.status.failed", self.lang, reason=r.reason), self.mark_style("failed")
            )
        status = Text(t("tasks.status.open", self.lang))
        if r.carried_from:
            status.append(" " + carried_label(r.carried_from, self.lang), self.mark_style("muted"))
        return status

    def _draw_summary(self) -> None:
        view, lang = self.view, self.lang
        summary = Text()
        if view is not None:
            p = view.progress
            summary.append(
                t("tasks.deliveries.title", lang, date=long_date(view.day, lang)), "bold"
            )
            summary.append("  " + t("tasks.progress", lang, done=p.handled, total=p.total))
            if p.failed:
                summary.append(
                    "  " + t("tasks.failed_count", lang, n=p.failed), self.mark_style("failed")
                )
            shown = "tasks.filter.open" if self.open_only else "tasks.filter.all"
            summary.append("  [" + t(shown, lang) + "]", self.mark_style("muted"))
            for batch, bp in view.batch_progress():
                summary.append("\n" + batch.name)
                if batch.arrives:
                    arrives = t("tasks.batch.arrives", lang, time=batch.arrives)
                    summary.append(f" ({arrives})", self.mark_style("muted"))
                summary.append("  ").append_text(self.bar(bp))
                summary.append(" " + t("tasks.progress", lang, done=bp.handled, total=bp.total))
                if bp.failed:
                    summary.append(
                        "  " + t("tasks.failed_count", lang, n=bp.failed), self.mark_style("failed")
                    )
            summary.append_text(parcels.summary(self, view))
        self.put(self.query_one(".tasks-summary", Static), summary)
        buildings = view.building_progress() if view else []
        self._show_chips(buildings)
        shelf = parcels.shelf_line(self, view) if view else Text()
        self.put(self.query_one(".parcels-shelf", Static), shelf)
        self.set_class(not shelf, "-no-parcels")
        empty = ""
        if view is not None and not view.rows and not view.parcels:
            empty = t("tasks.deliveries.none", lang)
        elif view is not None and not self._rows():
            empty = t("tasks.deliveries.all_done", lang)
        self.put(self.query_one(".tasks-empty", Static), empty)
        self.set_class(bool(empty), "-empty")

    # ---------------------------------------------------------------- acting

    def _current(self) -> DeliveryRow | None:
        if self.view is None or not self.is_mounted:
            return None
        key = cursor_key(self._table())
        return self.view.row(key) if key else None

    def _apply(self, task_id: str, status: str, reason: str = "", handed: str = "") -> None:
        """Show the change at once; the app saves it and sends fresh data later."""
        assert self.view is not None
        self.view = self.view.with_status((task_id,), status, reason, handed)
        row = self.view.row(task_id)
        table = self._table()
        if row is not None and task_id in table.rows:
            table.update_cell(task_id, "status", self._status(row), update_width=True)
            self._shown = tuple(row if r.task_id == task_id else r for r in self._shown)
        self._draw_summary()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        row = self._current()
        if action in ("toggle_done", "fail", "next_building") and row is None:
            return None  # shown greyed out: there is no row under the cursor
        if action == "fail" and row is not None and row.is_parcel:
            return None  # a parcel waits on the shelf; it is not "not delivered"
        if action == "household" and (row is None or not self._household_of(row.task_id)):
            return None  # a delivery typed in with an address only has no household page
        if action == "carrier":  # leaders, on a delivery of a batch (the core checks too)
            return True if self.leader and self._carried(row) else None
        if action == "pickup":  # an open parcel of a building whose people may come down
            return True if self._on_shelf(row) and not (row and row.door_only) else None
        return True

    @staticmethod
    def _carried(row: DeliveryRow | None) -> bool:
        """A delivery of a batch in a known building (someone carries it)."""
        return (
            row is not None and not row.is_parcel and bool(row.batch) and row.building is not None
        )

    @staticmethod
    def _on_shelf(row: DeliveryRow | None) -> bool:
        return row is not None and row.is_parcel and row.status == "open"

    def _household_of(self, task_id: str) -> str | None:
        board = getattr(self.app, "board", None)  # None in a bare test app
        task = board.task(task_id) if board is not None else None
        return task.household if task is not None else None

    def action_toggle_done(self) -> None:
        row = self._current()
        if row is None:
            return
        if row.status == "open" and row.is_parcel:
            self._hand_over(row, "door")
        elif row.status == "open":
            self._apply(row.task_id, "done")
            self.send_up(self.Tick(self, (row.task_id,)))
            self._table().action_cursor_down()
        else:
            self._apply(row.task_id, "open")
            self.send_up(self.Reopen(self, (row.task_id,)))

    def _hand_over(self, row: DeliveryRow, how: str) -> None:
        self._apply(row.task_id, "done", handed=how)
        self.send_up(self.HandOver(self, (row.task_id,), how))
        self._table().action_cursor_down()

    def action_pickup(self) -> None:
        """The parcel was collected from the shelf (never for a sealed building)."""
        row = self._current()
        if row is not None and self._on_shelf(row) and not row.door_only:
            self._hand_over(row, "pickup")

    def action_carrier(self) -> None:
        row = self._current()
        if row is not None and row.building is not None and self._carried(row):
            self.send_up(self.Carrier(self, row.batch, row.building))

    def action_parcels(self) -> None:
        self.send_up(self.Parcels(self))

    def action_household(self) -> None:
        """The household page of the row's household (dutyboard.tui.household_page)."""
        row = self._current()
        household = self._household_of(row.task_id) if row else None
        if household:
            self.open_household(household)

    def action_fail(self) -> None:
        row = self._current()
        if row is None or self.view is None:
            return

        def chosen(reason: str | None) -> None:
            if reason:
                self._apply(row.task_id, "failed", reason)
                self.send_up(self.Fail(self, row.task_id, reason))

        self.app.push_screen(FailReason(self.view.fail_reasons, self.lang, row.address), chosen)

    def action_filter(self) -> None:
        self.open_only = not self.open_only

    def action_next_building(self) -> None:
        rows = self._rows()
        if not rows:
            return
        starts = [
            i
            for i, r in enumerate(rows)
            if i == 0 or (r.batch, r.building) != (rows[i - 1].batch, rows[i - 1].building)
        ]
        here = self._table().cursor_row
        self._table().move_cursor(row=next((i for i in starts if i > here), starts[0]))
