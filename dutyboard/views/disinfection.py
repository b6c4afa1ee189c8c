"""What the Disinfection pane shows: the day's checklist as a grid of places × items.

A row per building and round (positive buildings first, then by number), then a row
per common area; a column per checklist item. Plain frozen data; no Textual here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.model import Task
from dutyboard.storage.clock import parse_moment
from dutyboard.views.deliveries import BuildingProgress, Progress, carried_from, clock_time


@dataclass(frozen=True)
class ChecklistColumn:
    key: str
    label: str


@dataclass(frozen=True)
class ChecklistCell:
    """One item at one place and round; usually one task (more if one was carried over)."""

    task_ids: tuple[str, ...]
    open_ids: tuple[str, ...]
    due: str = ""  # "HH:MM"
    late: bool = False  # the due time has passed (whatever the status)
    done_at: str = ""  # "HH:MM" of the latest tick, "" before fresh data arrives
    done_by: str = ""
    carried_from: str = ""  # earliest day an open task of the cell was first due

    @property
    def status(self) -> str:
        return "open" if self.open_ids else "done"

    @property
    def overdue(self) -> bool:
        return self.late and bool(self.open_ids)


@dataclass(frozen=True)
class ChecklistRow:
    key: str  # "b9.2": building 9, round 2; "a:main_gate.1": an area
    building: int | None
    area: str | None
    label: str  # the area's name; "" for buildings (the pane names them)
    round: int
    rounds: int  # how many rounds this building has today
    status: str  # building status: normal / sealed / positive
    cells: tuple[ChecklistCell | None, ...]  # one per column; None = not on this row

    def statuses(self) -> list[str]:
        return [c.status for c in self.cells if c is not None]

    @property
    def progress(self) -> Progress:
        return Progress.of(self.statuses())


@dataclass(frozen=True)
class DisinfectionView:
    day: pendulum.Date
    columns: tuple[ChecklistColumn, ...]
    rows: tuple[ChecklistRow, ...]

    @property
    def progress(self) -> Progress:
        return Progress.of(s for r in self.rows for s in r.statuses())

    @property
    def overdue(self) -> int:
        return sum(c.overdue for r in self.rows for c in r.cells if c is not None)

    def building_progress(self) -> list[BuildingProgress]:
        """Per building, all rounds together, in row order (positive buildings first)."""
        statuses: dict[int, list[str]] = {}
        marks: dict[int, str] = {}
        for r in self.rows:
            if r.building is not None:
                statuses.setdefault(r.building, []).extend(r.statuses())
                marks[r.building] = r.status
        return [BuildingProgress(n, marks[n], Progress.of(s)) for n, s in statuses.items()]

    def cell(self, row_key: str, column_key: str) -> ChecklistCell | None:
        for r in self.rows:
            if r.key == row_key:
                keys = [c.key for c in self.columns]
                return r.cells[keys.index(column_key)] if column_key in keys else None
        return None

    def with_status(self, task_ids: Sequence[str], status: str) -> DisinfectionView:
        """The view as it will be once the ticks (or reopenings) are saved."""
        ids = set(task_ids)

        def change(c: ChecklistCell | None) -> ChecklistCell | None:
            if c is None or not ids.intersection(c.task_ids):
                return c
            if status == "open":
                opened = tuple(i for i in c.task_ids if i in ids or i in c.open_ids)
                return dataclasses.replace(c, open_ids=opened, done_at="", done_by="")
            still = tuple(i for i in c.open_ids if i not in ids)
            return dataclasses.replace(c, open_ids=still, done_at="", done_by="")

        rows = tuple(
            dataclasses.replace(r, cells=tuple(change(c) for c in r.cells)) for r in self.rows
        )
        return dataclasses.replace(self, rows=rows)


def _names(entries: Any, lang: str) -> dict[str, str]:
    return {
        e["key"]: str(e.get("zh" if lang == "zh" else "en") or e["key"])
        for e in entries or ()
        if e.get("key")
    }


def _cell(board: Board, tasks: list[Task], now: pendulum.DateTime) -> ChecklistCell:
    dues = [d for d in (parse_moment(x.due) for x in tasks) if d is not None]
    due = min(dues) if dues else None
    done = sorted((x for x in tasks if not x.is_open), key=lambda x: x.done_at or "")
    last = done[-1] if done else None
    by = board.volunteer(last.done_by) if last and last.done_by else None
    return ChecklistCell(
        task_ids=tuple(x.id for x in tasks),
        open_ids=tuple(x.id for x in tasks if x.is_open),
        due=due.in_timezone(board.tz).format("HH:mm") if due else "",
        late=due is not None and due < now,
        done_at=clock_time(last.done_at, board.tz) if last else "",
        done_by=by.name if by else "",
        carried_from=min((d for x in tasks if x.is_open if (d := carried_from(x))), default=""),
    )


def build_disinfection(
    board: Board, day: pendulum.Date, lang: str, now: pendulum.DateTime
) -> DisinfectionView:
    spec = board.meta.get("config", {}).get("disinfection", {})
    item_names = _names(spec.get("items"), lang)
    area_names = _names(spec.get("areas"), lang)
    tasks = board.tasks(day, kind="disinfection")

    # (building, area, round) -> item -> tasks; building rows have area "", area rows None
    places: dict[tuple[int | None, str, int], dict[str, list[Task]]] = {}
    for x in tasks:
        area = "" if x.building is not None else (x.area or "")
        places.setdefault((x.building, area, x.round), {}).setdefault(x.item or "", []).append(x)

    used = {item for cells in places.values() for item in cells}
    keys = [k for k in item_names if k in used] + sorted(used - item_names.keys())
    columns = tuple(ChecklistColumn(k, item_names.get(k, k)) for k in keys)

    status = {n: board.building_status(n, day) for n, _, _ in places if n is not None}
    rounds: dict[tuple[int | None, str], int] = {}
    for number, area, rnd in places:
        rounds[(number, area)] = max(rounds.get((number, area), 0), rnd)
    area_order = {k: i for i, k in enumerate(area_names)}

    def order(place: tuple[int | None, str, int]) -> tuple[Any, ...]:
        number, area, rnd = place
        if number is not None:
            return (0, status[number] != "positive", number, "", rnd)
        return (1, False, area_order.get(area, len(area_order)), area, rnd)

    rows = []
    for number, area, rnd in sorted(places, key=order):
        cells = places[(number, area, rnd)]
        rows.append(
            ChecklistRow(
                key=f"b{number}.{rnd}" if number is not None else f"a:{area}.{rnd}",
                building=number,
                area=None if number is not None else area,
                label="" if number is not None else area_names.get(area, area),
                round=rnd,
                rounds=rounds[(number, area)],
                status=status[number] if number is not None else "normal",
                cells=tuple(_cell(board, cells[k], now) if k in cells else None for k in keys),
            )
        )
    return DisinfectionView(day, columns, tuple(rows))
