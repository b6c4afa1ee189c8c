"""Old care calls leave the live file at the day swap (dutyboard.core.care_archive).

Each household keeps its latest two calls (by call time) in the live file; the swap
moves the older ones to the archive with the closed day (archive first, then the live
file), its undo puts them back exactly, a repeated swap or the same swap on another
copy moves the same calls, and an older copy that still has them sends them to the
archive when merged, not back into the live file. The care view still sees the last
call of every household. The clock is fixed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pendulum
import pytest

from dutyboard.core import swap
from dutyboard.core.board import Board
from dutyboard.core.care_archive import LIVE_CALLS, old_calls
from dutyboard.core.merge import merge_copies
from dutyboard.core.model import Volunteer
from dutyboard.core.undo import undo_last
from dutyboard.demo.board import build_demo
from dutyboard.groups import care
from dutyboard.storage.board_bytes import archive_dir
from dutyboard.storage.check import check_file
from dutyboard.storage.clock import FixedClock, parse_moment
from dutyboard.storage.errors import SaveError
from dutyboard.storage.store import BoardStore
from dutyboard.views.care import build_care
from tests.factories import TZ, archive_files, archived_rows, copy_archive, person, tiny_board
from tests.fault.test_swap_kill9 import archive_fields, disk_archive_fields, restore
from tests.test_swap import canonical

DAY = pendulum.date(2022, 4, 26)


def at(day: pendulum.Date, hour: int, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=TZ)


def small(tmp_path: Path) -> Board:
    """Two elderly-alone households and a family; a leader and a carer."""
    board = tiny_board(
        tmp_path,
        volunteers=[
            person("lead", "周组长", role="leader", groups=("care",)),
            person("carer", "李阿姨", groups=("care",), building=2, room="1-201"),
        ],
        now=at(DAY, 9),
    )
    with board.transaction() as tx:
        for hid, b, room, elderly in (
            ("h-old", 5, "201", True),
            ("h-old2", 3, "101", True),
            ("h-fam", 4, "302", False),
        ):
            tx.insert(
                "households",
                {"building": b, "unit": 1, "room": room, "residents": 1, "elderly_alone": elderly},
                hid,
            )
    return board


def who(board: Board, vid: str) -> Volunteer:
    v = board.volunteer(vid)
    assert v is not None
    return v


def clock_of(board: Board) -> FixedClock:
    assert isinstance(board.clock, FixedClock)
    return board.clock


def call(board: Board, household: str, moment: pendulum.DateTime, notes: str = "") -> str:
    clock_of(board).at = moment
    cid, _ = care.log_contact(board, who(board, "carer"), household, notes)
    return cid


def live_calls(board: Board) -> dict[str, dict[str, Any]]:
    return {d["id"]: d for d in board.store.table("contacts").values()}


def archived_calls(board: Board) -> dict[str, dict[str, Any]]:
    """The calls in every part of the archive (none in two parts)."""
    calls = archived_rows(board.store, "contacts")
    out = {d["id"]: d for d in calls}
    assert len(out) == len(calls), "a call is in two parts"
    return out


def fields(store: BoardStore) -> dict[str, dict[str, dict[str, Any]]]:
    """Every record's fields without stamps, by table and id; no audit, no meta."""
    return {
        name: {
            d["id"]: {k: v for k, v in d.items() if not k.startswith("_")}
            for d in store.table(name).values()
        }
        for name in store._data
        if name not in ("audit", "meta")
    }


def copy_board(src: Path, dst: Path) -> None:
    """Another laptop's copy: the board and its archive, if it has one yet."""
    shutil.copy(src, dst)
    if archive_dir(src).exists():
        copy_archive(src, dst)


@pytest.fixture
def board(tmp_path: Path) -> Board:
    """h-old called five times today, h-old2 twice, h-fam once; then evening."""
    b = small(tmp_path)
    for i in range(5):
        call(b, "h-old", at(DAY, 9 + i), f"call {i}")
    call(b, "h-old2", at(DAY, 10, 30))
    call(b, "h-old2", at(DAY, 11, 30))
    call(b, "h-fam", at(DAY, 12, 30))
    clock_of(b).at = at(DAY, 21, 30)
    return b


