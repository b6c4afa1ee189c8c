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
  holds go to the archive, not back into the file (closed_days.py);
* a hard link to the replaced file is kept now and then in ``NAME.backups/``.

Closed days live in an archive beside it, one part per day (``NAME.archive/DAY.json``,
same format), so the cost of a save does not grow with history (archive_parts.py).

BoardStore is built in layers, one module each: the tables in memory (tables.py), the
file and its writes (board_file.py), closed days kept out of it (closed_days.py),
other copies merged in (merge_in.py), the archive (archive_file.py); here, opening,
creating and the transaction that ties them together.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dutyboard.storage import hlc, migrations
from dutyboard.storage.archive_file import ArchiveFile
from dutyboard.storage.board_bytes import (
    APP_NAME,
    FORMAT_VERSION,
    Table,
    archive_path,
    lock_path,
    parse_own_or_checked,
    read_regular,
    read_shadow,
    real_path,
    with_recovery,
)
from dutyboard.storage.board_file import FileSig, lock_timeout_error
from dutyboard.storage.closed_days import ClosedDays
from dutyboard.storage.errors import BoardBusy, BoardFileError, SaveError
from dutyboard.storage.merge_in import MergeIn
from dutyboard.storage.transaction import Transaction, new_id

if TYPE_CHECKING:
    from dutyboard.storage.archive_parts import Archive


class BoardStore(MergeIn, ArchiveFile):
    """One board file held in memory. Reads never touch the disk."""

    def __init__(
        self,
        path: Path,
        data: dict[str, Table],
        *,
        clock: hlc.HybridClock,
        lock_timeout: float = 15.0,
        closed_days: ClosedDays | None = None,
    ) -> None:
        super().__init__(path, data, clock=clock)
        self.lock_timeout = lock_timeout
        # The rule for a live board's closed days, from the core (closed_days.py).
        self.closed_days = closed_days
        self._filelock: Any = None
        self._sig: FileSig | None = None
        self._bytes: bytes = b""
        self._last_backup = 0.0
        self._archive: Archive | None = None
        self._left_behind: dict[str, set[str]] = {}
        self.reloads = 0
        self.notices: list[str] = []
        self.refusals: list[tuple[str, dict[str, Any]]] = []

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        device: str,
        wall: Callable[[], int] | None = None,
        lock_timeout: float = 15.0,
        closed_days: ClosedDays | None = None,
    ) -> BoardStore:
        """Open a board file. ``closed_days``: the rule for a live board's closed days
        (dutyboard.core.closed_days); without it every record stays in this file."""
        path = real_path(Path(path))
        # fstat of the open file: a replace after it only costs a re-read
        st, raw = read_regular(path)
        saved = read_shadow(path)
        try:
            # Bytes that are this laptop's own last save were validated when they came
            # in (or made here): the usual start checks nothing more. Others are checked.
            data = parse_own_or_checked(raw, path, saved)
        except BoardFileError as exc:
            raise with_recovery(exc, path) from None
        data = migrations.upgrade(data)
        clock = hlc.HybridClock(device, wall)
        store = cls(path, data, clock=clock, lock_timeout=lock_timeout, closed_days=closed_days)
        store._sig, store._bytes = FileSig(st), raw
        store._clean_temps()
        store._take_back_own_saves(saved)
        # The shadow was on a later day than an older copy put over the file: that
        # copy's records of the closed day go to the archive (the next save leaves them
        # out). An archive that cannot be written now is tried again at the next save.
        with contextlib.suppress(SaveError):
            store._send_left_behind()
        if closed_days is not None and archive_path(path).exists():
            # An archive in one file (dutyboard before format 2): split into parts.
            from dutyboard.storage.archive_split import split_single_archive

            split_single_archive(store)
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
        closed_days: ClosedDays | None = None,
    ) -> BoardStore:
        """Make a new board file (mode 0600). Refuses to replace an existing file."""
        path = Path(path)
        if path.is_symlink():  # made through the link, where it points
            path = Path(os.path.realpath(path))
        if path.exists() and not overwrite:
            raise SaveError(f"{path}: a file is already there; it was not touched.")
        clock = hlc.HybridClock(device, wall)
        store = cls(path, {}, clock=clock, closed_days=closed_days)
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

    # ---------------------------------------------------------------- writing

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, take in what others saved, run the block, save atomically."""
        try:
            self._lock.acquire(poll_interval=0.005)
        except lock_timeout_error():
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
            if tx.changed or self.dirty:
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


def read_with_tinydb(path: Path, *, count: bool = True) -> dict[str, int]:
    """Open the file with stock TinyDB, read-only, and count each table's documents
    (without ``count``: the tables it finds, read once; TinyDB reads the file again
    for every count, which over a town's archive parts takes a minute).

    This is the promise that the file stays plain TinyDB JSON.
    """
    from tinydb import TinyDB

    db = TinyDB(str(path), access_mode="r")
    try:
        if not count:
            return {name: len(docs) for name, docs in (db.storage.read() or {}).items()}
        return {name: len(db.table(name)) for name in db.tables()}
    finally:
        db.close()
