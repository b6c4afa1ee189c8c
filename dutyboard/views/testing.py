"""What the Testing pane shows: the round under way (its buildings in walking order,
door-to-door ones last), or the next round's number, and the history of round
durations. Plain frozen data; no Textual here."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.care_config import testing_spec
from dutyboard.groups import testing_rounds as tr
from dutyboard.views.care import short_moment


@dataclass(frozen=True)
class StopRow:
    task_id: str
    code: str
    order: int
    building: int
    status: str  # the building's status when the round started
    door_to_door: bool
    called: str  # "HH:MM" or ""
    done: str  # "HH:MM" or ""

    @property
    def state(self) -> str:
        return "done" if self.done else "called" if self.called else "open"


@dataclass(frozen=True)
class RoundPoint:
    number: int
    date: str
    minutes: int


@dataclass(frozen=True)
class TestingView:
    day: pendulum.Date
    number: int  # the round under way, or the next one
    running: bool
    started: str  # "HH:MM"
    elapsed: int  # minutes since the start (running round)
    stops: tuple[StopRow, ...]
    history: tuple[RoundPoint, ...]
    route: tuple[int, ...]  # the planned walk of the next round (when none runs)
    door_to_door: tuple[int, ...]

    @property
    def done(self) -> int:
        return sum(s.state == "done" for s in self.stops)

    def stop(self, task_id: str) -> StopRow | None:
        return next((s for s in self.stops if s.task_id == task_id), None)


def build_testing(board: Board, lang: str, now: pendulum.DateTime) -> TestingView:
    tz = board.tz
    r = tr.current(board)
    history = tuple(RoundPoint(n, d, m) for n, d, m in tr.durations(board))
    route: tuple[int, ...] = ()
    door: tuple[int, ...] = ()
    if r is None:
        statuses = {b.number: board.building_status(b.number) for b in board.buildings()}
        plan = tr.plan_route(testing_spec(board.meta.get("config")).route, list(statuses), statuses)
        route = tuple(s.building for s in plan if not s.door_to_door)
        door = tuple(s.building for s in plan if s.door_to_door)
        return TestingView(
            board.today, tr.next_number(board), False, "", 0, (), history, route, door
        )
    stops = []
    for t in tr.stops(board, r.id):
        stops.append(
            StopRow(
                t.id,
                t.code,
                int(t.extra.get("order", 0)),
                t.building or 0,
                str(t.extra.get("building_status", "normal")),
                bool(t.extra.get("door_to_door")),
                short_moment(str(t.extra.get("called_at", "")), tz)[6:],
                short_moment(t.done_at, tz)[6:] if t.status != "open" else "",
            )
        )
    elapsed = max(0, round((now - r.started_at).total_seconds() / 60))
    return TestingView(
        board.today,
        r.number,
        True,
        r.started_at.in_timezone(tz).format("HH:mm"),
        elapsed,
        tuple(stops),
        history,
        route,
        door,
    )
