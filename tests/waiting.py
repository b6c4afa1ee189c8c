"""Waiting in tests: poll a condition until a deadline, and fail naming what never came.

A fixed sleep is too short on a slow or busy machine and too long everywhere else; a
loop of N pauses hides how long it waits and fails later, on an assertion that does
not say what it waited for. ``wait_until`` polls from plain code (threads, processes,
files); ``wait_until_in_app`` polls inside a Textual test, letting the app run (its
workers and messages) between two looks.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from textual.pilot import Pilot

T = TypeVar("T")


class _Deadline:
    def __init__(self, timeout: float, what: str, detail: Callable[[], str] | None) -> None:
        self.timeout = timeout
        self.what = what
        self.detail = detail
        self.end = time.monotonic() + timeout

    def check(self) -> None:
        """Fail once the deadline has passed."""
        if time.monotonic() >= self.end:
            extra = f"\n{self.detail()}" if self.detail is not None else ""
            raise AssertionError(
                f"timed out after {self.timeout:g} s waiting for {self.what}{extra}"
            )


def wait_until(
    predicate: Callable[[], T],
    *,
    what: str,
    timeout: float = 10.0,
    interval: float = 0.01,
    detail: Callable[[], str] | None = None,
) -> T:
    """``predicate()``'s first truthy value, looked for every ``interval`` seconds; an
    AssertionError naming ``what`` (and ``detail()``, if given) after ``timeout``."""
    deadline = _Deadline(timeout, what, detail)
    while True:
        value = predicate()
        if value:
            return value
        deadline.check()
        time.sleep(interval)


async def wait_until_in_app(
    pilot: Pilot[Any],
    predicate: Callable[[], T],
    *,
    what: str,
    timeout: float = 10.0,
    interval: float = 0.02,
) -> T:
    """Like ``wait_until`` in a ``run_test`` block: between two looks the clock moves on
    (for the app's worker threads) and the app handles what is waiting (``pilot.pause``)."""
    deadline = _Deadline(timeout, what, None)
    while True:
        value = predicate()
        if value:
            return value
        deadline.check()
        await asyncio.sleep(interval)
        await pilot.pause()
