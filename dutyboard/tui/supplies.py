"""The Supplies tab (8): group buys from the first post to their release at the gate.

Imported when the tab is first opened (tui/tabs.py). The pane is given a
``SuppliesView`` (dutyboard.views.supplies) and shows the offers in a table and the
selected one's detail below: its items, the papers checklist, the gate timeline with
the households left short, the buildings its orders go to. Each key hands the offer
under the cursor to a flow of dutyboard.tui.supplies_*screen* (imported when first
used), which asks what it needs in a dialog and runs the core function
(dutyboard.groups.supplies) in the app's saver; the core checks again (leaders only, the
right stage) and a refusal is one translated toast. Text people typed is always shown
as text, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Static

from dutyboard.i18n import cells, long_date, t
from dutyboard.tui.safe_text import SafeTable, safe
from dutyboard.tui.supplies_detail import detail_text
from dutyboard.tui.supplies_gate_screens import count_flow, lists_flow, release_flow
from dutyboard.tui.supplies_intake_screen import intake_flow
from dutyboard.tui.supplies_offer_screens import close_offer_flow, new_offer_flow, papers_flow
from dutyboard.tui.supplies_screens import approve_flow, arrive_flow, spray_flow
from dutyboard.tui.tables import cursor_key
from dutyboard.tui.task_pane import TaskPane
from dutyboard.views.supplies import OfferRow, SuppliesView, build_supplies, joined

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp

# Columns of the offers table: each as wide as it needs, the title what is left.
COLUMNS = ("code", "title", "leader", "stage", "papers", "orders", "minimum", "cutoff")
LEADER_MAX = 10  # cells of the 团长 column (a longer name is cut; the detail has it all)
TITLE_MIN = 10  # cells the title always gets
TITLE_WANT = 16  # the 团长 column goes before the title gets narrower than this
LEADER_ONLY = frozenset({"approve", "close_offer", "release"})
STAGE_STYLE = {
    "draft": "muted",
    "resting": "sealed",
    "ready": "done",
    "released": "done",
    "rejected": "muted",
    "cancelled": "muted",
}
REST_CHECK_S = 20.0  # how often a resting batch's minutes left are redrawn


def widgets(tab: str, lang: str) -> list[Widget]:
    """The widgets of the tab, made when it is first opened (tui/tabs.py)."""
    return [SuppliesPane(lang, id="supplies-pane")]


def render(app: DutyboardApp, tab: str = "supplies") -> None:
    """Fresh data for the tab (tui/tabs.py)."""
    pane = app.query_one("#supplies-pane", SuppliesPane)
    leader = bool(app.who and app.who.is_leader)
    if leader != pane.leader:  # someone else at the keyboard: other keys greyed
        pane.leader = leader
        pane.refresh_bindings()
    with app.board.lock:  # the saver may be writing the tables read here
        view = build_supplies(app.board, app.lang, app.clock.now())
    pane.show(view)


class SuppliesPane(TaskPane):
    """The offers table and the selected offer's detail. Leader-only keys are greyed
    for volunteers; keys that do not fit the offer's stage are greyed for everyone
    (but c and e, which say why: see ``check_action``)."""

    BINDINGS = [
        Binding("n", "new_offer", "New offer", id="supplies.key.new"),
        Binding("i", "intake", "Take in orders", id="supplies.key.intake"),
        Binding("p", "papers", "Papers", id="supplies.key.papers"),
        Binding("a", "approve", "Approve", id="supplies.key.approve"),
        Binding("x", "close_offer", "Reject/cancel", id="supplies.key.close"),
        Binding("g", "arrived", "Arrived", id="supplies.key.arrived"),
        Binding("c", "count", "Count", id="supplies.key.count"),
        Binding("s", "sprayed", "Sprayed", id="supplies.key.sprayed"),
        Binding("r", "release", "Release", id="supplies.key.release"),
        Binding("e", "building_lists", "Lists", id="supplies.key.lists"),
        Binding("escape", "back", "Back to list", show=False, id="supplies.key.back"),
    ]

    def __init__(self, lang: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(lang, id=id, classes=classes)
        self.leader = False
        self.view: SuppliesView | None = None
        self.wanted: str | None = None  # an offer to put the cursor on when drawn next
        self._layout: tuple[tuple[str, int], ...] | None = None  # the columns shown

    def compose(self) -> ComposeResult:
        yield Static(classes="tasks-summary")
        yield Static(classes="tasks-empty")
        # In boxes of their own (see care_panes.CarePane.compose).
        with Vertical(id="supplies-offers-box"):
            yield SafeTable(cursor_type="row", zebra_stripes=True, id="supplies-offers")
        with VerticalScroll(id="supplies-detail"):
            yield Static(id="supplies-detail-text")

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(REST_CHECK_S, self._rest_check)

    def show(self, view: SuppliesView) -> None:
        if view == self.view and self.is_mounted and self.wanted is None:
            return
        self.view = view
        if self.is_mounted:
            self._draw()

    def table(self) -> DataTable[Text]:
        return self.query_one("#supplies-offers", DataTable)

    def detail(self) -> VerticalScroll:
        return self.query_one("#supplies-detail", VerticalScroll)

    def current(self) -> OfferRow | None:
        """The offer under the cursor."""
        if self.view is None or not self.is_mounted:
            return None
        key = cursor_key(self.table())
        return self.view.row(key) if key else None

    def select(self, offer_id: str) -> None:
        """Put the cursor on this offer (now if it is shown, else when it is)."""
        self.wanted = offer_id
        if self.view is not None and self.view.row(offer_id) is not None and self.is_mounted:
            self._draw()

    # ---------------------------------------------------------------- drawing

    def _columns(self, cells_by_row: list[list[Text]]) -> tuple[tuple[str, int], ...]:
        """The columns shown and their widths: each as wide as its heading and cells
        (团长 at most LEADER_MAX), the title what is left; on a narrow screen the 团长
        column is left out first (the detail names them)."""
        width = self.size.width or 100
        need = {key: cells(t(f"supplies.col.{key}", self.lang)) for key in COLUMNS}
        for row in cells_by_row:
            for key, cell in zip(COLUMNS, row, strict=True):
                need[key] = max(need[key], cell.cell_len)
        need["leader"] = min(need["leader"], LEADER_MAX)

        def room(keys: list[str]) -> int:  # for the title: less cell padding, scroll bar
            return width - sum(need[k] for k in keys if k != "title") - 2 * len(keys) - 2

        keys = list(COLUMNS)
        if room(keys) < min(need["title"], TITLE_WANT):
            keys.remove("leader")
        title = max(TITLE_MIN, min(room(keys), need["title"]))
        return tuple((k, title if k == "title" else need[k]) for k in keys)

    def _relabel(self) -> None:
        self._layout = None  # the columns are made again when next drawn

    def on_resize(self) -> None:
        if self.is_mounted and self._layout is not None:
            rows = self.view.rows if self.view else ()
            if self._columns([self._cells(r) for r in rows]) != self._layout:
                self._draw()
                return
        self._draw_summary()

    def _draw(self) -> None:
        table = self.table()
        keep = self.wanted or cursor_key(table)
        self.wanted = None
        rows = self.view.rows if self.view else ()
        cells_by_row = [self._cells(r) for r in rows]
        layout = self._columns(cells_by_row)
        if layout != self._layout:
            self._layout = layout
            table.clear(columns=True)
            for key, width in layout:
                table.add_column(t(f"supplies.col.{key}", self.lang), key=key, width=width)
        else:
            table.clear()
        shown = [COLUMNS.index(key) for key, _ in layout]
        for r, row_cells in zip(rows, cells_by_row, strict=True):
            table.add_row(*(row_cells[i] for i in shown), key=r.id)
        ids = [r.id for r in rows]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)
        self._draw_summary()
        self._draw_detail()
        self.refresh_bindings()

    def _cells(self, r: OfferRow) -> list[Text]:
        lang, muted = self.lang, self.mark_style("muted")
        stage = self.stage_cell(r)
        papers = Text(f"{r.papers_ok}/{len(r.papers)}")
        if r.papers_blocking and not r.closed:
            papers.stylize(self.mark_style("overdue"))
        orders = Text(t("supplies.orders_cell", lang, households=r.households, units=r.units))
        if r.minimum:
            mark = " ✓" if r.minimum_reached else ""
            minimum = Text(f"{r.units}/{r.minimum}{mark}")
            if not r.minimum_reached and not r.closed:
                minimum.stylize(self.mark_style("failed"))
            elif r.minimum_reached:
                minimum.stylize(self.mark_style("done"))
        else:
            minimum = Text("—", muted)
        cutoff = Text(r.cutoff or "—", muted if r.cutoff_passed or not r.cutoff else "")
        return [
            Text(r.code, muted),
            Text(r.title, muted if r.closed else ""),
            Text(r.leader),
            stage,
            papers,
            orders,
            minimum,
            cutoff,
        ]

    def stage_text(self, r: OfferRow) -> str:
        if r.stage == "resting":
            return t("supplies.stage.resting", self.lang, n=r.rest_left)
        return t(f"supplies.stage.{r.stage}", self.lang)

    def stage_cell(self, r: OfferRow) -> Text:
        """The stage, styled; goods at the gate of an offer never approved say so (a
        leader approves it before release)."""
        style = "failed" if r.unapproved else STAGE_STYLE.get(r.stage, "")
        text = Text(self.stage_text(r), self.mark_style(style))
        if r.unapproved:
            text.append(" " + t("supplies.stage.unapproved", self.lang), self.mark_style("failed"))
        return text

    def _draw_summary(self) -> None:
        view, lang = self.view, self.lang
        text = Text()
        if view is not None:
            text.append(t("supplies.title", lang, date=long_date(view.day, lang)), "bold")
            text.append("  ")
            text.append(
                t(
                    "supplies.summary",
                    lang,
                    open=view.open,
                    draft=view.to_approve,
                    resting=view.resting,
                    ready=view.ready,
                )  # fmt: skip
            )
            if view.shelf:
                shelf = joined(
                    (t("supplies.shelf.building", lang, building=b, n=n) for b, n in view.shelf),
                    lang,
                )
                text.append("\n" + t("supplies.shelf", lang, list=shelf), self.mark_style("muted"))
        self.put(self.query_one(".tasks-summary", Static), text)
        empty = t("supplies.none", lang) if view is not None and not view.rows else ""
        self.put(self.query_one(".tasks-empty", Static), empty)
        self.set_class(bool(empty), "-empty")

    def _draw_detail(self) -> None:
        row = self.current()
        text = self.detail_text(row) if row is not None else Text()
        self.query_one("#supplies-detail-text", Static).update(safe(text))
        self.detail().display = row is not None

    def detail_text(self, r: OfferRow) -> Text:
        return detail_text(self, r)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":  # Esc in the detail goes back to the list; elsewhere the app's
            return self.is_mounted and self.detail().has_focus
        if action in ("new_offer", "intake"):
            return True
        row = self.current()
        if row is None:
            return None
        if action in LEADER_ONLY and not self.leader:
            return None  # greyed out: leaders only (the core refuses them too)
        open_ = not row.closed
        allowed = {
            "papers": open_,
            "approve": open_ and row.state == "draft",
            "close_offer": open_,
            "arrived": open_ and not row.arrived,
            "sprayed": open_ and row.arrived and not row.sprayed,
            # Also while resting: r then says how many minutes are left.
            "release": open_ and row.sprayed,
            # c and e are the app's keys too (conflicts, export): a key greyed here
            # would reach those, so these say themselves why they cannot be used.
        }.get(action, True)
        return True if allowed else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._draw_detail()
        self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on an offer: its detail gets the focus (to scroll it)."""
        event.stop()
        if self.current() is not None:
            self.detail().focus()
            self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        self.table().focus()

    def _rest_check(self) -> None:
        """Redraw the minutes left while a batch rests (the view is otherwise drawn
        only when the board changes)."""
        view = self.view
        if view is None or not view.resting or self.duty.active_tab != "supplies":
            return
        render(self.duty)

    def action_new_offer(self) -> None:
        new_offer_flow(self.duty, self)

    def action_intake(self) -> None:
        row = self.current()
        intake_flow(self.duty, self, row.code if row is not None and not row.closed else "")

    def action_papers(self) -> None:
        row = self.current()
        if row is not None:
            papers_flow(self.duty, row)

    def action_approve(self) -> None:
        row = self.current()
        if row is not None:
            approve_flow(self.duty, row)

    def action_close_offer(self) -> None:
        row = self.current()
        if row is not None and self.duty.leader() is not None:
            close_offer_flow(self.duty, row)

    def action_arrived(self) -> None:
        row = self.current()
        if row is not None:
            arrive_flow(self.duty, row)

    def action_count(self) -> None:
        row = self.current()
        if row is None:
            return
        why = None
        if row.closed:
            state = t(f"offer.state.{row.state}", self.lang)
            why = t("refused.offer_closed", self.lang, code=row.code, state=state)
        elif not row.arrived:
            why = t("refused.batch_not_arrived", self.lang, code=row.code)
        elif not row.households:
            why = t("refused.batch_no_orders", self.lang, code=row.code)
        if why is not None:
            self.duty.notify(
                why, title=t("err.refused", self.lang), severity="warning", markup=False
            )
            return
        count_flow(self.duty, row)

    def action_sprayed(self) -> None:
        row = self.current()
        if row is not None:
            spray_flow(self.duty, row)

    def action_release(self) -> None:
        row = self.current()
        if row is not None and self.duty.leader() is not None:
            release_flow(self.duty, row)

    def action_building_lists(self) -> None:
        row = self.current()
        if row is not None:
            lists_flow(self.duty, row)
