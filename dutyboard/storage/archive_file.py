"""The part of BoardStore that holds its archive: the folder of parts beside a live
board (dutyboard.storage.archive_parts), made on first use. A store without the
closed-days rule (a part itself, a copy being read) has none of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dutyboard.storage.board_file import BoardFile

if TYPE_CHECKING:
    from dutyboard.storage.archive_parts import Archive


class ArchiveFile(BoardFile):
    _archive: Archive | None

    def archive(self) -> Archive:
        """The archive of closed days beside this file (parts are read when asked)."""
        if self._archive is None:
            from dutyboard.storage.archive_parts import Archive

            self._archive = Archive(self)  # type: ignore[arg-type]
        return self._archive

    def has_archive(self) -> bool:
        """A part of the archive is on disk (or made here)."""
        return self.archive().exists()

    @property
    def archive_problem(self) -> str | None:
        """Why a part of the archive could not be read, if one could not."""
        return None if self._archive is None else self._archive.problem

    def archive_version(self) -> tuple[tuple[str, int, int], ...]:
        """The parts on disk (day, size, mtime): changes when another laptop's swap or
        merge writes one."""
        return self.archive().version()
