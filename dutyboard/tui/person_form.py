"""The People tab's dialogs: the person form (n to add, e to edit), off duty with its
reason (o), and adding the selected people to a group after a briefing (g).

Dialogs only collect input and check each field at once, with the core's own checks
(dutyboard.groups.people_fields), so the problem is named under the form and its field gets
the focus; the change runs in the app's saver through dutyboard.groups.people, which checks it
again, and the app draws every tab afresh when it is saved (Today's "free now" bench
included). Everything people typed is shown as text, never read as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Static

from dutyboard.groups import people
from dutyboard.groups.people_fields import (
    clean_availability,
    clean_groups,
    clean_home,
    clean_name,
    clean_phone,
    clean_until,
)
from dutyboard.i18n import t
from dutyboard.storage.errors import Refused, refused
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.safe_text import safe, typed

if TYPE_CHECKING:
    from dutyboard.core.board import Board
    from dutyboard.core.model import Volunteer
    from dutyboard.tui.app import DutyboardApp
    from dutyboard.tui.people import PeoplePane

# Which field a refusal is about (its key's start), for the focus.
FIELD_OF = {
    "refused.people_name": "name",
    "refused.people_phone": "phone",
    "refused.people_group": "groups",
    "refused.people_building": "building",
    "refused.people_unit": "room",
    "refused.people_room": "room",
    "refused.people_role": "leader",
    "refused.people_last_leader": "leader",
    "refused.people_availability": "availability",
    "refused.people_until": "until",
    "refused.people_off_reason": "reason",
}


def field_of(exc: Refused) -> str | None:
    key = exc.key or ""
    return next((f for start, f in FIELD_OF.items() if key.startswith(start)), None)


def show_problem(static: Static, message: str) -> None:
    static.update(safe(message))
    static.set_class(bool(message), "-shown")


class PeopleDialog(ModalScreen[Any]):
    """What the dialogs share: Esc closes without doing anything, a problem line, and
    Save / Back buttons."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="people.dlg.cancel")]

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        localise_bindings(self, lang)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, ".dlg-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)

    def buttons(self, ok_key: str, ok_id: str) -> Horizontal:
        return Horizontal(
            Button(t(ok_key, self.lang), variant="primary", id=ok_id),
            Button(t("people.dlg.back", self.lang), classes="dlg-cancel"),
            classes="dialog-buttons",
        )

    def refuse(self, exc: Refused, fields: dict[str, str]) -> None:
        """Name the problem under the form; its field (``fields``: name -> widget id)
        gets the focus."""
        show_problem(self.query_one(".dialog-problem", Static), exc.text(self.lang))
        widget = fields.get(field_of(exc) or "")
        if widget:
            self.query_one(f"#{widget}").focus()


# ---------------------------------------------------------------- the person form


@dataclass(frozen=True)
class PersonInput:
    """What the form gives: the fields as typed and checked (for an own-availability
    edit only ``availability`` counts)."""

    name: str
    phone: str
    groups: tuple[str, ...]
    building: str
    room: str
    role: str
    availability: str

    def changes(self, own_only: bool) -> dict[str, Any]:
        if own_only:
            return {"availability": self.availability}
        return {
            "name": self.name,
            "phone": self.phone,
            "groups": self.groups,
            "building": self.building or None,
            "room": self.room,
            "role": self.role,
            "availability": self.availability,
        }


