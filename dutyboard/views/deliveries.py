"""What the Deliveries pane shows: today's batches, per-building progress, one row per
household delivery, then the courier parcels (views/parcels.py). Plain frozen data
built from the board; no Textual here.

The progress figures are derived from the rows, so an optimistic change
(``DeliveriesView.with_status``) moves the bars at once, before any save. Whether a
row goes to the door only comes from its building's status as the view is built, so
a building sealed since shows it on the next draw.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.model import Task, Volunteer
from dutyboard.groups.privacy import PhoneView
from dutyboard.i18n import t
from dutyboard.views.delivery_rows import DeliveryRow, carried_from, clock_time, person_name
from dutyboard.views.parcels import ParcelRow, ShelfCount, build_parcels, shelf_counts

DEFAULT_REASONS = ("nobody_home", "left_at_door", "refused", "wrong_address")


@dataclass(frozen=True)
class Progress:
    """How many of ``total`` are done; ``failed`` ones are handled but not done."""

    done: int = 0
    failed: int = 0
    total: int = 0

    @classmethod
    def of(cls, statuses: Iterable[str]) -> Progress:
        done = failed = total = 0
        for status in statuses:
            total += 1
            done += status == "done"
            failed += status == "failed"
        return cls(done, failed, total)

    @property
    def handled(self) -> int:
        return self.done + self.failed

    @property
    def open(self) -> int:
        return self.total - self.handled

    @property
    def ratio(self) -> float:
        return self.handled / self.total if self.total else 1.0


@dataclass(frozen=True)
class BuildingProgress:
    number: int
    status: str  # normal / sealed / positive
    progress: Progress


@dataclass(frozen=True)
class Reason:
    key: str
    label: str


@dataclass(frozen=True)
class BatchInfo:
    id: str
    name: str
    supplier: str
    items: str
    arrives: str


@dataclass(frozen=True)
class CarrierChoice:
    """Someone of the delivery group who can carry now, and how much they carry."""

    id: str
    name: str
    phone: str
    carrying: int  # open deliveries today with them as carrier


@dataclass(frozen=True)
class DeliveriesView:
    day: pendulum.Date
    batches: tuple[BatchInfo, ...]
    rows: tuple[DeliveryRow, ...]  # batch by batch, building by building
    fail_reasons: tuple[Reason, ...]
    parcels: tuple[ParcelRow, ...] = ()  # building by building (views/parcels.py)

    @property
    def progress(self) -> Progress:
        return Progress.of(r.status for r in self.rows)

    def batch_progress(self) -> list[tuple[BatchInfo, Progress]]:
        return [
            (b, Progress.of(r.status for r in self.rows if r.batch == b.id)) for b in self.batches
        ]

    def building_progress(self) -> list[BuildingProgress]:
        by_number: dict[int, list[DeliveryRow]] = {}
        for r in self.rows:
            if r.building is not None:
                by_number.setdefault(r.building, []).append(r)
        return [
            BuildingProgress(n, rows[0].building_status, Progress.of(r.status for r in rows))
            for n, rows in sorted(by_number.items())
        ]

    def batch_name(self, batch_id: str) -> str:
        return next((b.name for b in self.batches if b.id == batch_id), "")

    @property
    def all_rows(self) -> tuple[DeliveryRow, ...]:
        """The table's rows: the deliveries, then the parcels."""
        return self.rows + self.parcels

    def visible(self, open_only: bool) -> tuple[DeliveryRow, ...]:
        rows = self.all_rows
        return tuple(r for r in rows if r.status == "open") if open_only else rows

    def row(self, task_id: str) -> DeliveryRow | None:
        return next((r for r in self.all_rows if r.task_id == task_id), None)

    def shelf(self) -> tuple[ShelfCount, ...]:
        """Parcels still on the shelf per building."""

        return shelf_counts(self.parcels)

    @property
    def overdue_parcels(self) -> int:
        return sum(1 for p in self.parcels if p.status == "open" and p.overdue)

    def only_building(self, building: int | None) -> DeliveriesView:
        """The rows and parcels of one building (None: all of them)."""
        if building is None:
            return self
        return dataclasses.replace(
            self,
            rows=tuple(r for r in self.rows if r.building == building),
            parcels=tuple(p for p in self.parcels if p.building == building),
        )

    def with_status(
        self, task_ids: Sequence[str], status: str, reason: str = "", handed: str = ""
    ) -> DeliveriesView:
        """The view as it will be once the change is saved (time and who still unknown);
        ``handed`` says how the parcels among them were handed over."""
        label = reason_label(reason, self.fail_reasons) if status == "failed" else ""
        ids = set(task_ids)
        rows = tuple(
            dataclasses.replace(r, status=status, done_at="", done_by="", reason=label)
            if r.task_id in ids
            else r
            for r in self.rows
        )
        parcels = tuple(
            dataclasses.replace(
                p, status=status, done_at="", done_by="", reason=label, handed=handed
            )
            if p.task_id in ids
            else p
            for p in self.parcels
        )
        return dataclasses.replace(self, rows=rows, parcels=parcels)


