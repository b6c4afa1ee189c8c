"""A second window (another process on the same laptop) holds the board open while the
first one swaps the day.

The swap writes the archive (the closed day's part), then a live file without the
closed day. The second
window still holds the closed day's records in memory; its next save reloads the file
first (reload-before-write) and must see that the file moved on to a new day: the
records it alone still holds of a closed day go to the archive, never back into the
live file, and a tick it made on such a task is passed on to the carried task (the
rule for ticks made on an old copy, dutyboard.core.closed_days.archive_closed).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pendulum
import pytest

from dutyboard.core import swap
from dutyboard.core.board import Board
from dutyboard.core.closed_days import DATED_TABLES
from dutyboard.core.model import Volunteer
from dutyboard.demo.board import build_demo
from dutyboard.groups import care
from dutyboard.storage.board_bytes import archive_dir
from dutyboard.storage.clock import FixedClock
from tests.factories import archive_files, person, tiny_board
from tests.fault.test_swap_kill9 import restore

from .conftest import expect_line, writer_env

TZ = "Asia/Shanghai"
DAY = pendulum.date(2022, 4, 26)
NEW = DAY.add(days=1)
NOW = "2022-04-27T06:10:00+08:00"  # the night slot is over: the whole day closes
SWAPPER = Path(__file__).with_name("swapper.py")
WINDOW = Path(__file__).with_name("window.py")


def at(day: int, hour: int, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(2022, 4, day, hour, minute, tz=TZ)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("twowin") / "board.json"
    build_demo(p, date=DAY, seed=2022, clock=FixedClock(at(26, 21, 0)), device_id="demo")
    return p


@pytest.fixture
def path(tmp_path: Path, template: Path) -> Path:
    p = tmp_path / "live" / "board.json"
    p.parent.mkdir()
    restore(template, p)  # the board and its parts, without this laptop's shadows
    return p


def tables(path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """A board file's records by table and id, read from disk."""
    data = orjson.loads(path.read_bytes())
    return {name: {d["id"]: d for d in t.values()} for name, t in data.items()}


def archived_tables(path: Path, day: pendulum.Date | None = None) -> dict[str, dict[str, Any]]:
    """The archive's records by table and id, read from disk: of the part of ``day``,
    or of every part (a record in two parts fails)."""
    out: dict[str, dict[str, Any]] = {}
    for name in archive_files(path):
        if day is not None and name != f"{day.isoformat()}.json":
            continue
        for table, docs in tables(archive_dir(path) / name).items():
            if table == "meta":
                continue
            found = out.setdefault(table, {})
            assert not set(docs) & set(found), f"{table}: a record in two parts"
            found.update(docs)
    return out


def closed_in_live(path: Path, day: pendulum.Date = NEW) -> dict[str, set[str]]:
    """Ids of the live file's records dated before ``day``, per dated table."""
    data = tables(path)
    return {
        name: {
            rid for rid, d in data.get(name, {}).items() if str(d.get(fld, "~")) < day.isoformat()
        }
        for name, fld in DATED_TABLES.items()
    }


def dated(path: Path, day: pendulum.Date) -> dict[str, set[str]]:
    data = tables(path)
    return {
        name: {rid for rid, d in data.get(name, {}).items() if d.get(fld) == day.isoformat()}
        for name, fld in DATED_TABLES.items()
    }


def leader(board: Board) -> Volunteer:
    return sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]


def volunteer(board: Board) -> Volunteer:
    return sorted((v for v in board.volunteers() if not v.is_leader), key=lambda v: v.name)[0]


def check_closed_day_stays_archived(
    path: Path, before: dict[str, set[str]], kept: dict[str, set[str]]
) -> None:
    """The live file holds no record of the closed day but those the swap kept; the
    archive's part of that day holds every other record the day had."""
    assert closed_in_live(path) == kept
    archived = archived_tables(path, DAY)
    for name, ids in before.items():
        missing = ids - kept[name] - set(archived.get(name, {}))
        assert not missing, f"{name}: {len(missing)} records of the closed day are nowhere"


def check_tick_passed_on(path: Path, task_id: str, who: str) -> None:
    archived = archived_tables(path, DAY)["tasks"][task_id]
    assert (archived["status"], archived["done_by"]) == ("done", who)
    live = tables(path)["tasks"]
    successor = live[archived["carried_to"]]
    assert successor["carried_from"] == task_id
    assert (successor["status"], successor["done_by"]) == ("done", who)
    assert task_id not in live


# ---------------------------------------------------------------- two real processes