class PersonForm(PeopleDialog):
    """n / e: name, phone, groups (checkboxes), building and room, leader or not,
    availability. A volunteer editing themself gets availability only (the rest shown,
    disabled). Enter in a field goes on to the next; on the last it saves."""

    def __init__(
        self, board: Board, lang: str, person: Volunteer | None = None, *, own_only: bool = False
    ) -> None:
        super().__init__(lang)
        self.board = board
        self.person = person
        self.own_only = own_only
        first = board.groups()[0].key if board.groups() else ""
        self.fields = {
            "name": "person-name",
            "phone": "person-phone",
            "groups": f"group-{first}",
            "building": "person-building",
            "room": "person-room",
            "leader": "person-leader",
            "availability": "person-availability",
        }

    def compose(self) -> ComposeResult:
        lang, p = self.lang, self.person
        title = "people.form.add" if p is None else "people.form.edit"
        lock = self.own_only
        with Vertical(id="person-dialog", classes="people-dialog"):
            heading = Text(t(title, lang), "bold")
            if p is not None:
                heading.append("  ").append(p.name, "bold")
            yield Label(safe(heading), classes="dialog-title")
            if lock:
                yield Static(t("people.form.own_only", lang), classes="dialog-label")
            with Horizontal(classes="form-row"):
                yield Label(t("people.form.name", lang), classes="form-label")
                yield Input(p.name if p else "", id="person-name", disabled=lock)
                yield Label(t("people.form.phone", lang), classes="form-label")
                yield Input(
                    p.phone if p else "", id="person-phone", disabled=lock, placeholder="138…"
                )
            yield Label(t("people.form.groups", lang), classes="dialog-label")
            with Horizontal(id="person-groups", classes="form-checks"):
                for g in self.board.groups():
                    mine = p is not None and g.key in p.groups
                    yield Checkbox(
                        safe(Text(g.name(lang))), mine, id=f"group-{g.key}", disabled=lock
                    )
            with Horizontal(classes="form-row"):
                yield Label(t("people.form.building", lang), classes="form-label")
                building = str(p.building) if p and p.building is not None else ""
                yield Input(building, id="person-building", disabled=lock, placeholder="5")
                yield Label(t("people.form.room", lang), classes="form-label")
                yield Input(
                    p.room if p else "", id="person-room", disabled=lock, placeholder="2-301"
                )
                leader = bool(p and p.is_leader)
                yield Checkbox(
                    t("people.form.leader", lang), leader, id="person-leader", disabled=lock
                )
            with Horizontal(classes="form-row"):
                yield Label(t("people.form.availability", lang), classes="form-label")
                yield Input(
                    p.availability if p else "",
                    id="person-availability",
                    placeholder=t("people.form.availability_hint", lang),
                )
            yield Static(classes="dialog-problem")
            yield self.buttons("people.dlg.save", "person-save")

    def on_mount(self) -> None:
        first = "person-availability" if self.own_only else "person-name"
        self.query_one(f"#{first}", Input).focus()

    def _value(self, name: str) -> str:
        return typed(self.query_one(f"#person-{name}", Input).value, strip=False)

    def _groups(self) -> tuple[str, ...]:
        return tuple(
            g.key for g in self.board.groups() if self.query_one(f"#group-{g.key}", Checkbox).value
        )

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "person-availability":
            self.save()
        else:
            self.focus_next()

    def check(self) -> PersonInput | None:
        """The fields checked as the core will (under the board's lock: the saver may be
        writing); a problem is named and its field focused."""
        board, p = self.board, self.person
        try:
            with board.lock:
                availability = clean_availability(self._value("availability"))
                if self.own_only and p is not None:
                    return PersonInput(p.name, p.phone, p.groups, "", p.room, p.role, availability)
                name = clean_name(self._value("name"))
                phone = clean_phone(board, self._value("phone"), person_id=p.id if p else None)
                groups = clean_groups(board, self._groups())
                building = self._value("building").strip()
                clean_home(board, building or None, self._value("room"))
        except Refused as exc:
            self.refuse(exc, self.fields)
            return None
        leader = self.query_one("#person-leader", Checkbox).value
        role = "leader" if leader else "volunteer"
        return PersonInput(name, phone, groups, building, self._value("room"), role, availability)

    @on(Button.Pressed, "#person-save")
    def save(self) -> None:
        form = self.check()
        if form is not None:
            self.dismiss(form)


def add_person_flow(app: DutyboardApp, pane: PeoplePane) -> None:
    """n (leaders): the form, then people.add_volunteer; the new person gets the cursor."""
    who = app.leader()
    if who is None:
        return
    board = app.board

    def added(person: Volunteer) -> None:
        pane.select(person.id)
        app.notify(t("people.done.added", app.lang, name=person.name), markup=False)

    def entered(form: PersonInput | None) -> None:
        if form is None:
            return
        app.submit(
            lambda: people.add_volunteer(
                board,
                who,
                form.name,
                form.phone,
                form.groups,
                building=form.building or None,
                room=form.room,
                role=form.role,
                availability=form.availability,
            ),
            added,
        )

    app.push_screen(PersonForm(board, app.lang), entered)


def edit_person_flow(app: DutyboardApp, pane: PeoplePane, person_id: str) -> None:
    """e: leaders change anything; a volunteer their own availability; anyone else is
    told why not (the core refuses it too)."""
    who, board, lang = app.who, app.board, app.lang
    person = board.volunteer(person_id)
    if who is None or person is None:
        app.bell()
        return
    own_only = not who.is_leader
    if own_only and who.id != person.id:
        app.notify(t("people.own_row_only", lang), severity="warning")
        return

    def edited(changed: Volunteer) -> None:
        pane.select(changed.id)
        app.notify(t("people.done.edited", app.lang, name=changed.name), markup=False)

    def entered(form: PersonInput | None) -> None:
        if form is not None:
            changes = form.changes(own_only)
            app.submit(lambda: people.edit_volunteer(board, who, person_id, **changes), edited)

    app.push_screen(PersonForm(board, lang, person, own_only=own_only), entered)


# ---------------------------------------------------------------- off duty


