"""The households of the People tab (H, leaders): a list to find an address in, and a
form to add a household (n) or change one (e, Enter): residents, phone, elderly alone
(which puts it on the care register at once), a note. The change runs in the app's
saver through dutyboard.groups.people, which checks every field again; the list is drawn
afresh when it is saved. Everything people typed is shown as text, never markup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Static

from dutyboard.groups import people
from dutyboard.groups.people_fields import (
    clean_household_phone,
    clean_note,
    clean_residents,
    parse_address,
)
from dutyboard.i18n import t
from dutyboard.storage.errors import Refused, refused
from dutyboard.tui.person_form import PeopleDialog
from dutyboard.tui.safe_text import SafeTable, safe, typed
from dutyboard.tui.tables import cursor_key
from dutyboard.views.people import HouseholdRow, build_households

if TYPE_CHECKING:
    from dutyboard.core.board import Board
    from dutyboard.core.model import Household
    from dutyboard.tui.app import DutyboardApp

COLUMNS = ("address", "residents", "phone", "alone", "note")


@dataclass(frozen=True)
class HouseholdInput:
    address: tuple[int, int, str]  # (building, unit, room); for an edit, as it was
    residents: int
    phone: str
    elderly_alone: bool
    note: str


class HouseholdForm(PeopleDialog):
    """Add (the address typed) or edit (the address shown) one household."""

    FIELDS = {
        "address": "household-address",
        "residents": "household-residents",
        "phone": "household-phone",
        "note": "household-note",
    }

    def __init__(self, board: Board, lang: str, household: Household | None = None) -> None:
        super().__init__(lang)
        self.board, self.household = board, household

    def compose(self) -> ComposeResult:
        lang, h = self.lang, self.household
        with Vertical(id="household-dialog", classes="people-dialog"):
            title = Text(t("people.household.add" if h is None else "people.household.edit", lang))
            title.stylize("bold")
            if h is not None:
                title.append("  " + h.address, "bold")
            yield Label(safe(title), classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label(t("people.household.address", lang), classes="form-label")
                yield Input(
                    h.address if h else "",
                    id="household-address",
                    placeholder="5-2-301",
                    disabled=h is not None,
                )
                yield Label(t("people.household.residents", lang), classes="form-label")
                yield Input(str(h.residents) if h else "1", id="household-residents")
            with Horizontal(classes="form-row"):
                yield Label(t("people.household.phone", lang), classes="form-label")
                yield Input(h.phone if h else "", id="household-phone")
            yield Checkbox(
                t("people.household.alone", lang),
                bool(h and h.elderly_alone),
                id="household-alone",
            )
            with Horizontal(classes="form-row"):
                yield Label(t("people.household.note", lang), classes="form-label")
                yield Input(h.note if h else "", id="household-note")
            yield Static(classes="dialog-problem")
            yield self.buttons("people.dlg.save", "household-save")

    def on_mount(self) -> None:
        first = "household-residents" if self.household else "household-address"
        self.query_one(f"#{first}", Input).focus()

    def _value(self, name: str) -> str:
        return typed(self.query_one(f"#household-{name}", Input).value, strip=False)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "household-note":
            self.save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#household-save")
    def save(self) -> None:
        h = self.household
        try:
            with self.board.lock:
                if h is None:
                    address = parse_address(self.board, self._value("address"))
                    if f"{address[0]}-{address[1]}-{address[2]}" in self._addresses():
                        raise refused(
                            "refused.people_address_taken", address="-".join(map(str, address))
                        )
                else:
                    address = (h.building, h.unit, h.room)
                residents = clean_residents(self._value("residents"))
                phone = clean_household_phone(self._value("phone"))
                note = clean_note(self._value("note"))
        except Refused as exc:
            key = (exc.key or "").removeprefix("refused.people_")
            field = next((f for f in self.FIELDS if key.startswith(f)), "")
            if key.startswith(("building", "unit", "room")):
                field = "address"
            self.refuse(exc, {field: self.FIELDS[field]} if field else {})
            return
        alone = self.query_one("#household-alone", Checkbox).value
        self.dismiss(HouseholdInput(address, residents, phone, alone, note))

    def _addresses(self) -> set[str]:
        return {x.address for x in self.board.households()}


class HouseholdsScreen(PeopleDialog):
    """H: every household; type an address (5, 5-2, 5-2-301) to find it."""

    BINDINGS = [
        Binding("escape", "cancel", "Close", id="people.dlg.close"),
        Binding("n", "add", "Add household", id="people.key.household_add"),
        Binding("e", "edit", "Edit", id="people.key.household_edit"),
    ]

    def __init__(self, app: DutyboardApp) -> None:
        super().__init__(app.lang)
        self.duty = app
        self.rows: tuple[HouseholdRow, ...] = ()
        self.wanted: str | None = None

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="households-dialog", classes="people-dialog"):
            yield Label(t("people.households.title", lang), classes="dialog-title")
            yield Input(id="households-find", placeholder=t("people.households.find", lang))
            yield SafeTable(cursor_type="row", zebra_stripes=True, id="households-table")
            yield Static(t("people.households.hint", lang), classes="dialog-label")

    def on_mount(self) -> None:
        table = self.query_one("#households-table", DataTable)
        for key in COLUMNS:
            table.add_column(t(f"people.household.col.{key}", self.lang), key=key)
        self.draw()
        table.focus()

    def draw(self) -> None:
        """The households as the board holds them now (also after a save)."""
        table: DataTable[Text] = self.query_one("#households-table", DataTable)
        keep = self.wanted or cursor_key(table)
        self.wanted = None
        with self.duty.board.lock:
            find, who = self.query_one(Input).value, self.duty.who  # phones: privacy.py
            self.rows = build_households(self.duty.board, find, who)
        table.clear()
        yes = t("people.household.alone_mark", self.lang)
        registered = t("people.household.on_register", self.lang)
        for r in self.rows:
            alone = yes if r.elderly_alone else registered if r.on_register else ""
            table.add_row(
                Text(r.address), Text(str(r.residents)), Text(r.phone), Text(alone), Text(r.note),
                key=r.id,
            )  # fmt: skip
        ids = [r.id for r in self.rows]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)

    @on(Input.Changed, "#households-find")
    def _find(self) -> None:
        self.draw()

    @on(Input.Submitted, "#households-find")
    def _to_list(self) -> None:
        self.query_one("#households-table").focus()

    @on(DataTable.RowSelected)
    def _chosen(self) -> None:
        self.action_edit()

    def action_add(self) -> None:
        household_form_flow(self.duty, self, None)

    def action_edit(self) -> None:
        key = cursor_key(self.query_one("#households-table", DataTable))
        if key is not None:
            household_form_flow(self.duty, self, key)


def household_form_flow(
    app: DutyboardApp, screen: HouseholdsScreen, household_id: str | None
) -> None:
    """The form, then people.add_household or edit_household (leaders)."""
    who = app.leader()
    if who is None:
        return
    board = app.board
    before = board.household(household_id) if household_id else None

    def saved(h: Household) -> None:
        screen.wanted = h.id
        if screen.is_attached:
            screen.draw()
        key = "people.done.household_added" if before is None else "people.done.household_edited"
        app.notify(t(key, app.lang, address=h.address))

    def entered(form: HouseholdInput | None) -> None:
        if form is None:
            return
        fields: dict[str, Any] = {
            "residents": form.residents,
            "elderly_alone": form.elderly_alone,
            "phone": form.phone,
            "note": form.note,
        }
        if before is None:
            b, u, r = form.address
            app.submit(lambda: people.add_household(board, who, b, u, r, **fields), saved)
        else:
            app.submit(lambda: people.edit_household(board, who, before, **fields), saved)

    app.push_screen(HouseholdForm(board, app.lang, before), entered)


def households_flow(app: DutyboardApp) -> None:
    """H (leaders)."""
    if app.leader() is not None:
        app.push_screen(HouseholdsScreen(app))