def start(script: Path, *args: object) -> subprocess.Popen[str]:
    env = writer_env()
    env["DUTYBOARD_NOW"] = NOW
    return subprocess.Popen(
        [sys.executable, str(script), *map(str, args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def ask(proc: subprocess.Popen[str], line: str, word: str) -> str:
    assert proc.stdin is not None
    proc.stdin.write(line + "\n")
    proc.stdin.flush()
    return expect_line(proc, word)


def test_a_window_open_during_a_swap_in_another_process_keeps_the_day_closed(
    path: Path,
) -> None:
    before = dated(path, DAY)
    assert len(before["tasks"]) > 100  # the demo's day: the reproduction had 225
    probe = Board.open(path, FixedClock(pendulum.parse(NOW)), device_id="probe")  # type: ignore[arg-type]
    task = probe.tasks(DAY, kind="delivery", status="open")[0]
    who = volunteer(probe).id
    del probe

    window = start(WINDOW, path)  # B: opens the board and keeps it open
    try:
        expect_line(window, "OPENED")
        swapper = start(SWAPPER, path, "run")  # A: swaps to the next day
        out, err = swapper.communicate(timeout=120)
        assert swapper.returncode == 0 and "SWAPPED" in out, err
        kept = closed_in_live(path)
        assert sum(map(len, kept.values())) == 0  # at 06:10 nothing of the day runs on

        # B ticks a delivery of the old day, as its screen still shows it.
        assert ask(window, f"tick {task.id}", "TICKED") == "TICKED 1"
        assert ask(window, "state", "STATE") == f"STATE {NEW.isoformat()} False 0"
    finally:
        assert window.stdin is not None
        window.stdin.close()
        window.wait(timeout=60)

    check_closed_day_stays_archived(path, before, kept)
    check_tick_passed_on(path, task.id, who)
    fresh = Board.open(path, FixedClock(pendulum.parse(NOW)), device_id="check")  # type: ignore[arg-type]
    assert fresh.today == NEW
    assert not [t for t in fresh.tasks() if t.date < NEW]


# ---------------------------------------------------------------- two windows, one process


def test_the_second_window_ticks_the_old_day_after_the_swap(path: Path) -> None:
    clock = FixedClock(at(27, 6, 10))
    before = dated(path, DAY)
    b = Board.open(path, clock, device_id="window-b")
    a = Board.open(path, clock, device_id="window-a")
    task = b.tasks(DAY, kind="delivery", status="open")[0]
    swap.swap(a, leader(a))
    kept = closed_in_live(path)

    clock.at = at(27, 6, 20)
    assert b.tick([task], volunteer(b)) == [task]
    # B's board is on the new day, with no record of the closed day in memory.
    assert b.today == NEW
    assert not [t for t in b.tasks() if t.date < NEW]
    assert not b.store.dirty and "copy_over" not in b.store.notices
    successor = next(t for t in b.tasks(NEW) if t.carried_from == task.id)
    assert successor.status == "done"

    check_closed_day_stays_archived(path, before, kept)
    check_tick_passed_on(path, task.id, volunteer(b).id)
    # A takes B's save in: nothing of the closed day comes back there either.
    a.refresh()
    assert not [t for t in a.tasks() if t.date < NEW]
    assert a.task(successor.id).status == "done"  # type: ignore[union-attr]


def test_the_second_window_that_only_reloads_writes_nothing(path: Path) -> None:
    """The app's watcher reloads the file: the window shows the new day at once, and it
    neither writes nor says that an older copy was put over the file."""
    clock = FixedClock(at(27, 6, 10))
    b = Board.open(path, clock, device_id="window-b")
    a = Board.open(path, clock, device_id="window-a")
    swap.swap(a, leader(a))
    on_disk = (path.read_bytes(), archived_tables(path))

    assert b.refresh()
    assert b.today == NEW
    assert not [t for t in b.tasks() if t.date < NEW]
    assert not b.store.dirty and b.store.notices == []
    b.store.save()
    assert path.read_bytes() == on_disk[0]
    # (B puts the closed day it held into its part again: the same records, no more.)
    assert archived_tables(path) == on_disk[1]
    # B's memory is the file's: a new change of B's brings nothing of the closed day.
    task = b.tasks(NEW, status="open")[0]
    b.tick([task], volunteer(b))
    assert closed_in_live(path) == {name: set() for name in DATED_TABLES}


def test_an_evening_swap_keeps_the_running_night_slot_live_once(path: Path) -> None:
    """Swapped at 21:30: the night slot of the closing day and its people stay in the
    live file (the swap kept them); everything else of the day stays in the archive."""
    clock = FixedClock(at(26, 21, 30))
    before = dated(path, DAY)
    b = Board.open(path, clock, device_id="window-b")
    a = Board.open(path, clock, device_id="window-a")
    task = b.tasks(DAY, kind="delivery", status="open")[1]
    swap.swap(a, leader(a))
    kept = closed_in_live(path)
    assert kept["slots"] and kept["assignments"]  # the night slot runs on

    clock.at = at(26, 21, 40)
    b.tick([task], volunteer(b))
    check_closed_day_stays_archived(path, before, kept)
    check_tick_passed_on(path, task.id, volunteer(b).id)
    assert {s.id for s in b.slots(DAY)} == kept["slots"]


# ---------------------------------------------------------------- care calls


def test_care_calls_the_swap_moved_do_not_come_back_from_the_second_window(
    tmp_path: Path,
) -> None:
    a = tiny_board(
        tmp_path,
        volunteers=[
            person("lead", "周组长", role="leader", groups=("care",)),
            person("carer", "李阿姨", groups=("care",), building=2, room="1-201"),
        ],
        now=at(26, 9),
    )
    with a.transaction() as tx:
        tx.insert(
            "households",
            {"building": 5, "unit": 1, "room": "201", "residents": 1, "elderly_alone": True},
            "h-old",
        )
    clock = a.clock
    assert isinstance(clock, FixedClock)
    carer = a.volunteer("carer")
    assert carer is not None
    for i in range(5):
        clock.at = at(26, 9 + i)
        care.log_contact(a, carer, "h-old", f"call {i}")
    clock.at = at(26, 21, 30)
    b = Board.open(a.store.path, clock, device_id="window-b")
    lead = a.volunteer("lead")
    assert lead is not None
    swap.swap(a, lead)
    live = set(tables(a.store.path)["contacts"])
    assert len(live) == 2

    clock.at = at(27, 9)
    b_carer = b.volunteer("carer")
    assert b_carer is not None
    new_call, _ = care.log_contact(b, b_carer, "h-old", "call 5")
    assert set(tables(a.store.path)["contacts"]) == live | {new_call}
    assert {d["id"] for d in b.store.table("contacts").values()} == live | {new_call}
    archived = archived_tables(a.store.path)["contacts"]
    assert len(archived) == 3 and not set(archived) & live
    assert set(archived_tables(a.store.path, pendulum.date(2022, 4, 26))["contacts"]) == set(
        archived
    )
