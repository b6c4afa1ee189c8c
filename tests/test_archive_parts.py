"""The archive in parts (issue 16): one plain TinyDB file per closed day beside the board,
each record in the part of its day, and history read through a small index per part
kept on this laptop, rebuilt whenever it is missing, broken or out of date."""

from __future__ import annotations

import os
import stat
from collections import Counter
from pathlib import Path

import orjson
import pytest
from tinydb.storages import JSONStorage

from dutyboard.core import swap
from dutyboard.core.board import Board
from dutyboard.storage.archive_parts import index_dir
from dutyboard.storage.board_bytes import archive_dir, archive_path
from dutyboard.storage.device import user_dir
from dutyboard.storage.store import read_with_tinydb
from dutyboard.views.household_page import HISTORY_DAYS, HISTORY_MAX, household_page
from tests.archive_helpers import (
    DAY,
    EVENING,
    NOW,
    Row,
    demo,
    filed_under,
    open_board,
    part_files,
    part_sigs,
    rows_of,
    scan,
)

CLOSED = [DAY.subtract(days=n).isoformat() for n in range(7, 0, -1)]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return demo(tmp_path / "board.json")


@pytest.fixture
def board(path: Path) -> Board:
    return open_board(path)


def households_with_history(rows: list[Row]) -> list[str]:
    """Households with archived records, the busiest first."""
    seen = Counter(
        str(d["household"])
        for _day, t, d in rows
        if t in ("tasks", "contacts") and d.get("household")
    )
    return [h for h, _n in seen.most_common()]


def lookup_rows(board: Board, key: str, **kw: str) -> list[Row]:
    return board.store.archive().lookup(key, **kw)


def assert_newest_first(rows: list[Row]) -> None:
    days = [day for day, _t, _d in rows]
    assert days == sorted(days, reverse=True)


# ---------------------------------------------------------------- the layout


def test_a_demo_board_keeps_a_part_per_closed_day(path: Path, board: Board) -> None:
    parts = part_files(path)
    assert not archive_path(path).exists(), "no archive in one file any more"
    assert set(CLOSED) <= set(parts), sorted(parts)
    assert all(day < DAY.isoformat() for day in parts)  # only closed days
    assert board.store.archive().days() == sorted(parts)
    folder = archive_dir(path)
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    for day, p in parts.items():
        assert stat.S_IMODE(os.stat(p).st_mode) == 0o600, p
        counts = read_with_tinydb(p)  # stock TinyDB reads every part
        data = orjson.loads(p.read_bytes())
        assert counts == {t: len(docs) for t, docs in data.items()}, day
        meta = next(iter(data["meta"].values()))
        assert meta["part"] == day and meta["kind"] == "archive"
        assert meta["board_id"] == board.store.board_id
    for day in CLOSED:  # each closed day has its tasks
        assert read_with_tinydb(parts[day])["tasks"] > 0, day


def test_every_record_is_filed_in_the_part_of_its_day(path: Path, board: Board) -> None:
    archive = board.store.archive()
    rows = scan(path)
    assert {t for _d, t, _doc in rows} >= {"tasks", "slots", "assignments", "contacts"}
    for day, table, doc in rows:
        assert archive.day_of(table, doc) == day, (table, doc["id"])
        field = {"tasks": "date", "slots": "date", "assignments": "date", "audit": "day"}
        if table in field:
            assert doc[field[table]] == day, (table, doc["id"])


# ---------------------------------------------------------------- lookups


def test_lookups_find_what_a_full_scan_finds(path: Path, board: Board) -> None:
    rows = scan(path)
    homes = households_with_history(rows)
    assert len(homes) > 10
    buildings = sorted(
        {
            int(d["building"])
            for _day, t, d in rows
            if t == "tasks" and not d.get("household") and d.get("building") is not None
        }
    )
    assert buildings, "disinfection or testing tasks by building"
    keys = [f"h:{h}" for h in homes] + [f"b:{n}" for n in buildings]
    keys += ["assignments", "slots", "batches", "h:no-such-household"]
    answered = 0
    for key in keys:
        found = lookup_rows(board, key)
        assert rows_of(found) == rows_of(filed_under(rows, key)), key
        assert_newest_first(found)
        answered += bool(found)
    assert answered == len(keys) - 1
    # The tasks and calls of a household, and nothing else.
    home = homes[0]
    tables = {t for _day, t, _d in lookup_rows(board, f"h:{home}")}
    assert tables <= {"tasks", "contacts"} and "tasks" in tables


