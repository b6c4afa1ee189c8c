"""The needs raised on a care call (or added to the care list), each routed to the
group that meets it as a task, and followed through that task until it is met
(dutyboard/groups/care.py tells the routes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.care_config import NeedType
from dutyboard.core.model import Household, Task, Volunteer
from dutyboard.groups.care_settings import settings
from dutyboard.groups.medicine import request_fields
from dutyboard.storage.errors import refused

# Which group meets a need, by its route.
ROUTE_GROUP = {"supplies": "supplies", "medicine": "medicine", "help": "care"}
ROUTE_KIND = {"supplies": "care", "medicine": "medicine", "help": "care"}


def route(need: NeedType) -> tuple[str, str]:
    """(task kind, group) a need of this type becomes."""
    return ROUTE_KIND[need.route], ROUTE_GROUP[need.route]


@dataclass(frozen=True)
class NeedInput:
    """A need as recorded on a call: its type, what exactly, and for medicine the
    request's details."""

    key: str
    text: str = ""
    medicine: str = ""
    quantity: str = ""
    prescription: bool = False
    urgent: bool = False


@dataclass(frozen=True)
class Need:
    task: Task
    household: str
    key: str
    text: str
    route: str
    contact: str | None

    @property
    def open(self) -> bool:
        return self.task.status == "open"


def is_need(task: Task) -> bool:
    return bool(task.extra.get("contact")) or (task.kind == "care" and bool(task.extra.get("need")))


def needs(board: Board, *, household: str | None = None, open_only: bool = False) -> list[Need]:
    """Every need raised on a call (or added to the care list), followed through the
    task it was routed to, newest first."""
    spec = settings(board)
    out = []
    for t in board.tasks():
        if not is_need(t):
            continue
        if household is not None and t.household != household:
            continue
        if open_only and t.status != "open":
            continue
        key = str(t.extra.get("need", ""))
        nt = spec.need(key)
        out.append(
            Need(
                t,
                t.household or "",
                key,
                str(t.extra.get("need_text", "")),
                nt.route if nt else ("medicine" if t.kind == "medicine" else "help"),
                t.extra.get("contact"),
            )
        )
    out.sort(key=lambda n: (str(n.task.extra.get("raised_at", "")), n.task.code), reverse=True)
    return out


def neighbours(board: Board, building: int, near: Household | None = None) -> list[Volunteer]:
    """Volunteers who live in ``building`` (helpers for a help-at-home need), nearest
    to ``near`` first: same unit, fewest floors away, the same flat position (right
    above or below), care-group volunteers, upstairs before downstairs."""

    def distance(v: Volunteer) -> tuple[int, int, bool, bool, bool, str, str]:
        unit, _, room = v.room.partition("-")
        carer = "care" not in v.groups
        if near is None or not unit.isdigit() or not room[:-2].isdigit():
            return (0, 0, False, carer, False, v.room, v.name)
        floor = int(room[:-2])
        near_floor = int(near.room[:-2]) if near.room[:-2].isdigit() else 0
        return (
            int(unit) != near.unit,
            abs(floor - near_floor),
            room[-2:] != near.room[-2:],
            carer,
            floor < near_floor,
            v.room,
            v.name,
        )

    day = board.today  # nobody off duty (dutyboard/groups/people.py) is suggested
    return sorted(
        (v for v in board.volunteers() if v.building == building and not v.off_on(day)),
        key=distance,
    )


def need_record(
    board: Board,
    household: Household,
    need: NeedType,
    given: NeedInput,
    contact_id: str | None,
    now: pendulum.DateTime,
) -> dict[str, Any]:
    """The task a need becomes (its routing)."""
    kind, group = route(need)
    rec: dict[str, Any] = {
        "kind": kind,
        "group": group,
        "date": board.today.isoformat(),
        "status": "open",
        "household": household.id,
        "address": household.address,
        "building": household.building,
        "need": need.key,
        "need_text": given.text.strip(),
        "raised_at": now.isoformat(),
    }
    if contact_id:
        rec["contact"] = contact_id
    if kind == "medicine":
        rec.update(
            request_fields(
                board,
                given.medicine.strip() or given.text.strip(),
                given.quantity.strip(),
                given.prescription,
                given.urgent,
                now,
            )
        )
    return rec


def check_needs(board: Board, given: Sequence[NeedInput]) -> list[NeedType]:
    spec = settings(board)
    types = []
    for i, n in enumerate(given, 1):
        nt = spec.need(n.key)
        if nt is None:
            raise refused(
                "refused.need_type",
                ["need types: " + ", ".join(x.key for x in spec.needs)],
                i=i,
                key=n.key,
            )
        if nt.route == "medicine" and not (n.medicine.strip() or n.text.strip()):
            raise refused("refused.need_medicine", i=i)
        types.append(nt)
    return types
