"""The Care (5), Medicine (6) and Testing (7) tabs, and the Care tab's pane (the
others: medicine_pane.py, testing_pane.py).

Imported only when one of these tabs is first opened (tui/tabs.py). Like the
other panes they are given plain data (``show``) built by dutyboard.views; what people
do goes to the app's saver (``app.submit``), which runs the core function in its
worker and redraws. Leader-only keys are greyed out for volunteers (``check_action``);
the core refuses them too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Static

from dutyboard.groups import medicine
from dutyboard.groups.care import off_register
from dutyboard.i18n import long_date, t
from dutyboard.tui.care_pane_base import CarePaneBase
from dutyboard.tui.care_screens import log_call_flow, register_flow, take_off_flow
from dutyboard.tui.coverage_screen import open_coverage
from dutyboard.tui.medicine_pane import MedicinePane
from dutyboard.tui.safe_text import SafeTable
from dutyboard.tui.tables import cursor_key
from dutyboard.tui.testing_pane import TestingPane
from dutyboard.views.care import CareView, NeedRow, build_care
from dutyboard.views.medicine import build_medicine
from dutyboard.views.testing import build_testing

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp

# Columns of free text get a fixed width (longer text is cut) so that the columns after
# them stay on a 120-column screen.
WIDTHS = {"people": 30, "help": 30, "need": 36, "helpers": 20}


def widgets(tab: str, lang: str) -> list[Widget]:
    """The widgets of a tab, made when the tab is first opened."""
    pane = {"care": CarePane, "medicine": MedicinePane, "testing": TestingPane}[tab]
    return [pane(lang, id=f"{tab}-pane")]


def render(app: DutyboardApp, tab: str) -> None:
    """Fresh data for one of these tabs (tui/tabs.py)."""
    board, lang, now = app.board, app.lang, app.clock.now()
    leader = bool(app.who and app.who.is_leader)
    if tab == "care":
        care_pane = app.query_one("#care-pane", CarePane)
        care_pane.leader = leader
        care_pane.off_count = len(off_register(board))
        care_pane.show(build_care(board, lang, now))
    elif tab == "medicine":
        med = app.query_one("#medicine-pane", MedicinePane)
        med.leader = leader
        med.show(build_medicine(board, lang, now))
    elif tab == "testing":
        test = app.query_one("#testing-pane", TestingPane)
        test.leader = leader
        test.show(build_testing(board, lang, now))


# ---------------------------------------------------------------- care


class CarePane(CarePaneBase):
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
    off_count = 0  # households taken off the register (render sets it)

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
        log_call_flow(self.duty, hid, row.address if row else "")

    def action_edit_entry(self) -> None:
        hid = cursor_key(self.register_table())
        if hid is not None:
            register_flow(self.duty, hid)

    def action_take_off(self) -> None:
        """x (leaders): take the household under the cursor off the register, with a
        reason (moved away, in hospital, passed away)."""
        hid = cursor_key(self.register_table())
        row = self.view.row(hid) if hid and self.view else None
        if row is None:
            return
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
            app.submit(lambda: medicine.set_stage(board, who, task, "delivered"))
        elif task.status == "open":
            app.submit(lambda: board.tick([task], who))
        else:
            app.submit(lambda: board.reopen([task], who))

    def action_coverage(self) -> None:
        open_coverage(self.duty)
