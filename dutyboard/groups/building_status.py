"""Building status (楼栋状态): a leader seals a building, marks it positive, lifts it.

States: ``sealed`` (封控), ``positive`` (涉阳, with the day of the case),
``controlled`` (管控: people stay in the compound and collect at set points) and
``normal``. The status everyone reads is the dated ``building_status`` record of the
day (Board.building_status): door-only deliveries and parcels, the testing route,
the placement warnings and free-now bench, the batch sheets. ``set_status`` writes it
for today and tomorrow (so tomorrow's plan warns too; the day swap copies it on) and
keeps each change in ``building_events``, which never leaves the live file: the
history, and what the earliest lift day is worked out from
(dutyboard/core/building_rules.py, the day counts in config/buildings.toml).

What else a change does at once, in the same save and audit entry:

* a building newly positive gets today's extra disinfection rounds
  (newboard.disinfection_records for that one building; ids made from what they are,
  so two laptops make the same ones); lifting never deletes a round;
* a building sealed or marked positive during a testing round goes door to door if
  nobody has called it yet (testing_rounds.reroute).

Decisions: a positive building without a case date gets today's (the later date, so
the lift is never too early); a case date goes with sealed or positive only, never
after today. Lifting (to controlled or normal) before the earliest day needs a reason,
which is audited. A status set before this history was kept (the demo's) has no known
start: its lift day is unknown and lifting it needs no reason. ``u`` (Board.undo_last)
takes the event, the records made and the extra rounds away and puts the status back.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.building_rules import (
    CONFINED,
    Change,
    Standing,
    building_rules,
    days_left,
    standing,
)
from dutyboard.core.carry import made_id
from dutyboard.core.config import BuildingSpec
from dutyboard.core.model import Volunteer, task_code
from dutyboard.core.newboard import disinfection_records
from dutyboard.core.swap import board_config
from dutyboard.groups.testing_rounds import reroute
from dutyboard.i18n import t
from dutyboard.storage import records
from dutyboard.storage.clock import parse_moment
from dutyboard.storage.errors import refused
from dutyboard.storage.transaction import Transaction

STATES = ("sealed", "positive", "controlled", "normal")
EVENTS = "building_events"
ACTION = "building_status"
TEXT_MOST = 200  # characters of a note or a reason
_NUMBER = re.compile(r"\s*(\d+)\s*(?:号楼|号|栋|幢)?\s*\Z")


@dataclass(frozen=True)
class Event:
    """One change of a building's status, as kept in ``building_events``."""

    id: str
    building: int
    state: str
    previous: str
    case_date: str  # YYYY-MM-DD or ""
    note: str
    reason: str
    day: str  # the board's duty day when it was made
    at: str  # ISO moment
    by: str
    by_name: str
    early: bool = False  # a lift before the earliest day (with its reason)


@dataclass(frozen=True)
class Result:
    event: Event
    standing: Standing
    rounds_added: int
    rerouted: int


# ---------------------------------------------------------------- reading input


def clean(text: str | None) -> str:
    """Typed text on one line: control characters out, runs of spaces as one."""
    kept = "".join(ch if ch.isprintable() else " " for ch in str(text or ""))
    return " ".join(kept.split())


def state_names() -> str:
    """sealed (封控), positive (涉阳), ...: for a refusal in either language."""
    return ", ".join(f"{s} ({t('building.' + s, 'zh')})" for s in STATES)


def parse_state(text: str) -> str:
    """A state by its key or its Chinese or English name (封控, Sealed...)."""
    value = clean(text).lower()
    for s in STATES:
        if value in (s, t(f"building.{s}", "zh"), t(f"building.{s}", "en").lower()):
            return s
    raise refused("refused.building_state", text=clean(text), states=state_names())


def find_building(board: Board, ref: int | str) -> int:
    """A building's number from 5, "5", "5号楼"; refuses one the board does not have."""
    numbers = sorted(board.views().buildings)
    m = _NUMBER.match(str(ref))
    if m is not None and int(m[1]) in numbers:
        return int(m[1])
    listed = ", ".join(str(n) for n in numbers)
    raise refused("refused.building_unknown", text=clean(str(ref)), numbers=listed)


