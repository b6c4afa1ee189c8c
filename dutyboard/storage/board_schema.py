"""The fields of each table of a board and what their values may be (issue 14),
for dutyboard/storage/validate.py: per table, field -> (check, required), and the references
between tables. Read from what the modules of each group write and read (board.py,
people.py, care.py, supplies/, building_status.py ...). A check returns None for a
good value, else its reason: a catalogue key (dutyboard/i18n/catalogues/integrity.py) and fields.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from dutyboard.storage.vocab import (
    ASSIGNMENT_STATUSES,
    BUILDING_STATUSES,
    OFFER_STATES,
    ROLES,
    TASK_KINDS,
    TASK_STATUSES,
)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HHMM = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")

Reason = tuple[str, dict[str, object]]
Check = Callable[[Any], Reason | None]


def _text(v: Any) -> Reason | None:
    return None if type(v) is str else ("validate.not_text", {})


def _whole(lo: int, hi: int) -> Check:
    def check(v: Any) -> Reason | None:
        if type(v) is not int:
            return ("validate.not_whole", {})
        if not lo <= v <= hi:
            return ("validate.out_of_range", {"lo": lo, "hi": hi})
        return None

    return check


def _number(lo: float, hi: float) -> Check:
    def check(v: Any) -> Reason | None:
        if type(v) not in (int, float) or v != v:
            return ("validate.not_number", {})
        if not lo <= v <= hi:
            return ("validate.out_of_range", {"lo": lo, "hi": hi})
        return None

    return check


def _bool(v: Any) -> Reason | None:
    return None if type(v) is bool else ("validate.not_bool", {})


def valid_date(v: Any) -> Reason | None:
    if type(v) is str and _DATE.fullmatch(v):
        try:
            datetime.date.fromisoformat(v)
            return None
        except ValueError:
            pass
    return ("validate.not_date", {})


def _time(v: Any) -> Reason | None:
    return None if type(v) is str and _HHMM.fullmatch(v) else ("validate.not_time", {})


def _moment(v: Any) -> Reason | None:
    if type(v) is str and _MOMENT.match(v):
        try:
            datetime.datetime.fromisoformat(v)
            return None
        except ValueError:
            pass
    return ("validate.not_moment", {})


def _timezone(v: Any) -> Reason | None:
    if type(v) is str and 0 < len(v) < 64 and ".." not in v and not v.startswith("/"):
        import pendulum

        try:
            pendulum.timezone(v)
            return None
        except Exception:  # noqa: BLE001 - whatever the tz database says, it is unknown
            pass
    return ("validate.not_timezone", {})


def _one_of(values: Iterable[str]) -> Check:
    allowed = tuple(values)

    def check(v: Any) -> Reason | None:
        return (
            None
            if v in allowed and type(v) is str
            else ("validate.not_one_of", {"values": ", ".join(allowed)})
        )

    return check


def _list_of(item: Check) -> Check:
    def check(v: Any) -> Reason | None:
        if type(v) is not list:
            return ("validate.not_list", {})
        for x in v:
            if item(x) is not None:
                return ("validate.bad_item", {})
        return None

    return check


def _object(v: Any) -> Reason | None:
    return None if type(v) is dict else ("validate.not_object", {})


def _counts(v: Any) -> Reason | None:
    """{"name": whole number} (an order's items, an offer's counted goods)."""
    if type(v) is not dict:
        return ("validate.not_object", {})
    for n in v.values():
        if type(n) is not int or not 0 <= n <= 1_000_000:
            return ("validate.bad_item", {})
    return None


def _offer_items(v: Any) -> Reason | None:
    if type(v) is not list:
        return ("validate.not_list", {})
    for i in v:
        if type(i) is not dict or type(i.get("name", "")) is not str:
            return ("validate.bad_item", {})
    return None


def _or_none(check: Check) -> Check:
    def inner(v: Any) -> Reason | None:
        return None if v is None else check(v)

    return inner


def or_empty(check: Check) -> Check:
    def inner(v: Any) -> Reason | None:
        return None if v == "" or v is None else check(v)

    return inner


def _any(v: Any) -> Reason | None:
    return None


# Shared shapes
TEXT, BOOL, DATE, MOMENT = _text, _bool, valid_date, _moment
ID = _or_none(_text)  # a reference by id: text, or none
OPT_TEXT = _or_none(_text)
OPT_DATE = or_empty(valid_date)
OPT_MOMENT = or_empty(_moment)
BUILDING = _whole(0, 99_999)
COUNT = _whole(0, 100_000)

# Per table: field -> (check, required). Required fields must be in every record
# that is not deleted; the others are checked when present.
Schema = dict[str, tuple[Check, bool]]


def _s(required: Mapping[str, Check], optional: Mapping[str, Check]) -> Schema:
    # An optional field may also be null: an undo puts back "no value" as null (the
    # field itself cannot be taken out of a record that merges field by field).
    return {
        **{k: (_or_none(c), False) for k, c in optional.items()},
        **{k: (c, True) for k, c in required.items()},
    }


_META: Schema = _s(
    {"app": TEXT, "format_version": _whole(1, 1_000_000), "board_id": TEXT},
    {
        "kind": _one_of(("live", "archive")),
        "today": DATE,
        "timezone": _timezone,
        "day_start_hour": _whole(0, 23),
        "community_zh": TEXT,
        "community_en": TEXT,
        "rules": _object,
        "config": _object,
    },
)
RULES: dict[str, Check] = {
    "max_hours_per_day": _number(0, 24),
    "max_days_in_a_row": _whole(1, 366),
}
CONFIG: dict[str, Check] = {
    "timezone": _timezone,
    "day_start_hour": _whole(0, 23),
    "community_zh": TEXT,
    "community_en": TEXT,
    "max_hours_per_day": _number(0, 24),
    "max_days_in_a_row": _whole(1, 366),
    "late_after_minutes": _whole(0, 24 * 60),
    "buildings": _list_of(_object),
    "groups": _list_of(_object),
    "fail_reasons": _list_of(_object),
    "rotations": _list_of(_object),
    "disinfection": _object,
    "care": _object,
    "testing": _object,
    "supplies": _object,
    "building_rules": _object,
}

_TASK_OPTIONAL: dict[str, Check] = {
    "done_by": ID,
    "done_at": OPT_MOMENT,
    "batch": ID,
    "household": ID,
    "address": TEXT,
    "items": TEXT,
    "carrier": ID,
    "fail_reason": TEXT,
    "building": _or_none(BUILDING),
    "area": OPT_TEXT,
    "item": OPT_TEXT,
    "round": _whole(0, 999),
    "due": OPT_MOMENT,
    "carried_from": ID,
    "carried_from_date": OPT_DATE,
    "code": TEXT,
    # care, medicine, parcels, testing (Task.extra)
    "need": TEXT,
    "need_text": TEXT,
    "raised_at": OPT_MOMENT,
    "contact": ID,
    "called_at": OPT_MOMENT,
    "prescription": BOOL,
    "urgent": BOOL,
    "quantity": TEXT,
    "medicine": TEXT,
    "stage": TEXT,
    "courier": TEXT,
    "count": _whole(0, 10_000),
    "received_at": OPT_MOMENT,
    "handed": OPT_TEXT,
    "title": OPT_TEXT,
    "note": OPT_TEXT,
}

SCHEMAS: dict[str, Schema] = {
    "meta": _META,
    "groups": _s({"key": TEXT, "zh": TEXT, "en": TEXT}, {"order": _whole(-10_000, 10_000)}),
    "buildings": _s(
        {"number": BUILDING},
        {"units": _whole(1, 999), "floors": _whole(1, 999), "rooms_per_floor": _whole(1, 999)},
    ),
    "building_status": _s(
        {"building": BUILDING, "date": DATE, "status": _one_of(BUILDING_STATUSES)}, {}
    ),
    "households": _s(
        {"building": BUILDING, "unit": _whole(0, 9_999), "room": TEXT},
        {"residents": _whole(0, 999), "elderly_alone": BOOL, "phone": TEXT, "note": TEXT},
    ),
    "volunteers": _s(
        {"name": TEXT, "phone": TEXT, "role": _one_of(ROLES)},
        {
            "building": _or_none(BUILDING),
            "room": TEXT,
            "groups": _list_of(_text),
            "party_member": BOOL,
            "availability": OPT_TEXT,
            "note": OPT_TEXT,
            "joined": OPT_DATE,
            "off_reason": OPT_TEXT,
            "off_since": OPT_DATE,
            "off_until": OPT_DATE,
        },
    ),
    "slots": _s(
        {"group": TEXT, "date": DATE, "key": TEXT, "start": _time, "end": _time},
        {"zh": TEXT, "en": TEXT, "needed": _whole(0, 999)},
    ),
    "assignments": _s(
        {
            "slot": TEXT,
            "volunteer": TEXT,
            "date": DATE,
            "status": _one_of(ASSIGNMENT_STATUSES),
        },
        {"group": TEXT, "status_at": OPT_MOMENT},
    ),
    "batches": _s({"date": DATE}, {"name": TEXT, "supplier": TEXT, "items": TEXT, "arrives": TEXT}),
    "care_register": _s(
        {"household": TEXT},
        {
            "people": TEXT,
            "help": TEXT,
            "note": OPT_TEXT,
            "every_days": _or_none(_whole(1, 366)),
            "off": BOOL,
            "off_reason": OPT_TEXT,
            "off_at": OPT_MOMENT,
            "off_by": ID,
            "off_by_name": OPT_TEXT,
        },
    ),
    "contacts": _s(
        {"household": TEXT, "at": MOMENT, "day": DATE},
        {"by": ID, "by_name": TEXT, "notes": TEXT, "reached": BOOL, "needs": _list_of(_text)},
    ),
    "rounds": _s(
        {"number": _whole(0, 100_000), "date": DATE, "started_at": MOMENT},
        {
            "ended_at": OPT_MOMENT,
            "started_by": ID,
            "started_by_name": TEXT,
            "route": _list_of(BUILDING),
            "door_to_door": _list_of(BUILDING),
        },
    ),
    "offers": _s(
        {"title": TEXT, "state": _one_of(OFFER_STATES)},
        {
            "supplier": TEXT,
            "leader": TEXT,
            "leader_address": TEXT,
            "leader_phone": TEXT,
            "items": _offer_items,
            "minimum": COUNT,
            "cutoff": OPT_MOMENT,
            "reason": OPT_TEXT,
            "arrived_at": OPT_MOMENT,
            "counted_at": OPT_MOMENT,
            "received": _counts,
            "sprayed_at": OPT_MOMENT,
            "released_at": OPT_MOMENT,
            "batch": ID,
            "note": OPT_TEXT,
            "created_at": OPT_MOMENT,
            "closed_day": OPT_DATE,
        },
    ),
    "orders": _s(
        {"offer": TEXT, "household": TEXT, "address": TEXT},
        {
            "building": _or_none(BUILDING),
            "name": TEXT,
            "items": _counts,
            "quantity_text": TEXT,
            "note": TEXT,
            "raw": TEXT,
            "line": _or_none(COUNT),
            "cancelled": BOOL,
            "seq": _or_none(COUNT),
            "phone": TEXT,
            "closed_day": OPT_DATE,
        },
    ),
    "building_events": _s(
        {"building": BUILDING, "state": _one_of(BUILDING_STATUSES), "day": DATE, "at": MOMENT},
        {
            "previous": _or_none(_one_of(BUILDING_STATUSES)),
            "case_date": OPT_DATE,
            "note": OPT_TEXT,
            "reason": OPT_TEXT,
            "by": ID,
            "by_name": TEXT,
            "early": BOOL,
        },
    ),
    "tasks": _s(
        {
            "kind": _one_of(TASK_KINDS),
            "group": TEXT,
            "date": DATE,
            "status": _one_of(TASK_STATUSES),
        },
        _TASK_OPTIONAL,
    ),
    "audit": _s(
        {"at": MOMENT, "action": TEXT},
        {
            "day": OPT_DATE,
            "who": ID,
            "who_name": TEXT,
            "table": TEXT,
            "record": TEXT,
            "before": _object,
            "after": _object,
            "reason": TEXT,
        },
    ),
    "conflicts": _s(
        {"table": TEXT, "record": TEXT, "field": TEXT, "stamp": TEXT},
        {
            "device": TEXT,
            "status": _one_of(("open", "restored", "dismissed")),
            "resolved_by": ID,
            "value": _any,
        },
    ),
}

# (table, field, table it points at, by which field of the target). ``check`` looks
# at all of them (the archive satisfies them too).
REFERENCES = (
    ("assignments", "slot", "slots", "id"),
    ("assignments", "volunteer", "volunteers", "id"),
    ("assignments", "group", "groups", "key"),
    ("slots", "group", "groups", "key"),
    ("tasks", "group", "groups", "key"),
    ("tasks", "household", "households", "id"),
    ("tasks", "batch", "batches", "id"),
    ("tasks", "building", "buildings", "number"),
    ("tasks", "done_by", "volunteers", "id"),
    ("tasks", "carrier", "volunteers", "id"),
    ("households", "building", "buildings", "number"),
    ("building_status", "building", "buildings", "number"),
    ("care_register", "household", "households", "id"),
    ("contacts", "household", "households", "id"),
    ("contacts", "by", "volunteers", "id"),
    ("orders", "offer", "offers", "id"),
    ("orders", "household", "households", "id"),
    ("building_events", "building", "buildings", "number"),
    ("building_events", "by", "volunteers", "id"),
    ("rounds", "started_by", "volunteers", "id"),
)
