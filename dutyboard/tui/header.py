"""The one-line header: community, date, time, who is at the keyboard, open conflicts,
save state."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Label

from dutyboard.i18n import long_date, t

if TYPE_CHECKING:
    from dutyboard.board import Board
    from dutyboard.clock import Clock
    from dutyboard.model import Volunteer
    from dutyboard.store import BoardStore

SAVE_STATES = ("saved", "saving", "failed", "reloaded")


@dataclass(frozen=True)
class HeaderInfo:
    """What the header shows, every text already in the UI language."""

    community: str
    date: str
    time: str
    who: str
    badge: str  # "组长" for a shift leader, "" otherwise
    state_label: str
    conflicts: int = 0  # open conflicts, each one losing edit
    conflicts_label: str = ""
    day_note: str = ""  # the clock has passed into a day after the board's (swap due)


# store -> (its revision, open conflicts then): the header is drawn every second.
_counted: weakref.WeakKeyDictionary[BoardStore, tuple[int, int]] = weakref.WeakKeyDictionary()


def open_conflicts(board: Board) -> int:
    store = board.store
    seen = _counted.get(store)
    if seen is not None and seen[0] == store.revision:
        return seen[1]
    n = 0
    if store.count("conflicts"):  # most boards have none: skip importing merge
        from dutyboard.merge import conflicts

        n = len(conflicts(board))
    _counted[store] = (store.revision, n)
    return n


def header_info(
    board: Board, clock: Clock, who: Volunteer | None, lang: str, state: str
) -> HeaderInfo:
    """The header's texts: the date is the board's duty day, the time the clock's."""
    n = open_conflicts(board)
    return HeaderInfo(
        community=board.community(lang),
        date=long_date(board.today, lang),
        time=clock.now().in_timezone(board.tz).format("HH:mm"),
        who=who.name if who else t("header.nobody", lang),
        badge=t("role.leader", lang) if who and who.is_leader else "",
        state_label=t(f"save.{state}" if state in SAVE_STATES else "save.saved", lang),
        conflicts=n,
        conflicts_label=t("header.conflicts", lang, n=n) if n else "",
        day_note=_day_note(board, clock, lang),
    )


def _day_note(board: Board, clock: Clock, lang: str) -> str:
    """'已到 4月27日' once the clock is past the day-start hour of a later day (the
    board only changes day when a leader swaps: dutyboard.swap)."""
    day = board.duty_day(clock.now())
    return t("header.day_changed", lang, date=long_date(day, lang)) if day > board.today else ""


class BoardHeader(Horizontal):
    """Data down: the app calls ``show``; ``state`` picks the colour (app.tcss)."""

    state: reactive[str] = reactive("saved")

    def compose(self) -> ComposeResult:
        yield Label(id="hdr-community")
        yield Label(id="hdr-date")
        yield Label(id="hdr-time")
        yield Label(id="hdr-who")
        yield Label(id="hdr-badge")
        yield Label(id="hdr-conflicts")
        yield Label(id="hdr-day")
        yield Label(id="hdr-state")

    _info: HeaderInfo | None = None

    def show(self, info: HeaderInfo) -> None:
        if info == self._info:
            return
        self._info = info
        self.query_one("#hdr-community", Label).update(info.community)
        self.query_one("#hdr-date", Label).update(info.date)
        self.query_one("#hdr-time", Label).update(info.time)
        self.query_one("#hdr-who", Label).update(info.who)
        self.query_one("#hdr-badge", Label).update(info.badge)
        self.set_class(not info.badge, "-no-badge")
        self.query_one("#hdr-conflicts", Label).update(info.conflicts_label)
        self.set_class(bool(info.conflicts), "-conflicts")
        self.query_one("#hdr-day", Label).update(info.day_note)
        self.set_class(bool(info.day_note), "-day-changed")
        self.query_one("#hdr-state", Label).update(info.state_label)

    def watch_state(self, state: str) -> None:
        for name in SAVE_STATES:
            self.set_class(state == name, f"-{name}")
