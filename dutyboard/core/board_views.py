"""Typed snapshots of a board's records (dutyboard.core.model), one per revision of
its store: what Board.views() hands out, built when the revision moves."""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import TYPE_CHECKING

import pendulum

from dutyboard.core.model import (
    Assignment,
    Batch,
    Building,
    Group,
    Household,
    Slot,
    Task,
    Volunteer,
    task_code,
)
from dutyboard.storage.records import Doc

if TYPE_CHECKING:
    from dutyboard.core.board import Board


class Views:
    """Typed snapshots of one revision. The Today screen needs people and slots only,
    so tasks, households and batches are built on first use (under the board's lock)."""

    def __init__(self, board: Board, revision: int) -> None:
        self._board = board
        self.revision = revision
        self.groups: list[Group] = []
        self.buildings: dict[int, Building] = {}
        self.volunteers: dict[str, Volunteer] = {}
        self.slots: dict[str, Slot] = {}
        self.slots_by_date: dict[str, list[Slot]] = defaultdict(list)
        self.assignments: dict[str, Assignment] = {}
        self.by_slot: dict[str, list[Assignment]] = defaultdict(list)
        self.status: dict[tuple[int, str], str] = {}

    @functools.cached_property
    def households(self) -> dict[str, Household]:
        with self._board.lock:
            return build_households(self._board)

    @functools.cached_property
    def _task_index(self) -> tuple[dict[str, Task], dict[str, list[Task]], dict[str, list[str]]]:
        with self._board.lock:
            return build_tasks(self._board)

    @property
    def tasks(self) -> dict[str, Task]:
        return self._task_index[0]

    @property
    def tasks_by_date(self) -> dict[str, list[Task]]:
        return self._task_index[1]

    @property
    def codes(self) -> dict[str, list[str]]:
        return self._task_index[2]

    @functools.cached_property
    def batches(self) -> dict[str, Batch]:
        with self._board.lock:
            return build_batches(self._board)


def _volunteer(doc: Doc) -> Volunteer:
    return Volunteer(
        id=doc["id"],
        name=doc.get("name", ""),
        phone=doc.get("phone", ""),
        building=doc.get("building"),
        room=doc.get("room", ""),
        groups=tuple(doc.get("groups", ())),
        role=doc.get("role", "volunteer"),
        party_member=bool(doc.get("party_member", False)),
        availability=doc.get("availability") or "",
        note=doc.get("note") or "",
        off_reason=doc.get("off_reason") or "",
        off_since=doc.get("off_since") or "",
        off_until=doc.get("off_until") or "",
    )


_TASK_FIELDS = {
    "done_by",
    "done_at",
    "batch",
    "household",
    "address",
    "items",
    "carrier",
    "fail_reason",
    "building",
    "area",
    "item",
    "round",
    "due",
    "carried_from",
}
_TASK_BASE = {"id", "kind", "group", "date", "status", "code", "_c", "_s", "_v", "_del"}


def _task(doc: Doc, day: pendulum.Date) -> Task:
    known = {k: doc[k] for k in _TASK_FIELDS if k in doc}
    extra = {k: v for k, v in doc.items() if k not in _TASK_FIELDS and k not in _TASK_BASE}
    return Task(
        id=doc["id"],
        code=doc.get("code") or task_code(doc["kind"], doc["id"]),
        kind=doc["kind"],
        group=doc["group"],
        date=day,
        status=doc.get("status", "open"),
        extra=extra,
        **known,
    )


def build_views(board: Board) -> Views:
    """The people, groups, buildings, slots and their assignments of the store's revision."""
    s = board.store
    v = Views(board, s.revision)
    v.groups = sorted(
        (Group(d["key"], d["zh"], d["en"], d.get("order", 0)) for d in s.rows("groups")),
        key=lambda g: g.order,
    )
    v.buildings = {
        d["number"]: Building(
            d["id"],
            d["number"],
            d.get("units", 1),
            d.get("floors", 1),
            d.get("rooms_per_floor", 1),
        )
        for d in s.rows("buildings")
    }
    v.volunteers = {d["id"]: _volunteer(d) for d in s.rows("volunteers")}
    for d in s.rows("slots"):
        slot = Slot(
            d["id"],
            d["group"],
            board._day(d["date"]),
            d["key"],
            str(d.get("zh", d["key"])),
            str(d.get("en", d["key"])),
            d["start"],
            d["end"],
            int(d.get("needed", 0)),
        )
        v.slots[slot.id] = slot
        v.slots_by_date[d["date"]].append(slot)
    for lst in v.slots_by_date.values():
        lst.sort(key=lambda sl: (sl.start, sl.key))
    for d in s.rows("assignments"):
        a = Assignment(
            d["id"],
            d["slot"],
            d["volunteer"],
            board._day(d["date"]),
            d["group"],
            d.get("status", "scheduled"),
            d.get("status_at", ""),
        )
        v.assignments[a.id] = a
        v.by_slot[a.slot].append(a)
    v.status = {(d["building"], d["date"]): d["status"] for d in s.rows("building_status")}
    return v


def build_households(board: Board) -> dict[str, Household]:
    return {
        d["id"]: Household(
            d["id"],
            d["building"],
            d["unit"],
            d["room"],
            d.get("residents", 1),
            bool(d.get("elderly_alone", False)),
            d.get("phone", ""),
            d.get("note", ""),
        )
        for d in board.store.rows("households")
    }


def build_tasks(
    board: Board,
) -> tuple[dict[str, Task], dict[str, list[Task]], dict[str, list[str]]]:
    tasks: dict[str, Task] = {}
    tasks_by_date: dict[str, list[Task]] = defaultdict(list)
    codes: dict[str, list[str]] = defaultdict(list)
    for d in board.store.rows("tasks"):
        t = _task(d, board._day(d["date"]))
        tasks[t.id] = t
        tasks_by_date[d["date"]].append(t)
        codes[t.code].append(t.id)
    return tasks, tasks_by_date, codes


def build_batches(board: Board) -> dict[str, Batch]:
    return {
        d["id"]: Batch(
            d["id"],
            board._day(d["date"]),
            d.get("name", ""),
            d.get("supplier", ""),
            d.get("items", ""),
            d.get("arrives", ""),
        )
        for d in board.store.rows("batches")
    }
