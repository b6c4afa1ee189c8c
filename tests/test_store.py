"""Unit tests of the board store (dutyboard.storage.store): create, open, transactions and
their rollback, refresh, absorb, the archive beside the file, and backups."""

from __future__ import annotations

import copy
import os
import stat
import time
from pathlib import Path
from typing import Any

import orjson
import pytest

from dutyboard.storage import board_file, hlc, records
from dutyboard.storage.board_bytes import (
    FORMAT_VERSION,
    archive_dir,
    archive_path,
    backup_dir,
    lock_path,
    parse_board_bytes,
)
from dutyboard.storage.errors import BoardFileError, SaveError
from dutyboard.storage.records import FieldConflict
from dutyboard.storage.store import BoardStore, read_with_tinydb
from dutyboard.storage.tables import TABLES
from dutyboard.storage.transaction import Transaction

META = {"today": "2022-04-26", "timezone": "Asia/Shanghai"}


def tid(n: int) -> str:
    return f"task-{n:03d}"


def build(n: int = 5):
    def run(tx: Transaction) -> None:
        tx.insert("groups", {"id": "g1", "key": "delivery", "zh": "配送组", "en": "Delivery"})
        for i in range(n):
            tx.insert("tasks", {"id": tid(i), "kind": "delivery", "group": "g1", "status": "open"})

    return run


def make(path: Path, n: int = 5, **kw: Any) -> BoardStore:
    return BoardStore.create(path, META, device="t1", build=build(n), **kw)


def canonical(store: BoardStore) -> bytes:
    return orjson.dumps({t: store.table(t) for t in TABLES}, option=orjson.OPT_SORT_KEYS)


def snapshot(path: Path) -> tuple[bytes, int, int]:
    st = os.stat(path)
    return path.read_bytes(), st.st_mtime_ns, st.st_ino


def done(store: BoardStore) -> list[str]:
    return sorted(d["id"] for d in store.rows("tasks") if d.get("status") == "done")


def tick(store: BoardStore, *ids: str, status: str = "done") -> None:
    with store.transaction() as tx:
        for i in ids:
            tx.update("tasks", i, {"status": status})


# ------------------------------------------------------------------ create / open


