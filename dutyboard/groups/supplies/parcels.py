"""Courier parcels (快递) at the gate.

The gate volunteer types a room and presses enter, then the next (or pastes a whole
list of rooms); each parcel is a task of kind ``parcel`` in the delivery group, on
the shelf of its building until it is taken to the door or picked up. Sealed and
positive buildings get theirs at the door (nobody may come out to collect). A parcel
still on the shelf a day after it came is overdue; a swap carries it over like any
open task, keeping when it came.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.model import Task, Volunteer, task_code
from dutyboard.core.rules import CONFINED_STATUSES
from dutyboard.groups.supplies.orders import address_book
from dutyboard.intake.address import address_problem
from dutyboard.intake.records import Problem, Resolved
from dutyboard.storage.clock import parse_moment
from dutyboard.storage.errors import refused
from dutyboard.storage.transaction import new_id

KIND = "parcel"
GROUP = "delivery"
OVERDUE_HOURS = 24
MAX_COUNT = 99
HANDED = ("door", "pickup")


class RoomProblem(NamedTuple):
    text: str
    resolved: Resolved

    @property
    def problem(self) -> Problem:
        """As an intake problem: its reason's text has the fields it names."""
        return address_problem(0, self.text, self.resolved)


class ParcelsAdded(NamedTuple):
    added: tuple[Task, ...]
    problems: tuple[RoomProblem, ...]


def split_rooms(text: str) -> list[str]:
    """Rooms typed or pasted: one per line, or separated by commas, 、 or spaces
    between full addresses (``5-2-302 6-1-101``)."""
    out: list[str] = []
    for line in text.replace("，", ",").replace("、", ",").replace("；", ",").splitlines():
        for part in line.split(","):
            part = part.strip()
            if not part:
                continue
            words = part.split()
            if len(words) > 1 and all("-" in w or "#" in w for w in words):
                out.extend(words)
            else:
                out.append(part)
    return out


def add_parcels(
    board: Board,
    rooms: Sequence[str],
    who: Volunteer,
    *,
    courier: str = "",
    count: int = 1,
) -> ParcelsAdded:
    """One parcel task per room that names exactly one household; the rest are
    listed with the reason (an unknown or ambiguous room is never guessed)."""
    if not 1 <= count <= MAX_COUNT:
        raise refused("refused.parcel_count", n=count, most=MAX_COUNT)
    courier = " ".join("".join(c if c.isprintable() else " " for c in courier).split())
    book = address_book(board)
    good: list[Resolved] = []
    problems: list[RoomProblem] = []
    for text in rooms:
        r = book.resolve(text)
        if r.household is None:
            problems.append(RoomProblem(text, r))
        else:
            good.append(r)
    if not good:
        return ParcelsAdded((), tuple(problems))
    now = board.now().isoformat()
    day = board.today.isoformat()
    ids: list[str] = []
    with board.transaction() as tx:
        for r in good:
            tid = new_id()
            values = {
                "kind": KIND,
                "group": GROUP,
                "date": day,
                "status": "open",
                "household": r.household,
                "address": r.address,
                "building": r.building,
                "courier": courier,
                "count": count,
                "received_at": now,
                "code": task_code(KIND, tid),
            }
            tx.insert("tasks", values, tid)
            ids.append(tid)
        board.log(
            tx,
            who,
            "parcel_add",
            "tasks",
            ids[0],
            {},
            {"created": [["tasks", tid] for tid in ids], "courier": courier, "count": count},
        )
    added = tuple(t for tid in ids if (t := board.task(tid)) is not None)
    return ParcelsAdded(added, tuple(problems))


def hand_over(board: Board, tasks: Sequence[Task], who: Volunteer, how: str) -> list[Task]:
    """Parcels taken to the door (``door``) or picked up at the shelf (``pickup``).
    A sealed or positive building's parcels can only go to the door."""
    if how not in HANDED:
        raise refused("refused.parcel_how", how=how)
    for t in tasks:
        if t.kind != KIND:
            raise refused("refused.parcel_not", code=t.code)
        if how == "pickup" and door_only(board, t):
            raise refused("refused.parcel_door_only", code=t.code, address=t.address)
    return board.mark_done(tasks, who, {"handed": how})


def door_only(board: Board, task: Task) -> bool:
    """Must this delivery or parcel go to the door? (its building sealed or positive)"""
    return task.building is not None and board.building_status(task.building) in CONFINED_STATUSES


def received_at(task: Task) -> pendulum.DateTime | None:
    return parse_moment(task.extra.get("received_at"))


def overdue(task: Task, now: pendulum.DateTime) -> bool:
    """On the shelf for more than a day."""
    came = received_at(task)
    return task.is_open and came is not None and (now - came).total_seconds() > OVERDUE_HOURS * 3600


def on_shelf(board: Board) -> list[Task]:
    """Open parcels, oldest first."""
    found = [t for t in board.tasks(kind=KIND, status="open")]
    found.sort(key=lambda t: (str(t.extra.get("received_at", "")), t.address))
    return found


def shelf_counts(board: Board) -> dict[int, int]:
    """Parcels waiting per building (what a shift must clear)."""
    counts: Counter[int] = Counter()
    for t in on_shelf(board):
        if t.building is not None:
            counts[t.building] += int(t.extra.get("count") or 1)
    return dict(sorted(counts.items()))
