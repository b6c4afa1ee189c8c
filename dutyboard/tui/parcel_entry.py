"""Parcels at the gate (``k`` in Deliveries): the gate volunteer's fast entry.

Type a room (``5-2-302``), Enter: it is added and the box clears for the next one.
Paste a whole list of rooms (several lines, or commas) and they are all added at
once. The courier and count fields are optional (the courier stays for the next
parcels; the count goes back to 1). A status line says what was added, or why a
room was refused (unknown; ambiguous, with the rooms it could be): nothing is
guessed. Each entry runs supplies.parcels.add_parcels in the saver worker; ``u``
undoes the last one whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from dutyboard.groups.supplies.parcels import add_parcels
from dutyboard.i18n import t
from dutyboard.storage.text import squeezed
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.safe_text import safe
from dutyboard.views.parcels import EntryReport, entry_lines, entry_report, parse_count, rooms_of

if TYPE_CHECKING:
    from dutyboard.core.model import Volunteer
    from dutyboard.tui.app import DutyboardApp


@dataclass(frozen=True)
class Entry:
    """What the gate volunteer entered: rooms as typed, the courier, parcels per room."""

    rooms: tuple[str, ...]
    courier: str = ""
    count: int = 1


class RoomInput(Input):
    """The room box. A paste of several rooms is taken whole (an Input keeps only the
    first line of a paste); a paste of one room goes into the box as usual."""

    class Pasted(Message):
        def __init__(self, box: RoomInput, text: str) -> None:
            super().__init__()
            self.box = box
            self.text = text

        @property
        def control(self) -> RoomInput:
            return self.box

    def on_paste(self, event: events.Paste) -> None:
        if len(rooms_of(event.text)) > 1:
            event.prevent_default()  # not Input's own: it would keep the first line
            event.stop()
            self.post_message(self.Pasted(self, event.text))


class ParcelEntry(ModalScreen[None]):
    """Stays open for parcel after parcel; ``add`` saves an entry, and the flow hands
    back what it did (``show_report``)."""

    BINDINGS = [Binding("escape", "close", "Close", id="deliveries.parcel.key.close")]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"parcels--added", "parcels--refused"}

    def __init__(self, lang: str, add: Callable[[Entry], None]) -> None:
        super().__init__()
        self.lang = lang
        self.add = add
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="parcel-dialog", classes="dialog"):
            yield Label(t("deliveries.parcel.entry.title", lang), classes="dialog-title")
            yield RoomInput(placeholder=t("deliveries.parcel.entry.room", lang), id="parcel-room")
            with Horizontal(id="parcel-fields"):
                yield Input(
                    placeholder=t("deliveries.parcel.entry.courier", lang), id="parcel-courier"
                )
                yield Input(
                    placeholder=t("deliveries.parcel.entry.count", lang),
                    restrict=r"[0-9０-９]*",
                    max_length=2,
                    id="parcel-count",
                )
            yield Static(t("deliveries.parcel.entry.ready", lang), id="parcel-status")
            yield Label(t("deliveries.parcel.entry.hint", lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#parcel-room", Input).focus()

    @on(Input.Submitted)
    def _typed(self) -> None:
        room = self.query_one("#parcel-room", Input)
        if not rooms_of(room.value):
            room.focus()
            self.app.bell()
            return
        if self._enter(room.value):
            room.value = ""
            room.focus()

    @on(RoomInput.Pasted)
    def _pasted(self, event: RoomInput.Pasted) -> None:
        self._enter(event.text)

    def _enter(self, text: str) -> bool:
        count = parse_count(self.query_one("#parcel-count", Input).value)
        if count is None:
            style = self.get_component_rich_style("parcels--refused", partial=True)
            self._say(Text("✗ " + t("deliveries.parcel.entry.bad_count", self.lang), style))
            self.app.bell()
            return False
        courier = squeezed(self.query_one("#parcel-courier", Input).value)
        self.add(Entry(tuple(rooms_of(text)), courier, count))
        self.query_one("#parcel-count", Input).value = ""
        return True

    def show_report(self, report: EntryReport) -> None:
        """What the last entry did: the rooms added, then each room refused and why
        (as a notification if the dialog was closed meanwhile)."""
        lines = entry_lines(report, self.lang)
        if not self.is_attached:
            self.app.notify("\n".join(lines), markup=False)
            return
        added = self.get_component_rich_style("parcels--added", partial=True)
        refused = self.get_component_rich_style("parcels--refused", partial=True)
        out = Text()
        for i, line in enumerate(lines):
            ok = i == 0 and bool(report.added)
            out.append(
                ("\n" if i else "") + ("✓ " if ok else "✗ ") + line, added if ok else refused
            )
        self._say(out)

    def _say(self, text: Text) -> None:
        self.query_one("#parcel-status", Static).update(safe(text))

    def action_close(self) -> None:
        self.dismiss(None)


def parcel_entry_flow(app: DutyboardApp, who: Volunteer) -> None:
    """k: the entry dialog; each entry is saved with supplies.parcels.add_parcels."""
    board, lang = app.board, app.lang

    def add(entry: Entry) -> None:
        def run() -> EntryReport:
            result = add_parcels(board, entry.rooms, who, courier=entry.courier, count=entry.count)
            return entry_report(result, entry.courier, entry.count, lang)

        app.submit(run, screen.show_report)

    screen = ParcelEntry(lang, add)
    app.push_screen(screen)
