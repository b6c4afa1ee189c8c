"""Who has carried how much: hours per person this week and days on duty in a row.

The live file holds today and tomorrow only; the days before are read from the
archive (closed days), so the counts reach back as far as the leader needs. A night
slot (22:00–06:00) counts for the day it starts, as everywhere (dutyboard.core.rules).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.model import Slot, Volunteer
from dutyboard.core.rules import COUNTED_STATUSES

WEEK_DAYS = 7


@dataclass(frozen=True)
class Duty:
    """One assignment the person did not miss, from the live file or the archive."""

    volunteer: str
    day: pendulum.Date
    hours: float
    group: str


def _slot_hours(doc: dict[str, object]) -> float:
    start, end = str(doc.get("start", "00:00")), str(doc.get("end", "00:00"))
    sh, sm = (int(x) for x in start.split(":"))
    eh, em = (int(x) for x in end.split(":"))
    minutes = (eh * 60 + em) - (sh * 60 + sm)
    return (minutes + 24 * 60 if minutes <= 0 else minutes) / 60


def duties(board: Board, since: pendulum.Date | None = None) -> list[Duty]:
    """Every counted assignment (scheduled, arrived or left) on or after ``since``:
    the live file's, and the archive's for closed days (the live copy wins by id)."""
    out: list[Duty] = []
    seen: set[str] = set()
    v = board.views()
    for a in v.assignments.values():
        seen.add(a.id)
        if a.status not in COUNTED_STATUSES or (since is not None and a.date < since):
            continue
        slot: Slot | None = v.slots.get(a.slot)
        out.append(Duty(a.volunteer, a.date, slot.hours if slot else 0.0, a.group))
    if not board.store.has_archive():
        return out
    # The closed days' parts, through their indexes (parts that cannot be read are
    # left out and named by store.archive_problem).
    archive = board.store.archive()
    cutoff = since.isoformat() if since is not None else None
    slot_docs = {d["id"]: d for _day, _t, d in archive.lookup("slots", since=cutoff)}
    for _day, _table, d in archive.lookup("assignments", since=cutoff):
        if d["id"] in seen or d.get("status", "scheduled") not in COUNTED_STATUSES:
            continue
        if cutoff is not None and d.get("date", "") < cutoff:
            continue
        seen.add(d["id"])
        sd = slot_docs.get(d.get("slot", ""))
        hours = _slot_hours(sd) if sd is not None else 0.0
        out.append(Duty(d["volunteer"], board._day(d["date"]), hours, d.get("group", "")))
    return out


def runs(days: set[pendulum.Date], day: pendulum.Date) -> int:
    """Consecutive days in ``days`` ending at ``day`` (0 if ``day`` is not one)."""
    n = 0
    while day.subtract(days=n) in days:
        n += 1
    return n


def duty_days(board: Board, since: pendulum.Date | None = None) -> dict[str, set[pendulum.Date]]:
    out: dict[str, set[pendulum.Date]] = defaultdict(set)
    for d in duties(board, since):
        out[d.volunteer].add(d.day)
    return out


@dataclass(frozen=True)
class Share:
    volunteer: Volunteer
    week_hours: float  # the seven days up to and including the board's today
    week_days: int
    in_a_row: int  # days on duty in a row up to today
    tomorrow_hours: float  # as planned
    in_a_row_tomorrow: int  # the run if tomorrow goes as planned (0: off tomorrow)
    over_limit: bool  # the run tomorrow is longer than the board's limit


def fair_share(board: Board, *, lookback: int = 30) -> list[Share]:
    """Per volunteer: hours and days this week, days in a row, tomorrow as planned.

    Fewest hours first (the people to ask next), then name.
    """
    today, tomorrow = board.today, board.tomorrow
    week_start = today.subtract(days=WEEK_DAYS - 1)
    all_duties = duties(board, today.subtract(days=lookback))
    hours: dict[str, float] = defaultdict(float)
    tomorrow_hours: dict[str, float] = defaultdict(float)
    days: dict[str, set[pendulum.Date]] = defaultdict(set)
    for d in all_duties:
        days[d.volunteer].add(d.day)
        if week_start <= d.day <= today:
            hours[d.volunteer] += d.hours
        elif d.day == tomorrow:
            tomorrow_hours[d.volunteer] += d.hours
    limit = int(board.rule("max_days_in_a_row", 6))
    out = []
    for v in board.volunteers():
        mine = days.get(v.id, set())
        run_tomorrow = runs(mine, tomorrow)
        out.append(
            Share(
                volunteer=v,
                week_hours=hours.get(v.id, 0.0),
                week_days=sum(1 for d in mine if week_start <= d <= today),
                in_a_row=runs(mine, today),
                tomorrow_hours=tomorrow_hours.get(v.id, 0.0),
                in_a_row_tomorrow=run_tomorrow,
                over_limit=run_tomorrow > limit,
            )
        )
    out.sort(key=lambda s: (s.week_hours, s.volunteer.name, s.volunteer.id))
    return out
