"""Clocks: the app and the CLI take one, so tests can fix the time."""

from __future__ import annotations

from typing import Protocol

import pendulum


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


def operational_date(now: pendulum.DateTime, day_start_hour: int) -> pendulum.Date:
    """The duty day a moment belongs to: before the day-start hour it is still yesterday."""
    return now.subtract(hours=day_start_hour).date()
