"""Leader actions on the roster: assign, move (reassign) and mark people.

Each action checks, under the board's lock and after taking in what other laptops
saved, that the person acting is a shift leader and what the rules
(``dutyboard.core.rules``) warn about. A warning stops the action unless a reason to
override it is given; then the change and its audit entry (with the reason and the
warning codes) are written in one save.
"""

from __future__ import annotations

from typing import Any

from dutyboard.core.board import Board
from dutyboard.core.model import Slot, Volunteer
from dutyboard.core.rules import StaffWarning, placement_warnings, slot_label
from dutyboard.storage.errors import Refused, refused


class NeedsOverride(Refused):
    """The change breaks a rule; it goes ahead only with a leader's reason."""

    def __init__(self, warnings: list[StaffWarning]) -> None:
        self.warnings = list(warnings)
        super().__init__(
            "not changed; give a reason to go ahead anyway: "
            + "; ".join(w.text("en") for w in self.warnings)
        )


def _slot(board: Board, slot_id: str) -> Slot:
    slot = board.slot(slot_id)
    if slot is None:
        raise refused("refused.slot_gone")
    return slot


def _person(board: Board, volunteer_id: str) -> Volunteer:
    person = board.volunteer(volunteer_id)
    if person is None:
        raise refused("refused.person_gone")
    return person


def _already_in(board: Board, person: Volunteer, slot: Slot, *, hint: str) -> None:
    label = slot_label(board, slot)
    for a in board.assignments(slot.id):
        if a.volunteer == person.id:
            raise refused(
                "refused.already_there",
                [hint],
                name=person.name,
                slot_zh=label.name("zh"),
                slot_en=label.en,
            )


def _warn_codes(warnings: list[StaffWarning]) -> dict[str, Any]:
    return {"warnings": [w.code for w in warnings]} if warnings else {}


def reassign(
    board: Board,
    assignment_id: str,
    to_slot_id: str,
    who: Volunteer,
    *,
    override_reason: str = "",
) -> list[StaffWarning]:
    """Move an assignment to another slot (any group, any day); it keeps its id.

    Returns the warnings that were overridden (empty when none applied). Raises
    ``NeedsOverride`` (nothing changed) if there are warnings and no reason.
    """
    board.require_leader(who, "move people between slots")
    reason = override_reason.strip()
    with board.transaction() as tx:
        a = board.assignment(assignment_id)
        if a is None:
            raise refused("refused.assignment_gone")
        slot = _slot(board, to_slot_id)
        person = _person(board, a.volunteer)
        _already_in(board, person, slot, hint="choose a different slot")
        warnings = placement_warnings(board, person, slot, moving=a)
        if warnings and not reason:
            raise NeedsOverride(warnings)
        # Someone who has arrived and is moved within the day is still here; anyone
        # else moved into a slot is expected there.
        status = "arrived" if a.status == "arrived" and slot.date == a.date else "scheduled"
        changes: dict[str, Any] = {
            "slot": slot.id,
            "group": slot.group,
            "date": slot.date.isoformat(),
            "status": status,
        }
        before = tx.update("assignments", a.id, changes)
        after = {k: changes[k] for k in before}
        board.log(
            tx,
            who,
            "reassign",
            "assignments",
            a.id,
            before,
            {**after, **_warn_codes(warnings)},
            reason=reason,
        )
    return warnings


def assign(
    board: Board,
    volunteer_id: str,
    slot_id: str,
    who: Volunteer,
    *,
    override_reason: str = "",
) -> list[StaffWarning]:
    """Put a volunteer into a slot as a new assignment (undo removes it again).

    Returns the warnings that were overridden; raises ``NeedsOverride`` (nothing
    changed) if there are warnings and no reason.
    """
    board.require_leader(who, "assign people to slots")
    reason = override_reason.strip()
    with board.transaction() as tx:
        person = _person(board, volunteer_id)
        slot = _slot(board, slot_id)
        _already_in(
            board, person, slot, hint="to bring back a no-show, mark the assignment scheduled"
        )
        warnings = placement_warnings(board, person, slot)
        if warnings and not reason:
            raise NeedsOverride(warnings)
        values = {
            "slot": slot.id,
            "volunteer": person.id,
            "date": slot.date.isoformat(),
            "group": slot.group,
            "status": "scheduled",
        }
        doc = tx.insert("assignments", values)
        board.log(
            tx,
            who,
            "assign",
            "assignments",
            doc["id"],
            {},
            {**values, **_warn_codes(warnings)},
            reason=reason,
        )
    return warnings


def mark(board: Board, assignment_id: str, status: str, who: Volunteer) -> None:
    """Mark an assignment scheduled, arrived, no_show or left (leaders only)."""
    board.set_assignment_status(assignment_id, status, who)
