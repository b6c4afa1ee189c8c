"""Merging over the archive in parts (issue 16): a copy whose parts differ from ours in
one day touches only our part of that day; Syncthing's conflict copies of a part are
merged into that part alone; an older dutyboard's single-file archive merges by day;
offers and orders the archive took never come back live from an older copy; and any
merge order gives the same parts, merging twice changing nothing."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb.storages import JSONStorage

from dutyboard.core.board import Board
from dutyboard.core.closed_days import CLOSED_DAYS
from dutyboard.core.merge import merge_conflict_copies, merge_copies, merged_dir
from dutyboard.core.swap import swap
from dutyboard.groups.supplies import gate
from dutyboard.storage.board_bytes import archive_dir, archive_path, refused_dir
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.store import BoardStore
from tests.archive_helpers import (
    NOW,
    canon,
    demo,
    open_board,
    part_bytes,
    part_files,
    scan,
    to_format_1,
)
from tests.test_supplies_core import at_gate, who

CONFLICT_NAME = "{day}.sync-conflict-20220426-101010-ABCDEFG.json"


def copy_board(source: Path, folder: Path) -> Path:
    """The board at ``source`` and its parts, copied as a laptop's folder would be."""
    shutil.copytree(source.parent, folder)
    return folder / source.name


def a_task_of(path: Path, day: str) -> dict[str, Any]:
    return next(d for dd, t, d in scan(path) if dd == day and t == "tasks" and d.get("household"))


def tick_in_part(part: Path, tid: str, vid: str, device: str = "copy-laptop") -> None:
    store = BoardStore.open(part, device=device)
    with store.transaction() as tx:
        tx.update(
            "tasks",
            tid,
            {"status": "done", "done_by": vid, "done_at": "2022-04-22T10:45:00+08:00"},
        )


def part_doc(path: Path, day: str, table: str, rid: str) -> dict[str, Any] | None:
    data = orjson.loads(part_files(path)[day].read_bytes())
    return next((d for d in data.get(table, {}).values() if d["id"] == rid), None)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return demo(tmp_path / "ours" / "board.json")


@pytest.fixture
def board(path: Path) -> Board:
    return open_board(path)


DAY = "2022-04-22"


def test_a_copy_differing_in_one_part_changes_only_our_part_of_that_day(
    tmp_path: Path, path: Path, board: Board
) -> None:
    copy = copy_board(path, tmp_path / "copy")
    task = a_task_of(copy, DAY)
    vid = next(iter(board.store.rows("volunteers")))["id"]
    tick_in_part(part_files(copy)[DAY], task["id"], vid)
    before = part_bytes(path)
    merge_copies(board, [copy])
    after = part_bytes(path)
    assert set(after) == set(before)
    assert [day for day in before if before[day] != after[day]] == [DAY]
    merged = part_doc(path, DAY, "tasks", task["id"])
    assert merged is not None and merged["status"] == "done" and merged["done_by"] == vid
    merge_copies(board, [copy])  # again: the parts are the same now, not even read
    assert part_bytes(path) == after


