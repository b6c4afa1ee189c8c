"""The testing group (核酸组): mass testing rounds.

A round is a record of its own (``rounds``: number, day, started/ended, the route it
walked). Round numbers carry on from the last one. Starting a round lays out one
``testing`` task per building, in the order of the configured walking route
(config/testing.toml). Positive and sealed buildings are taken off the route (the line
must never walk past them) and handled door to door, after the route. A building is
called (叫楼), then done; a leader ends the round when every building is done, and its
duration is kept, so the history shows how the route got faster.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.care_config import testing_spec
from dutyboard.core.model import Task, Volunteer
from dutyboard.core.newboard import insert_task
from dutyboard.storage.errors import refused
from dutyboard.storage.transaction import Transaction

OFF_ROUTE = ("positive", "sealed")


@dataclass(frozen=True)
class Stop:
    building: int
    status: str  # building status today
    door_to_door: bool


def plan_route(
    route: Sequence[int], buildings: Sequence[int], statuses: dict[int, str]
) -> list[Stop]:
    """The order of a round: the configured route (buildings missing from it after it,
    by number) without positive or sealed buildings, then those, door to door."""
    known = set(buildings)
    order = [n for n in route if n in known]
    order += sorted(n for n in known if n not in set(order))
    walk = [Stop(n, statuses.get(n, "normal"), False) for n in order]
    on = [s for s in walk if s.status not in OFF_ROUTE]
    off = [Stop(s.building, s.status, True) for s in walk if s.status in OFF_ROUTE]
    return on + off


@dataclass(frozen=True)
class Round:
    id: str
    number: int
    date: str
    started_at: pendulum.DateTime
    ended_at: pendulum.DateTime | None
    started_by: str = ""

    @property
    def running(self) -> bool:
        return self.ended_at is None

    @property
    def minutes(self) -> int | None:
        if self.ended_at is None:
            return None
        return round((self.ended_at - self.started_at).total_seconds() / 60)


def _parse(value: Any) -> pendulum.DateTime | None:
    from dutyboard.storage.clock import parse_moment

    return parse_moment(value)


def rounds(board: Board) -> list[Round]:
    """Every round, by number."""
    out = []
    for d in board.store.rows("rounds"):
        started = _parse(d.get("started_at"))
        if started is None or not isinstance(d.get("number"), int):
            continue
        out.append(
            Round(
                d["id"],
                d["number"],
                str(d.get("date", "")),
                started,
                _parse(d.get("ended_at")),
                str(d.get("started_by_name", "")),
            )
        )
    out.sort(key=lambda r: (r.number, r.started_at))
    return out


def current(board: Board) -> Round | None:
    """The round under way, if any."""
    return next((r for r in reversed(rounds(board)) if r.running), None)


def next_number(board: Board) -> int:
    return max((r.number for r in rounds(board)), default=0) + 1


def stops(board: Board, round_id: str) -> list[Task]:
    """The round's buildings in walking order (door-to-door ones last)."""
    tasks = [t for t in board.tasks(kind="testing") if t.extra.get("test_round") == round_id]
    tasks.sort(key=lambda t: (int(t.extra.get("order", 0)), t.building or 0))
    return tasks


def called(task: Task) -> bool:
    return bool(task.extra.get("called_at"))


def start_round(board: Board, who: Volunteer) -> Round:
    """Start the next round (leaders): its buildings in route order."""
    board.require_leader(who, "start a testing round")
    running = current(board)
    if running is not None:
        raise refused("refused.round_running", n=running.number)
    now = board.now()
    today = board.today
    statuses = {b.number: board.building_status(b.number, today) for b in board.buildings()}
    spec = testing_spec(board.meta.get("config"))
    plan = plan_route(spec.route, list(statuses), statuses)
    if not plan:
        raise refused("refused.no_buildings")
    number = next_number(board)
    with board.transaction() as tx:
        rec = tx.insert(
            "rounds",
            {
                "number": number,
                "date": today.isoformat(),
                "started_at": now.isoformat(),
                "started_by": who.id,
                "started_by_name": who.name,
                "route": [s.building for s in plan if not s.door_to_door],
                "door_to_door": [s.building for s in plan if s.door_to_door],
            },
        )
        created = [["rounds", rec["id"]]]
        for i, s in enumerate(plan, 1):
            doc = insert_task(
                tx,
                {
                    "kind": "testing",
                    "group": "testing",
                    "date": today.isoformat(),
                    "status": "open",
                    "building": s.building,
                    "test_round": rec["id"],
                    "round_number": number,
                    "order": i,
                    "door_to_door": s.door_to_door,
                    "building_status": s.status,
                },
            )
            created.append(["tasks", doc["id"]])
        board.log(
            tx, who, "round_start", "rounds", rec["id"], {}, {"number": number, "created": created}
        )
    r = current(board)
    assert r is not None
    return r


