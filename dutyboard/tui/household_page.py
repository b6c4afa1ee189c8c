"""The household page: everything about one household at a glance (from the command
palette, Deliveries, the care tabs and the coverage grid). p logs a call, n makes a
medicine request; both close the page first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from dutyboard.core.roles import page_for
from dutyboard.groups.privacy import page_phones
from dutyboard.i18n import t
from dutyboard.tui.care_screens import log_call_flow
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.medicine_request import medicine_request_flow
from dutyboard.tui.safe_text import safe
from dutyboard.views.household import page_lines
from dutyboard.views.household_page import archive_index, history_ready, household_page

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp


class HouseholdScreen(ModalScreen[None]):
    """Everything about one household; Esc closes. p logs a call, n a medicine request."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="hh.key.close"),
        Binding("p", "log_call", "Log call", id="care.key.log"),
        Binding("n", "new_request", "New request", id="care.med.key.new"),
    ]

    def __init__(self, household_id: str, lang: str) -> None:
        super().__init__()
        self.household_id, self.lang = household_id, lang
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical(id="hh-dialog", classes="care-dialog"):
            with VerticalScroll(id="hh-body"):
                yield Static(id="hh-text")
            yield Label(t("care.log.hint", self.lang), classes="dialog-hint", id="hh-hint")

    def on_mount(self) -> None:
        self.refresh_page()

    def refresh_page(self, *, history: bool | None = None) -> None:
        app: DutyboardApp = self.app  # type: ignore[assignment]
        # The first page of a session may have to read the archive (seconds at town
        # scale): the page shows at once, and its history once the worker has read it.
        ready = history_ready(app.board) if history is None else history
        page = household_page(
            app.board, self.household_id, self.lang, app.clock.now(), history=ready
        )
        if not ready:
            self._read_history()
        if page is None:
            self.query_one("#hh-text", Static).update(t("hh.gone", self.lang))
            return
        # call notes: the care group's and leaders'
        page = page_for(page, app.who, t("roles.hidden", self.lang))
        page = page_phones(page, app.board, app.who)  # the phone as they may see it
        lines = page_lines(page, self.lang)
        text = Text(lines[0], "bold")
        for line in lines[1:]:
            text.append("\n")
            text.append(line, "bold" if line.startswith("■") else "")
        self.query_one("#hh-text", Static).update(safe(text))
        self.query_one("#hh-hint", Label).update(
            "p " + t("care.key.log", self.lang) + " · n " + t("care.med.key.new", self.lang)
            + " · Esc " + t("hh.key.close", self.lang)
        )  # fmt: skip

    @work(thread=True, exclusive=True, group="household-history")
    def _read_history(self) -> None:
        app: DutyboardApp = self.app  # type: ignore[assignment]
        archive_index(app.board)  # reads and indexes it (or notes it is unreadable)
        app.call_from_thread(self._history_read)

    def _history_read(self) -> None:
        if self.is_attached:
            self.refresh_page(history=True)

    def action_close(self) -> None:
        self.dismiss(None)

    def _address(self) -> str:
        app: DutyboardApp = self.app  # type: ignore[assignment]
        h = app.board.household(self.household_id)
        return h.address if h else ""

    def action_log_call(self) -> None:
        app: DutyboardApp = self.app  # type: ignore[assignment]
        address = self._address()
        self.dismiss(None)
        log_call_flow(app, self.household_id, address)

    def action_new_request(self) -> None:
        app: DutyboardApp = self.app  # type: ignore[assignment]
        address = self._address()
        self.dismiss(None)
        medicine_request_flow(app, address)


def open_household(app: DutyboardApp, household_id: str) -> None:
    if app.board.household(household_id) is None:
        app.notify(t("hh.gone", app.lang), severity="warning")
        return
    app.push_screen(HouseholdScreen(household_id, app.lang))