def conflict_copy_of(path: Path, tmp_path: Path, change: dict[str, Any]) -> tuple[Path, str]:
    """A Syncthing conflict copy of our part of DAY, one task changed: (its path, the
    task's id)."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    theirs = scratch / f"{DAY}.json"
    shutil.copyfile(part_files(path)[DAY], theirs)
    task = a_task_of(path, DAY)
    store = BoardStore.open(theirs, device="other-laptop")
    with store.transaction() as tx:
        tx.update("tasks", task["id"], change)
    target = archive_dir(path) / CONFLICT_NAME.format(day=DAY)
    shutil.copyfile(theirs, target)
    return target, task["id"]


def test_a_conflict_copy_of_a_part_is_merged_into_that_part_only(
    tmp_path: Path, path: Path, board: Board
) -> None:
    conflict, tid = conflict_copy_of(path, tmp_path, {"note": "从冲突副本来"})
    before = part_bytes(path)
    summary = merge_conflict_copies(board)
    assert summary is not None and conflict.name in summary.moved
    after = part_bytes(path)
    assert [day for day in before if before[day] != after[day]] == [DAY]
    merged = part_doc(path, DAY, "tasks", tid)
    assert merged is not None and merged["note"] == "从冲突副本来"
    assert not conflict.exists()
    assert (merged_dir(path) / conflict.name).exists()
    assert merge_conflict_copies(board) is None  # nothing left to merge


def test_an_invalid_conflict_copy_of_a_part_is_refused_and_changes_nothing(
    tmp_path: Path, path: Path, board: Board
) -> None:
    conflict, tid = conflict_copy_of(path, tmp_path, {"note": 12345})  # text field: a number
    before = part_bytes(path)
    live = path.read_bytes()
    merge_conflict_copies(board)
    assert part_bytes(path) == before and path.read_bytes() == live
    assert not conflict.exists()
    assert (refused_dir(path) / conflict.name).exists()
    assert not (merged_dir(path) / conflict.name).exists()
    assert board.store.refusals and board.store.refusals[-1][0] == "sync.refused_copy"
    assert part_doc(path, DAY, "tasks", tid).get("note") != 12345  # type: ignore[union-attr]


def test_a_copy_made_by_an_older_dutyboard_merges_into_the_parts_by_day(
    tmp_path: Path, path: Path, board: Board
) -> None:
    copy = copy_board(path, tmp_path / "older")
    task = a_task_of(copy, DAY)
    vid = next(iter(board.store.rows("volunteers")))["id"]
    tick_in_part(part_files(copy)[DAY], task["id"], vid)
    other_day = "2022-04-24"
    late = a_task_of(copy, other_day)
    tick_in_part(part_files(copy)[other_day], late["id"], vid)
    to_format_1(copy)  # its archive in one file, as dutyboard kept it then
    assert archive_path(copy).exists() and not archive_dir(copy).exists()
    before = part_bytes(path)
    merge_copies(board, [copy])
    after = part_bytes(path)
    assert sorted(day for day in before if before[day] != after[day]) == [DAY, other_day]
    for day, rid in ((DAY, task["id"]), (other_day, late["id"])):
        merged = part_doc(path, day, "tasks", rid)
        assert merged is not None and merged["status"] == "done", (day, rid)
    # Nothing of the copy's archive landed in a part of another day.
    ids: dict[str, str] = {}
    for day, table, doc in scan(path):
        assert (table, doc["id"]) not in ids, doc["id"]
        ids[table, doc["id"]] = day  # type: ignore[index]


# ---------------------------------------------------------------- tombstones


def released_and_swapped(tmp_path: Path) -> tuple[Board, Path, str, list[str]]:
    """An offer at the gate, a copy of the live file made then (``older``), then the
    offer released and the day swapped: the offer and its orders are in the archive.
    Returns (board, older copy, offer id, order ids)."""
    board, offer = at_gate(tmp_path)
    board = Board.open(board.store.path, board.clock, device_id="t")  # with its archive
    older = tmp_path / "older" / "board.json"
    older.parent.mkdir()
    shutil.copyfile(board.store.path, older)
    order_ids = [d["id"] for d in board.store.rows("orders") if d.get("offer") == offer.id]
    assert order_ids and not any(board.store.get("orders", o).get("closed_day") for o in order_ids)  # type: ignore[union-attr]
    offer = gate.spray(board, offer, who(board, "gate"))
    board.clock.advance(minutes=30)  # type: ignore[attr-defined]
    gate.release(board, offer, who(board, "lead"))
    board.clock.advance(hours=14)  # type: ignore[attr-defined]
    swap(board, who(board, "lead"))
    assert board.store.get("offers", offer.id) is None
    archive = board.store.archive()
    assert archive.holds(f"id:{offer.id}") == "2022-04-26"
    assert all(archive.holds(f"id:{o}") == "2022-04-26" for o in order_ids)
    return board, older, offer.id, order_ids


def assert_not_live(board: Board, offer_id: str, order_ids: list[str]) -> None:
    store = board.store
    assert store.get("offers", offer_id) is None and store.raw("offers", offer_id) is None
    assert all(store.raw("orders", o) is None for o in order_ids)
    on_disk = orjson.loads(store.path.read_bytes())
    ids = {d["id"] for t in ("offers", "orders") for d in on_disk.get(t, {}).values()}
    assert offer_id not in ids and not ids & set(order_ids)
    fresh = Board.open(store.path, FixedClock(NOW), device_id="checker")
    assert fresh.store.raw("offers", offer_id) is None
    assert all(fresh.store.raw("orders", o) is None for o in order_ids)
    found = fresh.store.archive().lookup(f"id:{offer_id}")
    assert [d.get("state") for _day, _t, d in found] == ["released"]


def test_an_archived_offer_does_not_come_back_from_an_older_copy_merged_in(
    tmp_path: Path,
) -> None:
    board, older, offer_id, order_ids = released_and_swapped(tmp_path)
    merge_copies(board, [older])
    assert_not_live(board, offer_id, order_ids)


def test_an_archived_offer_does_not_come_back_from_an_older_copy_put_over_the_file(
    tmp_path: Path,
) -> None:
    board, older, offer_id, order_ids = released_and_swapped(tmp_path)
    shutil.copyfile(older, board.store.path)  # put over the live file, in place
    with board.transaction() as tx:  # the next save reads the file first
        tx.update("volunteers", "d1", {"phone": "13800000000"})
    assert_not_live(board, offer_id, order_ids)


def test_an_archived_offer_does_not_come_back_when_the_board_opens_an_older_copy(
    tmp_path: Path,
) -> None:
    board, older, offer_id, order_ids = released_and_swapped(tmp_path)
    shutil.copyfile(older, board.store.path)
    again = Board.open(board.store.path, FixedClock(NOW), device_id="t")
    with again.transaction() as tx:
        tx.update("volunteers", "d1", {"phone": "13800000000"})
    assert_not_live(again, offer_id, order_ids)


def test_the_tombstone_holds_when_the_part_was_rewritten_by_stock_tinydb(
    tmp_path: Path,
) -> None:
    """The archive's record is the tombstone even in a part laid out otherwise (no
    offsets in its index: found by reading the part)."""
    board, older, offer_id, order_ids = released_and_swapped(tmp_path)
    target = part_files(board.store.path)["2022-04-26"]
    storage = JSONStorage(str(target), indent=2, ensure_ascii=True)
    data = storage.read()
    assert data is not None
    storage.write(data)
    storage.close()
    fresh = Board.open(board.store.path, FixedClock(NOW), device_id="t")
    assert fresh.store.archive().holds(f"id:{offer_id}") == "2022-04-26"
    merge_copies(fresh, [older])
    assert_not_live(fresh, offer_id, order_ids)


# ---------------------------------------------------------------- any order


BASE_MS = 1_650_960_000_000  # after the demo's stamps
PARTS = ("2022-04-24", "2022-04-25")
VALUES = st.sampled_from(["门口", "请先打电话", "x", "y"])
# (laptop, where: "live" or a part, which task, tick or a note, the note's text)
STEP = st.tuples(
    st.integers(0, 1),
    st.sampled_from(["live", *PARTS]),
    st.integers(0, 7),
    st.sampled_from(["tick", "note"]),
    VALUES,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("merge-parts")
    return demo(root / "base" / "board.json", households=20, days=3)


class Laptop:
    def __init__(self, template: Path, folder: Path, n: int) -> None:
        self.path = copy_board(template, folder)
        self.device = f"d{n}"
        self.ms = BASE_MS + 7 * n

    def wall(self) -> int:
        self.ms += 1000
        return self.ms

    def open_live(self) -> Board:
        store = BoardStore.open(
            self.path, device=self.device, wall=self.wall, closed_days=CLOSED_DAYS
        )
        return Board(store, FixedClock(NOW))

    def edit(self, where: str, pick: int, how: str, value: str) -> None:
        if where == "live":
            store = self.open_live().store
        else:
            store = BoardStore.open(
                part_files(self.path)[where], device=self.device, wall=self.wall
            )
        tasks = sorted(d["id"] for d in store.rows("tasks"))
        vid = sorted(d["id"] for d in self.open_live().store.rows("volunteers"))[pick % 3]
        tid = tasks[pick % len(tasks)]
        change = (
            {"status": "done", "done_by": vid, "done_at": "2022-04-26T10:00:00+08:00"}
            if how == "tick"
            else {"note": value}
        )
        with store.transaction() as tx:
            tx.update("tasks", tid, change)


def parts_state(path: Path) -> dict[str, bytes]:
    """Every part's records by table and id (the conflicts table left out: which losing
    edit meets its winner depends on the order, see test_merge_props.canonical)."""
    out = {}
    for day, p in part_files(path).items():
        data = orjson.loads(p.read_bytes())
        out[day] = canon(
            {t: {d["id"]: d for d in docs.values()} for t, docs in data.items() if t != "conflicts"}
        )
    return out


def live_state(path: Path) -> bytes:
    data = orjson.loads(path.read_bytes())
    out = {}
    for t, docs in data.items():
        if t == "conflicts":
            continue
        kept = {d["id"]: d for d in docs.values()}
        if t == "audit":
            kept = {k: d for k, d in kept.items() if d.get("action") != "merge"}
        out[t] = kept
    return canon(out)


def merged_into(first: Path, second: Path, folder: Path, device: str) -> tuple[Board, Path]:
    target = copy_board(first, folder)
    board = Board(
        BoardStore.open(
            target, device=device, wall=lambda: BASE_MS + 10**8, closed_days=CLOSED_DAYS
        ),
        FixedClock(NOW),
    )
    merge_copies(board, [second])
    return board, target


@pytest.mark.slow
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(STEP, min_size=1, max_size=8))
def test_merging_parts_in_either_order_gives_the_same_parts_and_twice_changes_nothing(
    template: Path, steps: list[tuple[int, str, int, str, str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        laptops = [Laptop(template, root / f"laptop{n}", n) for n in range(2)]
        for n, where, pick, how, value in steps:
            laptops[n].edit(where, pick, how, value)
        a, b = (lap.path for lap in laptops)
        ab_board, ab = merged_into(a, b, root / "ab", "m1")
        ba_board, ba = merged_into(b, a, root / "ba", "m2")
        assert parts_state(ab) == parts_state(ba)
        assert live_state(ab) == live_state(ba)
        # Every edit is in: each part of each laptop is merged into the result.
        for lap in (a, b):
            for day, state in parts_state(lap).items():
                assert day in parts_state(ab)
                assert state == parts_state(ab)[day] or _covered(lap, ab, day)
        # Twice changes nothing, nor does the copy each result started from (older).
        for board, target in ((ab_board, ab), (ba_board, ba)):
            parts, live = part_bytes(target), target.read_bytes()
            for other in (b, a):
                merge_copies(board, [other])
                assert part_bytes(target) == parts, other
                assert target.read_bytes() == live, other


def _covered(lap: Path, merged: Path, day: str) -> bool:
    """Each record of the laptop's part is in the merged part, at a stamp no older."""
    mine = orjson.loads(part_files(lap)[day].read_bytes())
    theirs = orjson.loads(part_files(merged)[day].read_bytes())
    for table, docs in mine.items():
        if table in ("meta", "conflicts"):
            continue
        have = {d["id"]: d for d in theirs.get(table, {}).values()}
        for d in docs.values():
            got = have.get(d["id"])
            if got is None:
                return False
            for k, s in (d.get("_s") or {}).items():
                if (got.get("_s") or {}).get(k, got["_c"]) < s:
                    return False
    return True
