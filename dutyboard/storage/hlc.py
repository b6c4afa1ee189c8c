"""Hybrid logical clock stamps that order edits across laptops whose clocks disagree.

A stamp is a fixed-width string, so plain string comparison orders stamps:
``"<wall ms, 15 digits>.<counter, 4 digits>.<device id>"``. The wall part never goes
backwards and jumps past every stamp this clock has seen (in a loaded or merged
file), so an edit made after seeing another is always stamped later, even when this
laptop's clock is a day behind. The device id breaks ties between laptops.
"""

from __future__ import annotations

import time
from collections.abc import Callable

ZERO = ""  # sorts before every real stamp


def make(wall_ms: int, counter: int, device: str) -> str:
    return f"{wall_ms:015d}.{counter:04d}.{device}"


def parse(stamp: str) -> tuple[int, int, str]:
    wall, counter, device = stamp.split(".", 2)
    return int(wall), int(counter), device


def is_valid(stamp: object) -> bool:
    if not isinstance(stamp, str):
        return False
    parts = stamp.split(".", 2)
    return (
        len(parts) == 3
        and len(parts[0]) == 15
        and parts[0].isdigit()
        and len(parts[1]) == 4
        and parts[1].isdigit()
        and bool(parts[2])
    )


def wall_ms(stamp: str) -> int:
    return int(stamp[:15])


class HybridClock:
    def __init__(self, device: str, wall: Callable[[], int] | None = None) -> None:
        if "." in device or not device:
            raise ValueError("device id must be non-empty and contain no '.'")
        self.device = device
        self._wall = wall or (lambda: time.time_ns() // 1_000_000)
        self._last_wall = 0
        self._counter = 0

    def now(self) -> str:
        wall = self._wall()
        if wall > self._last_wall:
            self._last_wall, self._counter = wall, 0
        else:
            self._counter += 1
            if self._counter > 9999:  # more than 10k stamps in one ms: borrow the next ms
                self._last_wall, self._counter = self._last_wall + 1, 0
        return make(self._last_wall, self._counter, self.device)

    def observe(self, stamp: str) -> None:
        """Move past a stamp seen in a file, so later local edits sort after it."""
        if not stamp:
            return
        wall, counter, _ = parse(stamp)
        if wall > self._last_wall or (wall == self._last_wall and counter > self._counter):
            self._last_wall, self._counter = wall, counter