def test_since_and_until_limit_a_lookup_by_day(path: Path, board: Board) -> None:
    rows = scan(path)
    since, until = CLOSED[2], CLOSED[4]
    for key in ["assignments", f"h:{households_with_history(rows)[0]}"]:
        want = [r for r in filed_under(rows, key) if since <= r[0] <= until]
        assert want, key
        assert rows_of(lookup_rows(board, key, since=since, until=until)) == rows_of(want)
        later = [r for r in filed_under(rows, key) if r[0] >= since]
        assert rows_of(lookup_rows(board, key, since=since)) == rows_of(later)
        earlier = [r for r in filed_under(rows, key) if r[0] <= until]
        assert rows_of(lookup_rows(board, key, until=until)) == rows_of(earlier)


# ---------------------------------------------------------------- the index files


def index_files(path: Path) -> dict[str, Path]:
    folder = index_dir(path)
    return {p.stem: p for p in folder.glob("*.idx")}


def test_the_indexes_live_in_this_laptops_folder_not_the_synced_one(
    path: Path, board: Board
) -> None:
    board.store.archive().lookup("assignments")
    folder = index_dir(path)
    assert folder.is_relative_to(user_dir())
    assert folder.is_relative_to(Path(os.environ["DUTYBOARD_HOME"]))
    assert set(index_files(path)) == set(part_files(path))
    for p in index_files(path).values():
        assert stat.S_IMODE(os.stat(p).st_mode) == 0o600
    beside = [p for p in path.parent.rglob("*") if p.suffix == ".idx" or p.name == ".index"]
    assert beside == []


