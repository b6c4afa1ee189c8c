"""A board's tables in memory, in exactly the file's layout (``{"table": {"1": {...}}}``):
reading them, and merging one record in by its stamps. BoardStore (store.py) adds the
file, its lock and its saves."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson

from dutyboard.storage import hlc, records
from dutyboard.storage.board_bytes import Table
from dutyboard.storage.records import Doc
from dutyboard.storage.transaction import copy_doc

TABLES = (
    "meta",
    "groups",
    "buildings",
    "building_status",
    "households",
    "volunteers",
    "slots",
    "assignments",
    "batches",
    # care, medicine, testing (issue 6); a file made before them just has none yet.
    # Before the tasks, so the file still ends with tasks, audit and conflicts.
    "care_register",
    "contacts",
    "rounds",
    # supplies (issue 12): group-buy offers and the orders taken in for them
    "offers",
    "orders",
    # building status (issue 13): each change of a building's state, kept for good
    "building_events",
    "tasks",
    "audit",
    "conflicts",
)


class BoardTables:
    """The records of one board file held in memory. Reads never touch the disk."""

    def __init__(self, path: Path, data: dict[str, Table], *, clock: hlc.HybridClock) -> None:
        self.path = Path(path)
        self.clock = clock
        self._data: dict[str, Table] = {t: {} for t in TABLES}
        self._index: dict[str, dict[str, str]] = {t: {} for t in TABLES}
        self._next: dict[str, int] = {t: 1 for t in TABLES}
        self.revision = 0  # bumps on every change, local or merged in
        self.dirty = False  # changes in memory that are not yet on disk
        self.on_change: list[Callable[[], None]] = []
        latest = ""
        for name, table in data.items():
            self._data[name] = dict(table)
            self._index[name] = {doc["id"]: key for key, doc in table.items()}
            self._next[name] = _next_key(table)
            for doc in table.values():
                # records.last_stamp, inlined: it runs once per record at start-up.
                if doc["_c"] > latest:
                    latest = doc["_c"]
                if "_s" in doc or "_del" in doc:
                    stamp = records.last_stamp(doc)
                    if stamp > latest:
                        latest = stamp
        self.clock.observe(latest)

    @property
    def meta(self) -> Doc:
        return next(iter(self._data["meta"].values()))

    @property
    def board_id(self) -> str:
        return str(self.meta["board_id"])

    def table(self, name: str) -> Table:
        """The raw table, tombstones included. Treat it as read-only."""
        return self._data[name]

    def rows(self, name: str) -> Iterator[Doc]:
        for doc in self._data[name].values():
            if "_del" not in doc or not records.is_deleted(doc):
                yield doc

    def raw(self, name: str, record_id: str) -> Doc | None:
        """A record as stored, tombstone or not."""
        key = self._index[name].get(record_id)
        return None if key is None else self._data[name][key]

    def get(self, name: str, record_id: str) -> Doc | None:
        key = self._index[name].get(record_id)
        if key is None:
            return None
        doc = self._data[name][key]
        return None if records.is_deleted(doc) else doc

    def count(self, name: str) -> int:
        return len(self._data[name])

    def live_day(self) -> str | None:
        """A live board's today as stored (None for an archive, or a board without
        meta yet)."""
        meta = self._data.get("meta")
        if not meta:
            return None
        info = next(iter(meta.values()))
        day = info.get("today")
        return day if info.get("kind") == "live" and isinstance(day, str) else None

    def serialise(self) -> bytes:
        return orjson.dumps(self._data)

    def _absorb_doc(
        self, name: str, doc: Doc, conflicts: list[records.FieldConflict] | None = None
    ) -> int:
        """Merge one record in. Bit 1: ours changed; bit 2: theirs lacks something of ours."""
        index = self._index[name]
        key = index.get(doc["id"])
        self.clock.observe(records.last_stamp(doc))
        if key is None:
            self._add(name, copy_doc(doc))
            return 1
        local = self._data[name][key]
        merged = records.merge(local, doc, conflicts)
        if merged is local:
            return 0 if local == doc else 2
        state = 0 if merged == local else 1
        if merged != doc:
            state |= 2
        self._data[name][key] = merged
        return state

    def _add(self, name: str, doc: Doc) -> str:
        key = str(self._next[name])
        self._next[name] += 1
        self._data[name][key] = doc
        self._index[name][doc["id"]] = key
        return key


def _next_key(table: Table) -> int:
    try:
        return max(map(int, table), default=0) + 1
    except ValueError:  # a key that is not a number (hand-edited): skip it
        best = 0
        for key in table:
            with contextlib.suppress(ValueError):
                best = max(best, int(key))
        return best + 1