def parse_case_date(board: Board, value: str | pendulum.Date | None) -> pendulum.Date | None:
    """A case date: YYYY-MM-DD, today or yesterday; never after the board's today."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    today = board.today
    if isinstance(value, pendulum.Date):
        day = pendulum.date(value.year, value.month, value.day)
    else:
        text = value.strip().lower()
        if text in ("today", "今天"):
            return today
        if text in ("yesterday", "昨天"):
            return today.subtract(days=1)
        try:
            d = pendulum.Date.fromisoformat(text)
        except ValueError:
            raise refused(
                "refused.building_case_date", text=clean(value), today=today.isoformat()
            ) from None
        day = pendulum.date(d.year, d.month, d.day)
    if day > today:
        raise refused("refused.building_case_future", date=day.isoformat(), today=today.isoformat())
    return day


def _text(value: str, what: str) -> str:
    text = clean(value)
    if len(text) > TEXT_MOST:
        raise refused(f"refused.building_text_long.{what}", n=TEXT_MOST)
    return text


# ---------------------------------------------------------------- reading the board


def _event(doc: records.Doc) -> Event:
    return Event(
        id=doc["id"],
        building=int(doc["building"]),
        state=str(doc.get("state", "normal")),
        previous=str(doc.get("previous") or "normal"),
        case_date=str(doc.get("case_date") or ""),
        note=str(doc.get("note") or ""),
        reason=str(doc.get("reason") or ""),
        day=str(doc.get("day") or ""),
        at=str(doc.get("at") or ""),
        by=str(doc.get("by") or ""),
        by_name=str(doc.get("by_name") or ""),
        early=bool(doc.get("early", False)),
    )


def events(board: Board, number: int | None = None) -> list[Event]:
    """Every building's changes (or one's), in the order they were made (their
    creation stamps: the order a merge of two laptops' files settles on too)."""
    docs = [
        d
        for d in board.store.rows(EVENTS)
        if number is None or d.get("building") == number
        if isinstance(d.get("building"), int)
    ]
    docs.sort(key=lambda d: (d["_c"], d["id"]))
    return [_event(d) for d in docs]


def history(board: Board, ref: int | str) -> list[Event]:
    """A building's changes, oldest first; refuses a building the board does not have."""
    return events(board, find_building(board, ref))


def _day(text: str) -> pendulum.Date | None:
    try:
        d = pendulum.Date.fromisoformat(text)
    except ValueError:
        return None
    return pendulum.date(d.year, d.month, d.day)


def _changes(items: Iterable[Event]) -> list[Change]:
    out = []
    for e in items:
        day = _day(e.day)
        if day is not None:
            out.append(Change(day, e.state, _day(e.case_date) if e.case_date else None))
    return out


def standing_of(board: Board, number: int, items: list[Event] | None = None) -> Standing:
    """Where the building stands today. When its history does not explain its
    status (set before the history was kept), only the state is known."""
    state = board.building_status(number)
    rules = building_rules(board.meta.get("config"))
    found = standing(_changes(events(board, number) if items is None else items), rules)
    if found.state != state:
        return Standing(state)
    return found


def earliest_lift(board: Board, number: int) -> pendulum.Date | None:
    """The first day the building may go one step down (sealed or positive to
    controlled, controlled to normal) without a reason; None if normal or unknown."""
    return standing_of(board, number).next_lift()


def lift_days_left(board: Board, number: int) -> int | None:
    """Days from the board's today to the earliest lift (0 once it has come)."""
    return days_left(earliest_lift(board, number), board.today)


# ---------------------------------------------------------------- changing it


def set_status(
    board: Board,
    who: Volunteer,
    ref: int | str,
    state: str,
    *,
    case_date: str | pendulum.Date | None = None,
    note: str = "",
    reason: str = "",
) -> Result:
    """Set a building's status today (leaders). See the module's docstring."""
    board.require_leader(who, "set a building's status")
    number = find_building(board, ref)
    new = parse_state(state)
    case = parse_case_date(board, case_date)
    note, reason = _text(note, "note"), _text(reason, "reason")
    today = board.today
    with board.transaction() as tx:
        current = board.building_status(number, today)
        past = events(board, number)
        now_standing = standing_of(board, number, past)
        if case is not None and new not in CONFINED:
            raise refused(f"refused.building_case_state.{new}")
        if new == "positive" and case is None and current != "positive":
            case = today  # a case found today: the lift is never too early
        if new == current and (case is None or case in now_standing.cases):
            raise refused(f"refused.building_same.{new}", n=number)
        need = now_standing.earliest(new)
        early = need is not None and today < need
        if early and not reason:
            assert need is not None
            raise refused(
                f"refused.building_early.{new}",
                n=number,
                date=need.isoformat(),
                days=(need - today).days,
            )
        created: list[list[str]] = []
        restore: dict[str, dict[str, Any]] = {}
        values = {
            "building": number,
            "state": new,
            "previous": current,
            "case_date": case.isoformat() if case else None,
            "note": note,
            "reason": reason,
            "day": today.isoformat(),
            "at": board.now().isoformat(),
            "by": who.id,
            "by_name": who.name,
            "early": early,
        }
        doc = tx.insert(EVENTS, values)
        created.append([EVENTS, doc["id"]])
        for day in (today, board.tomorrow):
            _write_status(board, tx, number, day, new, created, restore)
        added = 0
        if new == "positive" and current != "positive":
            added = _add_rounds(board, tx, number, created)
        moved = reroute(board, tx, number, new) if current not in CONFINED else {}
        if moved:
            restore.setdefault("tasks", {}).update(moved)
        board.log(
            tx,
            who,
            ACTION,
            EVENTS,
            doc["id"],
            {"status": current, "restore": restore},
            {
                "status": new,
                "building": number,
                "case_date": values["case_date"],
                "earliest": need.isoformat() if need else None,
                "early": early,
                "created": created,
            },
            reason=reason,
        )
    after = standing_of(board, number)
    return Result(_event(doc), after, added, len(moved))


def _write_status(
    board: Board,
    tx: Transaction,
    number: int,
    day: pendulum.Date,
    state: str,
    created: list[list[str]],
    restore: dict[str, dict[str, Any]],
) -> None:
    """The day's status record of the building (every one, should a merge have left
    two), or a new one with the id a day swap would give it."""
    iso = day.isoformat()
    found = [
        d
        for d in board.store.rows("building_status")
        if d["building"] == number and d["date"] == iso
    ]
    for d in found:
        before = tx.update("building_status", d["id"], {"status": state})
        if before:
            restore.setdefault("building_status", {})[d["id"]] = before
    if found:
        return
    rid = made_id(board.store.board_id, "status", number, iso)
    _insert(board, tx, "building_status", rid, {"building": number, "date": iso, "status": state})
    created.append(["building_status", rid])


def _insert(board: Board, tx: Transaction, table: str, rid: str, values: dict[str, Any]) -> None:
    """Insert a record whose id is made from what it is; one an undo deleted before is
    made again (as the day swap does)."""
    if board.store.raw(table, rid) is not None:
        tx.remove(table, rid)
    tx.insert(table, values, rid)


def _add_rounds(board: Board, tx: Transaction, number: int, created: list[list[str]]) -> int:
    """Today's extra disinfection rounds of a building newly positive: what the day's
    checklist would have had (round 2 on), due no earlier than now. None without a
    configuration (a board made by hand) or for a round already there."""
    config = board_config(board)
    if config is None:
        return 0
    today = board.today
    spec = next((b for b in config.buildings if b.number == number), None)
    one = dataclasses.replace(
        config,
        buildings=(spec or BuildingSpec(number, 1, 1, 1),),
        disinfection=dataclasses.replace(config.disinfection, areas=()),
    )
    have = {
        (x.item, x.round)
        for x in board.tasks(today, kind="disinfection")
        if x.building == number and not x.carried_from
    }
    now = board.now()
    bid = board.store.board_id
    added = 0
    for rec in disinfection_records(one, today, {number: "positive"}):
        if rec["round"] < 2 or (rec["item"], rec["round"]) in have:
            continue
        due = parse_moment(rec["due"])
        if due is not None and due < now:
            rec["due"] = now.isoformat()
        rid = made_id(bid, "check", today.isoformat(), number, rec["item"], rec["round"])
        _insert(board, tx, "tasks", rid, {**rec, "code": task_code("disinfection", rid)})
        created.append(["tasks", rid])
        added += 1
    return added
