"""A parcel's fields as the JSON of ``parcel list`` and ``tasks`` show them."""

from __future__ import annotations

from typing import Any

from dutyboard.groups.supplies import parcels


def parcel_json(board: Any, task: Any) -> dict[str, Any]:
    """A parcel's fields (``parcel list`` and ``tasks``' details)."""
    return {
        "address": task.address,
        "courier": str(task.extra.get("courier") or ""),
        "count": int(task.extra.get("count") or 1),
        "received_at": task.extra.get("received_at"),
        "overdue": parcels.overdue(task, board.now()),
        "handed": task.extra.get("handed"),
        "door_only": parcels.door_only(board, task),
    }


def task_details(board: Any, task: Any) -> dict[str, Any]:
    """What ``tasks --format json`` adds for a delivery or a parcel."""
    if task.kind == "parcel":
        return {"details": parcel_json(board, task)}
    return {"door_only": parcels.door_only(board, task)}
