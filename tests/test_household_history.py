"""The household page's history of closed days, read from the archive.

The demo community (seed 2022, seven closed days in its archive) on 2022-04-26 with a
fixed clock, swapped forward by a leader in the evening. The demo is built once and
copied for each test. The archive is in parts, one per closed day
(``NAME.archive/DAY.json``), read through indexes kept on this laptop.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pendulum
import pytest

from dutyboard.core import swap
from dutyboard.core.board import Board
from dutyboard.core.model import Task, Volunteer
from dutyboard.demo.board import build_demo
from dutyboard.storage import archive_parts
from dutyboard.storage.board_bytes import archive_dir, archive_path
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.records import Doc
from dutyboard.storage.store import BoardStore
from dutyboard.views import household_page as hp
from dutyboard.views.household import page_lines
from dutyboard.views.household_page import household_page

TZ = "Asia/Shanghai"
DAY = pendulum.date(2022, 4, 26)


def at(day: int, hour: int, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(2022, 4, day, hour, minute, tz=TZ)


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "board.json"
    build_demo(path, date=DAY, seed=2022, clock=FixedClock(at(26, 21, 30)), device_id="demo")
    return path


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at(26, 21, 30))


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


@pytest.fixture
def board(path: Path, clock: FixedClock) -> Board:
    return Board.open(path, clock, device_id="laptop-a")


def leader(board: Board) -> Volunteer:
    return sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]


def archived(store: BoardStore, table: str) -> list[Doc]:
    """Every record of ``table`` in the archive: each part, read whole."""
    archive = store.archive()
    out: list[Doc] = []
    for day in archive.days():
        part = archive.part(day)
        assert part is not None
        out += part.rows(table)
    return out


def part_state(path: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in the archive's folder: its bytes and modification time."""
    folder = archive_dir(path)
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def open_deliveries(board: Board) -> list[Task]:
    out = [t for t in board.tasks(board.today, kind="delivery") if t.status == "open"]
    return sorted(out, key=lambda t: t.code)


def page(board: Board, hid: str, lang: str = "zh") -> tuple[hp.HouseholdPage, str]:
    p = household_page(board, hid, lang, board.now())
    assert p is not None
    return p, "\n".join(page_lines(p, lang))


def history_part(text: str, lang: str = "zh") -> str:
    head = "■ 历史" if lang == "zh" else "■ History"
    return text[text.index(head) :]


def test_swapped_days_show_archived_deliveries_and_calls_newest_first(
    board: Board, clock: FixedClock
) -> None:
    boss = leader(board)
    task = open_deliveries(board)[0]
    assert task.household is not None
    board.tick([task], boss)
    swap.swap(board, boss)  # 26 -> 27 at 21:30 the evening before
    clock.at = at(27, 21, 30)
    swap.swap(board, boss)  # 27 -> 28
    assert board.today == DAY.add(days=2)
    assert board.task(task.id) is None, "the ticked delivery is in the archive now"

    p, text = page(board, task.household)
    ours = [x for x in p.history if x.code == task.code]
    assert len(ours) == 1 and ours[0].day == "2022-04-26" and ours[0].status == "done"
    assert ours[0].done.startswith("21:30 ") and boss.name in ours[0].done
    hist = history_part(text)
    assert f"04-26 配送 {task.code}" in hist
    # Newest first, every entry marked with a closed day.
    days = [x.day for x in p.history]
    assert days == sorted(days, reverse=True) and all(d < "2022-04-28" for d in days)
    assert p.history_days[0] == days[0]
    # Calls the demo keeps in the archive (older than the last two) are shown too.
    archived_calls = [
        d for d in archived(board.store, "contacts") if d.get("household") == task.household
    ]
    live_calls = {d["id"] for d in board.store.rows("contacts")}
    calls = [x for x in p.history if x.kind == "call"]
    want = [d for d in archived_calls if d["id"] not in live_calls]
    assert len(calls) == len(want)
    for x in calls:
        assert f"{x.day[5:]} 回访 {x.done}" in hist
    en = history_part(page(board, task.household, "en")[1], "en")
    assert f"04-26 delivery {task.code}" in en and "newest first" in en


def test_a_household_with_archived_calls_shows_them(board: Board) -> None:
    live_calls = {d["id"] for d in board.store.rows("contacts")}
    old = next(d for d in archived(board.store, "contacts") if d["id"] not in live_calls)
    p, text = page(board, old["household"])
    calls = [x for x in p.history if x.kind == "call"]
    assert any(x.what == old.get("notes", "") and x.day == old["day"] for x in calls)
    assert "回访" in history_part(text)


def test_a_carried_task_appears_once_with_its_current_status(
    board: Board, clock: FixedClock
) -> None:
    boss = leader(board)
    task = open_deliveries(board)[0]
    assert task.household is not None
    swap.swap(board, boss)  # left open: carried to the 27th
    succ = next(t for t in board.tasks(kind="delivery") if t.carried_from == task.id)
    clock.at = at(27, 21, 30)
    swap.swap(board, boss)  # still open: carried again, to the 28th
    succ2 = next(t for t in board.tasks(kind="delivery") if t.carried_from == succ.id)
    # Each in the part of the day it was carried from.
    archive = board.store.archive()
    for day, t in (("2022-04-26", task), ("2022-04-27", succ)):
        part = archive.part(day)
        assert part is not None
        assert part.get("tasks", t.id)["status"] == "carried"  # type: ignore[index]

    p, text = page(board, task.household)
    assert not [x for x in p.history if x.code in (task.code, succ.code)]
    assert [d.code for d in p.deliveries].count(succ2.code) == 1
    assert text.count(task.code) + text.count(succ.code) + text.count(succ2.code) == 1
    assert "已顺延" not in text

    # Delivered on the 28th, then that day closes too: one line, in the history, done.
    board.tick([succ2], boss)
    clock.at = at(28, 21, 30)
    swap.swap(board, boss)
    p, text = page(board, task.household)
    codes = [x.code for x in p.history]
    assert codes.count(succ2.code) == 1 and task.code not in codes and succ.code not in codes
    line = next(x for x in p.history if x.code == succ2.code)
    assert (line.day, line.status) == ("2022-04-28", "done")
    assert text.count(succ2.code) == 1


