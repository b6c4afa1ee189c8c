"""Other copies of the archive merged in, one part at a time: a copy's parts
(``dutyboard merge``, beside the copy named) and Syncthing's conflict copies of a part
(``NAME.archive/DAY.sync-conflict-....json``). A part whose bytes are the same as ours
is not read; one that differs is validated and merged into our part of that day only.
A copy made by an older dutyboard, with its archive in one file, is split by day as it
is merged.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from dutyboard.core.board import Board
from dutyboard.core.copies import read_copy
from dutyboard.storage import validate
from dutyboard.storage.archive_parts import PART_NAME
from dutyboard.storage.board_bytes import Table, archive_dir, archive_path, refused_dir
from dutyboard.storage.errors import BoardFileError, Refused
from dutyboard.storage.store import BoardStore

# Tables whose records references point at and the archive holds (validate.REFERENCES).
_REFERENCED = ("slots", "batches", "offers")
_PART_CONFLICT = re.compile(r"(\d{4}-\d{2}-\d{2})\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]+\.json")

# A copy's archive to merge: (day, part file), or (None, the single file of an older
# dutyboard's copy).
Pending = tuple[str | None, Path]


def archived(store: BoardStore, target: str) -> Table:
    """The archive's records of ``target`` (slots, batches, offers: what references
    point at), found through the parts' indexes; {} for any other table."""
    if target not in _REFERENCED or not store.has_archive():
        return {}
    found = store.archive().lookup(target)
    return {str(i): d for i, (_day, _t, d) in enumerate(found, start=1)}


def copy_archives(board: Board, paths: list[Path]) -> tuple[list[Pending], list[dict[str, Table]]]:
    """The parts of the copies' archives that differ from ours, each read and validated
    now (refused whole, before anything is written), and what they hold that references
    point at. Parts are read one at a time: a town's archive is never in memory whole."""
    store = board.store
    pending: list[Pending] = []
    held: list[dict[str, Table]] = []
    for p in paths:
        single = archive_path(p)
        if single.exists():
            pending.append((None, single))
        folder = archive_dir(p)
        with contextlib.suppress(OSError):
            for name in sorted(os.listdir(folder)):
                m = PART_NAME.fullmatch(name)
                if m is not None and not _same_bytes(
                    folder / name, store.archive().path(m.group(1))
                ):
                    pending.append((m.group(1), folder / name))
    for _day, path in pending:
        data = read_copy(path, store.board_id)
        held.append({t: data[t] for t in _REFERENCED if t in data})
    return pending, held


def merge_copy_archives(board: Board, pending: list[Pending]) -> None:
    """Merge what copy_archives found, part by part (each its own save)."""
    store = board.store
    if not pending:
        return
    archive = store.archive()
    with board.lock:
        for day, path in pending:
            data = read_copy(path, store.board_id)  # validated before: remembered
            if day is not None:
                archive.merge_part(day, data)
            else:
                archive.write({t: list(docs.values()) for t, docs in data.items() if t != "meta"})


def merge_part_conflict_copies(board: Board) -> list[str]:
    """Merge Syncthing's conflict copies of the archive's parts, each into its own
    part, then move them into ``NAME.merged/``; one that fails the validation goes to
    ``NAME.refused/``; one that does not parse yet may still be arriving: left. The
    names of those merged."""
    store = board.store
    folder = archive_dir(store.path)
    try:
        names = sorted(n for n in os.listdir(folder) if _PART_CONFLICT.fullmatch(n))
    except OSError:
        return []
    moved: list[str] = []
    for name in names:
        path = folder / name
        day = name[:10]
        try:
            data = read_copy(path, store.board_id)
        except validate.InvalidFile as exc:
            _move(path, refused_dir(store.path))
            store.refusals.append(
                (
                    "sync.refused_copy",
                    {"problem": exc.problem or name, "folder": refused_dir(store.path)},
                )
            )
            continue
        except (BoardFileError, Refused):
            continue
        with board.lock:
            store.archive().merge_part(day, data)
        if _move(path, store.path.with_name(store.path.name + ".merged")):
            moved.append(name)
    return moved


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        if os.stat(a).st_size != os.stat(b).st_size:
            return False
        return a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _move(path: Path, folder: Path) -> bool:
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        os.replace(path, folder / path.name)
        return True
    except OSError:
        return False
