"""The Care (5), Medicine (6) and Testing (7) tabs.

Imported only when one of these tabs is first opened (app.py ``LAZY_PANES``). Like the
other panes they are given plain data (``show``) built by dutyboard.views; what people
do goes to the app's saver (``app.submit``), which runs the core function in its
worker and redraws. Leader-only keys are greyed out for volunteers (``check_action``);
the core refuses them too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Static

from dutyboard.i18n import long_date, t
from dutyboard.tui.deliveries import TaskPane
from dutyboard.tui.safe_text import SafeTable
from dutyboard.tui.tables import cursor_key
from dutyboard.views.care import CareView, NeedRow
from dutyboard.views.medicine import MedicineView
from dutyboard.views.testing import TestingView

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp

CARE_TABS = ("care", "medicine", "testing")
CHART_WIDTH = 40
# Columns of free text get a fixed width (longer text is cut) so that the columns after
# them stay on a 120-column screen.
WIDTHS = {"people": 30, "help": 30, "need": 36, "helpers": 20}


def lazy_widgets(tab: str, lang: str) -> list[Widget]:
    """The widgets of a tab, made when the tab is first opened."""
    pane = {"care": CarePane, "medicine": MedicinePane, "testing": TestingPane}[tab]
    return [pane(lang, id=f"{tab}-pane")]


def render_tab(app: DutyboardApp, tab: str) -> None:
    """Fresh data for one of these tabs (the app calls it from ``_render_tab``)."""
    board, lang, now = app.board, app.lang, app.clock.now()
    leader = bool(app.who and app.who.is_leader)
    if tab == "care":
        from dutyboard.groups.care import off_register
        from dutyboard.views.care import build_care

        care_pane = app.query_one("#care-pane", CarePane)
        care_pane.leader = leader
        care_pane.off_count = len(off_register(board))
        care_pane.show(build_care(board, lang, now))
    elif tab == "medicine":
        from dutyboard.views.medicine import build_medicine

        med = app.query_one("#medicine-pane", MedicinePane)
        med.leader = leader
        med.show(build_medicine(board, lang, now))
    elif tab == "testing":
        from dutyboard.views.testing import build_testing

        test = app.query_one("#testing-pane", TestingPane)
        test.leader = leader
        test.show(build_testing(board, lang, now))


class _CarePaneBase(TaskPane):
    """What the three panes share: the app, who is here, leader-only keys."""

    LEADER_ONLY: frozenset[str] = frozenset()

    def __init__(self, lang: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(lang, id=id, classes=classes)
        self.leader = False
        self.view: Any = None

    def show(self, view: Any) -> None:
        if view == self.view and self.is_mounted:
            return
        self.view = view
        if self.is_mounted:
            self._draw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.LEADER_ONLY and not self.leader:
            return None  # greyed out: leaders only
        return True

    def on_mount(self) -> None:
        super().on_mount()
        self._table().focus()  # the pane's first table (Care: the register)

    def _keep_cursor(self, table: DataTable[Any], keys: list[str], keep: str | None) -> None:
        if keys and keep in keys:
            table.move_cursor(row=keys.index(keep), animate=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row (the table takes the key before the pane's binding)."""
        event.stop()
        action = getattr(self, "action_household", None)
        if action is not None:
            action()


# ---------------------------------------------------------------- care