def by_notes(board: Board, calls: dict[str, dict[str, Any]]) -> set[str]:
    return {str(d.get("notes")) for d in calls.values() if d["household"] == "h-old"}


# ---------------------------------------------------------------- the swap


def test_calls_beyond_the_last_two_move_to_the_archive_at_the_swap(board: Board) -> None:
    last = care.last_contacts(board)
    status_before = {s.entry.household.id: s.due for s in care.care_status(board, board.now())}
    assert swap.day_diff(board).old_calls == 3

    result = swap.swap(board, who(board, "lead"))
    assert board.today == DAY.add(days=1)
    assert result.archived.get("contacts") == 3
    # The latest two of h-old stay; the three before them are in the archive.
    assert by_notes(board, live_calls(board)) == {"call 3", "call 4"}
    assert by_notes(board, archived_calls(board)) == {"call 0", "call 1", "call 2"}
    # Households with two calls or fewer keep all of them.
    assert Counter(d["household"] for d in live_calls(board).values()) == {
        "h-old": 2,
        "h-old2": 2,
        "h-fam": 1,
    }
    # Nothing is in both files, and both files check clean (references across them).
    assert not set(live_calls(board)) & set(archived_calls(board))
    assert check_file(board.store.path)[0] == []
    # The care view, overdue and the last call per household are what they were.
    assert care.last_contacts(board) == last
    status_after = {s.entry.household.id: s.due for s in care.care_status(board, board.now())}
    assert status_after == status_before
    view = build_care(board, "zh", board.now())
    assert view.row("h-old") is not None
    # On disk as in memory.
    fresh = Board.open(board.store.path, FixedClock(board.now()), device_id="check")
    assert set(live_calls(fresh)) == set(live_calls(board))
    assert set(archived_calls(fresh)) == set(archived_calls(board))
    assert care.last_contacts(fresh) == last


def test_the_order_is_by_call_time_not_by_when_it_was_typed_in(board: Board) -> None:
    """A call typed in late (its ``at`` earlier than the others) is not one of the
    latest two; an undone call never counts as one."""
    late = call(board, "h-old2", at(DAY, 21, 40), "late")
    with board.transaction() as tx:
        tx.update("contacts", late, {"at": at(DAY, 8).isoformat()})
    undone = call(board, "h-old", at(DAY, 21, 45), "undone")
    assert undo_last(board, who(board, "carer")) is not None
    assert board.store.get("contacts", undone) is None  # a tombstone now
    clock_of(board).at = at(DAY, 21, 50)
    swap.swap(board, who(board, "lead"))
    assert late in archived_calls(board) and late not in live_calls(board)
    assert by_notes(board, live_calls(board)) == {"call 3", "call 4", "undone"}
    assert care.last_contacts(board)["h-old"].notes == "call 4"


def test_undo_puts_the_moved_calls_back_exactly(board: Board) -> None:
    before = canonical(board)
    archive_before = set(archived_calls(board))
    moved = {d["id"] for d in old_calls(board.store.table("contacts").values())}
    assert len(moved) == 3
    swap.swap(board, who(board, "lead"))
    assert moved <= set(archived_calls(board))

    assert swap.undoable_swap(board) is not None
    swap.undo_swap(board, who(board, "lead"))
    assert board.today == DAY
    assert canonical(board) == before
    assert set(archived_calls(board)) == archive_before  # the archive tidied
    fresh = Board.open(board.store.path, FixedClock(board.now()), device_id="check")
    assert canonical(fresh) == before
    assert not moved & set(archived_calls(fresh))


