"""The archive of closed days, a file beside the board (``NAME.archive.json``, the same
format), so the cost of a save does not grow with history. Read on first use, and
read again when another laptop's swap or merge changed it on disk."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, cast

from dutyboard.storage.board_bytes import archive_meta_id, archive_path
from dutyboard.storage.board_file import BoardFile
from dutyboard.storage.errors import BoardFileError
from dutyboard.storage.transaction import Transaction

if TYPE_CHECKING:
    from dutyboard.storage.store import BoardStore


class ArchiveFile(BoardFile):
    """The part of BoardStore that holds its archive."""

    _archive: BoardStore | None
    archive_problem: str | None  # why the archive could not be read

    def _store_class(self) -> type[BoardStore]:
        return cast("type[BoardStore]", type(self))  # the only class built on this one

    def archive(self) -> BoardStore:
        """The archive of closed days beside this file (created empty on first use)."""
        if self._archive is None:
            self._archive = self.read_archive()
        if self._archive is None:  # no archive file yet: an empty one, saved with the swap
            apath = archive_path(self.path)
            meta = {k: v for k, v in self.meta.items() if not k.startswith("_") and k != "id"}
            meta["kind"] = "archive"
            self._archive = self._store_class()(apath, {}, clock=self.clock)
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
        archive = self._store_class().open(
            apath, device=self.clock.device, lock_timeout=self.lock_timeout
        )
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
