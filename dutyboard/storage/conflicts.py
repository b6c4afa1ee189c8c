"""A losing edit, kept as a record of the ``conflicts`` table, so it is never dropped in
silence whichever way two copies met (a merge, a reload before saving, a copy put over)."""

from __future__ import annotations

from dutyboard.storage import records
from dutyboard.storage.records import Doc


def conflict_id(table: str, record: str, name: str, loser_stamp: str) -> str:
    import hashlib  # here, not at the top: start-up does not need it

    digest = hashlib.sha1(f"{table}\0{record}\0{name}\0{loser_stamp}".encode()).hexdigest()
    return f"c-{digest[:24]}"


def conflict_record(table: str, c: records.FieldConflict) -> Doc:
    """The losing value of a conflict, kept as a record. It is made entirely from the
    losing edit (id, stamp, values), so every laptop that finds this conflict makes the
    same record and the conflicts table merges like any other."""
    return {
        "id": conflict_id(table, c.record, c.field, c.loser_stamp),
        "_c": c.loser_stamp,
        "table": table,
        "record": c.record,
        "field": c.field,
        "value": c.loser,
        "stamp": c.loser_stamp,
        "device": records.device_of(c.loser_stamp),
        "status": "open",
    }