def test_a_repeated_swap_moves_the_same_calls(board: Board, tmp_path: Path) -> None:
    """Swap, undo, swap: the same calls. A swap that died after writing the archive
    (the live file not saved) is completed by running it again, with the same result
    as a swap that did not die."""
    lead = who(board, "lead")
    path = board.store.path
    crash = tmp_path / "crash"
    crash.mkdir()
    copy_board(path, crash / path.name)

    swap.swap(board, lead)
    first = (set(live_calls(board)), set(archived_calls(board)))
    swap.undo_swap(board, lead)
    swap.swap(board, lead)
    assert (set(live_calls(board)), set(archived_calls(board))) == first

    other = Board.open(crash / path.name, FixedClock(board.now()), device_id="laptop-c")
    parts = archive_dir(other.store.path)
    original = BoardStore._write_locked

    def die_after_the_archive(self: BoardStore, new_file: bool = False) -> None:
        if self.path.parent != parts:  # a part is written; the live file is not
            raise SaveError("killed before the live file was written")
        original(self, new_file)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(BoardStore, "_write_locked", die_after_the_archive)
        with pytest.raises(SaveError):
            swap.swap(other, who(other, "lead"))
    survivor = Board.open(other.store.path, FixedClock(board.now()), device_id="laptop-c")
    assert survivor.today == DAY and len(live_calls(survivor)) == 8  # the old day, whole
    assert set(first[0]) < set(live_calls(survivor))
    swap.swap(survivor, who(survivor, "lead"))
    assert set(live_calls(survivor)) == first[0]
    assert set(archived_calls(survivor)) == first[1]
    assert fields(survivor.store)["contacts"] == fields(board.store)["contacts"]


def test_the_same_swap_on_two_copies_merges_into_one(board: Board, tmp_path: Path) -> None:
    path = board.store.path
    b_dir = tmp_path / "b"
    b_dir.mkdir()
    b_path = b_dir / path.name
    copy_board(path, b_path)
    b = Board.open(b_path, FixedClock(board.now()), device_id="laptop-b")

    swap.swap(board, who(board, "lead"))
    swap.swap(b, who(b, "lead"))
    assert fields(board.store)["contacts"] == fields(b.store)["contacts"]
    assert archive_fields(board)["contacts"] == archive_fields(b)["contacts"]

    summary = merge_copies(board, [b_path])
    assert not summary.conflicts
    assert not summary.tables.get("contacts")  # nothing added, changed or deleted
    assert by_notes(board, live_calls(board)) == {"call 3", "call 4"}
    assert len(archived_calls(board)) == 3
    merge_copies(b, [path])
    assert fields(board.store)["contacts"] == fields(b.store)["contacts"]
    assert archive_fields(board)["contacts"] == archive_fields(b)["contacts"]


def test_an_older_copy_with_the_moved_calls_sends_them_to_the_archive(
    board: Board, tmp_path: Path
) -> None:
    """Laptop B still on the closed day, with all five calls of h-old, calls h-old
    again after A swapped. Merging B into A keeps the three old calls in the archive
    and brings B's new call in; the care view shows it as the last call."""
    path = board.store.path
    b_dir = tmp_path / "b"
    b_dir.mkdir()
    b_path = b_dir / path.name
    copy_board(path, b_path)

    swap.swap(board, who(board, "lead"))
    moved = set(archived_calls(board))
    b = Board.open(b_path, FixedClock(at(DAY, 21, 45)), device_id="laptop-b")
    new = call(b, "h-old", at(DAY, 21, 45), "from B")

    summary = merge_copies(board, [b_path])
    assert summary.tables["contacts"].added == 1  # B's new call, not the old ones
    assert not moved & set(live_calls(board))
    assert moved <= set(archived_calls(board))
    assert by_notes(board, live_calls(board)) == {"call 3", "call 4", "from B"}
    assert care.last_contacts(board)["h-old"].id == new
    # On disk too; and merging the same copy again changes nothing.
    fresh = Board.open(path, FixedClock(board.now()), device_id="check")
    assert not moved & set(live_calls(fresh))
    before = (path.read_bytes(), archive_files(path))
    again = merge_copies(fresh, [b_path])
    assert not again.changed
    assert (path.read_bytes(), archive_files(path)) == before
    # The next swap trims h-old to its latest two again.
    clock_of(board).at = at(DAY.add(days=1), 21, 30)
    swap.swap(board, who(board, "lead"))
    assert by_notes(board, live_calls(board)) == {"call 4", "from B"}


