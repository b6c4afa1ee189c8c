"""The Today pane: every group's slots, who is in them, and who is on duty now.

It only renders a ``TodayView`` (dutyboard.views.today) and tells the app what a
leader asked for with messages; the app does the work and hands fresh data down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from dutyboard.i18n import t
from dutyboard.tui.roster_table import RosterTable
from dutyboard.views.today import PersonLine, SlotLine, TodayView, build_today

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp

NOW_MARK = "●"
LATE_MARK = "!"
EMPTY_PREFIX = "empty:"


def widgets(tab: str, lang: str) -> list[Widget]:
    """Today's pane, the first screen (composed with the app, tui/tabs.py)."""
    return [TodayPane(lang, id="today", classes="tab-pane")]


def render(app: DutyboardApp, tab: str = "today") -> None:
    """Fresh data for the tab (tui/tabs.py); the app remembers who it showed late."""
    board = app.board
    pane = app.today
    pane.leader = bool(app.who and app.who.is_leader)
    view = build_today(board, board.today, app.lang, app.clock.now(), app.who)  # phones: privacy.py
    pane.show(view)
    app.late_seen = frozenset(
        p.assignment_id for g in view.groups for s in g.slots for p in s.people if p.late
    )


class TodayPane(RosterTable):
    """Today's roster. Keys r / a / n / s and the slot keys t / m / x are for shift
    leaders only. Someone late (dutyboard.groups.lateness) reads "未到岗 / late", with "!" in
    the now column (the app's ``!`` key jumps from one to the next).

    The pane is the roster table itself, not a container around one: each widget on
    the first screen is drawn in full on the first paint, a container under the table
    too (about 2 ms of the start at 120×40). Row styles come from app.tcss through
    component classes."""

    COMPONENT_CLASSES = RosterTable.COMPONENT_CLASSES | {
        "today--group",
        "today--short",
        "today--now",
        "today--leader",
        "today--muted",
        "today--status-arrived",
        "today--status-no_show",
        "today--status-left",
        "today--late",
        "today--now-line",
        "today--short-line",
    }
    BINDINGS = [
        Binding("r", "reassign", "调动", id="key.reassign"),
        Binding("a", "mark('arrived')", "到岗", id="key.arrived"),
        Binding("n", "mark('no_show')", "缺勤", id="key.no_show"),
        Binding("s", "fill", "补人", id="key.fill"),
        Binding("t", "add_slot", "加班次", id="key.add_slot"),
        # Not in the key bar (there is no room at 120 columns): the help (?) lists them.
        Binding("m", "edit_slot", "改班次", show=False, id="key.edit_slot"),
        Binding("x", "remove_slot", "删班次", show=False, id="key.remove_slot"),
        # The app's ! and O (they work from every tab), shown in the key bar here.
        Binding("exclamation_mark", "next_late", "未到岗", id="key.next_late"),
        Binding("O", "app.overdue", "超期", id="key.overdue"),
    ]

    leader: reactive[bool] = reactive(False, bindings=True)

    # Messages up, plain classes as Textual's own (a dataclass compiles its methods
    # at import, which every start paid for).

    class _Up(Message):
        """A message from this pane: ``control`` is the pane, so ``@on(..., "#id")``
        works."""

        def __init__(self, pane: TodayPane) -> None:
            super().__init__()
            self.pane = pane

        @property
        def control(self) -> TodayPane:
            return self.pane

    class Reassign(_Up):
        """A leader wants to move the person in this row to another slot."""

        def __init__(self, pane: TodayPane, assignment_id: str) -> None:
            super().__init__(pane)
            self.assignment_id = assignment_id

    class Mark(_Up):
        """A leader marks the person in this row arrived or absent."""

        def __init__(self, pane: TodayPane, assignment_id: str, status: str) -> None:
            super().__init__(pane)
            self.assignment_id = assignment_id
            self.status = status

    class Fill(_Up):
        """A leader wants to put someone free into this short slot."""

        def __init__(self, pane: TodayPane, slot_id: str) -> None:
            super().__init__(pane)
            self.slot_id = slot_id

    class AddSlot(_Up):
        """A leader wants an extra slot (of this group, if the cursor is on one)."""

        def __init__(self, pane: TodayPane, group: str | None) -> None:
            super().__init__(pane)
            self.group = group

    class EditSlot(_Up):
        """A leader wants to change this slot's times, headcount or name."""

        def __init__(self, pane: TodayPane, slot_id: str) -> None:
            super().__init__(pane)
            self.slot_id = slot_id

    class RemoveSlot(_Up):
        """A leader wants this empty slot gone."""

        def __init__(self, pane: TodayPane, slot_id: str) -> None:
            super().__init__(pane)
            self.slot_id = slot_id

    def __init__(self, lang: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.lang = lang
        self.view: TodayView | None = None
        self._pending: str | None = None  # a row to put the cursor on once it is shown

    @property
    def table(self) -> TodayPane:
        """The table (the pane itself). Who is on duty now and what is short are its
        preamble lines."""
        return self

    # ------------------------------------------------------------ data down

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        if self.view is not None:
            view, self.view = self.view, None
            self.show(view)

    def show(self, view: TodayView) -> None:
        """Render the view; the cursor stays on the same person or slot."""
        if view == self.view and self.table.row_count:
            return  # nothing changed: keep the table (and its layout) as it is
        self.view = view
        self.lang = view.lang
        table = self.table
        keep = self.current_key()
        table.set_preamble(
            [
                Text(f"{NOW_MARK} {view.on_now_label}", style=self._style("today--now-line")),
                Text(view.short_label, style=self._style("today--short-line")),
            ]
        )
        lang = view.lang
        columns = [
            (key, t(f"today.col.{key}", lang))
            for key in ("group", "slot", "time", "count", "now", "name", "phone", "status")
        ]
        rows: list[tuple[str, tuple[Text, ...]]] = []
        for group in view.groups:
            for slot in group.slots:
                self._add_slot(rows, slot)
        table.set_data(columns, rows)
        if self._pending is not None and self.select_key(self._pending):
            self._pending = None
        elif keep is not None:
            self.select_key(keep)
        self.refresh_bindings()

    def _style(self, name: str) -> Style:
        return self.table.get_component_rich_style(name, partial=True)

    def _add_slot(self, rows: list[tuple[str, tuple[Text, ...]]], slot: SlotLine) -> None:
        count = Text(f"{slot.filled}/{slot.needed}")
        if slot.short:
            count.stylize(self._style("today--short"))
        first = True

        def heads() -> tuple[Text, Text, Text, Text]:
            nonlocal first
            if not first:
                return Text(""), Text(""), Text(""), Text("")
            first = False
            name = Text(slot.name)
            if slot.running:
                name.stylize(self._style("today--now"))
            return (
                Text(slot.group_name, style=self._style("today--group")),
                name,
                Text(slot.time),
                count,
            )

        for person in slot.people:
            rows.append((person.assignment_id, (*heads(), *self._person_cells(person))))
        if slot.short:
            short = self._style("today--short")
            cells = (
                Text(""),
                Text(slot.short_label, style=short),
                Text(t("today.needs_someone", self.lang), style=short),
                Text(""),
            )
            rows.append((EMPTY_PREFIX + slot.slot_id, (*heads(), *cells)))

    def _person_cells(self, person: PersonLine) -> tuple[Text, Text, Text, Text]:
        if person.late:
            mark = Text(LATE_MARK, style=self._style("today--late"))
        elif person.on_now:
            mark = Text(NOW_MARK, style=self._style("today--now"))
        else:
            mark = Text("")
        name = Text(person.name)
        if person.leader:
            name.append(" " + t("role.leader", self.lang), style=self._style("today--leader"))
        absent = person.status in ("no_show", "left")
        if absent:
            name.stylize(self._style("today--muted"))
        status = Text(person.status_label)
        if person.late:
            status.stylize(self._style("today--late"))
        elif person.status != "scheduled":
            status.stylize(self._style(f"today--status-{person.status}"))
        return mark, name, Text(person.phone), status

    # ------------------------------------------------------------ the cursor

    def current_key(self) -> str | None:
        return self.table.cursor_key

    def current_person(self) -> tuple[SlotLine, PersonLine] | None:
        key = self.current_key()
        if self.view is None or key is None or key.startswith(EMPTY_PREFIX):
            return None
        return self.view.person(key)

    def current_slot(self) -> SlotLine | None:
        key = self.current_key()
        if self.view is None or key is None:
            return None
        if key.startswith(EMPTY_PREFIX):
            return self.view.slot(key.removeprefix(EMPTY_PREFIX))
        found = self.view.person(key)
        return found[0] if found else None

    def select_key(self, key: str) -> bool:
        index = self.table.row_index(key)
        if index is None:
            return False  # the row is gone
        self.table.move_cursor(index)
        return True

    def select_soon(self, key: str) -> None:
        """Put the cursor on this row now, or once it is shown (a slot just added)."""
        self._pending = None if self.select_key(key) else key

    def select_person(self, volunteer_id: str) -> bool:
        """Put the cursor on this person's first row today."""
        if self.view is None:
            return False
        for g in self.view.groups:
            for s in g.slots:
                for p in s.people:
                    if p.volunteer_id == volunteer_id:
                        return self.select_key(p.assignment_id)
        return False

    def late_keys(self) -> list[str]:
        """The rows of people late, top to bottom."""
        if self.view is None:
            return []
        return [
            p.assignment_id for g in self.view.groups for s in g.slots for p in s.people if p.late
        ]

    def select_next_late(self) -> bool:
        """Put the cursor on the next late person's row after it (round to the first)."""
        rows = [i for k in self.late_keys() if (i := self.table.row_index(k)) is not None]
        if not rows:
            return False
        here = self.table.cursor_row
        self.table.move_cursor(next((i for i in rows if i > here), rows[0]))
        return True

    def on_roster_table_highlighted(self, event: RosterTable.Highlighted) -> None:
        self.refresh_bindings()

    # ------------------------------------------------------------ actions up

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Leader keys are shown greyed out (None) for volunteers and on rows they
        do not apply to; the core refuses them too."""
        if action in ("reassign", "mark"):
            return True if self.leader and self.current_person() else None
        if action == "fill":
            slot = self.current_slot()
            return True if self.leader and slot is not None and slot.short else None
        if action == "add_slot":
            return True if self.leader else None
        if action == "next_late":  # shown while someone is late
            return bool(self.late_keys())
        if action == "edit_slot":
            return True if self.leader and self.current_slot() is not None else None
        if action == "remove_slot":  # only a slot nobody is in
            slot = self.current_slot()
            return True if self.leader and slot is not None and not slot.people else None
        return True

    def action_reassign(self) -> None:
        found = self.current_person()
        if found:
            self.post_message(self.Reassign(self, found[1].assignment_id))

    def action_mark(self, status: str) -> None:
        found = self.current_person()
        if found:
            self.post_message(self.Mark(self, found[1].assignment_id, status))

    def action_fill(self) -> None:
        slot = self.current_slot()
        if slot is not None:
            self.post_message(self.Fill(self, slot.slot_id))

    def action_next_late(self) -> None:
        self.select_next_late()

    def action_add_slot(self) -> None:
        slot = self.current_slot()
        self.post_message(self.AddSlot(self, slot.group if slot else None))

    def action_edit_slot(self) -> None:
        slot = self.current_slot()
        if slot is not None:
            self.post_message(self.EditSlot(self, slot.slot_id))

    def action_remove_slot(self) -> None:
        slot = self.current_slot()
        if slot is not None:
            self.post_message(self.RemoveSlot(self, slot.slot_id))
