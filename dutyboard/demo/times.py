"""Times of the demo day: minutes from midnight and ISO 8601 moments."""

from __future__ import annotations

import pendulum


def minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


class Times:
    """ISO 8601 moments with the zone's offset, fast (one pendulum call per hour)."""

    def __init__(self, tz: str) -> None:
        self.tz = tz
        self._cache: dict[tuple[pendulum.Date, int], tuple[str, str]] = {}

    def at(self, day: pendulum.Date, minute: int, second: int = 0) -> str:
        """``minute`` counts from the day's midnight and may run into the next day."""
        if minute >= 24 * 60:
            day, minute = day.add(days=minute // (24 * 60)), minute % (24 * 60)
        minute = max(0, minute)
        hour = minute // 60
        parts = self._cache.get((day, hour))
        if parts is None:
            iso = pendulum.datetime(day.year, day.month, day.day, hour, tz=self.tz).isoformat()
            parts = self._cache[(day, hour)] = (iso[:11], iso[19:])
        return f"{parts[0]}{hour:02d}:{minute % 60:02d}:{second:02d}{parts[1]}"