def test_an_older_copy_put_over_the_file_is_routed_too(board: Board, tmp_path: Path) -> None:
    path = board.store.path
    old = tmp_path / "old.json"
    shutil.copy(path, old)
    swap.swap(board, who(board, "lead"))
    moved = set(archived_calls(board))
    path.write_bytes(old.read_bytes())  # a USB stick's older copy put over the file
    board.refresh()
    assert board.today == DAY.add(days=1)
    assert not moved & set(live_calls(board))
    board.store.save()
    fresh = Board.open(path, FixedClock(board.now()), device_id="check")
    assert not moved & set(live_calls(fresh)) and moved <= set(archived_calls(fresh))


# ---------------------------------------------------------------- ten days


def test_live_calls_stay_bounded_over_ten_days(tmp_path: Path) -> None:
    """The demo community (34 households on the register), eleven calls a day for ten
    days, a swap every evening: the live file holds at most two calls per household,
    the archive the rest, and the care view the last call of each."""
    path = tmp_path / "board.json"
    clock = FixedClock(at(DAY, 8))
    build_demo(path, date=DAY, seed=2022, clock=clock, device_id="demo-laptop")
    board = Board.open(path, clock, device_id="laptop-a")
    register = sorted(e.household.id for e in care.register(board))
    assert len(register) == 34
    carer = next(v for v in board.volunteers() if "care" in v.groups)
    lead = sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]
    start_live = board.store.count("contacts")
    start_archive = len(archived_calls(board))
    assert start_live <= LIVE_CALLS * 34

    latest = {hid: c.id for hid, c in care.last_contacts(board).items()}
    made = 0
    counts: list[tuple[int, int]] = []  # (live calls before the swap, after it)
    for k in range(10):
        day = DAY.add(days=k)
        for i in range(11):
            hid = register[(k * 11 + i) % len(register)]
            clock.at = at(day, 9).add(minutes=40 * i)
            latest[hid], _ = care.log_contact(board, carer, hid, f"day {k} call {i}")
            made += 1
        before = board.store.count("contacts")
        clock.at = at(day, 21, 30)
        swap.swap(board, lead)
        counts.append((before, board.store.count("contacts")))
        assert board.today == day.add(days=1)
        per_household = Counter(d["household"] for d in board.store.table("contacts").values())
        assert max(per_household.values()) <= LIVE_CALLS
        assert {hid: c.id for hid, c in care.last_contacts(board).items()} == latest

    print(f"\nlive calls before/after each swap over 10 days: {counts}")
    print(f"start: {start_live} live; without moving: {start_live + made}")
    assert all(after <= LIVE_CALLS * 34 for _, after in counts)
    assert counts[-1][1] < start_live + made
    # Nothing lost: live and archive hold every call, none twice.
    live, archived = set(live_calls(board)), set(archived_calls(board))
    assert not live & archived
    assert len(live) + len(archived) == start_live + start_archive + made
    # Overdue reads the live file's last call, as before.
    now = clock.now()
    for s in care.care_status(board, now):
        assert s.last is not None and s.last.id == latest[s.entry.household.id]
        want = care.contact_due(parse_moment(s.last.at), s.entry.every_days, now)
        assert s.due == want
    assert check_file(path)[0] == []


# ---------------------------------------------------------------- kill -9


