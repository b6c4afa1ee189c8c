"""The board file. This module alone writes it and alone imports tinydb (its bytes are
read and checked by dutyboard/storage/board_bytes.py).

The file is plain TinyDB JSON (``{"table": {"1": {...}, ...}, ...}``) so that
``tinydb.TinyDB(path)`` can read it, but this store never lets TinyDB write it (see
../shared/STORAGE.md for why): it keeps the whole board in memory in exactly the file's
layout and saves it in one serialisation and one atomic write:

* a temp file in the same folder, fsync, ``os.replace``, fsync the folder, so a crash
  leaves the old file or the new one, never a mix;
* under a lock on a sidecar ``NAME.lock`` (never the data file, which gets replaced);
* reload-before-write: if the file's bytes changed since this process last read or
  wrote them (another process, a copy from a USB stick, Syncthing), they are merged in
  record by record first, so no one's save is lost; if that moved the board on to a
  later day (another window swapped), the closed day's records this process still
  holds go to the archive, not back into the file (BoardStore._find_left_behind);
* a hard link to the replaced file is kept now and then in ``NAME.backups/``.

Closed days live in an archive file beside it (``NAME.archive.json``, same format),
so the cost of a save does not grow with history.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from dutyboard.storage import hlc, records
from dutyboard.storage.board_bytes import (  # noqa: F401 - the names the rest of dutyboard imports from here
    APP_NAME,
    FORMAT_VERSION,
    SIZE_CAP,
    Table,
    _read_shadow,
    archive_meta_id,
    archive_path,
    backup_dir,
    fsync_dir,
    keep_refused,
    lock_path,
    parse_board_bytes,
    parse_checked,
    read_regular,
    real_path,
    refused_dir,
    shadow_path,
    with_recovery,
    write_all,
)
from dutyboard.storage.errors import BoardBusy, BoardFileError, SaveError
from dutyboard.storage.records import Doc

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
BACKUP_EVERY_S = 600
BACKUPS_KEPT = 10
# Records of one day, and the field that names it. In a live board, such a record of
# a day before the board's today belongs to a closed day: in the archive, never back
# in the live file (dutyboard.core.swap moves them there at the day swap).
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


def new_id() -> str:
    """A fresh record id (a random UUID). uuid is imported on first use: opening a
    board and drawing the first screen need none."""
    import uuid

    return str(uuid.uuid4())


def _tmp_prefix(path: Path) -> str:
    return f".{path.name}.tmp-"


class _FileSig:
    """What is cheap to compare before reading bytes: inode, size, mtime."""

    __slots__ = ("ino", "size", "mtime_ns")

    def __init__(self, st: os.stat_result) -> None:
        self.ino, self.size, self.mtime_ns = st.st_ino, st.st_size, st.st_mtime_ns

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _FileSig) and (self.ino, self.size, self.mtime_ns) == (
            other.ino,
            other.size,
            other.mtime_ns,
        )

    __hash__ = None  # type: ignore[assignment]


class Transaction:
    """Changes made under the board's lock; written as one save when the block ends."""

    def __init__(self, store: BoardStore) -> None:
        self.store = store
        self._undo: list[tuple[str, str, Doc | None]] = []
        self.stamp_count = 0

    def stamp(self) -> str:
        self.stamp_count += 1
        return self.store.clock.now()

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


def copy_doc(doc: Doc) -> Doc:
    """A copy of a record that shares no stamp dict with it (its values are shared)."""
    out = dict(doc)
    for k in ("_s", "_v"):
        if k in out:
            out[k] = dict(out[k])
    return out