class OffDutyScreen(PeopleDialog):
    """o: why someone is off duty (required) and the day they are back (optional)."""

    FIELDS = {"reason": "off-reason", "until": "off-until"}

    def __init__(self, board: Board, person: Volunteer, lang: str) -> None:
        super().__init__(lang)
        self.board, self.person = board, person

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="off-dialog", classes="people-dialog"):
            heading = Text(t("people.off.title", lang), "bold")
            yield Label(
                safe(heading.append("  ").append(self.person.name, "bold")), classes="dialog-title"
            )
            yield Static(t("people.off.explain", lang), classes="dialog-label")
            yield Input(id="off-reason", placeholder=t("people.off.reason_hint", lang))
            yield Input(id="off-until", placeholder=t("people.off.until_hint", lang))
            yield Static(classes="dialog-problem")
            yield self.buttons("people.off.save", "off-save")

    def on_mount(self) -> None:
        self.query_one("#off-reason", Input).focus()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "off-until":
            self.save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#off-save")
    def save(self) -> None:
        reason = " ".join(typed(self.query_one("#off-reason", Input).value).split())
        until = self.query_one("#off-until", Input).value
        try:
            if not reason:
                raise refused("refused.people_off_reason")
            with self.board.lock:
                until = clean_until(self.board, until)
        except Refused as exc:
            self.refuse(exc, self.FIELDS)
            return
        self.dismiss((reason, until))


def off_duty_flow(app: DutyboardApp, person_id: str) -> None:
    """o (leaders): someone on duty is asked why and taken off; someone off is put back."""
    who = app.leader()
    person = app.board.volunteer(person_id)
    if who is None or person is None:
        return
    board = app.board

    def back(p: Volunteer) -> None:
        app.notify(t("people.done.on", app.lang, name=p.name), markup=False)

    if person.off_reason:
        app.submit(lambda: people.put_back(board, who, person_id), back)
        return

    def off(p: Volunteer) -> None:
        text = t("people.done.off", app.lang, name=p.name, reason=p.off_reason)
        n = people.duties_ahead(board, p)
        if n:
            text += "\n" + t("people.cli.still_planned", app.lang, n=n)
        app.notify(text, markup=False)

    def given(answer: tuple[str, str] | None) -> None:
        if answer is not None:
            reason, until = answer
            app.submit(lambda: people.take_off(board, who, person_id, reason, until=until), off)

    app.push_screen(OffDutyScreen(board, person, app.lang), given)


# ---------------------------------------------------------------- a group at once


class GroupScreen(PeopleDialog):
    """g: the people chosen, the group to add them to, and the leader's word that they
    have been briefed on its work (required)."""

    def __init__(self, board: Board, names: list[str], lang: str) -> None:
        super().__init__(lang)
        self.board, self.names = board, names

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="group-dialog", classes="people-dialog"):
            n = len(self.names)
            yield Label(t("people.group.title", lang, n=n), classes="dialog-title")
            yield Static(safe(t("today.list_sep", lang).join(self.names)), id="group-names")
            with RadioSet(id="group-choice"):
                for i, g in enumerate(self.board.groups()):
                    yield RadioButton(safe(Text(g.name(lang))), value=i == 0, id=f"join-{g.key}")
            yield Static(t("people.group.explain", lang), classes="dialog-label")
            yield Checkbox(t("people.group.briefed", lang), id="group-briefed")
            yield Static(classes="dialog-problem")
            yield self.buttons("people.group.save", "group-save")

    def on_mount(self) -> None:
        self.query_one("#group-choice", RadioSet).focus()

    @on(Button.Pressed, "#group-save")
    def save(self) -> None:
        if not self.query_one("#group-briefed", Checkbox).value:
            show_problem(
                self.query_one(".dialog-problem", Static), t("people.group.brief_first", self.lang)
            )
            self.query_one("#group-briefed").focus()
            return
        chosen = [b.id for b in self.query(RadioButton) if b.value and b.id]
        if chosen:
            self.dismiss(chosen[0].removeprefix("join-"))


def group_flow(app: DutyboardApp, pane: PeoplePane, chosen: set[str]) -> None:
    """g (leaders): the briefing dialog, then people.add_to_group (one save, one u)."""
    who = app.leader()
    if who is None:
        return
    board, lang = app.board, app.lang
    found = [v for v in (board.volunteer(i) for i in sorted(chosen)) if v is not None]
    persons = sorted(found, key=lambda v: v.name)

    def added(group: str, done: list[Volunteer]) -> None:
        name = board.group(group).name(app.lang)
        if done:
            pane.selected.clear()
            app.notify(t("people.done.group", app.lang, n=len(done), group=name))
        else:
            app.notify(t("people.group.none_added", app.lang, group=name))
        pane._draw_summary()

    def picked(group: str | None) -> None:
        if group is not None:
            app.submit(
                lambda: people.add_to_group(board, who, persons, group),
                lambda done: added(group, done),
            )

    app.push_screen(GroupScreen(board, [v.name for v in persons], lang), picked)
