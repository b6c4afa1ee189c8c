"""Leaders' slot dialog on Today: add an extra slot (t), change one (m); and taking an
empty one away (x).

The dialog only collects what was typed and checks it with the core's own checks
(dutyboard.core.slots) as it is confirmed, so a mistake is said at once, in the screen's
language, next to the fields; the app then makes the change through dutyboard.core.slots,
which checks everything again (and that the person is a leader). What people typed (a
slot's name) is shown as text, never read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import pendulum
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static

from dutyboard.core import slots
from dutyboard.core.model import Slot, Volunteer
from dutyboard.i18n import long_date, t
from dutyboard.storage.errors import Refused
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.safe_text import safe, typed
from dutyboard.tui.today import EMPTY_PREFIX
from dutyboard.views.placement import slot_title

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp

DAYS = ("today", "tomorrow")


class SlotForm(NamedTuple):
    """What the leader filled in (as typed; dutyboard.core.slots reads it)."""

    group: str
    day: str  # today | tomorrow
    start: str
    end: str
    needed: str
    name: str


def check_form(form: SlotForm) -> None:
    """The core's checks of the fields, in the order of the form (raises Refused)."""
    start, end = slots.parse_time(form.start), slots.parse_time(form.end)
    slots.check_span(start, end)
    slots.check_needed(form.needed)
    slots.check_name(form.name)


