"""One household at a glance: who lives there, its deliveries, the disinfection of its
building today, care calls and needs, medicine requests and testing. Plain data for the
household screen and ``dutyboard household``; no Textual here."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from dutyboard import care
from dutyboard import testing_rounds as tr
from dutyboard.board import Board
from dutyboard.clock import parse_moment
from dutyboard.model import Household
from dutyboard.views.care import NeedRow, need_rows, short_moment
from dutyboard.views.medicine import MedicineRow, medicine_rows


@dataclass(frozen=True)
class DeliveryLine:
    code: str
    date: str
    items: str
    status: str  # open | done | failed
    done: str
    reason: str


@dataclass(frozen=True)
class ContactLine:
    at: str
    by: str
    notes: str
    needs: tuple[str, ...]


@dataclass(frozen=True)
class HouseholdPage:
    household: Household
    building_status: str
    register: care.RegisterEntry | None
    due: care.ContactDue | None
    deliveries: tuple[DeliveryLine, ...]
    disinfection_done: int
    disinfection_total: int
    disinfection_last: str  # "HH:MM" of the latest tick today
    disinfection_overdue: int
    contacts: tuple[ContactLine, ...]  # newest first
    needs: tuple[NeedRow, ...]
    medicine: tuple[MedicineRow, ...]
    testing_round: int | None  # the round under way, or None
    testing_state: str  # open | called | done | "" (no round under way)
    testing_door: bool
    testing_last: str  # "第16轮" data: number of the last round that finished
    testing_last_number: int | None


def household_page(
    board: Board, household_id: str, lang: str, now: pendulum.DateTime
) -> HouseholdPage | None:
    h = board.household(household_id)
    if h is None:
        return None
    tz = board.tz
    entry = care.entry(board, h.id)
    due = None
    hist = care.contacts(board, h.id)
    if entry is not None:
        last = parse_moment(hist[-1].at) if hist else None
        due = care.contact_due(last, entry.every_days, now)
    batches = board.views().batches
    deliveries = []
    for task in sorted(board.tasks(kind="delivery"), key=lambda x: (x.date, x.code), reverse=True):
        if task.household != h.id:
            continue
        b = batches.get(task.batch or "")
        who = board.volunteer(task.done_by) if task.done_by else None
        done = f"{short_moment(task.done_at, tz)} {who.name if who else ''}".strip()
        deliveries.append(
            DeliveryLine(
                task.code,
                task.date.isoformat(),
                (b.name if b else "") or task.items,
                task.status,
                done if task.status != "open" else "",
                task.fail_reason,
            )
        )
    dis = [x for x in board.tasks(board.today, kind="disinfection") if x.building == h.building]
    done_at = sorted(x.done_at for x in dis if x.done_at)
    overdue = 0
    for x in dis:
        d = parse_moment(x.due)
        overdue += x.status == "open" and d is not None and now >= d
    contacts = tuple(
        ContactLine(
            short_moment(c.at, tz),
            c.by_name,
            c.notes,
            tuple(care.need_name(board, k, lang) for k in c.needs),
        )
        for c in reversed(hist)
    )
    r = tr.current(board)
    state, door = "", False
    if r is not None:
        stop = next((s for s in tr.stops(board, r.id) if s.building == h.building), None)
        if stop is not None:
            state = "done" if stop.status != "open" else "called" if tr.called(stop) else "open"
            door = bool(stop.extra.get("door_to_door"))
    finished = [x for x in tr.rounds(board) if not x.running]
    last_round = finished[-1] if finished else None
    return HouseholdPage(
        h,
        board.building_status(h.building),
        entry,
        due,
        tuple(deliveries),
        sum(x.status != "open" for x in dis),
        len(dis),
        short_moment(done_at[-1], tz)[6:] if done_at else "",
        overdue,
        contacts,
        tuple(need_rows(board, lang, household=h.id)),
        tuple(medicine_rows(board, now, household=h.id)),
        r.number if r else None,
        state,
        door,
        short_moment(last_round.ended_at, tz) if last_round and last_round.ended_at else "",
        last_round.number if last_round else None,
    )