@pytest.mark.parametrize("damage", ["garbage", "cut_off", "other_board", "missing"])
def test_a_broken_archive_gives_a_note_and_the_live_part(
    board: Board,
    path: Path,
    clock: FixedClock,
    damage: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    swap.swap(board, leader(board))
    hid = open_deliveries(board)[0].household
    assert hid is not None
    full, _ = page(board, hid)
    assert full.history_older == 0 and len(full.history_days) > 1
    broken = full.history_days[0]  # one part of it is damaged, the others are fine
    ppath = archive_parts.part_path(path, broken)
    good = tmp_path / "good"
    shutil.copytree(archive_dir(path), good)
    if damage == "garbage":
        ppath.write_bytes(b"\x00\x01 not json")
    elif damage == "cut_off":
        raw = ppath.read_bytes()
        ppath.write_bytes(raw[: len(raw) // 2])
    elif damage == "other_board":
        (tmp_path / "other").mkdir()
        other = tmp_path / "other" / "board.json"
        build_demo(other, date=DAY, seed=7, clock=FixedClock(at(26, 9)), device_id="x", days=1)
        shutil.copy2(archive_parts.part_path(other, "2022-04-25"), ppath)
    else:  # the whole archive is gone, though the live file shows days were closed
        shutil.rmtree(archive_dir(path))
    reads: list[Path] = []
    real = archive_parts.read_regular

    def read(path: Path) -> Any:
        reads.append(Path(path))
        return real(path)

    monkeypatch.setattr(archive_parts, "read_regular", read)
    fresh = Board.open(path, clock, device_id="laptop-a")
    for lang, note in (("zh", "存档读不出"), ("en", "archive could not be read")):
        p, text = page(fresh, hid, lang)
        assert p.history_unreadable
        if damage == "missing":
            assert p.history == ()
        else:  # the damaged part is left out; the other parts still give their history
            assert broken not in p.history_days
            assert p.history == tuple(x for x in full.history if x.day != broken)
            assert fresh.store.archive_problem
        assert note in text
        assert "■ 配送" in text or "■ Deliveries" in text
        assert p.deliveries, "the live part is still there"
    # Asked again: the same note (a broken part is not read again until it changes).
    assert page(fresh, hid)[0].history_unreadable
    assert reads.count(ppath) == (damage != "missing")

    # Put right (a good copy synced in, with a new modification time): read again.
    if damage == "missing":
        shutil.copytree(good, archive_dir(path))
    else:
        ppath.write_bytes((good / ppath.name).read_bytes())
        os.utime(ppath, ns=(os.stat(ppath).st_atime_ns, os.stat(ppath).st_mtime_ns + 10**9))
    p, text = page(fresh, hid)
    assert not p.history_unreadable and "存档读不出" not in text
    assert p.history == full.history


def test_a_board_never_swapped_has_no_note(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "new.json"
    board = build_demo(path, date=DAY, seed=2022, clock=clock, device_id="demo", days=0)
    if archive_path(path).exists():
        archive_path(path).unlink()
    board = Board.open(path, clock, device_id="laptop-a")
    hid = board.households()[0].id
    p, text = page(board, hid)
    assert not p.history_unreadable and p.history == ()
    assert "存档读不出" not in text and "■ 历史" in text


def test_the_archive_is_opened_only_for_a_household_page_and_never_written(
    board: Board, path: Path
) -> None:
    before = part_state(path)
    assert before, "the demo has parts"
    files = sorted(p.name for p in path.parent.iterdir())
    assert board.store._archive is None
    assert board.views().tasks  # the app's other views do not open it
    assert board.store._archive is None
    hid = board.households()[0].id
    page(board, hid)
    page(board, hid, "en")
    assert board.store._archive is not None
    assert part_state(path) == before  # no part (nor anything beside them) written
    assert sorted(p.name for p in path.parent.iterdir()) == files


def test_the_cap_and_the_line_for_older_history(
    board: Board, monkeypatch: pytest.MonkeyPatch
) -> None:
    hid = open_deliveries(board)[0].household
    assert hid is not None
    full, _ = page(board, hid)
    assert full.history_older == 0 and len(full.history_days) == 7  # the demo's 7 days
    assert "更早的" not in page(board, hid)[1]

    monkeypatch.setattr(hp, "HISTORY_DAYS", 3)
    p, text = page(board, hid)
    assert p.history_days == full.history_days[:3]
    assert [x for x in full.history if x.day in p.history_days] == list(p.history)
    assert p.history_older == len(full.history) - len(p.history) > 0
    assert f"更早的 {p.history_older} 条没有列出。" in text
    assert text.rstrip().endswith(f"更早的 {p.history_older} 条没有列出。")
    en = page(board, hid, "en")[1]
    assert f"{p.history_older} older entries left out." in en

    monkeypatch.setattr(hp, "HISTORY_MAX", 4)
    p, text = page(board, hid)
    assert len(p.history) == 4 and p.history == full.history[:4]
    assert p.history_older == len(full.history) - 4
