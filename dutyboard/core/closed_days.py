"""The rule for a live board's closed days, handed to its store when the core opens it
(the store only asks it: dutyboard.storage.closed_days).

A record of a dated table whose day is before the board's today belongs to a closed
day: in the archive, never back in the live file (the day swap moves them there,
dutyboard.core.swap). So does a care call older than its household's latest two in
the live file (dutyboard.core.care_archive).

Such records that reach the live file again (an older copy merged in, a copy put over
the file) are sent to the archive (``archive_closed``): a tick made there on the old
day is merged into the archived task and passed on to its carried successor, so it is
never lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from dutyboard.core.care_archive import TABLE as CALLS
from dutyboard.core.care_archive import beyond_live
from dutyboard.core.carry import carry_values, made_id
from dutyboard.storage.records import Doc
from dutyboard.storage.store import BoardStore
from dutyboard.storage.transaction import Transaction, copy_doc

# Records of one day, and the field that names it.
DATED_TABLES = {
    "slots": "date",
    "assignments": "date",
    "tasks": "date",
    "batches": "date",
    "building_status": "date",
    "audit": "day",
    # Offers and their orders have no day while open (they stay live however long the
    # orders take to collect); released, rejected or cancelled, they get the day they
    # closed and leave with it at the next swap.
    "offers": "closed_day",
    "orders": "closed_day",
}
_DONE_FIELDS = ("status", "done_by", "done_at", "fail_reason")
# Kept live until they close, with no day before that: an older copy may still hold
# one open after the archive took it (it is found there by id: archive_bound).
_UNTIL_CLOSED = ("offers", "orders")
# Small tables read whole per day from the index (days in a row, fair share, names).
_BY_TABLE = ("assignments", "slots", "batches")


class LiveBoardDays:
    """dutyboard.storage.closed_days.ClosedDays for a live board."""

    def tables(self) -> Iterable[str]:
        return (*DATED_TABLES, CALLS)

    def archive_bound(self, store: BoardStore, table: str, doc: Doc) -> bool:
        field = DATED_TABLES.get(table)
        if field is None and table != CALLS:
            return False
        if not store.table("meta") or store.meta.get("kind") != "live":
            return False
        if field is None:
            return beyond_live(store, doc)
        day = doc.get(field)
        if day is None and table in _UNTIL_CLOSED:
            # Open in this copy, but closed and archived since (the archive's record is
            # its tombstone): it never comes back into the live file.
            return isinstance(doc.get("id"), str) and _archived(store, table, doc["id"]) is not None
        return isinstance(day, str) and day < str(store.meta.get("today", ""))

    def send(self, store: BoardStore, closed: dict[str, list[Doc]]) -> bool:
        return archive_closed(store, closed)

    def part_of(self, store: BoardStore, table: str, doc: Doc) -> str | None:
        field = DATED_TABLES.get(table)
        if field is not None:
            day = doc.get(field)
            if isinstance(day, str):
                return day
            if table in _UNTIL_CLOSED and isinstance(doc.get("id"), str):
                return _archived(store, table, doc["id"])
            return None
        if table == CALLS:
            day = doc.get("day")
            if isinstance(day, str):
                return day
            return _day_of(doc.get("at"), str(store.meta.get("timezone", "Asia/Shanghai")))
        return None

    def index_keys(self, table: str, doc: Doc) -> Iterable[str]:
        if table in _BY_TABLE:
            return (table,)
        if table == "offers":  # all of them too: orders point at them
            return ("offers", f"id:{doc.get('id')}")
        if table in _UNTIL_CLOSED:
            return (f"id:{doc.get('id')}",)
        household = doc.get("household")
        if table in ("tasks", CALLS) and isinstance(household, str) and household:
            return (f"h:{household}",)
        building = doc.get("building")
        by_building = table == "tasks" and doc.get("kind") in ("disinfection", "testing")
        return (f"b:{building}",) if by_building and isinstance(building, int) else ()


CLOSED_DAYS = LiveBoardDays()


def _archived(store: BoardStore, table: str, rid: str) -> str | None:
    """The day of the archive's part that holds this offer or order, if one does."""
    return store.archive().holds(f"id:{rid}")


def _day_of(moment: object, tz: str) -> str | None:
    """The board's day of a stored moment (ISO 8601 with its offset)."""
    if not isinstance(moment, str):
        return None
    try:
        at = datetime.fromisoformat(moment)
    except ValueError:
        return None
    if at.tzinfo is None:
        return at.date().isoformat()
    return at.astimezone(ZoneInfo(tz)).date().isoformat()


def archive_closed(store: BoardStore, routed: dict[str, list[Doc]]) -> bool:
    """Records of closed days that came in with another copy: merged into the archive
    (written first), ticks passed on to the carried successors in the live file, and
    open tasks no swap has carried yet carried now. Called under the live file's lock;
    live changes are kept in memory for the next save (the store marks it). True if a
    live record changed."""
    archive = store.archive()
    new_day = str(store.meta.get("today", ""))
    bid = store.board_id
    carry: list[tuple[Doc, str]] = []

    def close_tasks(atx: Transaction, part: BoardStore, docs: dict[str, list[Doc]]) -> None:
        for d in docs.get("tasks", []):
            merged = part.get("tasks", d["id"])
            if (
                merged is not None
                and merged.get("status") == "carried"
                and d.get("status") in ("done", "failed")
                and d.get("done_at")
            ):
                # Done on a copy that had not heard of the swap yet: the swap carried it
                # as open, later by the clock, but the delivery was made. The tick wins
                # and is passed on to the task carried over (below), never lost.
                atx.update("tasks", d["id"], {"status": d["status"]})
                continue
            if merged is None or merged.get("status") != "open":
                continue
            nid = made_id(bid, "carry", merged["id"], new_day)
            atx.update("tasks", merged["id"], {"status": "carried", "carried_to": nid})
            carry.append((copy_doc(merged), nid))

    parts = archive.write(routed, then=close_tasks)
    tx = Transaction(store)
    changed = False
    for d in routed.get("tasks", []):
        part = parts.get(archive.day_of("tasks", d))
        merged = part.get("tasks", d["id"]) if part is not None else None
        if merged is None or merged.get("status") not in ("done", "failed"):
            continue
        succ_id = merged.get("carried_to")
        succ = store.get("tasks", succ_id) if succ_id else None
        if succ is None or succ.get("status") != "open":
            continue
        tx.update("tasks", succ["id"], {k: merged.get(k) for k in _DONE_FIELDS})
        changed = True
    for doc, nid in carry:
        if store.raw("tasks", nid) is None:
            tx.insert("tasks", carry_values(doc, nid, new_day), nid)
            changed = True
    return changed