def fail_reasons(board: Board, lang: str) -> tuple[Reason, ...]:
    """The configured reasons (meta.config.fail_reasons), else the four defaults."""
    configured: list[dict[str, Any]] = board.meta.get("config", {}).get("fail_reasons") or []
    reasons = tuple(
        Reason(r["key"], str(r.get("zh" if lang == "zh" else "en") or r["key"]))
        for r in configured
        if r.get("key")
    )
    return reasons or tuple(Reason(k, t(f"tasks.reason.{k}", lang)) for k in DEFAULT_REASONS)


def reason_label(reason: str, reasons: Sequence[Reason]) -> str:
    """A stored reason (a reason key, or words typed in) as shown to the user."""
    return next((r.label for r in reasons if r.key == reason), reason)


def carried_label(day: str, lang: str) -> str:
    """ "4月26日顺延" / "carried from 26 Apr": a task a swap carried over from ``day``."""
    try:
        d = pendulum.Date.fromisoformat(day)
    except ValueError:  # written by hand or by a future version: show it as it is
        return t("tasks.carried", lang, date=day)
    when = f"{d.month}月{d.day}日" if lang == "zh" else d.format("D MMM", locale="en")
    return t("tasks.carried", lang, date=when)


def _address_key(address: str) -> tuple[tuple[int, str], ...]:
    """5-2-301 before 5-10-101: numeric parts compare as numbers."""
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in address.split("-"))


def _building_of(board: Board, task: Task) -> int | None:
    household = board.household(task.household) if task.household else None
    if household is not None:
        return household.building
    if task.building is not None:
        return task.building
    head = task.address.split("-", 1)[0]
    return int(head) if head.isdigit() else None


def build_deliveries(
    board: Board, day: pendulum.Date, lang: str, now: pendulum.DateTime
) -> DeliveriesView:
    """The day's deliveries, then the parcels (on the shelf, or handed over today)."""

    batches = sorted(board.batches(day), key=lambda b: (b.arrives, b.name, b.id))
    infos = tuple(BatchInfo(b.id, b.name, b.supplier, b.items, b.arrives) for b in batches)
    batch_items = {b.id: b.items for b in batches}
    order = {b.id: i for i, b in enumerate(batches)}
    reasons = fail_reasons(board, lang)
    rows: list[tuple[tuple[Any, ...], DeliveryRow]] = []
    for task in board.tasks(day, kind="delivery"):
        household = board.household(task.household) if task.household else None
        address = task.address or (household.address if household else "")
        building = _building_of(board, task)
        batch = task.batch if task.batch in order else ""
        # A released batch's task says what it carries, even nothing (all of it short).
        released = "order" in task.extra
        row = DeliveryRow(
            task_id=task.id,
            code=task.code,
            batch=batch,
            building=building,
            address=address,
            items=task.items if released else task.items or batch_items.get(batch, ""),
            carrier=person_name(board, task.carrier),
            status=task.status,
            done_at="" if task.is_open else clock_time(task.done_at, board.tz),
            done_by="" if task.is_open else person_name(board, task.done_by),
            reason=reason_label(task.fail_reason, reasons) if task.status == "failed" else "",
            building_status=board.building_status(building, day) if building else "normal",
            carried_from=carried_from(task),
            short=str(task.extra.get("short") or ""),
            note=str(task.extra.get("note") or ""),
        )
        key = (order.get(batch, len(order)), building or 0, _address_key(address), task.code)
        rows.append((key, row))
    rows.sort(key=lambda kr: kr[0])
    if any(r.batch == "" for _, r in rows):
        infos += (BatchInfo("", t("tasks.batch.other", lang), "", "", ""),)
    parcels = build_parcels(board, day, lang, now)
    return DeliveriesView(day, infos, tuple(r for _, r in rows), reasons, parcels)


def carrier_choices(
    board: Board, now: pendulum.DateTime, viewer: Volunteer | None = None
) -> tuple[CarrierChoice, ...]:
    """Who may carry a building now (supplies.gate.delivery_people), each with the
    open deliveries of today they carry already; phones as ``viewer`` may see them."""
    from dutyboard.groups.supplies.gate import delivery_people

    phones = PhoneView(board, viewer)

    carrying: dict[str, int] = {}
    for task in board.tasks(board.today, kind="delivery", status="open"):
        if task.carrier:
            carrying[task.carrier] = carrying.get(task.carrier, 0) + 1
    return tuple(
        CarrierChoice(v.id, v.name, phones.of(v), carrying.get(v.id, 0))
        for v in delivery_people(board, now)
    )
