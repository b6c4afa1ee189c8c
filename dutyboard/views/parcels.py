"""Courier parcels as the Deliveries pane shows them, and what the gate dialog says
after each entry. Plain frozen data built from the board; no Textual here.

A parcel row is a delivery row with what a parcel adds (courier, count, when it came,
how it was handed over), so the pane's table, its filters and its ``b`` key treat
both alike. The shelf counts are derived from the rows, so a parcel handed over moves
them at once, before the save.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.model import Task
from dutyboard.i18n import t
from dutyboard.storage.clock import parse_moment
from dutyboard.views.delivery_rows import DeliveryRow, carried_from, clock_time, person_name

if TYPE_CHECKING:
    from dutyboard.groups.supplies.parcels import ParcelsAdded, RoomProblem

# The supplies core (and the address book under it) is imported by the functions that
# need it: the Disinfection pane shares the Deliveries pane's module and needs neither.

PARCEL_BATCH = "parcel"  # the batch of every parcel row (no real batch has this id)


@dataclass(frozen=True)
class ParcelRow(DeliveryRow):
    courier: str = ""  # as typed at the gate: shown as text, never as markup
    count: int = 1
    received: str = ""  # "09:12", or "4月25日 09:12" when it came on another day
    overdue: bool = False  # on the shelf for more than a day
    handed: str = ""  # door / pickup once handed over

    @property
    def is_parcel(self) -> bool:
        return True


@dataclass(frozen=True)
class ShelfCount:
    building: int
    parcels: int  # parcels (the count of each entry added up) still on the shelf
    door_only: bool


def received_label(task: Task, day: pendulum.Date, tz: str, lang: str) -> str:
    """When a parcel came: "09:12" today, else with its date ("4月25日 09:12")."""
    came = parse_moment(task.extra.get("received_at"))
    if came is None:
        return ""
    local = came.in_timezone(tz)
    if local.date() == day:
        return local.format("HH:mm")
    if lang == "zh":
        return f"{local.month}月{local.day}日 {local.format('HH:mm')}"
    return local.format("D MMM HH:mm", locale="en")


def _address_key(address: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in address.split("-"))


def build_parcels(
    board: Board, day: pendulum.Date, lang: str, now: pendulum.DateTime
) -> tuple[ParcelRow, ...]:
    """Parcels on the shelf (whatever day they came) and those handed over today;
    building by building, then by room, the oldest first."""
    from dutyboard.groups.supplies import parcels as core

    tasks = {t.id: t for t in core.on_shelf(board)}
    tasks.update((t.id, t) for t in board.tasks(day, kind=core.KIND))
    rows: list[tuple[tuple[object, ...], ParcelRow]] = []
    for task in tasks.values():
        building = task.building
        row = ParcelRow(
            task_id=task.id,
            code=task.code,
            batch=PARCEL_BATCH,
            building=building,
            address=task.address,
            items=t("deliveries.parcel.items", lang, n=int(task.extra.get("count") or 1)),
            carrier="",
            status=task.status,
            done_at="" if task.is_open else clock_time(task.done_at, board.tz),
            done_by="" if task.is_open else person_name(board, task.done_by),
            building_status=board.building_status(building, day) if building else "normal",
            carried_from=carried_from(task),
            courier=str(task.extra.get("courier") or ""),
            count=int(task.extra.get("count") or 1),
            received=received_label(task, day, board.tz, lang),
            overdue=core.overdue(task, now),
            handed="" if task.is_open else str(task.extra.get("handed") or ""),
        )
        came = str(task.extra.get("received_at") or "")
        rows.append(((building or 0, _address_key(task.address), came, task.code), row))
    rows.sort(key=lambda kr: kr[0])
    return tuple(r for _, r in rows)


def shelf_counts(rows: Iterable[DeliveryRow]) -> tuple[ShelfCount, ...]:
    """Parcels still on the shelf per building (what the shift must clear)."""
    per: dict[int, list[ParcelRow]] = {}
    for r in rows:
        if isinstance(r, ParcelRow) and r.status == "open" and r.building is not None:
            per.setdefault(r.building, []).append(r)
    return tuple(
        ShelfCount(b, sum(r.count for r in rs), rs[0].door_only) for b, rs in sorted(per.items())
    )


# ---------------------------------------------------------------- the gate dialog


@dataclass(frozen=True)
class RoomRefused:
    text: str  # the room as typed (shown as text)
    reason: str  # why, in the view's language, with the candidates when ambiguous


@dataclass(frozen=True)
class EntryReport:
    """What one entry at the gate did: the rooms added, and those refused with why."""

    added: tuple[str, ...]  # canonical addresses
    count: int  # parcels per room
    courier: str
    refused: tuple[RoomRefused, ...]


def refusal_text(problem: RoomProblem, lang: str) -> str:
    """Why a room was not taken, in intake's words ("住户名单里没有 5-9-999"), with
    the rooms it could be when several households have it."""
    found = problem.problem
    try:
        reason = t(found.reason, lang, **found.fields)
    except (KeyError, IndexError):  # a reason whose text wants a field not given
        reason = t("deliveries.parcel.entry.unknown", lang)
    if found.candidates:
        candidates = t("deliveries.parcel.entry.sep", lang).join(found.candidates)
        reason += t("deliveries.parcel.entry.candidates", lang, candidates=candidates)
    return reason


def entry_report(result: ParcelsAdded, courier: str, count: int, lang: str) -> EntryReport:
    return EntryReport(
        added=tuple(task.address for task in result.added),
        count=count,
        courier=courier,
        refused=tuple(RoomRefused(p.text, refusal_text(p, lang)) for p in result.problems),
    )


def entry_lines(report: EntryReport, lang: str) -> tuple[str, ...]:
    """The dialog's status lines: what was added, then one line per room refused."""
    lines: list[str] = []
    if report.added:
        rooms = t("deliveries.parcel.entry.sep", lang).join(report.added)
        key = (
            "deliveries.parcel.entry.added"
            if report.count == 1
            else "deliveries.parcel.entry.added_n"
        )
        text = t(key, lang, n=len(report.added), rooms=rooms, count=report.count)
        if report.courier:
            text += " · " + report.courier
        lines.append(text)
    for r in report.refused:  # the room as typed, unless the reason names it already
        same = r.text.strip() and r.text.strip() in r.reason
        key = "deliveries.parcel.entry.refused"
        lines.append(r.reason if same else t(key, lang, text=r.text, reason=r.reason))
    return tuple(lines)


def parse_count(text: str) -> int | None:
    """The count field: empty = 1; None when it is not a whole number in range."""
    text = text.strip()
    if not text:
        return 1
    digits = text.translate({ord(c): ord("0") + i for i, c in enumerate("０１２３４５６７８９")})
    if not re.fullmatch(r"[0-9]{1,3}", digits):
        return None
    n = int(digits)
    from dutyboard.groups.supplies.parcels import MAX_COUNT

    return n if 1 <= n <= MAX_COUNT else None


def rooms_of(text: str) -> Sequence[str]:
    """The rooms typed or pasted (one per line, or separated by commas)."""
    from dutyboard.groups.supplies.parcels import split_rooms

    return split_rooms(text)