def test_create_writes_a_plain_tinydb_board(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    store = make(board)

    meta = store.meta
    assert meta["app"] == "dutyboard" and meta["format_version"] == FORMAT_VERSION
    assert meta["today"] == "2022-04-26" and meta["timezone"] == "Asia/Shanghai"
    assert store.board_id == meta["board_id"] and len(store.board_id) == 36
    assert not store.dirty
    data = orjson.loads(board.read_bytes())
    assert set(data) == set(TABLES)
    assert all(hlc.is_valid(d["_c"]) for t in data.values() for d in t.values())
    counts = read_with_tinydb(board)
    assert counts["tasks"] == 5 and counts["groups"] == 1 and counts["meta"] == 1
    assert counts["audit"] == 0
    assert stat.S_IMODE(os.stat(board).st_mode) == 0o600
    assert not backup_dir(board).exists()


def test_create_keeps_a_given_board_id_and_refuses_to_replace_a_file(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    store = BoardStore.create(board, {**META, "board_id": "b-1"}, device="t1")
    assert store.board_id == "b-1"
    before = snapshot(board)
    with pytest.raises(SaveError, match="already there"):
        make(board)
    assert snapshot(board) == before
    again = make(board, overwrite=True)
    assert again.board_id != "b-1" and BoardStore.open(board, device="x").count("tasks") == 5


def test_open_gives_what_was_saved(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    made = make(board)
    opened = BoardStore.open(board, device="t2")
    assert canonical(opened) == canonical(made)
    assert opened.board_id == made.board_id
    assert opened.get("groups", "g1")["zh"] == "配送组"
    assert opened.live_bytes() == len(board.read_bytes())
    assert not opened.dirty and opened.revision == 0


def test_open_moves_the_clock_past_every_stamp_in_the_file(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    make(board)
    a_day_behind = int(time.time() * 1000) - 24 * 3_600_000
    store = BoardStore.open(board, device="slow", wall=lambda: a_day_behind)
    newest = max(records.last_stamp(d) for t in TABLES for d in store.table(t).values())
    tick(store, tid(0))
    assert store.get("tasks", tid(0))["_s"]["status"] > newest


# ------------------------------------------------------------------ transactions


def test_transaction_insert_update_delete_are_saved(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    store = make(board)
    seen: list[int] = []
    store.on_change.append(lambda: seen.append(store.revision))

    with store.transaction() as tx:
        new = tx.insert("tasks", {"kind": "disinfection", "group": "g1", "status": "open"})
        tx.update("tasks", tid(0), {"status": "done", "done_by": "张三"})
        tx.delete("tasks", tid(1))
        tx.set_meta({"today": "2022-04-27"})

    assert seen == [1] and not store.dirty
    again = BoardStore.open(board, device="t2")
    assert canonical(again) == canonical(store)
    assert again.get("tasks", new["id"])["kind"] == "disinfection"
    assert again.get("tasks", tid(0))["done_by"] == "张三"
    assert again.get("tasks", tid(1)) is None  # a tombstone: kept, but not a row
    assert again.count("tasks") == 6 and len(list(again.rows("tasks"))) == 5
    assert records.is_deleted(again.table("tasks")["2"])
    assert again.meta["today"] == "2022-04-27"


def test_insert_refuses_a_duplicate_and_update_an_unknown_record(tmp_path: Path) -> None:
    store = make(tmp_path / "board.json")
    with pytest.raises(ValueError), store.transaction() as tx:
        tx.insert("tasks", {"id": tid(0)})
    with pytest.raises(KeyError), store.transaction() as tx:
        tx.update("tasks", "nope", {"status": "done"})


def test_transaction_without_changes_does_not_write(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    store = make(board)
    before = snapshot(board)
    with store.transaction():
        pass
    store.save()
    assert snapshot(board) == before and store.revision == 0


def test_exception_rolls_back_everything_and_writes_nothing(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    store = make(board)
    tick(store, tid(4))
    memory, before, revision = canonical(store), snapshot(board), store.revision

    with pytest.raises(RuntimeError, match="boom"), store.transaction() as tx:
        tx.insert("tasks", {"id": "t-new", "status": "open"})
        tx.update("tasks", tid(0), {"status": "done"})
        tx.update("tasks", tid(0), {"status": "failed", "reason": "没人在家"})
        tx.delete("tasks", tid(1))
        tx.remove("tasks", tid(2))
        tx.put("tasks", records.new("t-put", {"status": "open"}, store.clock.now()))
        tx.update("tasks", tid(4), {"status": "open"})
        raise RuntimeError("boom")

    assert canonical(store) == memory
    assert store.get("tasks", "t-new") is None and store.get("tasks", "t-put") is None
    assert store.get("tasks", tid(2)) is not None
    assert snapshot(board) == before and store.revision == revision and not store.dirty
    tick(store, tid(3))  # the store goes on working, and the rolled-back changes stay out
    again = BoardStore.open(board, device="t2")
    assert done(again) == [tid(3), tid(4)] and again.count("tasks") == 5


def test_lock_is_released_after_a_failed_transaction(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    store = make(board)
    with pytest.raises(RuntimeError), store.transaction():
        raise RuntimeError
    other = BoardStore.open(board, device="t2", lock_timeout=0.5)
    tick(other, tid(0))
    assert lock_path(board).exists()


# ------------------------------------------------------------------ refresh / absorb


def test_refresh_takes_in_another_writers_save_and_never_writes(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    a = make(board)
    b = BoardStore.open(board, device="t2")
    calls: list[int] = []
    a.on_change.append(lambda: calls.append(1))
    assert a.refresh() is False

    tick(b, tid(0))
    before = snapshot(board)
    assert a.refresh() is True
    assert snapshot(board) == before
    assert done(a) == [tid(0)] and a.reloads == 1 and a.revision == 1 and calls == [1]
    assert not a.dirty
    assert a.refresh() is False

    board.rename(tmp_path / "away.json")
    assert a.refresh() is False


def test_transaction_merges_another_writers_save_first(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    a = make(board)
    b = BoardStore.open(board, device="t2")
    tick(b, tid(0))
    tick(a, tid(1))
    tick(b, tid(2))
    assert done(BoardStore.open(board, device="x")) == [tid(0), tid(1), tid(2)]
    assert a.reloads == 1 and b.reloads == 1


def _other_copy(board: Path, folder: Path, device: str, **changes: str) -> dict:
    folder.mkdir(exist_ok=True)
    copy_path = folder / board.name
    copy_path.write_bytes(board.read_bytes())
    other = BoardStore.open(copy_path, device=device)
    with other.transaction() as tx:
        for rid, status in changes.items():
            tx.update("tasks", rid, {"status": status})
        tx.insert("tasks", {"id": f"new-{device}", "status": "open"})
    return parse_board_bytes(copy_path.read_bytes(), copy_path)


def test_absorb_merges_record_by_record_and_reports_conflicts(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    a = make(board)
    theirs = _other_copy(board, tmp_path / "b", "t2", **{tid(0): "failed", tid(1): "done"})
    time.sleep(0.005)  # our edit must be stamped in a later millisecond to win the field
    tick(a, tid(0), tid(2))

    conflicts: list[FieldConflict] = []
    changed = a.absorb(theirs, conflicts)

    # their tick of task 1, their new task, and task 0 (its version vector now has their edit)
    assert changed == 3
    assert done(a) == [tid(0), tid(1), tid(2)] and a.get("tasks", "new-t2") is not None
    # task 0: both changed status without seeing the other; our later edit wins
    assert [(k.record, k.field, k.winner, k.loser) for k in conflicts] == [
        (tid(0), "status", "done", "failed")
    ]
    assert a.dirty  # the file lacks their changes: the next save must carry them
    a.save()
    again = BoardStore.open(board, device="x")
    assert done(again) == [tid(0), tid(1), tid(2)] and again.get("tasks", "new-t2")
    assert a.absorb(copy.deepcopy(a._data)) == 0


def test_absorb_of_a_copy_we_already_have_changes_nothing(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    a = make(board)
    same = parse_board_bytes(board.read_bytes(), board)
    assert a.absorb(same) == 0 and not a.dirty
    older = copy.deepcopy(same)
    tick(a, tid(0))
    assert a.absorb(older) == 0
    assert a.dirty  # that copy is behind: saving would bring it up to date


def test_put_merges_a_whole_record_with_its_stamps(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    a = make(board)
    theirs = _other_copy(board, tmp_path / "b", "t2", **{tid(3): "done"})
    doc = next(d for d in theirs["tasks"].values() if d["id"] == tid(3))
    with a.transaction() as tx:
        tx.put("tasks", doc)
        tx.put("tasks", next(d for d in theirs["tasks"].values() if d["id"] == "new-t2"))
    again = BoardStore.open(board, device="x")
    assert again.get("tasks", tid(3)) == doc and again.get("tasks", "new-t2") is not None


# ------------------------------------------------------------------ archive


def test_archive_path() -> None:
    assert archive_path(Path("d/board.json")) == Path("d/board.archive.json")
    assert archive_path(Path("d/board")) == Path("d/board.archive.json")
    assert archive_path(Path("小区.json")) == Path("小区.archive.json")
    assert archive_dir(Path("d/board.json")) == Path("d/board.archive")
    assert archive_dir(Path("小区.json")) == Path("小区.archive")
    assert lock_path(Path("d/board.json")) == Path("d/board.json.lock")
    assert backup_dir(Path("d/board.json")) == Path("d/board.json.backups")


class _ByDate:
    """The least closed-days rule: a task's part is its date; nothing is routed by the
    store itself (the test moves the records)."""

    def tables(self) -> tuple[str, ...]:
        return ("tasks",)

    def archive_bound(self, store: BoardStore, table: str, doc: dict[str, Any]) -> bool:
        return False

    def send(self, store: BoardStore, closed: dict[str, list[dict[str, Any]]]) -> bool:
        return False

    def part_of(self, store: BoardStore, table: str, doc: dict[str, Any]) -> str | None:
        return doc.get("date")

    def index_keys(self, table: str, doc: dict[str, Any]) -> tuple[str, ...]:
        return (table,)


def test_closed_tasks_move_to_the_archive(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    store = make(board, closed_days=_ByDate())
    assert not store.has_archive()
    archive = store.archive()
    assert archive.folder == archive_dir(board) and archive.days() == []
    assert not archive_dir(board).exists()

    closed = "2022-04-25"
    moved = [dict(d, date=closed) for d in store.rows("tasks") if d["id"] in (tid(0), tid(1))]
    # archive first: a crash in between duplicates
    written = archive.write({"tasks": copy.deepcopy(moved)})
    assert list(written) == [closed]
    with store.transaction() as tx:
        for doc in moved:
            tx.remove("tasks", doc["id"])

    assert store.has_archive()
    live = BoardStore.open(board, device="x")
    assert live.count("tasks") == 3
    reopened = BoardStore.open(board, device="x").archive()
    assert reopened.days() == [closed]
    part = reopened.part(closed)
    assert part is not None and part.path == archive_dir(board) / f"{closed}.json"
    assert part.board_id == store.board_id and part.meta["kind"] == "archive"
    assert sorted(d["id"] for d in part.rows("tasks")) == [tid(0), tid(1)]
    assert read_with_tinydb(reopened.path(closed))["tasks"] == 2
    # looked up through the part's index by the keys of the rule
    assert archive.lookup("tasks") == [(closed, "tasks", d) for d in part.rows("tasks")]


def test_archive_of_another_board_is_refused(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    make(board)
    archive_dir(board).mkdir()
    make(archive_dir(board) / "2022-04-25.json")
    archive = BoardStore.open(board, device="x").archive()
    with pytest.raises(BoardFileError, match="different board"):
        archive.part("2022-04-25")
    assert "different board" in (archive.problems.get("2022-04-25") or "")


# ------------------------------------------------------------------ backups


def test_backups_are_kept_now_and_then(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    board = tmp_path / "board.json"
    store = make(board)
    folder = backup_dir(board)
    assert not folder.exists()  # a new file has nothing to back up
    monkeypatch.setattr(board_file, "BACKUP_EVERY_S", 3600)

    stamps = iter(f"20220426-0000{i:02d}" for i in range(60))
    monkeypatch.setattr(time, "strftime", lambda fmt, *a: next(stamps))

    first = board.read_bytes()
    tick(store, tid(0))  # the first save of this store: the file it replaces is kept
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    kept = sorted(folder.iterdir())
    assert [p.name for p in kept] == ["board.20220426-000000.json"]
    assert kept[0].read_bytes() == first

    tick(store, tid(1))  # less than BACKUP_EVERY_S later: no new backup
    assert sorted(folder.iterdir()) == kept

    monkeypatch.setattr(board_file, "BACKUP_EVERY_S", 0)
    monkeypatch.setattr(board_file, "BACKUPS_KEPT", 3)
    second = board.read_bytes()
    tick(store, tid(2))  # more than BACKUP_EVERY_S after the last one
    newest = sorted(folder.iterdir())[-1]
    assert newest.name == "board.20220426-000001.json" and newest.read_bytes() == second
    for n in range(3, 5):
        tick(store, tid(n))
    names = [p.name for p in sorted(folder.iterdir())]  # only BACKUPS_KEPT are kept
    assert names == [f"board.20220426-00000{i}.json" for i in (1, 2, 3)]
    assert BoardStore.open(folder / names[-1], device="x").count("tasks") == 5
