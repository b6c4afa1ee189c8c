"""The domain as plain immutable records, built from the board file's records.

These are what the CLI prints and the screens show; they never touch the store.
They are NamedTuples rather than frozen dataclasses: a board of 5,000 households
makes tens of thousands of them when it opens, and a NamedTuple is about four times
quicker to make and its class about six times quicker to define (a frozen dataclass
compiles six methods at import, which every start of the app pays).
"""

# No ``from __future__ import annotations`` here: NamedTuple turns string annotations
# into ForwardRefs, compiling each one, which doubled the cost of defining these
# classes at every start.

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

import pendulum

# Which letter starts a task's short code (typed in from a printed sheet).
KIND_LETTER = {
    "delivery": "D",
    "disinfection": "X",
    "care": "C",
    "medicine": "M",
    "testing": "T",
    "parcel": "P",
}


def task_code(kind: str, record_id: str) -> str:
    """A short code for typing a task in from a printed sheet: kind letter + 5 hex digits."""
    return KIND_LETTER.get(kind, "K") + record_id.replace("-", "")[:5].upper()


class Group(NamedTuple):
    """One of the volunteer groups (物资组 and the others), in both languages."""

    key: str
    zh: str
    en: str
    order: int = 0

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Building(NamedTuple):
    """A building of the community: its number and its layout."""

    id: str
    number: int
    units: int
    floors: int
    rooms_per_floor: int

    def name(self, lang: str) -> str:
        return f"{self.number}号楼" if lang == "zh" else f"Building {self.number}"


class Household(NamedTuple):
    """A household: address, residents, phone, and whether an elder lives alone."""

    id: str
    building: int
    unit: int
    room: str
    residents: int
    elderly_alone: bool
    phone: str = ""
    note: str = ""

    @property
    def address(self) -> str:
        return f"{self.building}-{self.unit}-{self.room}"


class Volunteer(NamedTuple):
    """A person on the roster: contact, home, groups signed up for, role."""

    id: str
    name: str
    phone: str
    building: int | None
    room: str
    groups: tuple[str, ...]
    role: str = "volunteer"
    party_member: bool = False
    availability: str = ""
    note: str = ""
    # Off duty (sick, moved, in a sealed building): why, since and until which day
    # (ISO dates; until: the day they are back, "" = until put back). dutyboard/groups/people.py
    off_reason: str = ""
    off_since: str = ""
    off_until: str = ""

    @property
    def is_leader(self) -> bool:
        return self.role == "leader"

    @property
    def on_duty_ok(self) -> bool:
        """Not taken off duty (whatever the day; see ``off_on``)."""
        return not self.off_reason

    def off_on(self, day: pendulum.Date) -> bool:
        """Off duty on ``day``: taken off, and ``day`` is before the day they are back."""
        return bool(self.off_reason) and (not self.off_until or day.isoformat() < self.off_until)

    @property
    def home(self) -> str:
        if self.building is None:
            return self.room
        return f"{self.building}-{self.room}" if self.room else str(self.building)


class Slot(NamedTuple):
    """A duty slot of a group on one day: its time and how many people it needs."""

    id: str
    group: str
    date: pendulum.Date
    key: str
    zh: str
    en: str
    start: str  # "HH:MM"
    end: str  # "HH:MM"; at or before start means the next morning
    needed: int

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    def span(self, tz: str) -> tuple[pendulum.DateTime, pendulum.DateTime]:
        """Start and end as moments; a night slot belongs to the day it starts."""
        sh, sm = (int(x) for x in self.start.split(":"))
        eh, em = (int(x) for x in self.end.split(":"))
        d = self.date
        start = pendulum.datetime(d.year, d.month, d.day, sh, sm, tz=tz)
        end = pendulum.datetime(d.year, d.month, d.day, eh, em, tz=tz)
        if end <= start:
            end = end.add(days=1)
        return start, end

    @property
    def hours(self) -> float:
        sh, sm = (int(x) for x in self.start.split(":"))
        eh, em = (int(x) for x in self.end.split(":"))
        minutes = (eh * 60 + em) - (sh * 60 + sm)
        if minutes <= 0:
            minutes += 24 * 60
        return minutes / 60


class Assignment(NamedTuple):
    """Someone put in a slot, and whether they arrived."""

    id: str
    slot: str
    volunteer: str
    date: pendulum.Date
    group: str
    status: str = "scheduled"
    status_at: str = ""

    @property
    def active(self) -> bool:
        """Counts toward the slot's headcount."""
        return self.status in ("scheduled", "arrived")


class Task(NamedTuple):
    """One thing to do and tick off: a delivery, a checklist item, a call, a run."""

    id: str
    code: str
    kind: str
    group: str
    date: pendulum.Date
    status: str
    done_by: str | None = None
    done_at: str | None = None
    # delivery
    batch: str | None = None
    household: str | None = None
    address: str = ""
    items: str = ""
    carrier: str | None = None
    fail_reason: str = ""
    # disinfection
    building: int | None = None
    area: str | None = None
    item: str | None = None
    round: int = 1
    due: str | None = None  # ISO 8601 moment
    carried_from: str | None = None
    extra: Mapping[str, Any] = MappingProxyType({})  # fields no column above holds

    @property
    def is_open(self) -> bool:
        return self.status == "open"


class Batch(NamedTuple):
    """A delivery batch of a day (a group purchase, a supplier)."""

    id: str
    date: pendulum.Date
    name: str
    supplier: str
    items: str
    arrives: str = ""


class AuditEntry(NamedTuple):
    """One change someone made: who, when, what, before and after, and why."""

    id: str
    at: str
    day: str
    who: str | None
    who_name: str
    action: str
    table: str
    record: str
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str = ""


class SlotRoster(NamedTuple):
    """A slot with the people in it."""

    slot: Slot
    people: tuple[tuple[Assignment, Volunteer], ...]

    @property
    def filled(self) -> int:
        return sum(1 for a, _ in self.people if a.active)

    @property
    def short(self) -> int:
        return max(0, self.slot.needed - self.filled)


class GroupRoster(NamedTuple):
    """The slots of one group on one day."""

    group: Group
    slots: tuple[SlotRoster, ...]


class Roster(NamedTuple):
    """Every group's slots and people of one day."""

    date: pendulum.Date
    groups: tuple[GroupRoster, ...]


def mask_phone(phone: str) -> str:
    """138****5678 for a mobile (11 digits or more: the first three and last four);
    ****1234 for a shorter number; never more than half the digits of a short one."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]  # +86 138 ...: the mobile number itself
    n = len(digits)
    if n >= 11:
        return digits[:3] + "*" * (n - 7) + digits[-4:]
    if n >= 8:
        return "*" * (n - 4) + digits[-4:]
    if n >= 4:
        return "*" * (n - 2) + digits[-2:]
    return "*" * n
