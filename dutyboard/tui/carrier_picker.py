"""Leaders: who carries a building of a batch (``c`` in Deliveries).

The delivery group's people who can carry now (supplies.gate.delivery_people), each
with the open deliveries they carry already, in the people picker; the choice goes
to supplies.gate.assign in the saver worker. ``u`` puts the carriers back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from dutyboard.groups.supplies.gate import assign
from dutyboard.i18n import t
from dutyboard.tui.picker import PickChoice, PickerList, PickerScreen
from dutyboard.tui.safe_text import safe
from dutyboard.views.deliveries import CarrierChoice, carrier_choices

if TYPE_CHECKING:
    from dutyboard.core.model import Volunteer
    from dutyboard.tui.app import DutyboardApp


class CarrierPicker(PickerScreen):
    """The people picker with a title that is text, not markup (it holds a batch's
    name, typed by whoever entered the group buy)."""

    def __init__(self, title: Text, choices: list[PickChoice], lang: str, current: str) -> None:
        empty = t("deliveries.carrier.nobody", lang) if not choices else ""
        super().__init__(title.plain, choices, lang, preselect=current or None, empty_text=empty)
        self.title_rich = title

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog", classes="dialog"):
            yield Label(safe(self.title_rich), id="picker-title", classes="dialog-title")
            yield Input(placeholder=t("picker.filter", self.lang), id="picker-filter")
            yield PickerList(id="picker-list")
            yield Label(t("picker.hint_cancel", self.lang), id="picker-hint", classes="dialog-hint")


def choices(people: tuple[CarrierChoice, ...], lang: str, current: str = "") -> list[PickChoice]:
    """Name, phone and "在送 N 户" (and "现在送这栋" for who carries it now)."""
    out = []
    for c in people:
        detail = t("deliveries.carrier.carrying", lang, n=c.carrying)
        if c.id == current:
            detail += " · " + t("deliveries.carrier.current", lang)
        out.append(PickChoice(c.id, c.name, c.phone, detail))
    return out


def carrier_flow(app: DutyboardApp, who: Volunteer, batch_id: str, building: int) -> None:
    """c: pick the carrier, then gate.assign (the core refuses a volunteer too)."""
    board, lang = app.board, app.lang
    batch = next((b for b in board.batches() if b.id == batch_id), None)
    current = next(
        (
            task.carrier
            for task in board.tasks(board.today, kind="delivery", status="open")
            if task.batch == batch_id and task.building == building and task.carrier
        ),
        "",
    )
    where = t("building.name", lang, n=building)
    title = Text(t("deliveries.carrier.title", lang, building=where))
    if batch is not None:
        title.append(" · " + " ".join(batch.name.split()))

    def picked(volunteer_id: str | None) -> None:
        if volunteer_id is None:
            return

        person = board.volunteer(volunteer_id)
        if person is None:
            return
        app.submit(
            lambda: assign(board, batch_id, building, person, who),
            lambda _: app.notify(
                t("deliveries.carrier.done", lang, building=where, name=person.name), markup=False
            ),
        )

    people = choices(carrier_choices(board, app.clock.now(), who), lang, current or "")
    app.push_screen(CarrierPicker(title, people, lang, current or ""), picked)
