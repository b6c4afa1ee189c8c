"""``u``: put back what someone last changed today.

Most actions undo by putting the fields back, or by deleting the records they made
(``undo_last``). A day swap, a plan and a slot change need more; each is undone by
the module of the action (swap, plan, slots), which is why this sits above them and
above the board.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dutyboard.core.board import Board
from dutyboard.core.model import AuditEntry, Volunteer
from dutyboard.core.plan import undo_fill, undo_remove
from dutyboard.core.slots import undo_slot_change
from dutyboard.core.swap import undo_swap
from dutyboard.storage.errors import refused


def _undo_swap(board: Board, who: Volunteer, entry: AuditEntry) -> None:
    undo_swap(board, who)  # the old day back, exactly


# The actions that need more than their fields put back: taken off tomorrow (back on),
# a copy or rotation (its people off, the replaced back), an added slot (off) or a
# removed one (back), a swap.
_UNDO: dict[str, Callable[[Board, Volunteer, AuditEntry], None]] = {
    "slot_add": undo_slot_change,
    "slot_remove": undo_slot_change,
    "swap": _undo_swap,
    "unassign": undo_remove,
    "plan_copy": undo_fill,
    "plan_rotation": undo_fill,
}


def undoable(board: Board, who: Volunteer) -> AuditEntry | None:
    """This person's latest change today that has not been undone yet."""
    entries = [e for e in board.audit(board.today) if e.who == who.id]
    undone = {e.after.get("undoes") for e in entries if e.action == "undo"}
    for e in reversed(entries):
        if e.action != "undo" and e.id not in undone:
            return e
    return None


def undo_last(board: Board, who: Volunteer) -> AuditEntry | None:
    """Put back what ``who`` last changed. Returns the entry undone, or None."""
    entry = undoable(board, who)
    if entry is None:
        return None
    special = _UNDO.get(entry.action)
    if special is not None:
        special(board, who, entry)
        return entry
    with board.transaction() as tx:
        if board.store.get(entry.table, entry.record) is None:
            raise refused("refused.undo_gone")
        if entry.action == "assign":
            tx.delete(entry.table, entry.record)
            changed: dict[str, Any] = {"deleted": True}
        elif isinstance(entry.after.get("created"), list) or isinstance(
            entry.before.get("restore"), dict
        ):
            # An action that made records (a call and its needs, a round and its
            # buildings) or changed several (an orders import, a release):
            # undoing it deletes what it made and puts back what it changed.
            for table, rid in entry.after.get("created") or ():
                if board.store.get(table, rid) is not None:
                    tx.delete(table, rid)
            for table, fields_of in (entry.before.get("restore") or {}).items():
                for rid, fields in fields_of.items():
                    if fields and board.store.get(table, rid) is not None:
                        tx.update(table, rid, fields)
            changed = {"deleted": True}
        else:
            changed = tx.update(entry.table, entry.record, entry.before)
        board.log(
            tx,
            who,
            "undo",
            entry.table,
            entry.record,
            changed,
            {**entry.before, "undoes": entry.id},
        )
    return entry
