"""The Tomorrow tab (key 4): tomorrow's roster with the rules' warnings, the leaders'
planning keys (tomorrow_flows.py), the swap dialog, exports and the fair-share view.

Imported when the tab is first opened, never at start-up. The pane only shows a ``TomorrowView`` (dutyboard.views.tomorrow); changes
go through the app's saver (``app.submit``) to dutyboard.core.plan, staffing and swap,
which check again that the person is a shift leader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, Static

from dutyboard.i18n import t
from dutyboard.tui.export_screen import export_flow
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.reassign import reassign_flow
from dutyboard.tui.safe_text import safe
from dutyboard.tui.tomorrow_flows import (
    add_flow,
    fair_flow,
    plan_flow,
    remove_flow,
    rotation_flow,
    swap_flow,
)
from dutyboard.views.tomorrow import PlanSlot, TomorrowView, build_tomorrow

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp

SLOT_PREFIX = "slot:"
LEADER_ACTIONS = ("copy_today", "rotation", "add", "remove", "move", "swap", "fair")


class TomorrowTable(DataTable[Text]):
    COMPONENT_CLASSES = {
        "tomorrow--group",
        "tomorrow--short",
        "tomorrow--warn",
        "tomorrow--leader",
    }


class TomorrowPane(Vertical):
    """Tomorrow's roster. Planning keys and the swap are for shift leaders only."""

    BINDINGS = [
        Binding("p", "copy_today", "抄今日", id="key.copy_today"),
        Binding("t", "rotation", "轮换", id="key.rotation"),
        Binding("a", "add", "加人", id="key.plan_add"),
        Binding("d", "remove", "移出", id="key.plan_remove"),
        Binding("r", "move", "调动", id="key.reassign"),
        Binding("w", "swap", "切换", id="key.swap_short"),
        Binding("f", "fair", "负担", id="key.fair_share"),
        Binding("e", "export", "导出", id="key.export"),
    ]

    leader: reactive[bool] = reactive(False, bindings=True)

    def __init__(self, lang: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self.view: TomorrowView | None = None
        localise_bindings(self, lang)  # the Footer's words for this pane's keys

    def compose(self) -> ComposeResult:
        yield Static(id="tomorrow-title")
        yield Static(id="tomorrow-day")
        yield Static(id="tomorrow-summary")
        yield TomorrowTable(id="tomorrow-table", cursor_type="row", zebra_stripes=False)

    @property
    def table(self) -> TomorrowTable:
        return self.query_one(TomorrowTable)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        localise_bindings(self, lang)
        self.refresh_bindings()

    def _style(self, name: str) -> Style:
        return self.table.get_component_rich_style(name, partial=True)

    def show(self, view: TomorrowView) -> None:
        if view == self.view and self.table.row_count:
            return
        self.view, self.lang = view, view.lang
        lang = view.lang
        self.query_one("#tomorrow-title", Static).update(safe(view.title))
        day = self.query_one("#tomorrow-day", Static)
        day.update(t("tomorrow.day_changed", lang) if view.day_changed else "")
        day.set_class(view.day_changed, "-changed")
        summary = self.query_one("#tomorrow-summary", Static)
        summary.update(safe(view.summary))
        summary.set_class(view.warnings > 0, "-warn")
        table = self.table
        keep = table.cursor_row if table.row_count else 0
        table.clear(columns=True)
        for key in ("group", "slot", "time", "count", "name", "phone", "warnings"):
            table.add_column(t(f"tomorrow.col.{key}", lang), key=key)
        last_group = ""
        for s in view.slots:
            group = s.group_name if s.group != last_group else ""
            last_group = s.group
            self._add_slot(table, s, group)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self.refresh_bindings()

    def _add_slot(self, table: TomorrowTable, s: PlanSlot, group: str) -> None:
        count = Text(f"{s.filled}/{s.needed}")
        if s.short_label:
            count.stylize(self._style("tomorrow--short"))
        heads = [
            Text(group, style=self._style("tomorrow--group")),
            Text(s.name),
            Text(s.time),
            count,
        ]
        blank = [Text(""), Text(""), Text(""), Text("")]
        for i, p in enumerate(s.people):
            name = Text(p.name)
            if p.leader:
                name.append(
                    " " + t("role.leader", self.lang), style=self._style("tomorrow--leader")
                )
            warn = Text("; ".join(p.warnings), style=self._style("tomorrow--warn"))
            table.add_row(
                *(heads if i == 0 else blank), name, Text(p.phone), warn, key=p.assignment_id
            )
        if s.short_label or not s.people:
            short = Text(s.short_label or t("roster.nobody", self.lang))
            short.stylize(self._style("tomorrow--short"))
            table.add_row(
                *(heads if not s.people else blank),
                Text(t("tomorrow.add_hint", self.lang)),
                Text(""),
                short,
                key=SLOT_PREFIX + s.slot_id,
            )

    # ------------------------------------------------------------ the cursor

    def current_key(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        try:
            return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        except Exception:  # noqa: BLE001 - an empty or changing table
            return None

    def current_slot(self) -> PlanSlot | None:
        key, view = self.current_key(), self.view
        if key is None or view is None:
            return None
        if key.startswith(SLOT_PREFIX):
            return view.slot(key.removeprefix(SLOT_PREFIX))
        return next((s for s in view.slots if any(p.assignment_id == key for p in s.people)), None)

    def current_assignment(self) -> str | None:
        key = self.current_key()
        return None if key is None or key.startswith(SLOT_PREFIX) else key

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_bindings()

    # ------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in LEADER_ACTIONS:
            if not self.leader:
                return None
            if action in ("remove", "move"):
                return True if self.current_assignment() else None
            if action == "add":
                return True if self.current_slot() else None
        return True

    @property
    def _app(self) -> DutyboardApp:
        return self.app  # type: ignore[return-value]

    def action_copy_today(self) -> None:
        plan_flow(self._app, None)

    def action_rotation(self) -> None:
        rotation_flow(self._app)

    def action_add(self) -> None:
        slot = self.current_slot()
        if slot is not None:
            add_flow(self._app, slot.slot_id)

    def action_remove(self) -> None:
        aid = self.current_assignment()
        if aid is not None:
            remove_flow(self._app, aid)

    def action_move(self) -> None:
        aid = self.current_assignment()
        who = self._app.leader()
        if aid is not None and who is not None:
            reassign_flow(self._app, who, aid)

    def action_swap(self) -> None:
        swap_flow(self._app)

    def action_fair(self) -> None:
        fair_flow(self._app)

    def action_export(self) -> None:
        export_flow(self._app)


def widgets(tab: str, lang: str) -> list[Widget]:
    """The widgets of the tab, made when it is first opened (tui/tabs.py)."""
    return [TomorrowPane(lang, id="tomorrow-pane")]


def render(app: DutyboardApp, tab: str = "tomorrow") -> None:
    """Fresh data for the tab (tui/tabs.py)."""
    pane = app.query_one("#tomorrow-pane", TomorrowPane)
    pane.leader = bool(app.who and app.who.is_leader)
    # Days in a row count back over closed days: wait for the archive, read in the
    # background, rather than freeze the screen while it is parsed.
    if not app.archive_ready("tomorrow"):
        pane.query_one("#tomorrow-summary", Static).update(t("hh.hist.pending", app.lang))
        return
    pane.show(build_tomorrow(app.board, app.lang, app.clock.now(), app.who))
