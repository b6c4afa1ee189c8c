"""The archive loader (tui/archive_loader.py) without an app, over the demo's parts.

The loader waits only for the parts' indexes: a part whose index is missing or no
longer fits is read (in a worker) and indexed, once per version of the part."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from dutyboard.core.board import Board
from dutyboard.storage import archive_parts, part_index
from dutyboard.tui.archive_loader import ArchiveLoader


def counted_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the parts indexed from now on (each build reads a part whole)."""
    built: list[int] = []
    real = part_index.build

    def build(raw: bytes, *args: object) -> part_index.PartIndex:
        built.append(len(raw))
        return real(raw, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(part_index, "build", build)
    return built


def counted_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The parts read to build their index from now on."""
    reads: list[Path] = []
    real = archive_parts.read_regular

    def read(path: Path) -> Any:
        reads.append(Path(path))
        return real(path)

    monkeypatch.setattr(archive_parts, "read_regular", read)
    return reads


def test_it_reads_once_and_hands_back_what_waited(
    board: Board, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(archive_parts.index_dir(board.store.path), ignore_errors=True)
    days = board.store.archive().days()
    assert days, "the demo has closed days"
    built = counted_builds(monkeypatch)
    started: list[int] = []
    loader = ArchiveLoader(board, lambda: started.append(1))
    ran: list[str] = []
    assert not loader.ready("tomorrow")
    assert not loader.ready(None, lambda: ran.append("then"))
    assert started == [1]  # one read for both
    assert built == [], "ready only asks: it builds nothing itself"
    loader.read()
    tabs, then = loader.read_done()
    assert tabs == {"tomorrow"} and len(then) == 1
    assert loader.ready("tomorrow")
    assert len(built) == len(days)  # each part indexed once
    loader.read()  # nothing left to do
    assert len(built) == len(days) and started == [1]


def test_an_unreadable_archive_is_tried_once_and_again_when_rewritten(
    board: Board, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(archive_parts.index_dir(board.store.path), ignore_errors=True)
    archive = board.store.archive()
    day = archive.days()[-1]
    ppath = archive.path(day)
    good = ppath.read_bytes()
    ppath.write_bytes(b"{cut off")
    reads = counted_reads(monkeypatch)
    started: list[int] = []
    loader = ArchiveLoader(board, lambda: started.append(1))
    assert not loader.ready("tomorrow")
    loader.read()  # the failure is the tab's to show
    loader.read_done()
    assert board.store.archive_problem and day in archive.problems
    assert loader.ready("tomorrow")  # not tried again
    assert reads.count(ppath) == 1
    assert started == [1]

    # Another laptop writes the part anew (a good copy synced in).
    ppath.write_bytes(good)
    st = os.stat(ppath)
    os.utime(ppath, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert not loader.ready("tomorrow")
    assert started == [1, 1]
    loader.read()
    loader.read_done()
    assert reads.count(ppath) == 2
    assert loader.ready("tomorrow") and not board.store.archive_problem
    assert archive.index(day) is not None
