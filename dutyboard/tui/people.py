"""The People tab (0): the volunteers, and the households behind ``H``.

Imported when the tab is first opened (tui/tabs.py). The pane is given a
``PeopleView`` (dutyboard.views.people): each person's name, phone (in full for
leaders, masked for volunteers), home, groups, role, availability and whether they are
off duty and why. Leaders add someone (n), edit the person under the cursor (e), take
them off duty or put them back (o), select several (space) and add them to a group
after a briefing (g), filter by group (f) and open the households (H). A volunteer may
edit their own availability (e on their own row); the other keys are greyed for them
and the core (dutyboard/groups/people.py) refuses them too. The dialogs are in
tui/person_form.py and tui/households_screen.py; text people typed is always shown as
text, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, Static

from dutyboard.i18n import t
from dutyboard.tui.households_screen import households_flow
from dutyboard.tui.person_form import add_person_flow, edit_person_flow, group_flow, off_duty_flow
from dutyboard.tui.safe_text import SafeTable
from dutyboard.tui.tables import cursor_key
from dutyboard.tui.task_pane import TaskPane
from dutyboard.views.people import PeopleView, PersonRow, build_people

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp

COLUMNS = ("mark", "name", "phone", "home", "groups", "role", "availability", "off")
SELECTED = "✓"
LEADER_ONLY = frozenset({"add", "off_duty", "select", "to_group", "households"})


def widgets(tab: str, lang: str) -> list[Widget]:
    """The widgets of the tab, made when it is first opened (tui/tabs.py)."""
    return [PeoplePane(lang, id="people-pane")]


def render(app: DutyboardApp, tab: str = "people") -> None:
    """Fresh data for the tab (tui/tabs.py)."""
    pane = app.query_one("#people-pane", PeoplePane)
    pane.leader = bool(app.who and app.who.is_leader)
    with app.board.lock:  # the saver may be writing the tables read here
        view = build_people(app.board, app.lang, app.who, group=pane.group)
    pane.show(view)


class PeoplePane(TaskPane):
    """The volunteers in a table, a summary line above it."""

    BINDINGS = [
        Binding("n", "add", "Add", id="people.key.add"),
        Binding("e", "edit", "Edit", id="people.key.edit"),
        Binding("o", "off_duty", "Off duty/back", id="people.key.off"),
        Binding("space", "select", "Select", id="people.key.select"),
        Binding("g", "to_group", "Add to group", id="people.key.group"),
        Binding("f", "filter", "Group", id="people.key.filter"),
        Binding("H", "households", "Households", id="people.key.households"),
    ]

    leader: reactive[bool] = reactive(False, init=False, bindings=True)

    def __init__(self, lang: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(lang, id=id, classes=classes)
        self.view: PeopleView | None = None
        self.group: str | None = None  # the group filter (a key), None for everyone
        self.selected: set[str] = set()  # people chosen for g
        self.wanted: str | None = None  # a person to put the cursor on when drawn next

    def compose(self) -> ComposeResult:
        yield Static(classes="tasks-summary")
        yield SafeTable(cursor_type="row", zebra_stripes=True, id="people-table")

    def table(self) -> DataTable[Text]:
        return self.query_one("#people-table", DataTable)

    def show(self, view: PeopleView) -> None:
        if view == self.view and self.wanted is None:
            return
        self.view = view  # the selection stays while a filter hides some of it
        if self.is_mounted:
            self._draw()

    def current(self) -> PersonRow | None:
        """The person under the cursor."""
        if self.view is None or not self.is_mounted:
            return None
        key = cursor_key(self.table())
        return self.view.row(key) if key else None

    def select(self, person_id: str) -> None:
        """Put the cursor on this person (now if shown, else when drawn next)."""
        self.wanted = person_id
        if self.view is not None and self.view.row(person_id) is not None and self.is_mounted:
            self._draw()

    # ---------------------------------------------------------------- drawing

    def _relabel(self) -> None:
        table = self.table()
        table.clear(columns=True)
        for key in COLUMNS:
            table.add_column(t(f"people.col.{key}", self.lang), key=key)

    def _draw(self) -> None:
        table = self.table()
        if not table.columns:
            self._relabel()
        keep = self.wanted or cursor_key(table)
        self.wanted = None
        table.clear()
        rows = self.view.rows if self.view else ()
        for r in rows:
            table.add_row(*self._cells(r), key=r.id)
        ids = [r.id for r in rows]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)
        self._draw_summary()
        self.refresh_bindings()

    def _cells(self, r: PersonRow) -> list[Text]:
        muted = self.mark_style("muted")
        name = Text(r.name, self.mark_style("done") if r.leader else "")
        if r.mine:
            name.append(" " + t("people.me", self.lang), muted)
        off = Text(r.off_text, self.mark_style("failed")) if r.off else Text("")
        return [
            Text(SELECTED if r.id in self.selected else "", self.mark_style("done")),
            name,
            Text(r.phone),
            Text(r.home or "—", muted if not r.home else ""),
            Text(r.groups),
            Text(r.role, self.mark_style("done")),
            Text(r.availability, muted),
            off,
        ]

    def _draw_summary(self) -> None:
        view, lang = self.view, self.lang
        text = Text()
        if view is not None:
            text.append(t("people.title", lang), "bold")
            text.append("  " + t("people.summary", lang, n=view.total, off=view.off_count))
            text.append("  ·  " + t("people.filter", lang, group=view.group_name))
            if view.group is not None:
                text.append(" " + t("people.shown", lang, n=len(view.rows)))
            if self.selected:
                text.append("  ·  ")
                text.append(t("people.selected", lang, n=len(self.selected)), "bold")
        self.put(self.query_one(".tasks-summary", Static), text)

    def _redraw_row(self, person_id: str) -> None:
        row = self.view.row(person_id) if self.view else None
        if row is None:
            return
        self.table().update_cell(person_id, "mark", self._cells(row)[0])
        self._draw_summary()

    # ---------------------------------------------------------------- keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in LEADER_ONLY and not self.leader:
            return None  # greyed out: leaders only (the core refuses them too)
        if action in ("off_duty", "select") and self.current() is None:
            return None
        if action == "to_group" and not self.selected and self.current() is None:
            return None
        # e stays on for everyone (it is the app's export key too, which a greyed key
        # here would reach): on someone else's row a volunteer is told why not.
        return True

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def action_select(self) -> None:
        row = self.current()
        if row is None:
            return
        self.selected ^= {row.id}
        self._redraw_row(row.id)
        self.table().action_cursor_down()
        self.refresh_bindings()

    def action_filter(self) -> None:
        """Everyone, then each group in turn, then everyone again."""
        keys = [None, *(g.key for g in self.duty.board.groups())]
        self.group = keys[(keys.index(self.group) + 1) % len(keys)] if self.group in keys else None
        render(self.duty)

    def action_add(self) -> None:
        add_person_flow(self.duty, self)

    def action_edit(self) -> None:
        row = self.current()
        if row is not None:
            edit_person_flow(self.duty, self, row.id)

    def action_off_duty(self) -> None:
        row = self.current()
        if row is not None:
            off_duty_flow(self.duty, row.id)

    def action_to_group(self) -> None:
        chosen = set(self.selected)
        row = self.current()
        if not chosen and row is not None:
            chosen = {row.id}
        if chosen:
            group_flow(self.duty, self, chosen)

    def action_households(self) -> None:
        households_flow(self.duty)
