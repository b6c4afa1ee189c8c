"""The dialog for a new medicine request (n in the Medicine tab or on a household page).

It only collects input; the request is made in the app's saver through
dutyboard/groups/medicine.py, which checks it and writes its audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label

from dutyboard.groups import medicine
from dutyboard.groups.task_titles import task_title
from dutyboard.i18n import t
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.safe_text import typed

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp


@dataclass(frozen=True)
class MedicineForm:
    household: str
    medicine: str
    quantity: str
    prescription: bool
    urgent: bool


class MedicineRequestScreen(ModalScreen[MedicineForm | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="care.log.cancel")]

    def __init__(self, lang: str, address: str = "") -> None:
        super().__init__()
        self.lang, self.address = lang, address
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="med-dialog", classes="care-dialog"):
            yield Label(t("care.med.new.title", lang), classes="dialog-title")
            yield Input(self.address, placeholder=t("care.med.new.household", lang), id="med-hh")
            yield Input(placeholder=t("care.med.new.medicine", lang), id="med-name")
            yield Input(placeholder=t("care.med.new.quantity", lang), id="med-qty")
            yield Checkbox(t("care.med.new.prescription", lang), id="med-rx")
            yield Checkbox(t("care.log.urgent", lang), id="med-urgent")
            with Horizontal(classes="care-buttons"):
                yield Button(t("care.log.save", lang), variant="primary", id="med-save")
                yield Button(t("care.log.cancel", lang), id="med-cancel")
            yield Label(t("care.log.hint", lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#med-hh", Input).focus()

    @on(Button.Pressed, "#med-save")
    @on(Input.Submitted)
    def _save(self) -> None:
        name = typed(self.query_one("#med-name", Input).value)
        household = typed(self.query_one("#med-hh", Input).value)
        if not name or not household:
            self.app.bell()
            (self.query_one("#med-hh" if not household else "#med-name", Input)).focus()
            return
        board = self.app.board  # type: ignore[attr-defined]
        if board.household(household) is None and not any(
            h.address == household for h in board.households()
        ):
            self.app.notify(
                t("care.med.new.unknown", self.lang, address=household), severity="warning"
            )
            self.query_one("#med-hh", Input).focus()
            return
        self.dismiss(
            MedicineForm(
                household,
                name,
                typed(self.query_one("#med-qty", Input).value),
                self.query_one("#med-rx", Checkbox).value,
                self.query_one("#med-urgent", Checkbox).value,
            )
        )

    @on(Button.Pressed, "#med-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def medicine_request_flow(app: DutyboardApp, address: str = "") -> None:
    who = app.who
    if who is None:
        app.bell()
        return

    def made(form: MedicineForm | None) -> None:
        if form is None:
            return
        app.submit(
            lambda: medicine.request(
                app.board,
                who,
                form.household,
                form.medicine,
                form.quantity,
                prescription=form.prescription,
                urgent=form.urgent,
            ),  # fmt: skip
            lambda task: app.notify(f"{task.code} {task_title(app.board, task, app.lang)}"),
        )

    app.push_screen(MedicineRequestScreen(app.lang, address), made)