SWAPPER = Path(__file__).parent / "fault" / "swapper.py"
NOW = "2022-04-27T06:10:00+08:00"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], Any]:
    """The demo with three more calls to each of ten households, and the result of a
    swap made without a crash."""
    root = tmp_path_factory.mktemp("callkill")
    path = root / "template" / "board.json"
    path.parent.mkdir()
    clock = FixedClock(at(DAY, 9))
    build_demo(path, date=DAY, seed=2022, clock=clock, device_id="demo")
    board = Board.open(path, clock, device_id="template")
    carer = next(v for v in board.volunteers() if "care" in v.groups)
    for n, hid in enumerate(sorted(e.household.id for e in care.register(board))[:10]):
        for i in range(3):
            clock.at = at(DAY, 10 + i, n)
            care.log_contact(board, carer, hid, f"extra {i}")
    ref_path = root / "ref" / "board.json"
    ref_path.parent.mkdir()
    restore(path, ref_path)
    ref = Board.open(ref_path, FixedClock(pendulum.parse(NOW)), device_id="ref")  # type: ignore[arg-type]
    lead = sorted((v for v in ref.volunteers() if v.is_leader), key=lambda v: v.name)[0]
    result = swap.swap(ref, lead)
    assert result.archived.get("contacts", 0) >= 30
    return path, fields(ref.store), archive_fields(ref)


def test_kill9_after_the_archive_leaves_the_calls_live_and_a_rerun_completes(
    tmp_path: Path, template: tuple[Path, dict[str, Any], Any]
) -> None:
    from tests.fault.conftest import writer_env

    path, ref_live, ref_archive = template
    live = tmp_path / "live" / "board.json"
    live.parent.mkdir()
    restore(path, live)
    env = writer_env()
    env["DUTYBOARD_NOW"] = NOW
    proc = subprocess.run(
        [sys.executable, str(SWAPPER), str(live), "crash-after-archive"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr
    assert live.read_bytes() == path.read_bytes()  # the live file untouched
    clock = FixedClock(pendulum.parse(NOW))  # type: ignore[arg-type]
    board = Board.open(live, clock, device_id="check")
    assert board.today == DAY
    before = disk_archive_fields(path).get("contacts", {})
    moved = set(ref_archive["contacts"]) - set(before)
    assert moved and moved <= set(archived_calls(board))  # the archive was written first
    assert moved <= set(live_calls(board))  # and the calls are still live
    lead = sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]
    swap.swap(board, lead)
    assert fields(board.store) == ref_live
    assert archive_fields(board) == ref_archive


@pytest.mark.slow
def test_kill9_at_random_moments_leaves_the_old_day_or_the_new_with_the_calls(
    tmp_path: Path, template: tuple[Path, dict[str, Any], Any]
) -> None:
    import random
    import time

    from tests.fault.conftest import writer_env

    path, ref_live, ref_archive = template
    live = tmp_path / "live" / "board.json"
    live.parent.mkdir()
    env = writer_env()
    env["DUTYBOARD_NOW"] = NOW

    def start() -> subprocess.Popen[str]:
        restore(path, live)
        proc = subprocess.Popen(
            [sys.executable, str(SWAPPER), str(live), "run"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("OPENED")
        return proc

    proc = start()
    t0 = time.perf_counter()
    assert proc.stdout is not None and proc.stdout.readline().startswith("SWAPPED")
    took = time.perf_counter() - t0
    proc.wait(timeout=30)
    rng = random.Random(20220427)
    seen: Counter[str] = Counter()
    for _ in range(12):
        proc = start()
        time.sleep(rng.uniform(0, took * 1.3))  # the sleep is the point: a random kill time
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
        board = Board.open(live, FixedClock(pendulum.parse(NOW)), device_id="check")  # type: ignore[arg-type]
        if board.today == DAY:
            assert live.read_bytes() == path.read_bytes()
            lead = sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]
            swap.swap(board, lead)
            seen["old"] += 1
        else:
            assert board.today == DAY.add(days=1)
            seen["new"] += 1
        assert fields(board.store) == ref_live
        assert archive_fields(board) == ref_archive
    print(f"\n12 kills during a {took * 1000:.0f} ms swap: {dict(seen)}")
    assert seen["old"] + seen["new"] == 12