class SlotDialog(ModalScreen[SlotForm | None]):
    """Group and day (fixed when a slot is changed), start, end, people needed, name."""

    BINDINGS = [Binding("escape", "cancel", "取消", id="key.cancel")]

    def __init__(
        self,
        title: str,
        form: SlotForm,
        lang: str,
        *,
        groups: Sequence[tuple[str, str]] = (),
        day_labels: Sequence[str] = (),
        fixed: str = "",
    ) -> None:
        """``groups``: (key, name) to choose from; ``day_labels``: today's and
        tomorrow's; ``fixed``: instead of both, the slot being changed (its name)."""
        super().__init__()
        self.title_text = title
        self.form = form
        self.lang = lang
        self.groups = tuple(groups)
        self.day_labels = tuple(day_labels)
        self.fixed = fixed
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        lang, form = self.lang, self.form
        with Vertical(id="slot-dialog", classes="dialog"):
            yield Label(safe(self.title_text), classes="dialog-title")
            if self.fixed:
                yield Label(safe(self.fixed), id="slot-fixed")
            else:
                with Horizontal(classes="slot-row"):
                    yield Label(t("slots.dialog.group", lang), classes="slot-label")
                    yield Select(
                        [(Text(name), key) for key, name in self.groups],
                        value=form.group,
                        allow_blank=False,
                        id="slot-group",
                    )
                with Horizontal(classes="slot-row"):
                    yield Label(t("slots.dialog.day", lang), classes="slot-label")
                    with RadioSet(id="slot-day"):
                        for day, label in zip(DAYS, self.day_labels, strict=True):
                            yield RadioButton(
                                safe(Text(label)), value=day == form.day, id=f"day-{day}"
                            )
            with Horizontal(classes="slot-row"):
                yield Label(t("slots.dialog.start", lang), classes="slot-label")
                yield Input(form.start, placeholder="15:30", id="slot-start", classes="slot-time")
                yield Label(t("slots.dialog.end", lang), classes="slot-label")
                yield Input(form.end, placeholder="18:00", id="slot-end", classes="slot-time")
            with Horizontal(classes="slot-row"):
                yield Label(t("slots.dialog.needed", lang), classes="slot-label")
                yield Input(form.needed, id="slot-needed", classes="slot-needed")
            with Horizontal(classes="slot-row"):
                yield Label(t("slots.dialog.name", lang), classes="slot-label")
                yield Input(form.name, id="slot-name")
            yield Static(id="slot-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("slots.dialog.ok", lang), variant="primary", id="slot-ok")
                yield Button(t("dialog.cancel", lang), id="slot-cancel")
            yield Label(t("slots.dialog.hint", lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#slot-start", Input).focus()

    def current(self) -> SlotForm:
        """The form as filled in now."""
        group, day = self.form.group, self.form.day
        if not self.fixed:
            chosen = self.query_one("#slot-group", Select).value
            group = chosen if isinstance(chosen, str) else group
            pressed = self.query_one("#slot-day", RadioSet).pressed_button
            day = (pressed.id or "").removeprefix("day-") if pressed is not None else day

        def value(name: str) -> str:
            return typed(self.query_one(f"#slot-{name}", Input).value, strip=False)

        return SlotForm(group, day, value("start"), value("end"), value("needed"), value("name"))

    @on(Input.Submitted)
    @on(Button.Pressed, "#slot-ok")
    def _confirm(self) -> None:
        form = self.current()
        try:
            check_form(form)
        except Refused as exc:
            self.query_one("#slot-problem", Static).update(safe(exc.text(self.lang)))
            self.add_class("-problem")
            return
        self.dismiss(form)

    @on(Button.Pressed, "#slot-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------------- the flows


def _day_labels(app: DutyboardApp) -> list[str]:
    """今天 4月26日 / Today, 26 Apr (the date without its weekday: the room is short)."""
    board, lang = app.board, app.lang

    def date(day: pendulum.Date) -> str:
        words = long_date(day, lang).split()
        return words[0] if lang == "zh" else " ".join(words[1:])

    return [
        t("slots.dialog.today", lang, date=date(board.today)),
        t("slots.dialog.tomorrow", lang, date=date(board.tomorrow)),
    ]


def add_slot_flow(app: DutyboardApp, who: Volunteer, group: str | None) -> None:
    """t: the dialog (the group of the row under the cursor), then slots.add_slot."""
    board, lang = app.board, app.lang
    groups = [(g.key, g.name(lang)) for g in board.groups()]
    if not groups:
        return
    keys = [key for key, _ in groups]
    form = SlotForm(group if group in keys else keys[0], "today", "", "", "1", "")

    def done(filled: SlotForm | None) -> None:
        if filled is None:
            return

        def added(slot: Slot) -> None:
            app.notify(t("slots.added", lang, slot=slot_title(board, slot.id, lang)), markup=False)
            if slot.date == board.today:  # Today shows it: the cursor on its (empty) row
                app.today.select_soon(EMPTY_PREFIX + slot.id)

        app.submit(
            lambda: slots.add_slot(
                board,
                who,
                filled.group,
                filled.start,
                filled.end,
                filled.needed,
                day=filled.day,
                name=filled.name,
            ),
            added,
        )

    title = t("slots.dialog.add_title", lang)
    dialog = SlotDialog(title, form, lang, groups=groups, day_labels=_day_labels(app))
    app.push_screen(dialog, done)


def edit_slot_flow(app: DutyboardApp, who: Volunteer, slot_id: str) -> None:
    """m: the dialog filled in with the slot, then slots.edit_slot (what changed)."""
    board, lang = app.board, app.lang
    slot = board.slot(slot_id)
    if slot is None:
        return
    day = "tomorrow" if slot.date == board.tomorrow else "today"
    name = slot.name(lang)
    form = SlotForm(slot.group, day, slot.start, slot.end, str(slot.needed), name)

    def done(filled: SlotForm | None) -> None:
        if filled is None:
            return
        typed = filled.name if filled.name != name else None

        def edited(changed: Slot) -> None:
            text = t("slots.edited", lang, slot=slot_title(board, changed.id, lang))
            app.notify(text, markup=False)

        app.submit(
            lambda: slots.edit_slot(
                board,
                who,
                slot_id,
                start=filled.start,
                end=filled.end,
                needed=filled.needed,
                name=typed,
            ),
            edited,
        )

    title = t("slots.dialog.edit_title", lang, slot=slot_title(board, slot_id, lang))
    fixed = f"{board.group(slot.group).name(lang)} · {_day_labels(app)[DAYS.index(day)]}"
    app.push_screen(SlotDialog(title, form, lang, fixed=fixed), done)


def remove_slot_flow(app: DutyboardApp, who: Volunteer, slot_id: str) -> None:
    """x: an empty slot goes at once (u brings it back); one with people is refused
    by slots.remove_slot, naming them."""
    board, lang = app.board, app.lang
    title = slot_title(board, slot_id, lang)
    app.submit(
        lambda: slots.remove_slot(board, who, slot_id),
        lambda _: app.notify(t("slots.removed", lang, slot=title), markup=False),
    )
