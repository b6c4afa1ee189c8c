"""The household page's history of closed days, read from the archive.

The demo community (seed 2022, seven closed days in its archive) on 2022-04-26 with a
fixed clock, swapped forward by a leader in the evening. The demo is built once and
copied for each test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pendulum
import pytest

from dutyboard.core import swap
from dutyboard.core.board import Board
from dutyboard.core.model import Task, Volunteer
from dutyboard.demo.board import build_demo
from dutyboard.storage.board_bytes import archive_path
from dutyboard.storage.clock import FixedClock
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
    for src in (demo_files, archive_path(demo_files)):
        shutil.copy2(src, tmp_path / src.name)
    return tmp_path / demo_files.name


@pytest.fixture
def board(path: Path, clock: FixedClock) -> Board:
    return Board.open(path, clock, device_id="laptop-a")


def leader(board: Board) -> Volunteer:
    return sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]


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
        d for d in board.store.archive().rows("contacts") if d.get("household") == task.household
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
    archive = board.store.archive()
    live_calls = {d["id"] for d in board.store.rows("contacts")}
    old = next(d for d in archive.rows("contacts") if d["id"] not in live_calls)
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
    archive = board.store.archive()
    assert archive.get("tasks", task.id)["status"] == "carried"  # type: ignore[index]
    assert archive.get("tasks", succ.id)["status"] == "carried"  # type: ignore[index]

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
    board: Board, path: Path, clock: FixedClock, damage: str, tmp_path: Path
) -> None:
    swap.swap(board, leader(board))
    hid = open_deliveries(board)[0].household
    assert hid is not None
    apath = archive_path(path)
    if damage == "garbage":
        apath.write_bytes(b"\x00\x01 not json")
    elif damage == "cut_off":
        raw = apath.read_bytes()
        apath.write_bytes(raw[: len(raw) // 2])
    elif damage == "other_board":
        (tmp_path / "other").mkdir()
        other = tmp_path / "other" / "board.json"
        build_demo(other, date=DAY, seed=7, clock=FixedClock(at(26, 9)), device_id="x", days=1)
        shutil.copy2(archive_path(other), apath)
    else:
        apath.unlink()
    fresh = Board.open(path, clock, device_id="laptop-a")
    for lang, note in (("zh", "存档读不出"), ("en", "archive could not be read")):
        p, text = page(fresh, hid, lang)
        assert p.history_unreadable and p.history == ()
        assert note in text
        assert "■ 配送" in text or "■ Deliveries" in text
        assert p.deliveries, "the live part is still there"
    # Asked again: the same note (a broken file is not parsed again until it changes).
    assert page(fresh, hid)[0].history_unreadable


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
    apath = archive_path(path)
    before = (apath.read_bytes(), apath.stat().st_mtime_ns)
    files = sorted(p.name for p in path.parent.iterdir())
    assert board.store._archive is None
    assert board.views().tasks  # the app's other views do not open it
    assert board.store._archive is None
    hid = board.households()[0].id
    page(board, hid)
    page(board, hid, "en")
    assert board.store._archive is not None
    assert (apath.read_bytes(), apath.stat().st_mtime_ns) == before
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
