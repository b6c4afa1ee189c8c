"""A transaction: the changes one action makes to a board in memory, under its lock,
written as one save when the block ends (BoardStore.transaction). Each change is
remembered so that a failing block is rolled back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dutyboard.storage import records
from dutyboard.storage.records import Doc

if TYPE_CHECKING:
    from dutyboard.storage.store import BoardStore


def new_id() -> str:
    """A fresh record id (a random UUID). uuid is imported on first use: opening a
    board and drawing the first screen need none."""
    import uuid

    return str(uuid.uuid4())


def copy_doc(doc: Doc) -> Doc:
    """A copy of a record that shares no stamp dict with it (its values are shared)."""
    out = dict(doc)
    for k in ("_s", "_v"):
        if k in out:
            out[k] = dict(out[k])
    return out


class Transaction:
    """Changes made under the board's lock; written as one save when the block ends."""

    def __init__(self, store: BoardStore) -> None:
        self.store = store
        self._undo: list[tuple[str, str, Doc | None]] = []
        self.stamp_count = 0

    def stamp(self) -> str:
        self.stamp_count += 1
        return self.store.clock.now()

    @property
    def changed(self) -> bool:
        """Whether the block changed anything (so there is something to save)."""
        return bool(self._undo)

    def _remember(self, table: str, key: str) -> None:
        old = self.store._data[table].get(key)
        self._undo.append((table, key, None if old is None else copy_doc(old)))

    def insert(self, table: str, values: dict[str, Any], record_id: str | None = None) -> Doc:
        rid = record_id or values.get("id") or new_id()
        if rid in self.store._index[table]:
            raise ValueError(f"{table} already has a record {rid}")
        doc = records.new(rid, values, self.stamp())
        key = self.store._add(table, doc)
        self._undo.append((table, key, None))
        return doc

    def update(self, table: str, record_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        key = self.store._index[table].get(record_id)
        if key is None:
            raise KeyError(f"{table} has no record {record_id}")
        self._remember(table, key)
        before = records.update(self.store._data[table][key], changes, self.stamp())
        if not before:
            self._undo.pop()  # nothing changed: nothing to save
        return before

    def delete(self, table: str, record_id: str) -> None:
        key = self.store._index[table][record_id]
        self._remember(table, key)
        records.delete(self.store._data[table][key], self.stamp())

    def remove(self, table: str, record_id: str) -> Doc:
        """Take a record out of this file entirely (it moves to the archive)."""
        key = self.store._index[table][record_id]
        self._remember(table, key)
        doc = self.store._data[table].pop(key)
        del self.store._index[table][record_id]
        return doc

    def put(self, table: str, doc: Doc) -> None:  # noqa: D401
        """Merge a whole record (with its stamps) in, as from another copy."""
        key = self.store._index[table].get(doc["id"])
        if key is not None:
            self._remember(table, key)
        self.store._absorb_doc(table, doc)
        if key is None:
            self._undo.append((table, self.store._index[table][doc["id"]], None))

    def set_meta(self, changes: dict[str, Any]) -> dict[str, Any]:
        return self.update("meta", self.store.meta["id"], changes)

    def rollback(self) -> None:
        for table, key, old in reversed(self._undo):
            data = self.store._data[table]
            if old is None:
                doc = data.pop(key, None)
                if doc is not None:
                    self.store._index[table].pop(doc["id"], None)
            else:
                data[key] = old
                self.store._index[table][old["id"]] = key
        self._undo.clear()