class BoardStore:
    """One board file held in memory. Reads never touch the disk."""

    def __init__(
        self,
        path: Path,
        data: dict[str, Table],
        *,
        clock: hlc.HybridClock,
        lock_timeout: float = 15.0,
    ) -> None:
        self.path = Path(path)
        self.clock = clock
        self.lock_timeout = lock_timeout
        self._data: dict[str, Table] = {t: {} for t in TABLES}
        self._index: dict[str, dict[str, str]] = {t: {} for t in TABLES}
        self._next: dict[str, int] = {t: 1 for t in TABLES}
        self._filelock: Any = None
        self._sig: _FileSig | None = None
        self._bytes: bytes = b""
        self._last_backup = 0.0
        self._pending: bytes | None = None
        self._archive: BoardStore | None = None
        self.archive_problem: str | None = None  # why the archive could not be read
        # Ids (per table) of records only this program still holds, of a day the file
        # on disk has closed (another window or laptop swapped the day): they go to the
        # archive before the next save, never back into the live file (absorb).
        self._left_behind: dict[str, set[str]] = {}
        self.revision = 0  # bumps on every change, local or merged in
        self.dirty = False  # changes in memory that are not yet on disk
        self.reloads = 0  # how many times another writer's bytes were taken in
        self.on_change: list[Callable[[], None]] = []
        # Things a user should be told once, e.g. "copy_over": an older copy was put
        # over the file and this laptop's saves were taken back in.
        self.notices: list[str] = []
        # Copies refused by the validation, to tell once: (catalogue key, fields), a
        # field may be a validate.Problem (shown in the reader's language).
        self.refusals: list[tuple[str, dict[str, Any]]] = []
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
    def _lock(self) -> Any:
        # filelock is imported on first use: it costs start-up time the screen needs.
        if self._filelock is None:
            import filelock

            # 0600: in a shared folder, no one else may take (or hold) this lock
            self._filelock = filelock.FileLock(
                str(lock_path(self.path)), timeout=self.lock_timeout, mode=0o600
            )
        return self._filelock

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        device: str,
        wall: Callable[[], int] | None = None,
        lock_timeout: float = 15.0,
    ) -> BoardStore:
        path = real_path(Path(path))
        # fstat of the open file: a replace after it only costs a re-read
        st, raw = read_regular(path)
        saved = _read_shadow(path)
        try:
            # Bytes that are this laptop's own last save were validated when they came
            # in (or made here): the usual start checks nothing more. Others are checked.
            data = parse_board_bytes(raw, path) if saved == raw else parse_checked(raw, path)
        except BoardFileError as exc:
            raise with_recovery(exc, path) from None
        from dutyboard.storage import migrations

        data = migrations.upgrade(data)
        store = cls(path, data, clock=hlc.HybridClock(device, wall), lock_timeout=lock_timeout)
        store._sig, store._bytes = _FileSig(st), raw
        store._clean_temps()
        store._take_back_own_saves(saved)
        # The shadow was on a later day than an older copy put over the file: that
        # copy's records of the closed day go to the archive (the next save leaves them
        # out). An archive that cannot be written now is tried again at the next save.
        with contextlib.suppress(SaveError):
            store._send_left_behind()
        return store

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        meta: dict[str, Any],
        *,
        device: str,
        wall: Callable[[], int] | None = None,
        build: Callable[[Transaction], None] | None = None,
        overwrite: bool = False,
    ) -> BoardStore:
        """Make a new board file (mode 0600). Refuses to replace an existing file."""
        path = Path(path)
        if path.is_symlink():  # made through the link, where it points
            path = Path(os.path.realpath(path))
        if path.exists() and not overwrite:
            raise SaveError(f"{path}: a file is already there; it was not touched.")
        clock = hlc.HybridClock(device, wall)
        store = cls(path, {}, clock=clock)
        tx = Transaction(store)
        values = {
            "app": APP_NAME,
            "format_version": FORMAT_VERSION,
            "board_id": meta.get("board_id") or new_id(),
            **{k: v for k, v in meta.items() if k != "board_id"},
        }
        tx.insert("meta", values)
        if build is not None:
            build(tx)
        store._write_locked(new_file=not overwrite)
        return store

    def _take_back_own_saves(self, saved: bytes | None) -> None:
        """If an older copy was put over the file, take back what this laptop saved.

        After every save a copy of the saved bytes is kept beside the file (a hidden
        ``.NAME.saved``). When the file holds other bytes, that last save is merged in;
        anything the file lacked is written back by the next save. The shadow is
        validated like any copy (in a shared folder someone else could have put it).
        """
        if saved is None or saved == self._bytes:  # the usual case: nothing to parse
            return
        shadow = shadow_path(self.path)
        try:
            data = parse_checked(saved, shadow)
        except BoardFileError:
            return
        if next(iter(data["meta"].values())).get("board_id") != self.board_id:
            return  # another board was opened under this name: its own business
        from dutyboard.storage import migrations

        if self.absorb(migrations.upgrade(data)):
            self.dirty = True  # the file lacks this laptop's saves: the next save has them
            self.notices.append("copy_over")

    def _clean_temps(self) -> None:
        """Remove temp files a crashed save left behind (under the lock: writers hold it)."""
        prefix = _tmp_prefix(self.path)
        try:
            names = [n for n in os.listdir(self.path.parent or ".") if n.startswith(prefix)]
        except OSError:
            return
        if not names:
            return
        try:
            with self._lock.acquire(timeout=0.5):
                for name in names:
                    with contextlib.suppress(OSError):
                        os.unlink(self.path.parent / name)
        except _timeout():
            pass  # someone is saving right now; their temp file is not ours to delete

    # ---------------------------------------------------------------- reading

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

    def live_bytes(self) -> int:
        return len(self._bytes)

    def archive(self) -> BoardStore:
        """The archive of closed days beside this file (created empty on first use)."""
        if self._archive is None:
            self._archive = self.read_archive()
        if self._archive is None:  # no archive file yet: an empty one, saved with the swap
            apath = archive_path(self.path)
            meta = {k: v for k, v in self.meta.items() if not k.startswith("_") and k != "id"}
            meta["kind"] = "archive"
            self._archive = BoardStore(apath, {}, clock=self.clock)
            tx = Transaction(self._archive)
            # The same id on every laptop, so archives made apart merge into one.
            tx.insert("meta", meta, archive_meta_id(self.board_id))
        return self._archive

    def readable_archive(self) -> BoardStore | None:
        """The archive for reading only (counts over closed days, history pages,
        exports): None if there is none or it cannot be read, and then
        ``archive_problem`` says why. What writes to it (the swap, a merge) calls
        ``archive`` and is refused instead."""
        if not self.has_archive():
            return None
        try:
            archive = self.archive()
        except BoardFileError as exc:
            self.archive_problem = exc.message
            return None
        self.archive_problem = None
        return archive

    def has_archive(self) -> bool:
        return self._archive is not None or archive_path(self.path).exists()

    def read_archive(self) -> BoardStore | None:
        """Parse the archive file into a store of its own, leaving this one as it is
        (None if there is no archive file). It only reads: a reader can call it
        without holding the board's lock, which parsing a large archive would keep
        for seconds, then ``adopt_archive`` the result."""
        apath = archive_path(self.path)
        if not apath.exists():
            return None
        archive = BoardStore.open(apath, device=self.clock.device, lock_timeout=self.lock_timeout)
        archive.clock = self.clock
        if archive.board_id != self.board_id:
            raise BoardFileError(f"{apath}: the archive belongs to a different board.")
        return archive

    def adopt_archive(self, archive: BoardStore) -> bool:
        """Use an archive from ``read_archive`` unless a current one was read meanwhile
        (call it holding the board's lock). True if it is now this store's archive."""
        if self._archive is None or self.archive_stale():
            self._archive = archive
        return self._archive is archive

    def archive_stale(self) -> bool:
        """True if the archive read this session has changed on disk since (another
        laptop's swap or merge wrote it, or a synced copy came in) and holds nothing
        unsaved from here: it should be read again (``read_archive``, then
        ``adopt_archive``). Only a stat: cheap enough for every drawing of a tab."""
        archive = self._archive
        if archive is None or archive.dirty or archive._sig is None:
            return False
        on_disk = self.archive_version()
        return on_disk is not None and on_disk != (
            archive._sig.ino,
            archive._sig.size,
            archive._sig.mtime_ns,
        )

    def archive_version(self) -> tuple[int, int, int] | None:
        """(inode, size, mtime) of the archive file, None if there is none: what a
        reader keeps to know whether it already tried this version of the file."""
        try:
            st = os.stat(archive_path(self.path))
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    @property
    def loaded_archive(self) -> BoardStore | None:
        """The archive if it has been read this session (``archive`` reads it)."""
        return self._archive

    # ---------------------------------------------------------------- writing

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, take in what others saved, run the block, save atomically."""
        try:
            self._lock.acquire(poll_interval=0.005)
        except _timeout():
            raise BoardBusy(
                f"{self.path}: another dutyboard has held the board for over "
                f"{self.lock_timeout:g} s; nothing was changed. Try again; if it keeps "
                f"happening, close the other dutyboard windows (lock: {lock_path(self.path)})."
            ) from None
        try:
            try:
                # Records of a day the file has closed stay in memory through the block
                # (defer): a tick this window makes on a task its screen still shows
                # lands on that task, and goes with it to the archive and on to its
                # carried successor below, instead of being refused or lost.
                self._refresh_locked(defer=True)
                unsafe: SaveError | None = None
            except SaveError as exc:
                # The file on disk cannot be merged right now (mid-copy, another board):
                # keep the change in memory, write nothing, and let the caller retry.
                unsafe = exc
            tx = Transaction(self)
            try:
                yield tx
            except BaseException:
                tx.rollback()
                with contextlib.suppress(SaveError):  # else kept for the next save
                    self._send_left_behind()
                raise
            try:
                # The archive first (fsynced), then the live file without them.
                routed = self._send_left_behind()
            except SaveError as exc:
                # The archive cannot be written: nothing may be written to the live file
                # (it would bring the closed day back); kept in memory, retried.
                routed, unsafe = False, unsafe or exc
            if tx._undo or self.dirty:
                self.revision += 1
                self.dirty = True
                if unsafe is not None:
                    raise unsafe
                self._write_locked()
                for callback in self.on_change:
                    callback()
            elif routed:
                for callback in self.on_change:
                    callback()
        finally:
            self._lock.release()

    def save(self) -> None:
        """Retry a save that failed earlier (the changes are still in memory)."""
        with self.transaction():
            pass

    def refresh(self) -> bool:
        """Take in changes another process saved. Never writes. True if anything changed."""
        try:
            st = os.stat(self.path)
        except OSError:
            return False
        if self._sig is not None and _FileSig(st) == self._sig and not self._left_behind:
            return False
        try:
            with self._lock.acquire(timeout=2, poll_interval=0.005):
                return self._refresh_locked()
        except _timeout():
            return False

    def _refresh_locked(self, *, defer: bool = False) -> bool:
        """Merge in the file's bytes if they changed. Records of a day the file has
        closed that only this program still held go to the archive here, or, with
        ``defer``, when the caller's transaction ends (BoardStore.transaction)."""
        if not defer and self._left_behind:  # an archive that could not be written before
            self._send_left_behind()
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return False  # moved away: the next save puts the whole board back
        sig = _FileSig(st)
        # No shortcut on (inode, size, mtime) before a write: a copy written in place can
        # keep all three (cp -p, copy2, FAT's 2 s mtimes). Only the bytes tell, and
        # reading them costs little next to the serialisation that follows.
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise SaveError(f"{self.path}: cannot be read ({exc.strerror}).") from None
        if raw == self._bytes:
            self._sig = sig
            return False
        try:
            data = parse_board_bytes(raw, self.path)
        except BoardFileError as exc:
            # Maybe a copy still under way; never write over it, try again later.
            raise SaveError(
                f"{self.path}: the file on disk is unreadable right now (being copied?); "
                "not saved yet, will retry.",
                [exc.message],
            ) from None
        other = next(iter(data["meta"].values()))
        if other.get("board_id") == self.board_id and self._refuse_bad_file(raw, data):
            self._sig, self._bytes = sig, raw  # kept aside; the next save writes ours back
            return False
        if other.get("board_id") != self.board_id:
            raise SaveError(
                f"{self.path}: was replaced by a different board "
                f"({other.get('board_id')}); not saved, so that board is not overwritten. "
                "Use 'dutyboard merge' only for copies of the same board."
            )
        from dutyboard.storage import migrations

        data = migrations.upgrade(data)
        was_dirty = self.dirty
        changed = self.absorb(data)
        if self.dirty and not was_dirty and "copy_over" not in self.notices:
            self.notices.append("copy_over")  # the file lacks saves this program made
        self._sig, self._bytes = sig, raw
        if not defer:
            self._send_left_behind()
        if changed:
            self.reloads += 1
            self.revision += 1
            for callback in self.on_change:
                callback()
        return changed > 0

    def _refuse_bad_file(self, raw: bytes, data: dict[str, Table]) -> bool:
        """The file on disk was replaced by a copy of this board with bad values (or a
        repeated key): never merged. Its bytes are kept in ``NAME.refused/`` (the next
        save writes this laptop's board over the file) and the user is told once
        (``refusals``). True if it was refused."""
        from dutyboard.storage import validate

        problems = validate.value_problems(data, required=False) or validate.duplicate_ids(data)
        if not problems:
            repeated = validate.repeated_key(raw)
            problems = [repeated] if repeated is not None else []
        if not problems:
            return False
        folder = refused_dir(self.path)
        kept = keep_refused(raw, folder, self.path.name)
        self.refusals.append(
            ("sync.refused_file", {"problem": problems[0], "folder": kept or folder})
        )
        self.dirty = True
        return True

    def absorb(
        self, data: dict[str, Table], conflicts: list[records.FieldConflict] | None = None
    ) -> int:
        """Merge another copy's tables into memory, record by record. Returns changes."""
        changed = 0
        behind = False  # the other copy lacks something we have: it needs our next save
        found: list[records.FieldConflict] = []
        closed: dict[str, list[Doc]] = {}
        day_before = self._live_day()
        for name, table in data.items():
            if name not in self._data:
                self._data[name], self._index[name], self._next[name] = {}, {}, 1
            for doc in table.values():
                if self.closed_record(name, doc):
                    closed.setdefault(name, []).append(doc)
                    continue
                before = len(found)
                state = self._absorb_doc(name, doc, found)
                changed += state & 1
                behind = behind or bool(state & 2)
                for c in found[before:]:
                    # A losing edit is never dropped in silence, whichever way the
                    # copies met (a merge, a reload before saving, a copy put over).
                    self._absorb_doc("conflicts", conflict_record(name, c))
                    behind = True
        if conflicts is not None:
            conflicts.extend(found)
        left = self._find_left_behind(data, day_before)
        for name in self._data:
            if len(self._data[name]) - len(left.get(name, ())) > len(data.get(name, ())):
                behind = True
        if closed:
            self.route_closed(closed)
            behind = True  # the file still holds them; the next save leaves them out
            changed += sum(map(len, closed.values()))
        if behind:
            self.dirty = True
        return changed

    def closed_record(self, name: str, doc: Doc) -> bool:
        """A record of a day before this live board's today that this file lacks: it
        belongs in the archive (an older copy still on that day is being merged). So
        does a care call this file lacks that is older than its household's latest two
        here (the swap moved it there: dutyboard.core.care_archive)."""
        if doc.get("id") in self._index.get(name, ()):
            return False
        return self._archive_bound(name, doc)

    def _live_day(self) -> str | None:
        """A live board's today (None for an archive, or a board without meta yet)."""
        meta = self._data.get("meta")
        if not meta:
            return None
        info = next(iter(meta.values()))
        day = info.get("today")
        return day if info.get("kind") == "live" and isinstance(day, str) else None

    def live_day(self) -> str | None:
        """A live board's today as stored (None for an archive)."""
        return self._live_day()

    def note_left_behind(self, data: dict[str, Table], day_before: str | None) -> None:
        """After merging another copy's ``data`` in a transaction (dutyboard.core.merge): if
        it moved this board on from ``day_before`` (its swap), this board's records of
        the closed day that copy lacks go to the archive when the save ends, as after a
        reload (_find_left_behind)."""
        self._find_left_behind(data, day_before)

    def _find_left_behind(
        self, data: dict[str, Table], day_before: str | None
    ) -> dict[str, set[str]]:
        """The mirror of closed_record, for the copy being merged in: when it moved this
        board on to a later day (its swap), the records of a closed day that this
        program holds and that copy lacks were moved to the archive by that swap (or
        made here on the old day, unsaved). Without this, merging is a union, and the
        next save would write the whole closed day back into the live file (a second
        window open during a swap made by another). Records the swap kept (a slot still
        running) are in that copy too, and stay. Remembered in ``_left_behind`` and sent
        to the archive by _send_left_behind, with whatever was done to them meanwhile."""
        day_after = self._live_day()
        if day_before is None or day_after is None or day_after <= day_before:
            return {}
        found: dict[str, set[str]] = {}
        for name in (*DATED_TABLES, "contacts"):
            theirs = {d.get("id") for d in (data.get(name) or {}).values()}
            for doc in self._data.get(name, {}).values():
                if doc["id"] not in theirs and self._archive_bound(name, doc):
                    found.setdefault(name, set()).add(doc["id"])
        for name, ids in found.items():
            self._left_behind.setdefault(name, set()).update(ids)
        return found

    def _send_left_behind(self) -> bool:
        """Send the records of closed days found by _find_left_behind to the archive:
        merged into it (written first, like the swap), a tick made on one passed on to
        its carried task, an open one no swap carried yet carried now (archive_closed),
        then taken out of memory. True if any were. The live file on disk already lacks
        them: only a change to the live records (a tick passed on) makes it dirty. A
        SaveError (the archive cannot be written) keeps them here for the next try."""
        if not self._left_behind:
            return False
        routed: dict[str, list[Doc]] = {}
        for name, ids in self._left_behind.items():
            index, table = self._index[name], self._data[name]
            # Those still here: a swap made in the transaction may have moved some.
            docs = [table[index[rid]] for rid in sorted(ids) if rid in index]
            if docs:
                routed[name] = docs
        if not routed:
            self._left_behind.clear()
            return False
        was_dirty = self.dirty
        changed = self.route_closed(routed)
        for name, docs in routed.items():
            for doc in docs:
                del self._data[name][self._index[name].pop(doc["id"])]
        self._left_behind.clear()
        self.dirty = was_dirty or changed
        self.revision += 1
        return True

    def _archive_bound(self, name: str, doc: Doc) -> bool:
        """Does this record belong in the archive of this live board (closed_record)?"""
        field = DATED_TABLES.get(name)
        if field is None and name != "contacts":
            return False
        meta = self._data["meta"]
        if not meta or self.meta.get("kind") != "live":
            return False
        if field is None:
            from dutyboard.core.care_archive import beyond_live

            return beyond_live(self, doc)
        day = doc.get(field)
        return isinstance(day, str) and day < str(self.meta.get("today", ""))

    def route_closed(self, closed: dict[str, list[Doc]]) -> bool:
        """Merge closed days' records into the archive (dutyboard.core.swap.archive_closed).
        True if a live record changed (a tick passed on, an open task carried)."""
        from dutyboard.core.swap import archive_closed

        return archive_closed(self, closed)

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

    def serialise(self) -> bytes:
        return orjson.dumps(self._data)

    def _write_locked(self, new_file: bool = False) -> None:
        raw = self._pending = self.serialise()
        folder = self.path.parent if str(self.path.parent) else Path(".")
        tmp = folder / f"{_tmp_prefix(self.path)}{os.getpid()}-{os.urandom(3).hex()}"
        mode = 0o600
        with contextlib.suppress(OSError):
            mode = os.stat(self.path).st_mode & 0o777
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            try:
                write_all(fd, raw)
                os.fsync(fd)
                st = os.fstat(fd)  # what we wrote, whatever lands on the path after the rename
            finally:
                os.close(fd)
            self._maybe_backup()
            os.replace(tmp, self.path)
            fsync_dir(folder)
            self._keep_shadow(folder)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            reason = {
                errno.ENOSPC: "the disk is full",
                errno.EACCES: "permission denied",
                errno.EPERM: "permission denied",
                errno.EROFS: "the folder is read-only",
            }.get(exc.errno or 0, exc.strerror or str(exc))
            raise SaveError(
                f"{self.path}: could not save ({reason}). Your changes are kept in this "
                "window and will be saved when it works again; the file on disk is intact."
            ) from None
        self._bytes = raw
        self._sig = _FileSig(st)
        self.dirty = False

    def _keep_shadow(self, folder: Path) -> None:
        """Keep this laptop's last save beside the board. A copy, not a hard link: a
        copy written in place over the board would change a linked file too. No fsync:
        after a crash the board itself is the last save."""
        shadow = shadow_path(self.path)
        # A random name made new (O_EXCL): in a shared folder another user cannot put
        # a file or a link there first and read the board through it.
        tmp = folder / f"{_tmp_prefix(self.path)}saved-{os.getpid()}-{os.urandom(6).hex()}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                write_all(fd, self._pending or b"")
            finally:
                os.close(fd)
            os.replace(tmp, shadow)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    def _maybe_backup(self) -> None:
        import time

        now = time.time()
        if now - self._last_backup < BACKUP_EVERY_S or not self.path.exists():
            return
        self._last_backup = now
        folder = backup_dir(self.path)
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            stamp = time.strftime("%Y%m%d-%H%M%S")
            target = folder / f"{self.path.stem}.{stamp}{self.path.suffix}"
            if not target.exists():
                os.link(self.path, target)  # the old inode lives on: a backup for free
            kept = sorted(p for p in folder.iterdir() if p.name.startswith(self.path.stem + "."))
            for old in kept[:-BACKUPS_KEPT]:
                old.unlink()
        except OSError:
            pass  # a backup is a bonus; the save itself must not fail for it


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


def _timeout() -> type[Exception]:
    import filelock

    return filelock.Timeout


def _next_key(table: Table) -> int:
    try:
        return max(map(int, table), default=0) + 1
    except ValueError:  # a key that is not a number (hand-edited): skip it
        best = 0
        for key in table:
            with contextlib.suppress(ValueError):
                best = max(best, int(key))
        return best + 1


def read_with_tinydb(path: Path) -> dict[str, int]:
    """Open the file with stock TinyDB, read-only, and count each table's documents.

    This is the promise that the file stays plain TinyDB JSON.
    """
    from tinydb import TinyDB

    db = TinyDB(str(path), access_mode="r")
    try:
        return {name: len(db.table(name)) for name in db.tables()}
    finally:
        db.close()