class CarePane(_CarePaneBase):
    """The register (overdue calls first) and the needs followed until met."""

    BINDINGS = [
        Binding("p", "log_call", "Log call", id="care.key.log"),
        Binding("h,enter", "household", "Household", id="care.key.household"),
        Binding("space", "need_done", "Met/undo", id="care.key.need_done"),
        Binding("e", "edit_entry", "Edit", id="care.key.edit"),
        Binding("g", "coverage", "Coverage", id="care.key.coverage"),
        Binding("x", "take_off", "Off register", id="care.key.off"),
    ]
    LEADER_ONLY = frozenset({"coverage", "take_off"})
    view: CareView | None
    off_count = 0  # households taken off the register (render_tab sets it)

    def compose(self) -> ComposeResult:
        yield Static(classes="tasks-summary")
        # Each table in a box of its own: when the tab is hidden, Textual moves the
        # focus to a focusable sibling, which would bring this tab back to the front.
        with Vertical(id="care-register-box"):
            yield SafeTable(cursor_type="row", zebra_stripes=True, id="care-register")
        yield Static(classes="care-needs-title")
        with Vertical(id="care-needs-box"):
            yield SafeTable(cursor_type="row", zebra_stripes=True, id="care-needs")

    def register_table(self) -> DataTable[Text]:
        return self.query_one("#care-register", DataTable)

    def needs_table(self) -> DataTable[Text]:
        return self.query_one("#care-needs", DataTable)

    def _draw(self) -> None:
        lang, view = self.lang, self.view
        reg = self.register_table()
        keep = cursor_key(reg)
        reg.clear(columns=True)
        for key in ("address", "due", "last", "every", "open", "people", "help"):
            reg.add_column(t(f"care.col.{key}", lang), key=key, width=WIDTHS.get(key))
        rows = view.rows if view else ()
        for r in rows:
            style = self.mark_style("overdue") if r.state == "overdue" else ""
            last = r.last + (" " + r.last_by if r.last_by else "") if r.last else ""
            if not last:
                last = t("care.never", lang)
            due = t(f"care.state.{r.state}", lang) if r.state != "ok" else r.due
            reg.add_row(
                Text(r.address, style),
                Text(due, style or (self.mark_style("sealed") if r.state == "today" else "")),
                Text(last, style),
                Text(t("care.every", lang, n=r.every_days)),
                Text(str(r.open_needs) if r.open_needs else "", self.mark_style("failed")),
                Text(r.people),
                Text(r.help, self.mark_style("muted")),
                key=r.household_id,
            )
        self._keep_cursor(reg, [r.household_id for r in rows], keep)
        needs = self.needs_table()
        keep = cursor_key(needs)
        needs.clear(columns=True)
        for key in ("code", "address", "need", "group", "status", "raised", "helpers"):
            needs.add_column(t(f"care.col.{key}", lang), key=key, width=WIDTHS.get(key))
        for n in view.needs if view else ():
            needs.add_row(*self._need_cells(n), key=n.task_id)
        self._keep_cursor(needs, [n.task_id for n in (view.needs if view else ())], keep)
        self._draw_summary()
        self.refresh_bindings()

    def _need_cells(self, n: NeedRow) -> list[Text]:
        lang = self.lang
        done = n.status == "done"
        status = t(f"care.need.{n.status}", lang)
        if n.stage and not done:
            status += " · " + t(f"care.med.stage.{n.stage}", lang)
        if done and n.done:
            status += " " + n.done
        return [
            Text(n.code, self.mark_style("muted")),
            Text(n.address),
            Text(n.what(lang)),
            Text(n.group),
            Text(status, self.mark_style("done") if done else self.mark_style("failed")),
            Text(n.raised, self.mark_style("muted")),
            Text(n.helpers),
        ]

    def _draw_summary(self) -> None:
        view, lang = self.view, self.lang
        text = Text()
        if view is not None:
            text.append(t("care.title", lang, date=long_date(view.day, lang)), "bold")
            text.append("  ")
            summary = t(
                "care.summary",
                lang,
                n=len(view.rows),
                late=view.overdue,
                today=view.due_today,
                needs=view.open_needs,
            )
            text.append(summary, self.mark_style("overdue") if view.overdue else "")
            if self.off_count:
                off = t("care.off.count", lang, n=self.off_count)
                text.append(" · " + off, self.mark_style("muted"))
        self.put(self.query_one(".tasks-summary", Static), text)
        title = t("care.needs.title", lang)
        if view is not None and not view.needs:
            title += "  " + t("care.needs.none", lang)
        self.put(self.query_one(".care-needs-title", Static), Text(title, "bold"))

    # ------------------------------------------------------------ acting

    def _focused_need(self) -> NeedRow | None:
        table = self.needs_table()
        if self.view is None or not table.has_focus:
            return None
        key = cursor_key(table)
        return self.view.need(key) if key else None

    def _household_here(self) -> str | None:
        need = self._focused_need()
        if need is not None:
            return need.household_id
        if self.needs_table().has_focus:
            return None
        return cursor_key(self.register_table())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "need_done" and (not self.is_mounted or self._focused_need() is None):
            return None
        if (
            action in ("log_call", "edit_entry", "take_off")
            and self.is_mounted
            and self.needs_table().has_focus
        ):
            return None
        return super().check_action(action, parameters)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_log_call(self) -> None:
        hid = cursor_key(self.register_table())
        if hid is None or self.view is None:
            return
        row = self.view.row(hid)
        from dutyboard.tui.care_screens import log_call_flow

        log_call_flow(self.duty, hid, row.address if row else "")

    def action_edit_entry(self) -> None:
        hid = cursor_key(self.register_table())
        if hid is not None:
            from dutyboard.tui.care_screens import register_flow

            register_flow(self.duty, hid)

    def action_take_off(self) -> None:
        """x (leaders): take the household under the cursor off the register, with a
        reason (moved away, in hospital, passed away)."""
        hid = cursor_key(self.register_table())
        row = self.view.row(hid) if hid and self.view else None
        if row is None:
            return
        from dutyboard.tui.care_screens import take_off_flow

        take_off_flow(self.duty, row.household_id, row.address)

    def action_household(self) -> None:
        hid = self._household_here()
        if hid:
            self.open_household(hid)

    def action_need_done(self) -> None:
        need = self._focused_need()
        app = self.duty
        who = app.who
        if need is None or who is None:
            app.bell()
            return
        board = app.board
        task = board.task(need.task_id)
        if task is None:
            return
        if task.kind == "medicine" and task.status == "open":
            from dutyboard.groups import medicine

            app.submit(lambda: medicine.set_stage(board, who, task, "delivered"))
        elif task.status == "open":
            app.submit(lambda: board.tick([task], who))
        else:
            app.submit(lambda: board.reopen([task], who))

    def action_coverage(self) -> None:
        from dutyboard.tui.care_screens import open_coverage

        open_coverage(self.duty)


