"""The medicine group (配药组): requests that move requested → sourcing → bought →
delivered.

A request is a task of kind ``medicine`` in the medicine group (so it is listed,
ticked and exported like every task), with its details in the record: household,
medicine, quantity, whether a prescription is needed, urgency, its stage and when it
was raised. It is raised from a care need (it then carries the contact's id) or
directly. Delivered means done; a request past its due time (config/care.toml:
``due_hours``, ``urgent_due_hours``) and not delivered is overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.model import Task, Volunteer
from dutyboard.core.newboard import insert_task
from dutyboard.groups.care_settings import settings
from dutyboard.groups.household_ref import household_of
from dutyboard.storage.clock import parse_moment
from dutyboard.storage.errors import refused

STAGES = ("requested", "sourcing", "bought", "delivered")


def request_fields(
    board: Board,
    medicine: str,
    quantity: str,
    prescription: bool,
    urgent: bool,
    now: pendulum.DateTime,
) -> dict[str, Any]:
    if not medicine:
        raise refused("refused.medicine_name")
    return {
        "medicine": medicine,
        "quantity": quantity,
        "prescription": bool(prescription),
        "urgent": bool(urgent),
        "stage": "requested",
        "raised_at": now.isoformat(),
    }


def stage(task: Task) -> str:
    """The request's stage; a done task is delivered whatever the record says."""
    if task.status != "open":
        return "delivered"
    s = str(task.extra.get("stage", "requested"))
    if s == "delivered":  # reopened after delivery: back to bought
        return "bought"
    return s if s in STAGES else "requested"


def due_at(board: Board, task: Task) -> pendulum.DateTime | None:
    raised = parse_moment(task.extra.get("raised_at"))
    if raised is None:
        return None
    spec = settings(board)
    hours = spec.medicine_urgent_due_hours if task.extra.get("urgent") else spec.medicine_due_hours
    return raised.add(hours=hours)


def overdue(board: Board, task: Task, now: pendulum.DateTime) -> bool:
    due = due_at(board, task)
    return task.status == "open" and due is not None and now >= due


@dataclass(frozen=True)
class Request:
    task: Task
    stage: str
    due: pendulum.DateTime | None
    overdue: bool

    @property
    def urgent(self) -> bool:
        return bool(self.task.extra.get("urgent"))


def requests(
    board: Board, now: pendulum.DateTime, *, household: str | None = None
) -> list[Request]:
    """All requests: open ones first (overdue, then urgent, then oldest), then delivered
    (latest first)."""
    out = []
    for t in board.tasks(kind="medicine"):
        if household is not None and t.household != household:
            continue
        out.append(Request(t, stage(t), due_at(board, t), overdue(board, t, now)))

    opened = sorted(
        (r for r in out if r.task.status == "open"),
        key=lambda r: (
            not r.overdue,
            not r.urgent,
            str(r.task.extra.get("raised_at", "")),
            r.task.code,
        ),
    )
    done = sorted(
        (r for r in out if r.task.status != "open"),
        key=lambda r: (r.task.done_at or "", r.task.code),
        reverse=True,
    )
    return opened + done


def request(
    board: Board,
    who: Volunteer,
    household_ref: str,
    medicine: str,
    quantity: str = "",
    *,
    prescription: bool = False,
    urgent: bool = False,
) -> Task:
    """Raise a request directly (not from a care call)."""
    h = household_of(board, household_ref)
    now = board.now()
    rec = {
        "kind": "medicine",
        "group": "medicine",
        "date": board.today.isoformat(),
        "status": "open",
        "household": h.id,
        "address": h.address,
        "building": h.building,
        **request_fields(board, medicine.strip(), quantity.strip(), prescription, urgent, now),
    }
    with board.transaction() as tx:
        doc = insert_task(tx, rec)
        board.log(
            tx,
            who,
            "medicine_request",
            "tasks",
            doc["id"],
            {},
            {
                "household": h.address,
                "medicine": rec["medicine"],
                "created": [["tasks", doc["id"]]],
            },
        )
    task = board.task(doc["id"])
    assert task is not None
    return task


def set_stage(board: Board, who: Volunteer, task: Task, to: str | None = None) -> str:
    """Move a request on (to the next stage, or to ``to``). Delivered marks it done by
    ``who`` now. Returns the new stage."""
    if task.kind != "medicine":
        raise refused("refused.not_medicine", code=task.code)
    now_stage = stage(task)
    if to is None:
        if now_stage == "delivered":
            raise refused("refused.already_delivered", code=task.code)
        to = STAGES[STAGES.index(now_stage) + 1]
    if to not in STAGES:
        raise refused("refused.unknown_stage", ["stages: " + ", ".join(STAGES)], stage=to)
    changes: dict[str, Any] = {"stage": to}
    if to == "delivered":
        changes.update(status="done", done_by=who.id, done_at=board.now().isoformat())
    else:
        changes.update(status="open", done_by=None, done_at=None)
    with board.transaction() as tx:
        if board.store.get("tasks", task.id) is None:
            raise refused("refused.task_gone", code=task.code)
        before = tx.update("tasks", task.id, changes)
        if before:
            board.log(tx, who, "stage", "tasks", task.id, before, {k: changes[k] for k in before})
    return to
