"""The one-line header: community, date, time, who is at the keyboard, open conflicts,
people late and work overdue (dutyboard.groups.lateness), save state."""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.css.query import NoMatches
from textual.reactive import reactive

from dutyboard.groups.lateness import known_overdue_count, late_count, prepare
from dutyboard.i18n import long_date, t
from dutyboard.tui.one_line import OneLine

if TYPE_CHECKING:
    import pendulum

    from dutyboard.core.board import Board
    from dutyboard.core.model import Volunteer
    from dutyboard.storage.clock import Clock
    from dutyboard.storage.store import BoardStore

SAVE_STATES = ("saved", "saving", "failed", "reloaded")


class HeaderInfo(NamedTuple):
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
    late: int = 0  # people late now (lateness.py)
    late_label: str = ""
    overdue: int = 0  # things overdue across the groups (lateness.py)
    overdue_label: str = ""


# store -> (its revision, open conflicts then): the header is drawn every second.
_counted: weakref.WeakKeyDictionary[BoardStore, tuple[int, int]] = weakref.WeakKeyDictionary()


def open_conflicts(board: Board) -> int:
    store = board.store
    seen = _counted.get(store)
    if seen is not None and seen[0] == store.revision:
        return seen[1]
    n = 0
    if store.count("conflicts"):  # most boards have none: nothing to count
        # Deferred: merging's module (and the validation it loads) is not needed to
        # draw the first screen of a board without conflicts.
        from dutyboard.core.merge import conflicts

        n = len(conflicts(board))
    _counted[store] = (store.revision, n)
    return n


def header_info(
    board: Board,
    clock: Clock,
    who: Volunteer | None,
    lang: str,
    state: str,
    *,
    late: int | None = None,
    overdue: int = 0,
) -> HeaderInfo:
    """The header's texts: the date is the board's duty day, the time the clock's.
    ``late``: people late now (counted here if not given); ``overdue``: as the app last
    counted it (lateness.overdue_count, worked out off the first screen's path)."""
    n = open_conflicts(board)
    now = clock.now().in_timezone(board.tz)
    if late is None:
        late = late_count(board, now)
    return HeaderInfo(
        community=board.community(lang),
        date=long_date(board.today, lang),
        time=_hh_mm(now),
        who=who.name if who else t("header.nobody", lang),
        badge=t("role.leader", lang) if who and who.is_leader else "",
        state_label=t(f"save.{state}" if state in SAVE_STATES else "save.saved", lang),
        conflicts=n,
        conflicts_label=t("header.conflicts", lang, n=n) if n else "",
        day_note=_day_note(board, clock, lang),
        late=late,
        late_label=t("header.late", lang, n=late) if late else "",
        overdue=overdue,
        overdue_label=t("header.overdue", lang, n=overdue) if overdue else "",
    )


class OverdueCounter:
    """Things overdue across the groups, for the header. Counting is a comparison with
    the moments worked out for the board's revision (dutyboard.groups.lateness); when the
    revision has moved they are worked out again in a worker (tens of milliseconds at
    town scale) and the last count shows meanwhile. Off until ``on`` (the app's clock
    turns it on at its first tick): the first screen does not pay for it."""

    def __init__(self, app: Any, redraw: Callable[[], None]) -> None:
        self.app = app
        self.redraw = redraw  # the header's, called from the worker when it is done
        self.on = False
        self.last = 0
        self._working = False

    def count(self, board: Board, now: pendulum.DateTime) -> int:
        if not self.on:
            return 0
        known = known_overdue_count(board, now)
        if known is not None:
            self.last = known
        elif not self._working:
            self._working = True
            self.app.run_worker(
                lambda: self._prepare(board),
                thread=True,
                group="overdue",
                exclusive=True,
                exit_on_error=False,
            )
        return self.last

    def _prepare(self, board: Board) -> None:
        try:
            prepare(board)
        finally:
            self._working = False
        with contextlib.suppress(RuntimeError):  # the app has closed
            self.app.call_from_thread(self._redraw)

    def _redraw(self) -> None:
        with contextlib.suppress(NoMatches):  # the app is closing
            self.redraw()


def _hh_mm(moment: pendulum.DateTime) -> str:
    # Not moment.format("HH:mm"): pendulum's formatter loads a locale file first, 5 ms
    # of the first screen.
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _day_note(board: Board, clock: Clock, lang: str) -> str:
    """'已到 4月27日' once the clock is past the day-start hour of a later day (the
    board only changes day when a leader swaps: dutyboard.core.swap)."""
    day = board.duty_day(clock.now())
    return t("header.day_changed", lang, date=long_date(day, lang)) if day > board.today else ""


class BoardHeader(OneLine, can_focus=False):
    """Data down: the app calls ``show``; ``state`` picks the colour (app.tcss).

    One widget drawing one line (it was eight Labels in a row: each styled, laid out
    and drawn before the first frame). Left: community, date, time; right: who, the
    leader badge, open conflicts, the day note and the save state."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "header--community",
        "header--time",
        "header--badge",
        "header--conflicts",
        "header--late",
        "header--overdue",
        "header--day",
        *(f"header--{state}" for state in SAVE_STATES),
    }

    state: reactive[str] = reactive("saved")

    _info: HeaderInfo | None = None

    def show(self, info: HeaderInfo) -> None:
        if info == self._info:
            return
        self._info = info
        self.refresh()

    def part(self, name: str) -> str:
        """What one part shows ('' if hidden): community, date, time, who, badge,
        conflicts, late, overdue, day or state."""
        info = self._info
        if info is None:
            return ""
        return {
            "community": info.community,
            "date": info.date,
            "time": info.time,
            "who": info.who,
            "badge": info.badge,
            "conflicts": info.conflicts_label,
            "late": info.late_label,
            "overdue": info.overdue_label,
            "day": info.day_note,
            "state": info.state_label,
        }[name]

    def render(self) -> Text:
        info = self._info
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        if info is None:
            return line
        style = self.get_component_rich_style
        plain = Style.null()
        left = [
            (info.community, style("header--community")),
            (info.date, plain),
            (info.time, style("header--time")),
        ]
        state = self.state if self.state in SAVE_STATES else "saved"
        right = [
            (info.who, plain),
            (info.badge, style("header--badge")),
            (info.conflicts_label, style("header--conflicts")),
            (info.late_label, style("header--late")),
            (info.overdue_label, style("header--overdue")),
            (info.day_note, style("header--day")),
            (info.state_label, style(f"header--{state}")),
        ]
        # Too narrow for all of it (80 columns): the day note goes first, then the
        # community's name, then who is at the keyboard; the time, the date, the
        # leader badge, conflicts, late, overdue and the save state always show.
        drops = [(right, 5), (left, 0), (right, 0)]
        while self._width(left, right) > self.size.width > 0 and drops:
            parts, index = drops.pop(0)
            parts[index] = ("", plain)
        right_text = Text(end="")
        for text, part_style in right:
            if text:
                right_text.append(" ")  # the gap between two coloured parts
                right_text.append(f" {text} ", part_style)
        for text, part_style in left:
            if text:
                line.append(f" {text} ", part_style)
        gap = self.size.width - line.cell_len - right_text.cell_len
        line.append(" " * max(gap, 0))
        line.append_text(right_text)
        return line

    @staticmethod
    def _width(left: list[tuple[str, Style]], right: list[tuple[str, Style]]) -> int:
        return sum(cell_len(f" {text} ") for text, _ in left if text) + sum(
            cell_len(f" {text} ") + 1 for text, _ in right if text
        )

    def watch_state(self) -> None:
        self.refresh()