# ---------------------------------------------------------------- medicine


class MedicinePane(_CarePaneBase):
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
        from dutyboard.groups import medicine

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
        from dutyboard.tui.care_screens import medicine_request_flow

        medicine_request_flow(self.duty)

    def action_household(self) -> None:
        row = self._current()
        if row is not None:
            self.open_household(row.household_id)


# ---------------------------------------------------------------- testing


class TestingPane(_CarePaneBase):
    BINDINGS = [
        Binding("s", "start_round", "Start round", id="care.test.key.start"),
        Binding("space", "next_state", "Call/done", id="care.test.key.next"),
        Binding("e", "end_round", "End round", id="care.test.key.end"),
    ]
    LEADER_ONLY = frozenset({"start_round", "end_round"})
    view: TestingView | None

    def compose(self) -> ComposeResult:
        yield Static(classes="tasks-summary")
        yield SafeTable(cursor_type="row", zebra_stripes=True, classes="tasks-table")
        yield Static(classes="testing-chart")

    def _draw(self) -> None:
        lang, view = self.lang, self.view
        table = self._table()
        keep = cursor_key(table)
        table.clear(columns=True)
        for key in ("order", "building", "mode", "state", "called", "done"):
            table.add_column(t(f"care.test.col.{key}", lang), key=key)
        stops = view.stops if view else ()
        for s in stops:
            mode = (
                t("care.testing.door", lang) if s.door_to_door else t("care.test.route_mode", lang)
            )
            name = Text(t("building.name", lang, n=s.building))
            mark = self.building_mark(s.status)
            if mark:
                name.append(" ").append_text(mark)
            style = {"done": self.mark_style("done"), "called": self.mark_style("sealed")}.get(
                s.state, ""
            )
            table.add_row(
                Text(str(s.order)),
                name,
                Text(mode, self.mark_style("positive") if s.door_to_door else ""),
                Text(t(f"care.stop.{s.state}", lang), style),
                Text(s.called),
                Text(s.done),
                key=s.task_id,
            )
        self._keep_cursor(table, [s.task_id for s in stops], keep)
        table.display = bool(stops)
        self._draw_summary()
        self._draw_chart()
        self.refresh_bindings()

    def _draw_summary(self) -> None:
        view, lang = self.view, self.lang
        text = Text()
        if view is not None:
            if view.running:
                text.append(
                    t(
                        "care.test.running",
                        lang,
                        n=view.number,
                        start=view.started,
                        min=view.elapsed,
                        done=view.done,
                        total=len(view.stops),
                    ),  # fmt: skip
                    "bold",
                )
                if view.stops and view.done == len(view.stops):
                    text.append("\n" + t("care.test.all_done", lang), self.mark_style("done"))
            else:
                text.append(t("care.test.next", lang, n=view.number), "bold")
                text.append("\n" + t("care.test.route", lang))
                text.append(" → ".join(t("building.name", lang, n=n) for n in view.route))
                if view.door_to_door:
                    text.append("\n" + t("care.test.door_list", lang))
                    sep = t("today.list_sep", lang)
                    names = sep.join(t("building.name", lang, n=n) for n in view.door_to_door)
                    text.append(names, self.mark_style("positive"))
        self.put(self.query_one(".tasks-summary", Static), text)

    def _draw_chart(self) -> None:
        from dutyboard.groups.testing_rounds import chart, hours_minutes

        view, lang = self.view, self.lang
        text = Text(t("care.test.history", lang), "bold")
        history = view.history if view else ()
        if not history:
            text.append("\n" + t("care.test.no_history", lang), self.mark_style("muted"))
        points = [(p.number, p.date, p.minutes) for p in history]
        labels = [t("round", lang, n=p.number) for p in history]
        width = max((Text(x).cell_len for x in labels), default=0)
        for p, label, bar in zip(history, labels, chart(points, CHART_WIDTH), strict=True):
            pad = " " * (width - Text(label).cell_len)
            text.append(f"\n{label}{pad} {p.date[5:]} ")
            text.append(bar, self.mark_style("bar-done"))
            text.append(f" {hours_minutes(p.minutes)}")
        self.put(self.query_one(".testing-chart", Static), text)

    def _current(self) -> Any:
        key = cursor_key(self._table()) if self.is_mounted else None
        return self.view.stop(key) if key and self.view else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if action == "start_round" and view is not None and view.running:
            return None
        if action == "end_round" and (view is None or not view.running):
            return None
        if action == "next_state":
            current = self._current()
            if current is None or current.state == "done" or not (view and view.running):
                return None
        return super().check_action(action, parameters)

    def action_start_round(self) -> None:
        from dutyboard.groups import testing_rounds as tr

        app = self.duty
        who = app.leader()
        if who is None:
            return

        def started(r: tr.Round) -> None:
            app.notify(t("care.test.started", app.lang, n=r.number))

        app.submit(lambda: tr.start_round(app.board, who), started)

    def action_next_state(self) -> None:
        from dutyboard.groups import testing_rounds as tr

        app, row = self.duty, self._current()
        who = app.who
        if row is None or who is None:
            app.bell()
            return
        task = app.board.task(row.task_id)
        if task is None:
            return
        if row.state == "open":
            app.submit(lambda: tr.call_building(app.board, who, task))
        else:
            app.submit(lambda: tr.building_done(app.board, who, task))

    def action_end_round(self) -> None:
        from dutyboard.groups import testing_rounds as tr

        app = self.duty
        who = app.leader()
        if who is None:
            return

        view = self.view
        left = [s for s in (view.stops if view else ()) if s.state != "done"]
        if left:
            names = t("today.list_sep", app.lang).join(
                t("building.name", app.lang, n=s.building) for s in left
            )
            app.notify(
                t("care.test.not_done", app.lang, n=len(left), names=names), severity="warning"
            )
            return

        def ended(r: tr.Round) -> None:
            took = tr.hours_minutes(r.minutes or 0)
            app.notify(t("care.test.ended", app.lang, n=r.number, time=took))

        app.submit(lambda: tr.end_round(app.board, who), ended)
