"""The staffing rules as plain functions: who may be put where, and what to warn about.

Nothing here changes the board; ``dutyboard.core.staffing`` applies changes and calls these
to decide what needs a leader's override. The screens show the warnings these return
and never work them out themselves.

Counting conventions:

* A night slot (22:00-06:00) belongs to the day it starts, for hours and for days in a
  row; overlaps use the real moments (``Slot.span``), so it does clash with a 05:00
  slot of the next day.
* Double booking looks at *active* assignments (scheduled or arrived): someone who
  left or did not show is not in the way.
* Hours and days on duty count every assignment the person did not miss (scheduled,
  arrived, or left): someone who worked the morning and went home has still worked it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.model import Assignment, Slot, Volunteer
from dutyboard.i18n import t

WARNING_CODES = (
    "overlap",
    "hour_limit",
    "sealed_home",
    "positive_home",
    "not_signed_up",
    "short_slot",
    "days_in_a_row",
    "off_duty",
)
# Assignment statuses whose hours and days count as time on duty.
COUNTED_STATUSES = ("scheduled", "arrived", "left")
# A person living in a building with one of these statuses cannot come out to help.
CONFINED_STATUSES = ("sealed", "positive")


@dataclass(frozen=True)
class Named:
    """A text in both languages, for a warning field that names something."""

    zh: str
    en: str

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def __str__(self) -> str:
        return self.en


def _show(value: object, lang: str) -> object:
    if isinstance(value, Named):
        return value.name(lang)
    if isinstance(value, float):
        return f"{round(value, 2):g}"
    return value


@dataclass(frozen=True)
class StaffWarning:
    """Something a leader must accept (with a reason) before a placement goes ahead.

    ``fields`` holds what the message needs: numbers, building numbers, and ``Named``
    texts for slots and groups; ``slot_id`` / ``group_key`` are there for programs.
    """

    code: str
    fields: dict[str, object] = field(default_factory=dict, hash=False)

    def text(self, lang: str) -> str:
        shown = {k: _show(v, lang) for k, v in self.fields.items()}
        return t(f"warn.{self.code}", lang, **shown)


def group_name(board: Board, key: str) -> Named:
    for g in board.groups():
        if g.key == key:
            return Named(g.zh, g.en)
    return Named(key, key)


def slot_label(board: Board, slot: Slot, ref_day: pendulum.Date | None = None) -> Named:
    """A slot's name for messages: 快递组 上午 07:00–11:00 / Delivery Morning 07:00–11:00,
    with the date in front when the slot is on another day than ``ref_day``."""
    g = group_name(board, slot.group)
    times = f"{slot.start}–{slot.end}"
    zh, en = f"{g.zh} {slot.zh} {times}", f"{g.en} {slot.en} {times}"
    if ref_day is not None and slot.date != ref_day:
        d = slot.date
        zh, en = f"{d.month}月{d.day}日 {zh}", f"{d.format('D MMM', locale='en')} {en}"
    return Named(zh, en)


def overlaps(a: Slot, b: Slot, tz: str) -> bool:
    """True if the two slots share any moment (a slot ending as the other starts does not)."""
    a0, a1 = a.span(tz)
    b0, b1 = b.span(tz)
    return a0 < b1 and b0 < a1


def hours_on_day(
    board: Board,
    volunteer_id: str,
    day: pendulum.Date,
    *,
    without: str | None = None,
    plus: Slot | None = None,
) -> float:
    """Hours on duty on ``day`` (slots starting that day), leaving out the assignment
    ``without`` and adding the slot ``plus``: the day as it would be after a move."""
    total = 0.0
    for a in board.assignments_of(volunteer_id, day):
        if a.id == without or a.status not in COUNTED_STATUSES:
            continue
        s = board.slot(a.slot)
        if s is not None:
            total += s.hours
    if plus is not None:
        total += plus.hours
    return total


def _duty_days(board: Board, volunteer_id: str, without: str | None = None) -> set[pendulum.Date]:
    return {
        a.date
        for a in board.views().assignments.values()
        if a.volunteer == volunteer_id and a.id != without and a.status in COUNTED_STATUSES
    }


def _run_back(days: set[pendulum.Date], day: pendulum.Date) -> int:
    n = 0
    while day.subtract(days=n) in days:
        n += 1
    return n


def days_in_a_row(
    board: Board, volunteer_id: str, day: pendulum.Date, *, without: str | None = None
) -> int:
    """Consecutive days on duty ending at ``day`` (0 if not on duty that day).

    Only the days in the live file count; closed days in the archive are not read.
    """
    return _run_back(_duty_days(board, volunteer_id, without), day)


def placement_warnings(
    board: Board, volunteer: Volunteer, slot: Slot, *, moving: Assignment | None = None
) -> list[StaffWarning]:
    """What is wrong with putting ``volunteer`` into ``slot``; ``moving`` is the
    assignment being moved there (it no longer counts where it was)."""
    out: list[StaffWarning] = []
    without = moving.id if moving is not None else None
    # Double booking: the day before (a night slot), the day, and the day after (when
    # this slot is itself a night slot).
    for day in (slot.date.subtract(days=1), slot.date, slot.date.add(days=1)):
        for a in board.assignments_of(volunteer.id, day):
            if a.id == without or not a.active or a.slot == slot.id:
                continue
            other = board.slot(a.slot)
            if other is not None and overlaps(other, slot, board.tz):
                out.append(
                    StaffWarning(
                        "overlap",
                        {"slot": slot_label(board, other, slot.date), "slot_id": other.id},
                    )
                )
    limit = board.rule("max_hours_per_day", 8)
    hours = hours_on_day(board, volunteer.id, slot.date, without=without, plus=slot)
    if hours > limit + 1e-9:
        out.append(StaffWarning("hour_limit", {"hours": hours, "limit": limit}))
    if volunteer.building is not None:
        status = board.building_status(volunteer.building, slot.date)
        if status in CONFINED_STATUSES:
            out.append(StaffWarning(f"{status}_home", {"building": volunteer.building}))
    if volunteer.off_on(slot.date):  # taken off duty (dutyboard/groups/people.py)
        out.append(StaffWarning("off_duty", {"reason": volunteer.off_reason}))
    if slot.group not in volunteer.groups:
        out.append(
            StaffWarning(
                "not_signed_up",
                {"group": group_name(board, slot.group), "group_key": slot.group},
            )
        )
    # Days in a row: only when this placement adds a day on duty.
    if slot.date not in _duty_days(board, volunteer.id):
        max_days = board.rule("max_days_in_a_row", 6)
        days = _duty_days(board, volunteer.id, without) | {slot.date}
        ahead = 0
        while slot.date.add(days=ahead + 1) in days:
            ahead += 1
        run = _run_back(days, slot.date) + ahead
        if run > max_days:
            out.append(StaffWarning("days_in_a_row", {"days": run, "limit": max_days}))
    return out


def slot_warnings(board: Board, slot: Slot) -> list[StaffWarning]:
    """What is wrong with a slot as it stands: fewer active people than it needs."""
    filled = sum(1 for a in board.assignments(slot.id) if a.active)
    short = slot.needed - filled
    if short > 0:
        return [
            StaffWarning(
                "short_slot", {"n": short, "slot": slot_label(board, slot), "slot_id": slot.id}
            )
        ]
    return []


def free_now(
    board: Board, at: pendulum.DateTime | None = None, group: str | None = None
) -> list[tuple[Volunteer, float]]:
    """People who could be called in at ``at`` (default: now), with their hours that day.

    Left out: anyone on duty at that moment (an active assignment whose slot spans it),
    anyone off duty that day (dutyboard/groups/people.py) and anyone living in a sealed or
    positive building that day. Sorted by fewest hours, then name; with ``group``,
    those signed up for it come first.
    """
    moment = (at or board.now()).in_timezone(board.tz)
    day = board.duty_day(moment)
    busy: set[str] = set()
    for d in (day.subtract(days=1), day, day.add(days=1)):
        for s in board.slots(d):
            start, end = s.span(board.tz)
            if start <= moment < end:
                busy.update(a.volunteer for a in board.assignments(s.id) if a.active)
    out: list[tuple[Volunteer, float]] = []
    for v in board.volunteers():
        if v.id in busy or v.off_on(day):
            continue
        if v.building is not None and board.building_status(v.building, day) in CONFINED_STATUSES:
            continue
        out.append((v, hours_on_day(board, v.id, day)))
    out.sort(
        key=lambda p: (group is not None and group not in p[0].groups, p[1], p[0].name, p[0].id)
    )
    return out
