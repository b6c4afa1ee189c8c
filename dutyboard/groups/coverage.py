"""The coverage grid for leaders: households × groups, when each household was last
served by each group and when it is next due (or that something is waiting now).

What counts as served, per group:

* supplies: a supplies task for the household done (a care need routed there);
* delivery: a delivery to the household done;
* disinfection: its building's checklist ticked (latest tick today); due: the next
  open item's due time today;
* medicine: a request delivered; due: the earliest open request's due time;
* testing: its building done in a round (the round under way, else the last one
  finished); due: now, while a round is under way and the building is open;
* care: the last call; due: the last call plus its contact frequency.

A cell is ``late`` when its due moment has passed. No Textual here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.model import Household
from dutyboard.groups import care, medicine
from dutyboard.groups import testing_rounds as tr
from dutyboard.storage.clock import parse_moment

GROUPS = ("supplies", "delivery", "disinfection", "medicine", "testing", "care")


@dataclass(frozen=True)
class Cell:
    last: pendulum.DateTime | None = None
    due: pendulum.DateTime | None = None
    waiting: int = 0  # open tasks for the household in this group
    late: bool = False


@dataclass(frozen=True)
class CoverageRow:
    household: Household
    cells: tuple[Cell, ...]  # one per GROUPS


def _later(a: pendulum.DateTime | None, b: pendulum.DateTime | None) -> pendulum.DateTime | None:
    if a is None:
        return b
    return a if b is None or a >= b else b


def _sooner(a: pendulum.DateTime | None, b: pendulum.DateTime | None) -> pendulum.DateTime | None:
    if a is None:
        return b
    return a if b is None or a <= b else b


def coverage(
    board: Board, now: pendulum.DateTime, *, elderly_only: bool = False
) -> list[CoverageRow]:
    last: dict[tuple[str, str], pendulum.DateTime | None] = {}
    due: dict[tuple[str, str], pendulum.DateTime | None] = {}
    waiting: dict[tuple[str, str], int] = defaultdict(int)
    by_building_last: dict[int, pendulum.DateTime | None] = {}
    by_building_due: dict[int, pendulum.DateTime | None] = {}
    test_last: dict[int, pendulum.DateTime | None] = {}
    test_open: set[int] = set()
    running = tr.current(board)
    for t in board.tasks():
        done_at = parse_moment(t.done_at) if t.status == "done" else None
        if t.kind == "disinfection" and t.building is not None and t.date == board.today:
            b = t.building
            by_building_last[b] = _later(by_building_last.get(b), done_at)
            if t.status == "open":
                by_building_due[b] = _sooner(by_building_due.get(b), parse_moment(t.due))
            continue
        if t.kind == "testing" and t.building is not None:
            test_last[t.building] = _later(test_last.get(t.building), done_at)
            if running and t.extra.get("test_round") == running.id and t.status == "open":
                test_open.add(t.building)
            continue
        if not t.household:
            continue
        group = "delivery" if t.kind == "delivery" else t.group
        if t.kind == "medicine":
            group = "medicine"
        key = (t.household, group)
        last[key] = _later(last.get(key), done_at)
        if t.status == "open":
            waiting[key] += 1
            d = medicine.due_at(board, t) if t.kind == "medicine" else None
            if t.kind == "delivery" and t.date == board.today:
                d = now
            due[key] = _sooner(due.get(key), d)
    finished = [r for r in tr.rounds(board) if r.ended_at is not None]
    last_round_end = finished[-1].ended_at if finished else None
    contacts = care.last_contacts(board)
    register = {e.household.id: e for e in care.register(board)}
    rows = []
    households = sorted(board.households(), key=care.address_key)
    for h in households:
        if elderly_only and h.id not in register:
            continue
        cells = []
        for g in GROUPS:
            if g == "disinfection":
                d = by_building_due.get(h.building)
                cells.append(Cell(by_building_last.get(h.building), d, 0, bool(d and now >= d)))
            elif g == "testing":
                lt = test_last.get(h.building)
                if lt is None and h.building not in test_open:
                    lt = last_round_end
                d = now if h.building in test_open else None
                cells.append(Cell(lt, d, int(h.building in test_open), False))
            elif g == "care":
                e = register.get(h.id)
                if e is None:
                    cells.append(Cell())
                    continue
                c = contacts.get(h.id)
                cd = care.contact_due(parse_moment(c.at) if c else None, e.every_days, now)
                cells.append(Cell(cd.last, cd.due or now, 0, cd.overdue))
            else:
                key = (h.id, g)
                d = due.get(key)
                late = bool(d and now >= d and g == "medicine")
                cells.append(Cell(last.get(key), d, waiting.get(key, 0), late))
        rows.append(CoverageRow(h, tuple(cells)))
    return rows