@pytest.mark.parametrize(
    "damage",
    ["deleted", "garbage", "truncated", "header only", "emptied"],
)
def test_a_missing_or_broken_index_is_built_again_with_the_same_answer(
    path: Path, board: Board, damage: str
) -> None:
    rows = scan(path)
    key = f"h:{households_with_history(rows)[0]}"
    want = rows_of(filed_under(rows, key))
    assert rows_of(lookup_rows(board, key)) == want
    files = index_files(path)
    assert set(files) == set(part_files(path)), "an index file per part"
    good = {day: p.read_bytes() for day, p in files.items()}
    for day, p in files.items():
        raw = good[day]
        if damage == "deleted":
            p.unlink()
        elif damage == "garbage":
            p.write_bytes(os.urandom(len(raw)))
        elif damage == "truncated":
            p.write_bytes(raw[: len(raw) // 2])
        elif damage == "header only":
            p.write_bytes(raw[:40])
        else:
            p.write_bytes(b"")
    fresh = open_board(path, "laptop-2")  # nothing in memory: the files are read
    for k in [key, "assignments", "slots", "batches"]:
        assert rows_of(lookup_rows(fresh, k)) == rows_of(filed_under(rows, k)), k
    assert {day: p.read_bytes() for day, p in index_files(path).items()} == good


def test_an_index_follows_its_part_when_the_part_changes(path: Path, board: Board) -> None:
    rows = scan(path)
    home = households_with_history(rows)[0]
    key = f"h:{home}"
    assert rows_of(lookup_rows(board, key)) == rows_of(filed_under(rows, key))
    day = CLOSED[3]
    task = next(d for dd, t, d in rows if dd == day and t == "tasks" and d.get("household"))
    new = {k: v for k, v in task.items() if not k.startswith("_")}
    new.update(id="a-new-task", household=home, code="ZZZZ")
    # Another laptop (another program) writes the part; this one reads it through its index.
    other = open_board(path, "laptop-2")
    other.store.archive().write({"tasks": [{**new, "_c": task["_c"]}]})
    found = lookup_rows(board, key)
    assert "a-new-task" in {d["id"] for _day, _t, d in found}
    assert rows_of(found) == rows_of(filed_under(scan(path), key))
    size = os.stat(part_files(path)[day]).st_size
    from dutyboard.storage import part_index

    saved = index_files(path).get(day)
    assert saved is not None, "the part's index is saved in this laptop's folder"
    idx = part_index.load(saved)
    assert idx is not None and idx.size == size and idx.exact


def test_a_part_rewritten_by_stock_tinydb_is_still_read_right(path: Path, board: Board) -> None:
    rows = scan(path)
    home = households_with_history(rows)[0]
    days = sorted({day for day, t, d in rows if d.get("household") == home})
    day = days[-1]
    target = part_files(path)[day]
    storage = JSONStorage(str(target), indent=2, ensure_ascii=True)
    data = storage.read()
    assert data is not None
    storage.write(data)  # the same records, laid out as TinyDB lays them out
    storage.close()
    assert target.read_bytes() != orjson.dumps(data)
    fresh = open_board(path, "laptop-2")
    index = fresh.store.archive().index(day)
    assert index is not None and not index.exact  # no offsets in such a file
    for key in [f"h:{home}", "assignments", "slots"]:
        assert rows_of(lookup_rows(fresh, key)) == rows_of(filed_under(scan(path), key)), key
    assert fresh.store.archive().holds(f"h:{home}") == day


def test_a_part_that_cannot_be_read_is_left_out_and_named(path: Path, board: Board) -> None:
    rows = scan(path)
    key = "assignments"
    broken = CLOSED[3]
    part_files(path)[broken].write_bytes(b"{this is not a board")
    fresh = open_board(path, "laptop-2")
    found = lookup_rows(fresh, key)
    want = [r for r in filed_under(rows, key) if r[0] != broken]
    assert rows_of(found) == rows_of(want) and want
    problem = fresh.store.archive_problem
    assert problem is not None and f"{broken}.json" in problem
    # The other parts still answer a household's history.
    home = households_with_history(rows)[0]
    hwant = [r for r in filed_under(rows, f"h:{home}") if r[0] != broken]
    assert rows_of(lookup_rows(fresh, f"h:{home}")) == rows_of(hwant)


# ---------------------------------------------------------------- the swap


def test_the_swap_writes_only_the_part_of_the_day_it_closes(tmp_path: Path) -> None:
    path = demo(tmp_path / "board.json", now=EVENING)
    board = open_board(path, now=EVENING)
    before = part_sigs(path)
    closing = [d["id"] for d in board.store.rows("tasks") if d["date"] == DAY.isoformat()]
    assert closing
    lead = sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]
    swap.swap(board, lead)
    after = part_sigs(path)
    today = DAY.isoformat()
    assert set(after) == set(before) | {today}
    assert {day: after[day] for day in before} == before, "another part was written"
    part = orjson.loads(part_files(path)[today].read_bytes())
    assert {d["id"] for d in part["tasks"].values()} == set(closing)
    fresh = open_board(path, "laptop-2", now=EVENING)  # the tasks are found by household
    for tid in closing[:20]:
        doc = part["tasks"][next(k for k, d in part["tasks"].items() if d["id"] == tid)]
        if doc.get("household"):
            ids = {d["id"] for _day, _t, d in lookup_rows(fresh, f"h:{doc['household']}")}
            assert tid in ids

    swap.undo_swap(board, lead)
    undone = orjson.loads(part_files(path)[today].read_bytes())
    assert not set(closing) & {d["id"] for d in undone.get("tasks", {}).values()}
    assert {day: part_sigs(path)[day] for day in before} == before
    assert {d["id"] for d in board.store.rows("tasks")} >= set(closing)


# ---------------------------------------------------------------- history


def expected_history(board: Board, rows: list[Row], hid: str) -> tuple[int, int]:
    """(entries shown, entries left out) of a household's history, from a full scan
    (the rule of dutyboard.views.household_page, applied to every record)."""
    h = board.household(hid)
    assert h is not None
    live = {d["id"] for d in board.store.rows("tasks")}
    live_calls = {d["id"] for d in board.store.rows("contacts")}
    tasks = [
        d
        for _day, t, d in rows
        if t == "tasks"
        and (
            d.get("household") == hid
            or (
                not d.get("household")
                and d.get("building") == h.building
                and d.get("kind") in ("disinfection", "testing")
            )
        )
    ]
    archived = {d["id"] for d in tasks}

    def shown(d: dict) -> bool:
        if d["id"] in live or str(d.get("date", "")) >= board.today.isoformat():
            return False
        succ = d.get("carried_to")
        return not (d.get("status") == "carried" and succ and (succ in live or succ in archived))

    entries: set[tuple[str, str]] = set()
    for d in tasks:
        if shown(d):
            key = "disinfection" if d.get("kind") == "disinfection" else d["id"]
            entries.add((str(d["date"]), key))
    for day, t, d in rows:
        if t == "contacts" and d.get("household") == hid and d["id"] not in live_calls:
            entries.add((str(d.get("day") or day), d["id"]))
    days = set(sorted({day for day, _ in entries}, reverse=True)[:HISTORY_DAYS])
    kept = min(HISTORY_MAX, sum(1 for day, _ in entries if day in days))
    return kept, len(entries) - kept


def test_household_history_over_many_parts_is_capped_as_a_full_scan_says(
    tmp_path: Path,
) -> None:
    path = demo(tmp_path / "board.json", households=40, days=HISTORY_DAYS + 6)
    board = open_board(path)
    rows = scan(path)
    assert len({day for day, _t, _d in rows}) > HISTORY_DAYS
    capped = 0
    for hid in households_with_history(rows)[:8]:
        page = household_page(board, hid, "zh", NOW)
        assert page is not None and not page.history_unreadable
        shown, older = expected_history(board, rows, hid)
        assert len(page.history) > 0
        assert (len(page.history), page.history_older) == (shown, older), hid
        assert len(page.history_days) <= HISTORY_DAYS
        assert list(page.history_days) == sorted(page.history_days, reverse=True)
        capped += older > 0
    assert capped, "no household had history beyond the cap: the test shows nothing"
