"""What carries a day's open task on to the next: the successor's id, the same on
every laptop every time (so a repeated swap, or the same swap made on two laptops,
makes the same records), and its values."""

from __future__ import annotations

import uuid
from typing import Any

from dutyboard.core.model import task_code
from dutyboard.storage import records
from dutyboard.storage.records import Doc

_NS = uuid.UUID("5e1f2d1c-7c55-4d55-9a3c-2a0426202204")


def made_id(board_id: str, *parts: object) -> str:
    """The id of a record a swap makes: the same on every laptop, every time."""
    return str(uuid.uuid5(_NS, ":".join([board_id, *map(str, parts)])))


def carry_values(doc: Doc, new_id: str, new_day: str) -> dict[str, Any]:
    """The values of the task that carries ``doc`` on to ``new_day``."""
    values = {k: v for k, v in doc.items() if k not in records.META_KEYS}
    for k in ("done_by", "done_at", "fail_reason", "carried_to", "code"):
        values.pop(k, None)
    values.update(
        {
            "date": new_day,
            "status": "open",
            "carried_from": doc["id"],
            "carried_from_date": doc.get("carried_from_date") or doc["date"],
            "code": task_code(doc["kind"], new_id),
        }
    )
    return values
