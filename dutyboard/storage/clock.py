"""Clocks: the app and the CLI take one, so tests can fix the time."""

from __future__ import annotations

import datetime
import functools
import os
from typing import Any, Protocol

import pendulum

from dutyboard.storage.errors import UsageError


class Clock(Protocol):
    def now(self) -> pendulum.DateTime: ...


class SystemClock:
    def __init__(self, tz: str = "Asia/Shanghai") -> None:
        self.tz = pendulum.timezone(tz)

    def now(self) -> pendulum.DateTime:
        return pendulum.now(self.tz)


class FixedClock:
    """A clock that stands still unless a test moves it."""

    def __init__(self, at: pendulum.DateTime) -> None:
        self.at = at

    def now(self) -> pendulum.DateTime:
        return self.at

    def advance(self, **kwargs: float) -> None:
        self.at = self.at.add(**kwargs)  # type: ignore[arg-type]


def make_clock(tz: str = "Asia/Shanghai") -> SystemClock | FixedClock:
    """The system clock, or a fixed one from $DUTYBOARD_NOW (ISO 8601) for scripts and tests."""
    fixed = os.environ.get("DUTYBOARD_NOW")
    if fixed:
        try:
            at = pendulum.parse(fixed, tz=tz)
        except (ValueError, pendulum.parsing.ParserError):
            raise UsageError(f"DUTYBOARD_NOW={fixed!r} is not an ISO 8601 time.") from None
        assert isinstance(at, pendulum.DateTime)
        return FixedClock(at)
    return SystemClock(tz)


def operational_date(now: pendulum.DateTime, day_start_hour: int) -> pendulum.Date:
    """The duty day a moment belongs to: before the day-start hour it is still yesterday."""
    return now.subtract(hours=day_start_hour).date()


def parse_moment(value: Any) -> pendulum.DateTime | None:
    """A stored ISO 8601 moment; None for nothing or anything that cannot be read."""
    if not isinstance(value, str) or not value:
        return None
    return _parse_moment(value)


@functools.lru_cache(maxsize=1 << 16)
def _parse_moment(value: str) -> pendulum.DateTime | None:
    # What dutyboard writes (with its offset) the standard library reads about 20x
    # faster than pendulum.parse; the views read every stored time on each redraw.
    try:
        fast = datetime.datetime.fromisoformat(value)
    except ValueError:
        fast = None
    if fast is not None and fast.tzinfo is not None:
        return pendulum.instance(fast)
    try:
        parsed = pendulum.parse(value)
    except (ValueError, pendulum.parsing.ParserError):
        return None
    return parsed if isinstance(parsed, pendulum.DateTime) else None
