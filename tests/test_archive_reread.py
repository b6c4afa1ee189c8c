"""An archive another laptop wrote (its day swap, a merge, a synced copy) is read again
by a running dutyboard: the household page's history and the counts over closed days
follow it, instead of what was read when the session began.

The archive is in parts (``NAME.archive/DAY.json``), each read through an index kept
on this laptop: a part rewritten elsewhere has another (size, mtime), so its index no
longer fits and is built again before the next lookup."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pendulum
import pytest

from dutyboard.core import swap
from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.demo.board import build_demo
from dutyboard.storage import archive_parts, part_index
from dutyboard.storage.board_bytes import archive_dir
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.records import Doc
from dutyboard.storage.store import BoardStore
from dutyboard.views import household_page as hp

TZ = "Asia/Shanghai"
DAY = pendulum.date(2022, 4, 26)


def at(day: int, hour: int, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(2022, 4, day, hour, minute, tz=TZ)


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "board.json"
    build_demo(path, date=DAY, seed=2022, clock=FixedClock(at(26, 21, 30)), device_id="demo")
    return path


@pytest.fixture
def path(demo_files: Path, tmp_path: Path) -> Path:
    """The board and its parts, as synced onto this laptop (no shadows, no indexes)."""
    shutil.copy2(demo_files, tmp_path / demo_files.name)
    shutil.copytree(
        archive_dir(demo_files),
        tmp_path / archive_dir(demo_files).name,
        ignore=shutil.ignore_patterns(".*"),
    )
    return tmp_path / demo_files.name


@contextlib.contextmanager
def other_laptop(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Code run inside is another laptop's: its own user folder (its own indexes)."""
    with monkeypatch.context() as m:
        m.setenv("DUTYBOARD_HOME", str(tmp_path / "other-laptop-home"))
        yield


def leader(board: Board) -> Volunteer:
    return sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]


def closed_delivery(store: BoardStore) -> tuple[str, Doc]:
    """(day, record) of a closed day's delivery to a household, newest part first."""
    archive = store.archive()
    for day in reversed(archive.days()):
        part = archive.part(day)
        assert part is not None
        for d in part.rows("tasks"):
            if d.get("kind") == "delivery" and d.get("household"):
                return day, d
    raise AssertionError("the demo has archived deliveries")


def test_an_archive_another_laptop_wrote_is_read_again(
    path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    here = Board.open(path, FixedClock(at(26, 21, 30)), device_id="laptop-a")
    hp.archive_index(here)
    assert hp.history_ready(here)
    version = here.store.archive_version()
    day, closed = closed_delivery(here.store)
    first = here.store.archive().index(day)
    before = hp.household_page(here, closed["household"], "zh", here.now())
    assert before is not None and any(x.code == closed["code"] for x in before.history)

    # Another laptop changes a closed day in the archive (as a merge of a copy that
    # had it would), and only that part: the live file and the other parts are as
    # they were.
    live = path.read_bytes()
    with other_laptop(monkeypatch, tmp_path):
        there = Board.open(path, FixedClock(at(26, 21, 30)), device_id="laptop-b")
        part = there.store.archive().part(day)
        assert part is not None
        with part.transaction() as tx:
            tx.update("tasks", closed["id"], {"status": "failed", "fail_reason": "refused"})
    assert path.read_bytes() == live
    changed = [a for a, b in zip(here.store.archive_version(), version, strict=True) if a != b]
    assert [x[0] for x in changed] == [day]

    assert not hp.history_ready(here), "the page reads it again before drawing"
    hp.archive_index(here)
    assert hp.history_ready(here)
    again = here.store.archive().index(day)
    assert again is not None and again is not first
    assert again.fits(os.stat(archive_parts.part_path(path, day)))
    after = hp.household_page(here, closed["household"], "zh", here.now())
    assert after is not None
    assert [x.status for x in after.history if x.code == closed["code"]] == ["failed"]


def test_a_swap_made_on_another_laptop_shows_in_the_history(
    path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    here = Board.open(path, FixedClock(at(26, 21, 30)), device_id="laptop-a")
    hp.archive_index(here)
    assert hp.history_ready(here)
    with other_laptop(monkeypatch, tmp_path):
        there = Board.open(path, FixedClock(at(26, 21, 30)), device_id="laptop-b")
        boss = leader(there)
        task = next(t for t in there.tasks(there.today, kind="delivery") if t.status == "open")
        assert task.household is not None
        there.tick([task], boss)
        swap.swap(there, boss)  # writes the closed day's part, then the live file

    here.refresh()  # takes in the live file: the board is on the 27th here too
    assert here.today == DAY.add(days=1)
    assert DAY.isoformat() in here.store.archive().days()
    hp.archive_index(here)
    assert hp.history_ready(here)
    page = hp.household_page(here, task.household, "zh", here.now())
    assert page is not None
    assert [x.status for x in page.history if x.code == task.code] == ["done"]


def test_an_archive_with_unsaved_changes_here_is_kept(
    path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    here = Board.open(path, FixedClock(at(26, 21, 30)), device_id="laptop-a")
    day, closed = closed_delivery(here.store)
    mine = here.store.archive().part(day)
    assert mine is not None
    with other_laptop(monkeypatch, tmp_path):
        there = Board.open(path, FixedClock(at(26, 21, 30)), device_id="laptop-b")
        part = there.store.archive().part(day)
        assert part is not None
        with part.transaction() as tx:
            tx.update("tasks", closed["id"], {"note": "from laptop b"})
    mine.dirty = True  # as after a save of the part that failed: not to be dropped
    assert here.store.archive().part(day) is mine


def test_an_unchanged_archive_is_not_read_twice(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = Board.open(path, FixedClock(at(26, 21, 30)), device_id="laptop-a")
    hp.archive_index(here)
    archive = here.store.archive()
    day, closed = closed_delivery(here.store)
    first = archive.part(day)
    indexes = {d: archive.index(d) for d in archive.days()}
    assert hp.household_page(here, closed["household"], "zh", here.now()) is not None

    reads: list[str] = []
    real_read, real_build = archive_parts.read_regular, part_index.build

    def read(*args: Any) -> Any:
        reads.append("read")
        return real_read(*args)

    def build(*args: Any) -> Any:
        reads.append("build")
        return real_build(*args)

    monkeypatch.setattr(archive_parts, "read_regular", read)
    monkeypatch.setattr(part_index, "build", build)
    assert hp.history_ready(here)
    hp.archive_index(here)
    page = hp.household_page(here, closed["household"], "zh", here.now())
    assert page is not None and any(x.code == closed["code"] for x in page.history)
    assert archive.part(day) is first
    assert {d: archive.index(d) for d in archive.days()} == indexes
    assert reads == [], "no part read whole, no index built again"
