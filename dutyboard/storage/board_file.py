"""The file under a board: its lock, what this process last read or wrote of it, and
the one way it is written (see store.py):

* a temp file in the same folder, fsync, ``os.replace``, fsync the folder, so a crash
  leaves the old file or the new one, never a mix;
* a copy of the bytes saved kept beside it (``.NAME.saved``, the shadow);
* a hard link to the replaced file kept now and then in ``NAME.backups/``.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from typing import Any

from dutyboard.storage.board_bytes import backup_dir, fsync_dir, lock_path, shadow_path, write_all
from dutyboard.storage.errors import SaveError
from dutyboard.storage.tables import BoardTables

BACKUP_EVERY_S = 600
BACKUPS_KEPT = 10


def tmp_prefix(path: Path) -> str:
    return f".{path.name}.tmp-"


class FileSig:
    """What is cheap to compare before reading bytes: inode, size, mtime."""

    __slots__ = ("ino", "size", "mtime_ns")

    def __init__(self, st: os.stat_result) -> None:
        self.ino, self.size, self.mtime_ns = st.st_ino, st.st_size, st.st_mtime_ns

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FileSig) and (self.ino, self.size, self.mtime_ns) == (
            other.ino,
            other.size,
            other.mtime_ns,
        )

    __hash__ = None  # type: ignore[assignment]


def lock_timeout_error() -> type[Exception]:
    import filelock

    return filelock.Timeout


class BoardFile(BoardTables):
    """The part of BoardStore that holds the file: its lock and its writes."""

    lock_timeout: float
    _filelock: Any
    _sig: FileSig | None  # of the bytes this process last read or wrote
    _bytes: bytes
    _last_backup: float
    keeps_backups: bool = True  # the live file; parts of the archive keep none

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

    def live_bytes(self) -> int:
        return len(self._bytes)

    def _clean_temps(self) -> None:
        """Remove temp files a crashed save left behind (under the lock: writers hold it)."""
        prefix = tmp_prefix(self.path)
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
        except lock_timeout_error():
            pass  # someone is saving right now; their temp file is not ours to delete

    def _write_locked(self, new_file: bool = False) -> None:
        raw = self.serialise()
        folder = self.path.parent if str(self.path.parent) else Path(".")
        tmp = folder / f"{tmp_prefix(self.path)}{os.getpid()}-{os.urandom(3).hex()}"
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
            _keep_shadow(self.path, folder, raw)
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
        self._sig = FileSig(st)
        self.dirty = False

    def _maybe_backup(self) -> None:
        import time

        now = time.time()
        if (
            not self.keeps_backups
            or now - self._last_backup < BACKUP_EVERY_S
            or not self.path.exists()
        ):
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


def _keep_shadow(path: Path, folder: Path, raw: bytes) -> None:
    """Keep this laptop's last save beside the board. A copy, not a hard link: a
    copy written in place over the board would change a linked file too. No fsync:
    after a crash the board itself is the last save."""
    shadow = shadow_path(path)
    # A random name made new (O_EXCL): in a shared folder another user cannot put
    # a file or a link there first and read the board through it.
    tmp = folder / f"{tmp_prefix(path)}saved-{os.getpid()}-{os.urandom(6).hex()}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            write_all(fd, raw)
        finally:
            os.close(fd)
        os.replace(tmp, shadow)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
