"""Taking in what another writer saved: the file's bytes before each write (another
process, a copy from a USB stick, Syncthing), this laptop's own last save when an older
copy was put over the file, and any copy merged record by record (``absorb``), so no
one's save is lost. A copy with bad values is refused, never merged."""

from __future__ import annotations

import os
from typing import Any

from dutyboard.storage import migrations, records
from dutyboard.storage.board_bytes import (
    Table,
    keep_refused,
    parse_board_bytes,
    parse_checked,
    refused_dir,
    shadow_path,
)
from dutyboard.storage.board_file import BoardFile, FileSig, lock_timeout_error
from dutyboard.storage.closed_days import ClosedDayRecords
from dutyboard.storage.conflicts import conflict_record
from dutyboard.storage.errors import BoardFileError, SaveError
from dutyboard.storage.records import Doc


class MergeIn(ClosedDayRecords, BoardFile):
    """The part of BoardStore that merges other copies in."""

    reloads: int  # how many times another writer's bytes were taken in
    # Things a user should be told once, e.g. "copy_over": an older copy was put over
    # the file and this laptop's saves were taken back in.
    notices: list[str]
    # Copies refused by the validation, to tell once: (catalogue key, fields), a field
    # may be a validate.Problem (shown in the reader's language).
    refusals: list[tuple[str, dict[str, Any]]]

    def refresh(self) -> bool:
        """Take in changes another process saved. Never writes. True if anything changed."""
        try:
            st = os.stat(self.path)
        except OSError:
            return False
        if self._sig is not None and FileSig(st) == self._sig and not self._left_behind:
            return False
        try:
            with self._lock.acquire(timeout=2, poll_interval=0.005):
                return self._refresh_locked()
        except lock_timeout_error():
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
        sig = FileSig(st)
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
        from dutyboard.storage import validate  # only when refusing: start-up needs none

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
        day_before = self.live_day()
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
        if self.absorb(migrations.upgrade(data)):
            self.dirty = True  # the file lacks this laptop's saves: the next save has them
            self.notices.append("copy_over")
