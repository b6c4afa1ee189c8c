"""The archive of a live board's closed days, in parts: ``NAME.archive/DAY.json``, one
plain TinyDB file per closed day, beside the board.

A part never grows with history: a swap writes the part of the day it closes, and
nothing else. Each part is a store of its own (BoardStore: locked, atomic, merged
with whatever another writer saved), so a copy of one part, synced or merged, touches
only that part. Which part a record belongs in, and the keys it is looked up by, are
the domain's rule (the ClosedDays handed to the live store).

History is read through a small index per part (part_index.py, kept on this laptop):
a household's records over ninety days are a few hundred small reads, not 250 MB.
Whole parts are read only for one closed day, or when an index cannot have offsets.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from dutyboard.storage import part_index
from dutyboard.storage.board_bytes import (
    FORMAT_VERSION,
    Table,
    archive_dir,
    archive_meta_id,
    parse_own_or_checked,
    read_regular,
)
from dutyboard.storage.errors import BoardFileError
from dutyboard.storage.records import Doc
from dutyboard.storage.transaction import Transaction

if TYPE_CHECKING:
    from dutyboard.storage.store import BoardStore

PART_NAME = re.compile(r"(\d{4}-\d{2}-\d{2}|undated)\.json")
UNDATED = "undated"  # records without a day the rule can tell (hand-made, broken)
# Parts read whole and kept in memory at once, beyond those with unsaved changes: a
# closed day's export or log reads one or two.
KEEP_PARTS = 4

# Run in each part's transaction after its records are put (the swap closes tasks).
PartStep = Callable[[Transaction, "BoardStore", dict[str, list[Doc]]], None]


def part_path(board: Path, day: str) -> Path:
    return archive_dir(board) / f"{day}.json"


def index_dir(board: Path) -> Path:
    """Where this laptop keeps the parts' indexes: its own folder, not the synced one
    (an index is trusted to skip reading a part, so only indexes built here are)."""
    from dutyboard.storage.user_folder import user_dir

    folder = os.path.realpath(archive_dir(board))
    name = hashlib.blake2b(folder.encode(), digest_size=10).hexdigest()
    return user_dir() / "archive-index" / name


class Archive:
    """The parts of one live board's archive."""

    def __init__(self, live: BoardStore) -> None:
        self.live = live
        self.folder = archive_dir(live.path)
        self._parts: dict[str, BoardStore] = {}  # read or written this session
        self._indexes: dict[str, part_index.PartIndex] = {}
        self._failed: dict[str, tuple[int, int]] = {}  # parts that could not be read
        self._index_dir: Path | None = None
        # Every part's ``id:`` keys and their day, with what the folder was then.
        self._ids: tuple[object, dict[str, str]] | None = None
        # Parts that could not be read or were refused, by day: why (shown, not hidden).
        self.problems: dict[str, str] = {}

    # ------------------------------------------------------------------ names

    def days(self) -> list[str]:
        """The days with a part, on disk or made here and not saved yet, oldest first."""
        found = set(self._parts)
        with contextlib.suppress(OSError):
            for name in os.listdir(self.folder):
                m = PART_NAME.fullmatch(name)
                if m is not None:
                    found.add(m.group(1))
        return sorted(found)

    def exists(self) -> bool:
        return bool(self._parts) or bool(self.days())

    def path(self, day: str) -> Path:
        return self.folder / f"{day}.json"

    def version(self) -> tuple[tuple[str, int, int], ...]:
        """What the parts on disk are (name, size, mtime): another laptop's swap or a
        merge changes it. A listing and a stat per part."""
        out = []
        for day in self.days():
            with contextlib.suppress(OSError):
                st = os.stat(self.path(day))
                out.append((day, st.st_size, st.st_mtime_ns))
        return tuple(out)

    def day_of(self, table: str, doc: Doc) -> str:
        policy = self.live.closed_days
        day = policy.part_of(self.live, table, doc) if policy is not None else None
        return day if day is not None and PART_NAME.fullmatch(f"{day}.json") else UNDATED

    def index_file(self, day: str) -> Path:
        """Where this laptop keeps the index of the part of ``day``."""
        if self._index_dir is None:
            self._index_dir = index_dir(self.live.path)
        return self._index_dir / f"{day}.idx"

    @property
    def problem(self) -> str | None:
        """Why part of the archive could not be read (the first such part), if so."""
        return next(iter(self.problems.values()), None)

    # ---------------------------------------------------------------- reading

    def part(self, day: str) -> BoardStore | None:
        """The part of ``day``, read whole (None if there is none). BoardFileError if
        it cannot be read or is refused (also noted in ``problems``)."""
        part = self._parts.get(day)
        if part is not None and not _stale(part):
            return part
        path = self.path(day)
        if not path.exists():
            return part  # made here, not saved yet (or moved away meanwhile)
        try:
            fresh = self._open(path)
        except BoardFileError as exc:
            self.problems[day] = exc.message
            raise
        self.problems.pop(day, None)
        if part is not None and part.dirty:  # keep what this program has not saved
            fresh.absorb(part._data)
        self._keep(day, fresh)
        return fresh

    def lookup(
        self, key: str, *, since: str | None = None, until: str | None = None
    ) -> list[tuple[str, str, Doc]]:
        """(day, table, record) of every record filed under ``key`` in the parts of
        days from ``since`` to ``until`` (both included, either open), newest day first.
        Parts that cannot be read are left out and named in ``problems``."""
        out: list[tuple[str, str, Doc]] = []
        for day in reversed(self.days()):
            if (since is not None and day < since) or (until is not None and day > until):
                continue
            out += [(day, table, doc) for table, doc in self._lookup_part(day, key)]
        return out

    def holds(self, key: str) -> str | None:
        """The newest day whose part files a record under ``key`` (None if none). For
        ``id:`` keys (asked once per incoming offer or order: thousands in one merge)
        from a map of every part's ``id:`` keys, made again only when the folder
        changed (a part written or synced in renames a file into it)."""
        if not key.startswith("id:"):
            for day in reversed(self.days()):
                index = self.index(day)
                if index is not None and index.has(key):
                    return day
            return None
        try:
            st = os.stat(self.folder)
        except OSError:
            return None
        token = (st.st_ino, st.st_mtime_ns, tuple(self.days()))
        if self._ids is None or self._ids[0] != token:
            held: dict[str, str] = {}
            for day in token[2]:  # oldest first: the newest day wins
                index = self.index(day)
                if index is not None:
                    held.update(dict.fromkeys(index.keys_from("id:"), day))
            self._ids = (token, held)
        return self._ids[1].get(key)

    def index(self, day: str) -> part_index.PartIndex | None:
        """The index of the part of ``day``, built again if it no longer fits the part
        (None if there is no part, or it cannot be read: ``problems`` says why)."""
        path = self.path(day)
        try:
            st = os.stat(path)
        except OSError:
            return None
        index = self._at_hand(day, st)
        if index is not None:
            return index
        if self._failed.get(day) == (st.st_size, st.st_mtime_ns):
            return None  # this version of the part could not be read: not again
        index = self._build_index(day, path)
        if index is None:
            self._failed[day] = (st.st_size, st.st_mtime_ns)
            return None
        self._failed.pop(day, None)
        part_index.save(self.index_file(day), index)
        self._indexes[day] = index
        return index

    def warm(self, *, build: bool = True) -> bool:
        """Every part's index at hand: in memory, or loaded from this laptop's index
        files, or (with ``build``) built from the part. True if all are (a part that
        could not be read counts: it is named in ``problems``)."""
        for day in self.days():
            try:
                st = os.stat(self.path(day))
            except OSError:
                continue
            if self._at_hand(day, st) is not None:
                continue
            if self._failed.get(day) == (st.st_size, st.st_mtime_ns):
                continue
            if not build:
                return False
            self.index(day)
        return True

    def _at_hand(self, day: str, st: os.stat_result) -> part_index.PartIndex | None:
        """The index of ``day`` if it fits the part as ``st`` describes it, from
        memory or from its file."""
        index = self._indexes.get(day)
        if index is not None and index.fits(st):
            return index
        index = part_index.load(self.index_file(day))
        if index is None or not index.fits(st):
            return None
        self._indexes[day] = index
        return index

    def _build_index(self, day: str, path: Path) -> part_index.PartIndex | None:
        part = self._parts.get(day)
        if part is not None and not part.dirty and not _stale(part) and part._sig is not None:
            raw, data, st = part._bytes, part._data, os.stat(path)
        else:
            try:
                st, raw = read_regular(path)
                data = self._parse(path, raw)
            except BoardFileError as exc:
                self.problems[day] = exc.message
                return None
            self.problems.pop(day, None)
        return part_index.build(raw, data, st, self._keys_of)

    def _lookup_part(self, day: str, key: str) -> list[tuple[str, Doc]]:
        for _attempt in range(2):
            index = self.index(day)
            if index is None:
                return []
            if not index.exact:
                return self._scan(day, key)
            places = index.postings(key)
            if not places:
                return []
            found = part_index.read_records(self.path(day), places)
            if found is not None:
                return found
            self._indexes.pop(day, None)  # the file changed under it: build it again
            with contextlib.suppress(OSError):
                os.unlink(self.index_file(day))
        return self._scan(day, key)

    def _scan(self, day: str, key: str) -> list[tuple[str, Doc]]:
        try:
            part = self.part(day)
        except BoardFileError:
            return []
        if part is None:
            return []
        return [
            (name, doc)
            for name, table in part._data.items()
            for doc in table.values()
            if key in self._keys_of(name, doc)
        ]

    def _keys_of(self, table: str, doc: Doc) -> list[str]:
        policy = self.live.closed_days
        return list(policy.index_keys(table, doc)) if policy is not None else []

    # ---------------------------------------------------------------- writing

    def write(
        self, routed: dict[str, list[Doc]], then: PartStep | None = None
    ) -> dict[str, BoardStore]:
        """Merge records into their parts, one save per part (oldest day first), and
        run ``then`` in each part's transaction. Returns the parts written, by day.
        SaveError or BoardFileError if a part cannot be written: the parts before it
        are saved, the live file is not changed by this."""
        by_day: dict[str, dict[str, list[Doc]]] = {}
        for table, docs in routed.items():
            for d in docs:
                by_day.setdefault(self.day_of(table, d), {}).setdefault(table, []).append(d)
        written: dict[str, BoardStore] = {}
        for day in sorted(by_day):
            part = self.for_writing(day)
            with part.transaction() as tx:
                for table, docs in by_day[day].items():
                    for d in docs:
                        # One it holds already as it is: not put, so a part that gains
                        # nothing is not written again (nor resent by Syncthing).
                        if part.raw(table, d["id"]) != d:
                            tx.put(table, d)
                if then is not None:
                    then(tx, part, by_day[day])
            self.saved(day, part)
            written[day] = part
        return written

    def remove(self, routed: dict[str, list[Doc]]) -> None:
        """Take records out of their parts entirely (an undone swap put them back live)."""
        by_day: dict[str, list[tuple[str, str]]] = {}
        for table, docs in routed.items():
            for d in docs:
                by_day.setdefault(self.day_of(table, d), []).append((table, d["id"]))
        for day in sorted(by_day):
            part = self.part(day)
            if part is None:
                continue
            with part.transaction() as tx:
                for table, rid in by_day[day]:
                    if part.raw(table, rid) is not None:
                        tx.remove(table, rid)
            self.saved(day, part)

    def merge_part(self, day: str, data: dict[str, Table]) -> bool:
        """Merge a copy's part of ``day`` (read and validated) into ours. True if ours
        changed."""
        part = self.for_writing(day)
        with part.transaction():
            changed = bool(part.absorb(data))
            if changed:
                part.dirty = True
        self.saved(day, part)
        return changed

    def for_writing(self, day: str) -> BoardStore:
        """The part of ``day`` to write to: read, or a new empty one (saved by the
        transaction that first writes to it)."""
        part = self.part(day)
        if part is None:
            part = self._new_part(day)
            self._parts[day] = part
        return part

    def saved(self, day: str, part: BoardStore) -> None:
        """After a save of ``part``: its index, from the bytes just written."""
        if part.dirty or part._sig is None:
            return
        with contextlib.suppress(OSError):
            st = os.stat(part.path)
            if (st.st_size, st.st_mtime_ns) == (part._sig.size, part._sig.mtime_ns):
                index = part_index.build(part._bytes, part._data, st, self._keys_of)
                self._indexes[day] = index
                part_index.save(self.index_file(day), index)
        self._trim()

    # -------------------------------------------------------------- internals

    def _new_part(self, day: str) -> BoardStore:
        live = self.live
        meta = {k: v for k, v in live.meta.items() if not k.startswith("_") and k != "id"}
        meta.update(kind="archive", part=day, format_version=FORMAT_VERSION)
        meta.pop("today", None)
        part = type(live)(self.path(day), {}, clock=live.clock, lock_timeout=live.lock_timeout)
        part.keeps_backups = False
        with contextlib.suppress(OSError):
            self.folder.mkdir(mode=0o700, exist_ok=True)
        # The same id in every part and on every laptop: parts made apart merge.
        Transaction(part).insert("meta", meta, archive_meta_id(live.board_id))
        return part

    def _open(self, path: Path) -> BoardStore:
        live = self.live
        part = type(live).open(path, device=live.clock.device, lock_timeout=live.lock_timeout)
        part.clock = live.clock
        part.keeps_backups = False
        if part.board_id != live.board_id:
            raise BoardFileError(f"{path}: this part of the archive belongs to a different board.")
        return part

    def _parse(self, path: Path, raw: bytes) -> dict[str, Table]:
        """A part's bytes for its index: this laptop's own last save as is, others
        validated (once per version: dutyboard.storage.validated)."""
        data = parse_own_or_checked(raw, path)
        meta = next(iter(data["meta"].values()))
        if meta.get("board_id") != self.live.board_id:
            raise BoardFileError(f"{path}: this part of the archive belongs to a different board.")
        return data

    def _keep(self, day: str, part: BoardStore) -> None:
        self._parts[day] = part
        self._trim()

    def _trim(self) -> None:
        # A copy of the items: a worker thread may be reading a part meanwhile.
        clean = [d for d, p in list(self._parts.items()) if not p.dirty]
        for day in clean[:-KEEP_PARTS]:
            self._parts.pop(day, None)


def _stale(part: BoardStore) -> bool:
    """True if the part's file changed on disk since this program read or wrote it
    (and nothing here is unsaved)."""
    if part.dirty or part._sig is None:
        return False
    try:
        st = os.stat(part.path)
    except OSError:
        return False
    return (st.st_ino, st.st_size, st.st_mtime_ns) != (
        part._sig.ino,
        part._sig.size,
        part._sig.mtime_ns,
    )