def reroute(board: Board, tx: Transaction, number: int, status: str) -> dict[str, Any]:
    """A building sealed or marked positive while a round is under way: its stop, if
    nobody has called it yet, goes door to door, after the rest of the route (the line
    must not walk past it). Returns {task id: its fields before} for an undo; a lifted
    building's stop stays as it is."""
    running = current(board)
    if running is None or status not in OFF_ROUTE:
        return {}
    tasks = stops(board, running.id)
    last = max((int(t.extra.get("order", 0)) for t in tasks), default=0)
    before: dict[str, Any] = {}
    for t in tasks:
        if t.building != number or not t.is_open or called(t) or t.extra.get("door_to_door"):
            continue
        changes = {"door_to_door": True, "building_status": status, "order": last + 1}
        before[t.id] = tx.update("tasks", t.id, changes)
    return before


def call_building(board: Board, who: Volunteer, task: Task) -> None:
    """Call a building down (or, door to door, start going round it)."""
    if task.kind != "testing":
        raise refused("refused.not_testing", code=task.code)
    if called(task):
        return
    changes = {"called_at": board.now().isoformat(), "called_by": who.id}
    with board.transaction() as tx:
        if board.store.get("tasks", task.id) is None:
            raise refused("refused.task_gone", code=task.code)
        before = tx.update("tasks", task.id, changes)
        if before:
            board.log(tx, who, "called", "tasks", task.id, before, dict(changes))


def building_done(board: Board, who: Volunteer, task: Task) -> None:
    """The building is tested (called first if nobody marked that)."""
    if task.kind != "testing":
        raise refused("refused.not_testing", code=task.code)
    now = board.now().isoformat()
    changes: dict[str, Any] = {"status": "done", "done_by": who.id, "done_at": now}
    if not called(task):
        changes.update(called_at=now, called_by=who.id)
    with board.transaction() as tx:
        if board.store.get("tasks", task.id) is None:
            raise refused("refused.task_gone", code=task.code)
        before = tx.update("tasks", task.id, changes)
        if before:
            board.log(tx, who, "done", "tasks", task.id, before, {k: changes[k] for k in before})


def end_round(board: Board, who: Volunteer, *, force: bool = False) -> Round:
    """End the round under way (leaders). Refused while buildings are still open,
    unless ``force`` (then they stay open, listed in the audit entry)."""
    board.require_leader(who, "end a testing round")
    r = current(board)
    if r is None:
        raise refused("refused.no_round")
    left = [t for t in stops(board, r.id) if t.status == "open"]
    if left and not force:
        raise refused(
            "refused.round_not_done",
            [", ".join(str(t.building) for t in left)],
            n=r.number,
            left=len(left),
        )
    now = board.now().isoformat()
    with board.transaction() as tx:
        before = tx.update("rounds", r.id, {"ended_at": now, "ended_by": who.id})
        board.log(
            tx,
            who,
            "round_end",
            "rounds",
            r.id,
            before,
            {"ended_at": now, "ended_by": who.id, "left_open": [t.building for t in left]},
        )
    ended = next(x for x in rounds(board) if x.id == r.id)
    return ended


def durations(board: Board) -> list[tuple[int, str, int]]:
    """(number, day, minutes) of every finished round, by number."""
    return [(r.number, r.date, r.minutes) for r in rounds(board) if r.minutes is not None]


def chart(points: Sequence[tuple[int, str, int]], width: int = 40) -> list[str]:
    """A plain-text bar per round: '第16轮 04-25 ████████ 1:32' style rows (the caller
    puts the label in its language); returns the bars only, scaled to ``width``."""
    if not points:
        return []
    top = max(m for _, _, m in points) or 1
    return ["█" * max(1, round(width * m / top)) for _, _, m in points]


def hours_minutes(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"
