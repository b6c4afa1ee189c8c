"""The Medicine tab (6): requests and the stage each has reached, late ones first to
the eye. Space moves a request on a stage; n makes a new one."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from dutyboard.groups import medicine
from dutyboard.i18n import long_date, t
from dutyboard.tui.care_pane_base import CarePaneBase
from dutyboard.tui.medicine_request import medicine_request_flow
from dutyboard.tui.safe_text import SafeTable
from dutyboard.tui.tables import cursor_key
from dutyboard.views.medicine import MedicineView


class MedicinePane(CarePaneBase):
    BINDINGS = [
        Binding("space", "advance", "Next stage", id="care.med.key.advance"),
        Binding("n", "new_request", "New request", id="care.med.key.new"),
        Binding("h,enter", "household", "Household", id="care.key.household"),
    ]
    view: MedicineView | None

    def compose(self) -> ComposeResult:
        yield Static(classes="tasks-summary")
        yield Static(classes="tasks-empty")
        yield SafeTable(cursor_type="row", zebra_stripes=True, classes="tasks-table")

    def _draw(self) -> None:
        lang, view = self.lang, self.view
        table = self._table()
        keep = cursor_key(table)
        table.clear(columns=True)
        cols = ("code", "address", "medicine", "quantity", "marks", "stage", "raised", "due")
        for key in cols:
            shared = key in ("code", "address", "raised")
            table.add_column(
                t(f"care.col.{key}" if shared else f"care.med.col.{key}", lang), key=key
            )
        rows = view.rows if view else ()
        for r in rows:
            done = r.stage == "delivered"
            marks = Text()
            if r.urgent and not done:
                marks.append(t("care.med.urgent", lang) + " ", self.mark_style("overdue"))
            if r.prescription:
                marks.append(t("care.med.rx", lang) + " ", self.mark_style("muted"))
            if r.from_care:
                marks.append(t("care.med.from_care", lang), self.mark_style("muted"))
            stage_style = self.mark_style("done") if done else ""
            due = Text(r.due, self.mark_style("muted"))
            if r.overdue:
                due = Text(f"{t('care.med.late', lang)} {r.due}", self.mark_style("overdue"))
            if done:
                due = Text(r.done, self.mark_style("done"))
            table.add_row(
                Text(r.code, self.mark_style("muted")),
                Text(r.address, self.mark_style("overdue") if r.overdue else ""),
                Text(r.medicine),
                Text(r.quantity),
                marks,
                Text(t(f"care.med.stage.{r.stage}", lang), stage_style),
                Text(r.raised, self.mark_style("muted")),
                due,
                key=r.task_id,
            )
        self._keep_cursor(table, [r.task_id for r in rows], keep)
        self._draw_summary()
        self.refresh_bindings()

    def _draw_summary(self) -> None:
        view, lang = self.view, self.lang
        text = Text()
        if view is not None:
            text.append(t("care.med.title", lang, date=long_date(view.day, lang)), "bold")
            text.append("  ")
            text.append(
                t("care.med.summary", lang, open=view.open, late=view.overdue, urgent=view.urgent),
                self.mark_style("overdue") if view.overdue else "",
            )
        self.put(self.query_one(".tasks-summary", Static), text)
        empty = t("care.med.none", lang) if view is not None and not view.rows else ""
        self.put(self.query_one(".tasks-empty", Static), empty)
        self.set_class(bool(empty), "-empty")

    def _current(self) -> Any:
        key = cursor_key(self._table()) if self.is_mounted else None
        return self.view.row(key) if key and self.view else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        current = self._current()
        if action == "advance" and (current is None or current.stage == "delivered"):
            return None
        if action == "household" and current is None:
            return None
        return super().check_action(action, parameters)

    def action_advance(self) -> None:
        row, app = self._current(), self.duty
        who = app.who
        if row is None or who is None:
            app.bell()
            return
        task = app.board.task(row.task_id)
        if task is None:
            return

        def moved(stage: str) -> None:
            label = t(f"care.med.stage.{stage}", app.lang)
            app.notify(t("care.med.moved", app.lang, code=row.code, stage=label))

        app.submit(lambda: medicine.set_stage(app.board, who, task), moved)

    def action_new_request(self) -> None:
        medicine_request_flow(self.duty)

    def action_household(self) -> None:
        row = self._current()
        if row is not None:
            self.open_household(row.household_id)
