"""An archive kept in one file (``NAME.archive.json``, dutyboard before format 2) split
into parts (``NAME.archive/DAY.json``) when its board is first opened.

All or nothing, and the old file kept until the split is saved:

1. the old file is read (and validated unless it is this laptop's own last save);
2. with no parts yet, every part is written into a new folder beside the board, which
   is then renamed into place in one step; with parts already there (a split cut off
   after that step, or an older dutyboard elsewhere that wrote a single file again)
   the old file's records are merged into them part by part, which repeating undoes
   nothing;
3. the live file is saved in format 2, so an older dutyboard refuses it rather than
   misreading it;
4. only then is the old file removed, with its side files.

A crash anywhere leaves the old file, so the next open splits again. If the old file
cannot be read, it is left as it is and named in the archive's problems.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from dutyboard.storage.board_bytes import (
    Table,
    archive_dir,
    archive_path,
    backup_dir,
    fsync_dir,
    lock_path,
    parse_own_or_checked,
    read_regular,
    shadow_path,
)
from dutyboard.storage.board_file import lock_timeout_error
from dutyboard.storage.errors import BoardBusy, BoardFileError, SaveError
from dutyboard.storage.records import Doc

if TYPE_CHECKING:
    from dutyboard.storage.store import BoardStore

_WORK = ".split-"  # NAME.archive.split-XXXX: parts being written, renamed when done


def split_single_archive(store: BoardStore) -> bool:
    """Split the single archive file beside ``store`` (a live board) into parts. True if
    it was split; False if there was none or it cannot be read (noted in the archive's
    problems; the file is left as it is)."""
    old = archive_path(store.path)
    try:
        store._lock.acquire(timeout=store.lock_timeout, poll_interval=0.005)
    except lock_timeout_error():
        raise BoardBusy(
            f"{store.path}: another dutyboard holds the board; its archive could not be "
            "split into parts now. Nothing was changed; try again."
        ) from None
    try:
        if not old.exists():  # another program split it meanwhile
            return False
        try:
            data = _read_old(store, old)
        except BoardFileError as exc:
            store.archive().problems[old.name] = exc.message
            return False
        write_parts(store, data)
        # The live file in format 2 (an older dutyboard refuses it), then the old file.
        store._write_locked()
        _remove_old(old)
        return True
    finally:
        store._lock.release()


def _read_old(store: BoardStore, old: Path) -> dict[str, Table]:
    _st, raw = read_regular(old)
    data = parse_own_or_checked(raw, old)
    meta = next(iter(data["meta"].values()))
    if meta.get("board_id") != store.board_id:
        raise BoardFileError(f"{old}: the archive belongs to a different board.")
    return data


def write_archive(store: BoardStore, data: dict[str, Table]) -> None:
    """``write_parts`` under the board's lock (a new board's history: the demo)."""
    with store._lock:
        write_parts(store, data)


def write_parts(store: BoardStore, data: dict[str, Table]) -> None:
    """Put the archive records in ``data`` (tables as in a board file) into the parts
    of their days: with no parts yet, all written into a work folder renamed into place
    at once; else merged into each part, one save each. Call it holding the board's
    lock."""
    archive = store.archive()
    by_day: dict[str, dict[str, list[Doc]]] = {}
    for table, docs in data.items():
        if table == "meta":
            continue
        for d in docs.values():
            by_day.setdefault(archive.day_of(table, d), {}).setdefault(table, []).append(d)
    folder = archive_dir(store.path)
    _clean_work_folders(folder)
    if not folder.exists():
        _write_new_folder(store, folder, by_day)
        return
    for day in sorted(by_day):
        archive.merge_part(day, {t: _keyed(ds) for t, ds in by_day[day].items()})


def _write_new_folder(
    store: BoardStore, folder: Path, by_day: dict[str, dict[str, list[Doc]]]
) -> None:
    """Every part written into a work folder, then renamed into place at once."""
    from dutyboard.storage.archive_parts import Archive

    work = folder.with_name(f"{folder.name}{_WORK}{os.urandom(3).hex()}")
    try:
        work.mkdir(mode=0o700)
        # An archive whose parts live in the work folder: the same parts, written there.
        staged = Archive(store)
        staged.folder = work
        for day in sorted(by_day):
            empty = staged._new_part(day)
            tables = {"meta": empty.table("meta")}
            tables.update({t: _keyed(ds) for t, ds in by_day[day].items()})
            part = type(store)(empty.path, tables, clock=store.clock)
            part._write_locked(new_file=True)
        fsync_dir(work)
        os.rename(work, folder)
        fsync_dir(folder.parent if str(folder.parent) else Path("."))
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise SaveError(
            f"{folder}: the archive could not be written in parts ({exc.strerror or exc}); "
            "nothing was changed."
        ) from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _keyed(docs: list[Doc]) -> Table:
    return {str(i): d for i, d in enumerate(docs, start=1)}


def _clean_work_folders(folder: Path) -> None:
    """Work folders a split cut off left behind (the old file is still there)."""
    prefix = folder.name + _WORK
    with contextlib.suppress(OSError):
        for name in os.listdir(folder.parent if str(folder.parent) else "."):
            if name.startswith(prefix):
                shutil.rmtree(folder.parent / name, ignore_errors=True)


def _remove_old(old: Path) -> None:
    for p in (old, shadow_path(old), lock_path(old)):
        with contextlib.suppress(OSError):
            os.unlink(p)
    shutil.rmtree(backup_dir(old), ignore_errors=True)
    fsync_dir(old.parent if str(old.parent) else Path("."))
