"""What the Medicine pane shows: requests through requested → sourcing → bought →
delivered, overdue and urgent ones first. Plain frozen data; no Textual here."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from dutyboard.core.board import Board
from dutyboard.groups import medicine
from dutyboard.views.care import short_moment


@dataclass(frozen=True)
class MedicineRow:
    task_id: str
    code: str
    household_id: str
    address: str
    medicine: str
    quantity: str
    prescription: bool
    urgent: bool
    stage: str
    raised: str
    due: str
    overdue: bool
    from_care: bool
    done: str  # "04-26 09:10 张三" when delivered


@dataclass(frozen=True)
class MedicineView:
    day: pendulum.Date
    rows: tuple[MedicineRow, ...]

    @property
    def open(self) -> int:
        return sum(r.stage != "delivered" for r in self.rows)

    @property
    def overdue(self) -> int:
        return sum(r.overdue for r in self.rows)

    @property
    def urgent(self) -> int:
        return sum(r.urgent and r.stage != "delivered" for r in self.rows)

    def row(self, task_id: str) -> MedicineRow | None:
        return next((r for r in self.rows if r.task_id == task_id), None)


def medicine_rows(
    board: Board, now: pendulum.DateTime, *, household: str | None = None
) -> list[MedicineRow]:
    tz = board.tz
    out = []
    for r in medicine.requests(board, now, household=household):
        task = r.task
        who = board.volunteer(task.done_by) if task.done_by else None
        done = ""
        if task.status != "open":
            done = f"{short_moment(task.done_at, tz)} {who.name if who else ''}".strip()
        out.append(
            MedicineRow(
                task.id,
                task.code,
                task.household or "",
                task.address,
                str(task.extra.get("medicine") or task.extra.get("need_text") or ""),
                str(task.extra.get("quantity", "")),
                bool(task.extra.get("prescription")),
                r.urgent,
                r.stage,
                short_moment(str(task.extra.get("raised_at", "")), tz),
                short_moment(r.due, tz),
                r.overdue,
                bool(task.extra.get("contact")),
                done,
            )
        )
    return out


def build_medicine(board: Board, lang: str, now: pendulum.DateTime) -> MedicineView:
    return MedicineView(board.today, tuple(medicine_rows(board, now)))
