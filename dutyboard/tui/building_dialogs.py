"""The Buildings tab's dialogs: set a building's status (``s``, leaders) and its
history (``h``).

The status dialog asks the state, the case date (sealed or positive), a note, and a
reason when the state chosen lifts the building before its earliest day; it checks
what it can say at once (an unreadable or future case date, the same state again, a
missing reason) and the change then runs in the app's saver through
dutyboard.groups.building_status.set_status, which checks it all again and writes the audit
entry. What people typed (notes, reasons, names) is shown as text, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from dutyboard.groups import building_status as bs
from dutyboard.i18n import t
from dutyboard.storage.errors import Refused
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.safe_text import safe, typed
from dutyboard.views.buildings import (
    BuildingRow,
    history_lines,
    lift_text,
    short_date,
    since_text,
    state_name,
)

if TYPE_CHECKING:
    from dutyboard.core.board import Board
    from dutyboard.tui.app import DutyboardApp


@dataclass(frozen=True)
class StatusForm:
    state: str
    case_date: str  # as typed ("" for none)
    note: str
    reason: str


class _Dialog(ModalScreen[Any]):
    """Esc closes without doing anything."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="buildings.key.back")]

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        localise_bindings(self, lang)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, ".dlg-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)


class StatusScreen(_Dialog):
    """s: the building's new status. Dismisses with a ``StatusForm`` (or None)."""

    def __init__(self, board: Board, row: BuildingRow, lang: str) -> None:
        super().__init__(lang)
        self.board = board
        self.row = row

    def compose(self) -> ComposeResult:
        lang, row = self.lang, self.row
        with Vertical(id="building-dialog", classes="dialog"):
            yield Label(
                Text(t("buildings.dlg.title", lang, n=row.number), "bold"),
                classes="dialog-title",
            )
            now = [t("buildings.dlg.now", lang, state=state_name(row.state, lang))]
            now += [part for part in (since_text(row, lang), lift_text(row, lang)) if part]
            yield Static(safe(t("buildings.sep", lang).join(now)), classes="dialog-label")
            options = []
            for s in bs.STATES:
                name = state_name(s, lang)
                if s == row.state:
                    name = t("buildings.dlg.current", lang, state=name)
                options.append(Option(safe(Text(name)), id=s))
            yield OptionList(*options, id="building-state")
            with Horizontal(classes="form-row", id="building-case-row"):
                yield Label(t("buildings.dlg.case", lang), classes="form-label")
                yield Input(id="building-case", placeholder=t("buildings.dlg.case_hint", lang))
            with Horizontal(classes="form-row"):
                yield Label(t("buildings.dlg.note", lang), classes="form-label")
                yield Input(id="building-note")
            with Vertical(id="building-reason-box"):
                yield Label(id="building-reason-label", classes="dialog-label")
                yield Input(id="building-reason", placeholder=t("buildings.dlg.reason_hint", lang))
            yield Static(id="building-problem", classes="dialog-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("buildings.dlg.save", lang), variant="primary", id="building-save")
                yield Button(t("buildings.dlg.back", lang), classes="dlg-cancel")

    def on_mount(self) -> None:
        states = self.query_one("#building-state", OptionList)
        states.highlighted = bs.STATES.index(self.row.state)
        states.focus()
        self._follow_state()

    def chosen(self) -> str:
        """The state under the highlight (the arrows choose; Enter goes on)."""
        index = self.query_one("#building-state", OptionList).highlighted
        return bs.STATES[index] if index is not None else self.row.state

    def needs_reason(self, state: str) -> str:
        """The earliest day ``state`` may be set without a reason, if today is before it."""
        need = {"controlled": self.row.may_control, "normal": self.row.may_normal}.get(state, "")
        return need if need and self.board.today.isoformat() < need else ""

    @on(OptionList.OptionSelected)
    def _state_chosen(self) -> None:
        self.focus_next()

    @on(OptionList.OptionHighlighted)
    def _follow_state(self) -> None:
        state = self.chosen()
        case = state in ("sealed", "positive")  # asked only where a case goes
        self.query_one("#building-case-row").display = case
        self.query_one("#building-case", Input).disabled = not case
        need = self.needs_reason(state)
        box = self.query_one("#building-reason-box")
        box.display = bool(need)
        if need:
            label = t("buildings.dlg.reason", self.lang, date=short_date(need, self.lang))
            self.query_one("#building-reason-label", Label).update(safe(label))

    def _refuse(self, message: str, focus: str) -> None:
        problem = self.query_one("#building-problem", Static)
        problem.update(safe(message))
        problem.set_class(bool(message), "-shown")
        self.query_one(focus).focus()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter goes on to the next field; on the reason (or the note) it saves."""
        if event.input.id == "building-reason" or (
            event.input.id == "building-note" and not self.needs_reason(self.chosen())
        ):
            self.save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#building-save")
    def save(self) -> None:
        lang, state = self.lang, self.chosen()
        case_text = ""
        if state in ("sealed", "positive"):
            case_text = typed(self.query_one("#building-case", Input).value)
            try:
                case = bs.parse_case_date(self.board, case_text)
            except Refused as exc:
                self._refuse(exc.text(lang), "#building-case")
                return
            if state == self.row.state and (case is None or case.isoformat() == self.row.case_date):
                self._refuse(
                    t(f"refused.building_same.{state}", lang, n=self.row.number), "#building-state"
                )
                return
        elif state == self.row.state:
            self._refuse(
                t(f"refused.building_same.{state}", lang, n=self.row.number), "#building-state"
            )
            return
        reason = typed(self.query_one("#building-reason", Input).value)
        need = self.needs_reason(state)
        if need and not reason:
            self._refuse(
                t(
                    "buildings.dlg.need_reason",
                    lang,
                    date=short_date(need, lang),
                    state=state_name(state, lang),
                ),
                "#building-reason",
            )
            return
        note = typed(self.query_one("#building-note", Input).value)
        self.dismiss(StatusForm(state, case_text, note, reason if need else ""))


def status_flow(app: DutyboardApp, row: BuildingRow) -> None:
    """s (leaders): the dialog, then the change in the app's saver."""
    who = app.leader()
    if who is None:
        return
    board = app.board

    def done(result: bs.Result) -> None:
        e = result.event
        text = t(
            "buildings.done",
            app.lang,
            n=e.building,
            before=state_name(e.previous, app.lang),
            after=state_name(e.state, app.lang),
        )
        if result.rounds_added:
            text += t("buildings.done.rounds", app.lang, n=result.rounds_added)
        app.notify(text, markup=False)

    def chosen(form: StatusForm | None) -> None:
        if form is None:
            return
        app.submit(
            lambda: bs.set_status(
                board,
                who,
                row.number,
                form.state,
                case_date=form.case_date or None,
                note=form.note,
                reason=form.reason,
            ),
            done,
        )

    app.push_screen(StatusScreen(board, row, app.lang), chosen)


class HistoryScreen(_Dialog):
    """h: the building's changes, oldest first."""

    def __init__(self, number: int, lines: list[str], lang: str) -> None:
        super().__init__(lang)
        self.number = number
        self.lines = lines

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="building-history", classes="dialog"):
            yield Label(
                Text(t("buildings.history.title", lang, n=self.number), "bold"),
                classes="dialog-title",
            )
            body = "\n".join(self.lines) or "  " + t("buildings.cli.no_history", lang)
            with VerticalScroll(id="building-history-box"):
                yield Static(safe(body), id="building-history-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("buildings.dlg.close", lang), classes="dlg-cancel")

    def on_mount(self) -> None:
        box = self.query_one("#building-history-box", VerticalScroll)
        box.focus()
        box.scroll_end(animate=False)


def history_flow(app: DutyboardApp, number: int) -> None:
    board = app.board
    with board.lock:
        items = bs.events(board, number)
    lines = [line for e in items for line in history_lines(e, board.tz, app.lang)]
    app.push_screen(HistoryScreen(number, lines, app.lang))
