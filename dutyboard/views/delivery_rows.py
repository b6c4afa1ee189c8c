"""What a row of the Deliveries pane is, shared by deliveries and parcels
(views/deliveries.py, views/parcels.py). Plain frozen data; no Textual here."""

from __future__ import annotations

from dataclasses import dataclass

from dutyboard.core.board import Board
from dutyboard.core.model import Task
from dutyboard.core.rules import CONFINED_STATUSES
from dutyboard.storage.clock import parse_moment


@dataclass(frozen=True)
class DeliveryRow:
    task_id: str
    code: str
    batch: str  # BatchInfo.id ("" when the task names no known batch)
    building: int | None
    address: str
    items: str
    carrier: str  # name of the volunteer carrying it, "" if nobody yet
    status: str  # open / done / failed
    done_at: str = ""  # "HH:MM", "" while open or before fresh data arrives
    done_by: str = ""
    reason: str = ""  # the failure reason in the view's language
    building_status: str = "normal"
    carried_from: str = ""  # the day it was first due (YYYY-MM-DD) if a swap carried it
    short: str = ""  # what the count at the gate left out ("土豆×1"), released batches
    note: str = ""  # the order's note as the resident wrote it (shown as text)

    @property
    def door_only(self) -> bool:
        """Its building is sealed or positive: to the door, nobody comes down for it."""
        return self.building_status in CONFINED_STATUSES

    @property
    def is_parcel(self) -> bool:
        return False


def clock_time(value: str | None, tz: str) -> str:
    """ "HH:MM" of an ISO 8601 moment in the board's time zone; "" if none."""
    moment = parse_moment(value)
    return moment.in_timezone(tz).format("HH:mm") if moment else ""


def carried_from(task: Task) -> str:
    """The day a carried-over task was first due ("" if it was not carried)."""
    if not task.carried_from:
        return ""
    return str(task.extra.get("carried_from_date") or "")


def person_name(board: Board, vid: str | None) -> str:
    if not vid:
        return ""
    volunteer = board.volunteer(vid)
    return volunteer.name if volunteer else vid
