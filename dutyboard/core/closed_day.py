"""A closed day, read back from the archive, as a read-only Board.

After a swap the live file holds only today and tomorrow; the day that ended is in
its part of the archive, ``NAME.archive/DAY.json`` (the only file read here). Exports (and anything else that shows one day) ask for a board
of that day: the live file's people, groups and buildings with the archive's records
of the day. Nothing is ever saved through it.
"""

from __future__ import annotations

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.closed_days import DATED_TABLES
from dutyboard.storage.store import BoardStore
from dutyboard.storage.tables import TABLES


def board_for_day(board: Board, day: pendulum.Date) -> Board:
    """``board`` itself for today and later (or with no archive); else a read-only
    Board of the closed day."""
    if day >= board.today or not board.store.has_archive():
        return board
    live = board.store
    iso = day.isoformat()
    part = live.archive().part(iso)
    closed = part.table if part is not None else lambda _name: {}
    data = {name: live.table(name) for name in TABLES if name not in DATED_TABLES}
    for name, field in DATED_TABLES.items():
        # The live file may still hold a record of the day (a merge since the swap):
        # the archive's is the closed one, so it goes last and wins by id.
        docs = [d for d in live.table(name).values() if d.get(field) == iso]
        docs += [d for d in closed(name).values() if d.get(field) == iso]
        by_id = {d["id"]: d for d in docs}
        data[name] = {str(i): d for i, d in enumerate(by_id.values(), start=1)}
    view = BoardStore(live.path.with_name(live.path.name + ".closed-day"), data, clock=live.clock)
    return Board(view, board.clock)
