"""An archive another laptop wrote (its day swap, a merge, a synced copy) is read again
by a running dutyboard: the household page's history and the counts over closed days
follow it, instead of what was read when the session began."""

from __future__ import annotations

import shutil
from pathlib import Path

import pendulum
import pytest

from dutyboard.core import swap
from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.demo.board import build_demo
from dutyboard.storage.board_bytes import archive_path
from dutyboard.storage.clock import FixedClock
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
    for src in (demo_files, archive_path(demo_files)):
        shutil.copy2(src, tmp_path / src.name)
    return tmp_path / demo_files.name


def leader(board: Board) -> Volunteer:
    return sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]


def test_an_archive_another_laptop_wrote_is_read_again(path: Path) -> None:
    here = Board.open(path, FixedClock(at(26, 21, 30)), device_id="laptop-a")
    first = here.load_archive()
    assert first is not None and not here.store.archive_stale()
    closed = next(
        d for d in first.rows("tasks") if d.get("kind") == "delivery" and d.get("household")
    )
    before = hp.household_page(here, closed["household"], "zh", here.now())
    assert before is not None and any(x.code == closed["code"] for x in before.history)

    # Another laptop changes a closed day in the archive (as a merge of a copy that
    # had it would), and only the archive: the live file is as it was.
    there = Board.open(path, FixedClock(at(26, 21, 30)), device_id="laptop-b")
    with there.store.archive().transaction() as tx:
        tx.update("tasks", closed["id"], {"status": "failed", "fail_reason": "refused"})

    assert here.store.archive_stale()
    assert not hp.history_ready(here), "the page reads it again before drawing"
    again = here.load_archive()
    assert again is not None and again is not first and not here.store.archive_stale()
    after = hp.household_page(here, closed["household"], "zh", here.now())
    assert after is not None
    assert [x.status for x in after.history if x.code == closed["code"]] == ["failed"]


def test_a_swap_made_on_another_laptop_shows_in_the_history(path: Path) -> None:
    here = Board.open(path, FixedClock(at(26, 21, 30)), device_id="laptop-a")
    assert here.load_archive() is not None
    there = Board.open(path, FixedClock(at(26, 21, 30)), device_id="laptop-b")
    boss = leader(there)
    task = next(t for t in there.tasks(there.today, kind="delivery") if t.status == "open")
    assert task.household is not None
    there.tick([task], boss)
    swap.swap(there, boss)  # writes the archive, then the live file

    here.refresh()  # takes in the live file: the board is on the 27th here too
    assert here.today == DAY.add(days=1)
    assert here.load_archive() is not None
    page = hp.household_page(here, task.household, "zh", here.now())
    assert page is not None
    assert [x.status for x in page.history if x.code == task.code] == ["done"]


def test_an_archive_with_unsaved_changes_here_is_kept(path: Path) -> None:
    here = Board.open(path, FixedClock(at(26, 21, 30)), device_id="laptop-a")
    mine = here.load_archive()
    assert mine is not None
    there = Board.open(path, FixedClock(at(26, 21, 30)), device_id="laptop-b")
    swap.swap(there, leader(there))
    mine.dirty = True  # as after a save of the archive that failed: not to be dropped
    assert not here.store.archive_stale()
    assert here.load_archive() is mine


def test_an_unchanged_archive_is_not_read_twice(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = Board.open(path, FixedClock(at(26, 21, 30)), device_id="laptop-a")
    first = here.load_archive()
    reads: list[object] = []
    real = here.store.read_archive
    monkeypatch.setattr(here.store, "read_archive", lambda: reads.append(1) or real())
    assert here.load_archive() is first and reads == []
