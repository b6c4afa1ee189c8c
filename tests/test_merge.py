"""Merging copies of one board (dutyboard.core.merge) and the commands around it: merge,
conflicts, restore, dismiss; Syncthing conflict copies; an older copy put over the file.

Each ``Laptop`` holds a copy of one small board in a folder of its own, with its own
device id and a wall clock ``skew_h`` hours off that moves one second per stamp, so
which edit is stamped later is decided by the test, not by the speed of the machine.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from dutyboard.cli.main import main
from dutyboard.core.board import Board
from dutyboard.core.closed_days import CLOSED_DAYS
from dutyboard.core.merge import (
    MergeSummary,
    TableChanges,
    conflict_id,
    conflicts,
    merge_copies,
    merged_dir,
)
from dutyboard.storage import hlc
from dutyboard.storage.board_bytes import (
    archive_dir,
    archive_meta_id,
    archive_path,
    parse_board_bytes,
)
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.errors import Refused
from dutyboard.storage.records import FieldConflict
from dutyboard.storage.store import BoardStore
from dutyboard.storage.transaction import Transaction
from tests.factories import (
    NOW,
    TODAY,
    archive_files,
    copy_archive,
    meta,
    part_transaction,
    person,
)

ROOT = Path(__file__).parent.parent
BASE_MS = 1_650_931_200_000  # 2022-04-26 00:00 UTC
HOUR_MS = 3_600_000
TASKS = ("t1", "t2", "t3", "t4")
SYNC_NAME = "board.sync-conflict-20220426-101500-7XKQ2M4.json"


# ------------------------------------------------------------------ helpers


def make_base(path: Path, *, archive: bool = False) -> Path:
    """A board of four open tasks and three people (``lead`` is a leader), stamped
    two days before the laptops' clocks; with ``archive``, a closed day beside it."""
    path.parent.mkdir(parents=True, exist_ok=True)

    def build(tx: Transaction) -> None:
        tx.insert("groups", {"key": "delivery", "zh": "快递组", "en": "Delivery", "order": 0})
        tx.insert("volunteers", person("lead", "周组长", role="leader", phone="13800000001"))
        tx.insert("volunteers", person("li", "李阿姨", phone="13800000002"))
        tx.insert("volunteers", person("wang", "王师傅", phone="13800000003"))
        for tid in TASKS:
            tx.insert(
                "tasks",
                {
                    "id": tid,
                    "kind": "delivery",
                    "group": "delivery",
                    "date": TODAY,
                    "status": "open",
                    "address": f"5-2-{tid[1]}01",
                    "note": "",
                },
            )

    store = BoardStore.create(
        path, meta(), device="origin", wall=lambda: BASE_MS - 48 * HOUR_MS, build=build
    )
    if archive:
        with part_transaction(store, CLOSED) as tx:
            tx.insert("tasks", closed_task("old-1"))
    return path


CLOSED = "2022-04-20"  # the closed day of the archive's records: its part


def part(path: Path, day: str = CLOSED) -> Path:
    """The file of the archive's part of ``day`` beside the board at ``path``."""
    return archive_dir(path) / f"{day}.json"


def closed_task(tid: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": tid,
        "kind": "delivery",
        "group": "delivery",
        "date": CLOSED,
        "status": "done",
        **extra,
    }


class Laptop:
    def __init__(self, root: Path, name: str, base: Path, skew_h: float = 0.0) -> None:
        self.name = name
        self.folder = root / name
        self.folder.mkdir()
        self.path = self.folder / "board.json"
        shutil.copyfile(base, self.path)
        if archive_dir(base).exists():
            copy_archive(base, self.path)
        self.ms = BASE_MS + int(skew_h * HOUR_MS)
        # what the board shows as "now" (done_at): a few minutes apart per laptop
        self.when = FixedClock(NOW.add(minutes=5 * (ord(name[0]) - ord("A"))))
        self.board = self.open()

    def wall(self) -> int:
        self.ms += 1000
        return self.ms

    def open(self) -> Board:
        store = BoardStore.open(
            self.path, device=self.name, wall=self.wall, closed_days=CLOSED_DAYS
        )
        return Board(store, self.when)

    @property
    def store(self) -> BoardStore:
        return self.board.store

    def edit(self, rid: str, **changes: Any) -> str:
        with self.board.transaction() as tx:
            tx.update("tasks", rid, changes)
        return self.store.raw("tasks", rid)["_s"][next(iter(changes))]

    def delete(self, rid: str) -> str:
        with self.board.transaction() as tx:
            tx.delete("tasks", rid)
        return self.store.raw("tasks", rid)["_del"]

    def tick(self, rid: str, who: str) -> str:
        task = self.board.task(rid)
        assert task is not None
        assert self.board.tick([task], self.board.resolve_person(who))
        return self.store.raw("tasks", rid)["_s"]["done_by"]

    def merge(self, *others: Laptop | Path, dry_run: bool = False) -> MergeSummary:
        paths = [o.path if isinstance(o, Laptop) else o for o in others]
        return merge_copies(self.board, paths, dry_run=dry_run)

    def task(self, rid: str) -> dict[str, Any] | None:
        return self.store.get("tasks", rid)

    def save_copy(self, where: Path) -> Path:
        """This laptop's file as it is now, e.g. on a USB stick."""
        where.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.path, where)
        return where


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def on_disk(path: Path, table: str = "tasks") -> dict[str, dict[str, Any]]:
    """A table as the file holds it, by record id (tombstones included)."""
    data = orjson.loads(path.read_bytes())
    return {d["id"]: d for d in data.get(table, {}).values()}


def from_disk(path: Path) -> Board:
    """The board exactly as its file holds it. (BoardStore.open would also take back
    this laptop's last save if the file lacks it, which the tests here look at.)"""
    data = parse_board_bytes(path.read_bytes(), path)
    return Board(BoardStore(path, data, clock=hlc.HybridClock("reader")), FixedClock(NOW))


def live(path: Path, rid: str) -> dict[str, Any] | None:
    """A task as the file holds it; None if deleted."""
    return from_disk(path).store.get("tasks", rid)


def file_state(path: Path) -> tuple[bytes, int, int]:
    st = os.stat(path)
    return path.read_bytes(), st.st_mtime_ns, st.st_ino


def canon(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def concurrent_ticks(tmp_path: Path) -> tuple[Laptop, Laptop, str]:
    """A ticks t1 as the leader; B, an hour behind and not having seen it, ticks it as
    li. A's edit is stamped later and wins; A merges B. Returns A, B and B's stamp."""
    base = make_base(tmp_path / "base" / "board.json")
    a, b = Laptop(tmp_path, "A", base), Laptop(tmp_path, "B", base, skew_h=-1)
    a.tick("t1", "lead")
    lost = b.tick("t1", "li")
    summary = a.merge(b)
    # two fields of one losing edit: the summary counts fields, the conflicts view edits
    assert {(c.field, c.loser_stamp) for c in summary.conflicts} == {
        ("done_by", lost),
        ("done_at", lost),
    }
    return a, b, lost


# ------------------------------------------------------------------ refusing


def test_a_copy_of_a_different_board_is_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = make_base(tmp_path / "base" / "board.json")
    a, b = Laptop(tmp_path, "A", base), Laptop(tmp_path, "B", base)
    b.edit("t1", note="B's edit")
    other = make_base(tmp_path / "other" / "board.json")  # same layout, another board id
    before = file_state(a.path)

    with pytest.raises(Refused, match="different board") as refused:
        a.merge(b, other)  # refused as a whole: B's good copy is not merged either
    assert str(other) in refused.value.message and "nothing was merged" in refused.value.message
    assert file_state(a.path) == before
    assert a.task("t1")["note"] == ""
    assert not archive_path(a.path).exists() and not merged_dir(a.path).exists()
    assert not archive_dir(a.path).exists()

    code, out, err = run(capsys, "merge", other, "--db", a.path)
    assert code == 1
    assert "different board" in err and "nothing was merged" in err
    assert "Traceback" not in err + out
    assert file_state(a.path) == before


# ------------------------------------------------------------------ merge rules


def test_concurrent_edits_of_different_fields_of_one_record_both_survive(tmp_path: Path) -> None:
    base = make_base(tmp_path / "base" / "board.json")
    a, b = Laptop(tmp_path, "A", base), Laptop(tmp_path, "B", base, skew_h=-5)
    a.edit("t1", note="放在门口，别按门铃")
    b.edit("t1", address="5-2-102", status="done")  # two fields in one save
    usb_a, usb_b = (
        a.save_copy(tmp_path / "usb" / "a.json"),
        b.save_copy(tmp_path / "usb" / "b.json"),
    )

    ab, ba = a.merge(usb_b), b.merge(usb_a)

    for lap in (a, b):
        t1 = lap.task("t1")
        assert (t1["note"], t1["address"], t1["status"]) == (
            "放在门口，别按门铃",
            "5-2-102",
            "done",
        )
        assert list(lap.store.rows("conflicts")) == []
    assert ab.conflicts == [] and ba.conflicts == []
    assert ab.tables["tasks"] == ba.tables["tasks"] == TableChanges(changed=1)
    assert canon(a.store.raw("tasks", "t1")) == canon(b.store.raw("tasks", "t1"))


@pytest.mark.parametrize("later", ["deletion", "edit"])
def test_delete_versus_concurrent_edit_follows_the_readme_rule_in_every_order(
    tmp_path: Path, later: str
) -> None:
    """README: a record stays deleted while its deletion stamp is later than every
    edit; an edit stamped later brings it back. The same on every laptop, whichever
    copy is merged into which, and the edit's value is kept under the tombstone."""
    base = make_base(tmp_path / "base" / "board.json")
    a = Laptop(tmp_path, "A", base, skew_h=2 if later == "deletion" else 0)
    b = Laptop(tmp_path, "B", base, skew_h=0 if later == "deletion" else 2)
    c, d = Laptop(tmp_path, "C", base), Laptop(tmp_path, "D", base)
    deleted = a.delete("t1")
    edited = b.edit("t1", note="老人独居，请敲门")
    assert (deleted > edited) == (later == "deletion")
    usb_a, usb_b = (
        a.save_copy(tmp_path / "usb" / "a.json"),
        b.save_copy(tmp_path / "usb" / "b.json"),
    )

    a_took = a.merge(usb_b)
    b_took = b.merge(usb_a)
    c.merge(usb_a, usb_b)
    d.merge(usb_b)
    d.merge(usb_a)

    versions = set()
    for lap in (a, b, c, d):
        raw = lap.store.raw("tasks", "t1")
        assert raw["_del"] == deleted and raw["note"] == "老人独居，请敲门"
        assert (lap.task("t1") is None) == (later == "deletion"), lap.name
        assert (live(lap.path, "t1") is None) == (later == "deletion"), lap.name
        versions.add(canon(raw))
    assert len(versions) == 1
    if later == "deletion":
        assert b_took.tables["tasks"] == TableChanges(deleted=1)
        assert a_took.tables["tasks"].deleted == 0  # the edit went under the tombstone
    else:
        assert a_took.tables["tasks"] == TableChanges(changed=1)  # brought back
        assert b_took.tables["tasks"] == TableChanges()


def test_an_edit_made_after_seeing_the_deletion_brings_the_record_back_from_a_day_behind(
    tmp_path: Path,
) -> None:
    base = make_base(tmp_path / "base" / "board.json")
    a, b = Laptop(tmp_path, "A", base), Laptop(tmp_path, "B", base, skew_h=-24)
    deleted = a.delete("t2")
    b.merge(a)
    assert b.task("t2") is None
    edited = b.edit("t2", note="删错了，今天还要送")  # a day behind, but after seeing it
    assert edited > deleted

    a.merge(b)
    assert a.task("t2") is not None and a.task("t2")["note"] == "删错了，今天还要送"


def test_a_laptop_a_day_behind_wins_when_it_edited_after_seeing_the_other(tmp_path: Path) -> None:
    base = make_base(tmp_path / "base" / "board.json")
    a, b = Laptop(tmp_path, "A", base), Laptop(tmp_path, "B", base, skew_h=-24)
    c = Laptop(tmp_path, "C", base)
    a.tick("t1", "lead")
    b.merge(a)
    task = b.board.task("t1")
    b.board.fail([task], b.board.resolve_person("li"), "家里没人")  # after seeing A's tick
    a_stamp = a.store.raw("tasks", "t1")["_s"]["status"]
    b_stamp = b.store.raw("tasks", "t1")["_s"]["status"]
    assert b.ms < a.ms - 20 * HOUR_MS and b_stamp > a_stamp

    summary = a.merge(b)
    c.merge(b)
    c.merge(a)

    for lap in (a, c):
        t1 = lap.task("t1")
        assert (t1["status"], t1["done_by"], t1["fail_reason"]) == ("failed", "li", "家里没人")
        assert list(lap.store.rows("conflicts")) == []
    assert summary.conflicts == []


def test_the_same_field_on_two_copies_is_one_conflict_kept_by_its_losing_edit(
    tmp_path: Path,
) -> None:
    base = make_base(tmp_path / "base" / "board.json")
    a, b = Laptop(tmp_path, "A", base), Laptop(tmp_path, "B", base, skew_h=-3)
    won = a.edit("t1", note="电话 138-0000-0001")
    lost = b.edit("t1", note="放物业")
    usb_a, usb_b = (
        a.save_copy(tmp_path / "usb" / "a.json"),
        b.save_copy(tmp_path / "usb" / "b.json"),
    )

    ab, ba = a.merge(usb_b), b.merge(usb_a)

    expected = FieldConflict("t1", "note", "电话 138-0000-0001", won, "放物业", lost)
    assert ab.conflicts == [expected] and ba.conflicts == [expected]
    cid = conflict_id("tasks", "t1", "note", lost)
    for lap in (a, b):
        assert lap.task("t1")["note"] == "电话 138-0000-0001"
        kept = list(lap.store.rows("conflicts"))
        assert [k["id"] for k in kept] == [cid]  # found on both laptops: one record
        assert (kept[0]["value"], kept[0]["device"], kept[0]["status"]) == ("放物业", "B", "open")
    a.merge(b)
    assert [k["id"] for k in a.store.rows("conflicts")] == [cid]
    [view] = conflicts(a.board)
    assert (view.lost, view.current, view.device) == (
        {"note": "放物业"},
        {"note": "电话 138-0000-0001"},
        "B",
    )


def test_concurrent_edits_of_meta_keep_the_losing_value(tmp_path: Path) -> None:
    """The meta record (rules, names, configuration) is merged like any other, and a
    leader's rule change that loses to a concurrent one must be kept as a conflict.
    (Once lost: merge._merge_tables skipped the conflicts of "meta" together with the
    counting.)"""
    base = make_base(tmp_path / "base" / "board.json")
    a, b = Laptop(tmp_path, "A", base), Laptop(tmp_path, "B", base, skew_h=-1)
    with a.board.transaction() as tx:
        tx.set_meta({"rules": {"max_hours_per_day": 6, "max_days_in_a_row": 6}})
    with b.board.transaction() as tx:
        tx.set_meta({"rules": {"max_hours_per_day": 10, "max_days_in_a_row": 5}})

    summary = a.merge(b)

    assert a.board.rule("max_hours_per_day", None) == 6
    assert "meta" not in summary.tables or not summary.tables["meta"]  # never "changed"
    kept = [k for k in a.store.rows("conflicts") if k["table"] == "meta"]
    assert [k["value"] for k in kept] == [{"max_hours_per_day": 10, "max_days_in_a_row": 5}]


# ------------------------------------------------------------------ the summary


def diverge(tmp_path: Path) -> tuple[Laptop, Laptop]:
    """A adds two tasks, notes t1, deletes t2 and ticks t3; B, an hour behind, noted
    t1 too (and loses it to A's note)."""
    base = make_base(tmp_path / "base" / "board.json", archive=True)
    a, b = Laptop(tmp_path, "A", base), Laptop(tmp_path, "B", base, skew_h=-1)
    with a.board.transaction() as tx:
        for tid in ("n1", "n2"):
            tx.insert("tasks", {**closed_task(tid), "date": TODAY, "status": "open"}, tid)
    a.edit("t1", note="A: 放门口")
    a.delete("t2")
    a.tick("t3", "wang")
    with part_transaction(a.store, CLOSED) as tx:
        tx.insert("tasks", closed_task("old-a"))
    b.edit("t1", note="B: 打电话")
    return a, b


def test_the_summary_counts_added_changed_deleted_per_table_and_conflicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = diverge(tmp_path)
    c = Laptop(tmp_path, "C", b.path)  # B's copy before the merge, for the command

    summary = b.merge(a)

    assert summary.tables["tasks"] == TableChanges(added=2, changed=2, deleted=1)
    assert summary.tables["audit"] == TableChanges(added=1)  # A's tick of t3
    assert not summary.tables.get("meta") and "conflicts" not in summary.tables
    assert [(c.record, c.field, c.loser) for c in summary.conflicts] == [
        ("t1", "note", "B: 打电话")
    ]
    assert summary.changed and not summary.dry_run
    assert summary.lines() == [
        "tasks: 2 added, 2 changed, 1 deleted",
        "audit: 1 added, 0 changed, 0 deleted",
        "conflicts: 1",
    ]
    entries = [e for e in b.board.audit() if e.action == "merge"]
    assert [e.after for e in entries] == [{"sources": ["board.json"], "conflicts": 1}]

    # the command says the same
    code, out, _ = run(capsys, "merge", a.path, "--db", c.path, "--as", "lead")  # a leader's
    assert code == 0 and f"merged 1 copy(ies) into {c.path}" in out
    assert "\n  tasks: 2 added, 2 changed, 1 deleted\n" in out and "  conflicts: 1" in out
    assert "dry run" not in out


def test_dry_run_says_what_would_change_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = diverge(tmp_path)
    shutil.rmtree(archive_dir(b.path))
    before, memory = file_state(b.path), b.store.serialise()

    summary = b.merge(a, dry_run=True)

    assert summary.dry_run and summary.tables["tasks"] == TableChanges(2, 2, 1)
    assert len(summary.conflicts) == 1
    assert file_state(b.path) == before
    assert b.store.serialise() == memory  # nothing changed in memory either
    assert not archive_dir(b.path).exists()  # nor the archive
    assert list(b.store.rows("conflicts")) == [] and b.task("n1") is None

    code, out, _ = run(capsys, "merge", a.path, "--dry-run", "--db", b.path)
    assert code == 0 and "would merge 1 copy(ies)" in out and "dry run: nothing was written" in out
    assert "tasks: 2 added, 2 changed, 1 deleted" in out
    assert file_state(b.path) == before and not archive_dir(b.path).exists()

    assert b.merge(a).tables["tasks"] == summary.tables["tasks"]  # and then for real


def test_merging_the_same_copy_twice_changes_nothing(tmp_path: Path) -> None:
    a, b = diverge(tmp_path)
    b.merge(a)
    raw, archive = b.path.read_bytes(), archive_files(b.path)
    assert archive and set(archive) == {f"{CLOSED}.json"}

    again = b.merge(a)

    assert not again.changed and again.lines() == ["conflicts: 0"]
    assert b.path.read_bytes() == raw and archive_files(b.path) == archive
    assert b.merge(b.path).lines() == ["conflicts: 0"]  # nor does its own file
    older = tmp_path / "usb" / "older.json"
    older.parent.mkdir()
    shutil.copyfile(tmp_path / "base" / "board.json", older)
    assert not b.merge(older).changed  # nor an older copy of it
    assert b.path.read_bytes() == raw


# ------------------------------------------------------------------ archives


def test_archives_beside_the_copies_are_merged_too(tmp_path: Path) -> None:
    base = make_base(tmp_path / "base" / "board.json", archive=True)
    a, b = Laptop(tmp_path, "A", base), Laptop(tmp_path, "B", base, skew_h=1)
    with part_transaction(a.store, CLOSED) as tx:
        tx.insert("tasks", closed_task("old-a"))
    with part_transaction(b.store, CLOSED) as tx:
        tx.insert("tasks", closed_task("old-b"))
        tx.update("tasks", "old-1", {"note": "补记：已送达"})
    b_before = archive_files(b.path)

    a.merge(b)

    archived = on_disk(part(a.path))
    assert {"old-1", "old-a", "old-b"} <= set(archived)
    assert archived["old-1"]["note"] == "补记：已送达"
    assert not {"old-1", "old-a", "old-b"} & set(on_disk(a.path))  # the live file keeps none
    assert "old-a" not in on_disk(part(b.path))  # B's files are only read
    assert archive_files(b.path) == b_before


def test_an_archive_is_merged_into_a_laptop_that_had_none(tmp_path: Path) -> None:
    """One meta record in the merged archive. (Once two: the laptop without an archive
    made one with a meta record of a new id and merged the other's in beside it, and
    every later merge spread both.)"""
    base = make_base(tmp_path / "base" / "board.json")
    a, b = Laptop(tmp_path, "A", base), Laptop(tmp_path, "B", base)
    with part_transaction(b.store, CLOSED) as tx:
        tx.insert("tasks", closed_task("old-b"))
    assert not archive_dir(a.path).exists()

    a.merge(b)

    assert "old-b" in on_disk(part(a.path))
    assert list(on_disk(part(a.path), "meta")) == [archive_meta_id(a.store.board_id)]


# ------------------------------------------------------------------ conflicts, restore, dismiss


def test_conflicts_json_lists_a_real_conflict_with_lost_and_current_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, lost = concurrent_ticks(tmp_path)

    code, out, _ = run(capsys, "conflicts", "--format", "json", "--db", a.path)

    assert code == 0
    [c] = json.loads(out)
    assert c["id"] in {conflict_id("tasks", "t1", f, lost) for f in ("done_by", "done_at")}
    assert (c["table"], c["record"], c["status"]) == ("tasks", "t1", "open")
    assert (c["lost_stamp"], c["lost_device"]) == (lost, "B")
    # one losing edit: the fields it set that lost, and what applies now instead
    assert c["lost"] == {"done_by": "li", "done_at": b.when.now().isoformat()}
    assert c["current"] == {"done_by": "lead", "done_at": a.when.now().isoformat()}

    code, out, _ = run(capsys, "conflicts", "--db", a.path)
    assert code == 0 and c["id"] in out and "lost 'li'" in out and "(1 conflict(s))" in out


def test_restore_makes_the_lost_version_current_for_a_leader_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, _ = concurrent_ticks(tmp_path)
    [view] = conflicts(a.board)
    before = file_state(a.path)

    code, out, err = run(capsys, "restore", view.id, "--as", "王师傅", "--db", a.path)
    assert code == 1 and "不是组长" in err  # in the UI language (zh by default)
    assert file_state(a.path) == before

    code, out, err = run(capsys, "restore", view.id[:10], "--as", "lead", "--db", a.path)
    assert code == 0, err
    assert "restored the losing version of tasks t1" in out

    t1 = live(a.path, "t1")
    assert (t1["done_by"], t1["done_at"]) == ("li", b.when.now().isoformat())
    board = from_disk(a.path)
    [entry] = [e for e in board.audit() if e.action == "restore"]
    assert (entry.who, entry.table, entry.record) == ("lead", "tasks", "t1")
    assert entry.before == {"done_by": "lead", "done_at": a.when.now().isoformat()}
    assert entry.after == view.lost and entry.reason == f"conflict {view.id}"
    code, out, _ = run(capsys, "conflicts", "--format", "json", "--db", a.path)
    assert json.loads(out) == []
    code, out, _ = run(capsys, "conflicts", "--all", "--format", "json", "--db", a.path)
    assert [c["status"] for c in json.loads(out)] == ["restored"]

    b.merge(a.path)  # B takes the restored version and the closed conflict in
    assert b.task("t1")["done_by"] == "li" and conflicts(b.board) == []
    assert [c.status for c in conflicts(b.board, include_closed=True)] == ["restored"]


def test_dismiss_keeps_the_current_version_and_closes_the_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, _, _ = concurrent_ticks(tmp_path)
    [view] = conflicts(a.board)

    code, out, err = run(capsys, "dismiss", view.id, "--as", "lead", "--db", a.path)

    assert code == 0, err and "conflict closed" in out
    assert live(a.path, "t1")["done_by"] == "lead"
    board = from_disk(a.path)
    assert conflicts(board) == []
    [closed] = conflicts(board, include_closed=True)
    assert closed.status == "dismissed"
    assert {d["resolved_by"] for d in board.store.rows("conflicts")} == {"lead"}
    assert run(capsys, "restore", "c-no-such", "--as", "lead", "--db", a.path)[0] == 1


# ------------------------------------------------------------------ Syncthing conflict copies


def syncthing_pair(tmp_path: Path) -> tuple[Laptop, Path, bytes]:
    """A's folder, and beside its board a conflict copy Syncthing made of B's version."""
    base = make_base(tmp_path / "base" / "board.json")
    a, b = Laptop(tmp_path, "A", base), Laptop(tmp_path, "B", base, skew_h=1)
    b.edit("t1", note="B: 已联系")
    copy = a.folder / SYNC_NAME
    shutil.copyfile(b.path, copy)
    return a, copy, copy.read_bytes()


def test_merge_with_no_file_named_takes_in_syncthing_conflict_copies_and_moves_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, copy, raw = syncthing_pair(tmp_path)
    archive_copy = a.folder / "board.archive.sync-conflict-20220426-101500-7XKQ2M4.json"
    archive_copy.write_bytes(raw)  # the archive's conflict copy is not the board's

    code, out, err = run(capsys, "merge", "--db", a.path, "--as", "lead")

    assert code == 0, err
    assert "merged 1 copy(ies)" in out and f"moved {SYNC_NAME} to board.json.merged/" in out
    assert live(a.path, "t1")["note"] == "B: 已联系"
    assert not copy.exists()
    moved = merged_dir(a.path) / SYNC_NAME
    assert moved.read_bytes() == raw  # moved aside, never deleted
    assert archive_copy.exists()

    code, out, _ = run(capsys, "merge", "--db", a.path, "--as", "lead")
    assert code == 0 and "nothing to do" in out


def test_a_writing_command_takes_in_syncthing_conflict_copies_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, copy, raw = syncthing_pair(tmp_path)

    code, out, err = run(capsys, "done", "t2", "--as", "li", "--db", a.path)

    assert code == 0, err
    assert "merged 1 Syncthing conflict copy(ies)" in err and "1 task(s) now done" in out
    assert live(a.path, "t1")["note"] == "B: 已联系" and live(a.path, "t2")["status"] == "done"
    assert not copy.exists() and (merged_dir(a.path) / SYNC_NAME).read_bytes() == raw


def test_conflict_copies_that_cannot_be_merged_stay_where_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, copy, raw = syncthing_pair(tmp_path)
    half = a.folder / "board.sync-conflict-20220426-101501-7XKQ2M4.json"
    half.write_bytes(raw[: len(raw) // 2])  # still arriving
    other = a.folder / "board.sync-conflict-20220426-101502-7XKQ2M4.json"
    make_base(tmp_path / "other" / "board.json")
    shutil.copyfile(tmp_path / "other" / "board.json", other)  # another board's

    code, out, err = run(capsys, "merge", "--db", a.path, "--as", "lead")

    assert code == 0, err
    assert live(a.path, "t1")["note"] == "B: 已联系"
    assert not copy.exists() and half.exists() and other.exists()
    assert sorted(p.name for p in merged_dir(a.path).iterdir()) == [SYNC_NAME]


def test_dry_run_with_no_file_named_shows_what_merge_would_take_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A conflict copy still arriving is left out of the dry run as ``merge`` leaves it
    out. (Once the dry run passed every conflict copy to merge_copies, which refused the
    whole run, exit 2.)"""
    a, copy, raw = syncthing_pair(tmp_path)
    half = a.folder / "board.sync-conflict-20220426-101501-7XKQ2M4.json"
    half.write_bytes(raw[: len(raw) // 2])  # still arriving
    before = file_state(a.path)

    code, out, err = run(capsys, "merge", "--dry-run", "--db", a.path)

    assert code == 0, err
    assert "would merge 1 copy(ies)" in out and "tasks: 0 added, 1 changed, 0 deleted" in out
    assert "dry run: nothing was written" in out
    assert copy.exists() and half.exists() and file_state(a.path) == before
    assert not merged_dir(a.path).exists()


# ------------------------------------------------------------------ an older copy put over the file


def put_over(older: Path, live_file: Path, how: str) -> None:
    if how == "copy in place":  # cp, shutil.copyfile, most file managers: same inode
        shutil.copyfile(older, live_file)
    else:  # mv, rsync, Syncthing: a new file renamed over it
        tmp = live_file.with_name("incoming.tmp")
        shutil.copyfile(older, tmp)
        os.replace(tmp, live_file)


def done_cli(capsys: pytest.CaptureFixture[str], db: Path, tid: str, runner: str) -> str:
    """``dutyboard done TID --as li``: in this process or as a program of its own."""
    if runner == "main":
        code, out, err = run(capsys, "done", tid, "--as", "li", "--db", db)
    else:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        proc = subprocess.run(
            [sys.executable, "-m", "dutyboard", "done", tid, "--as", "li", "--db", str(db)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        code, err = proc.returncode, proc.stderr
    assert code == 0, err
    return err


@pytest.mark.parametrize("runner", ["main", "program"])
@pytest.mark.parametrize("how", ["copy in place", "renamed over"])
def test_an_older_copy_over_the_file_the_next_done_takes_this_laptops_saves_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str, runner: str
) -> None:
    """t2, saved on this laptop after the older copy was made, comes back. (Once lost
    two ways: copied in place, the older copy also overwrote the hidden
    ``.board.json.saved``, then a hard link to the same inode; renamed over, t2 was taken
    back in memory but not marked unsaved and no "older copy" notice was given.)"""
    db = make_base(tmp_path / "board.json")
    done_cli(capsys, db, "t1", "main")
    older = tmp_path / "usb" / "board.json"
    older.parent.mkdir()
    shutil.copyfile(db, older)  # a copy with t1 done, not yet t2
    done_cli(capsys, db, "t2", "main")
    put_over(older, db, how)
    assert live(db, "t2")["status"] == "open"  # the file lacks this laptop's last save

    err = done_cli(capsys, db, "t3", runner)

    assert [live(db, t)["status"] for t in ("t1", "t2", "t3")] == ["done"] * 3
    assert "older copy" in err


@pytest.mark.parametrize("how", ["copy in place", "renamed over"])
def test_a_long_lived_store_puts_its_saves_back_after_an_older_copy(
    tmp_path: Path, how: str
) -> None:
    base = make_base(tmp_path / "base" / "board.json")
    a = Laptop(tmp_path, "A", base)
    a.tick("t1", "li")
    older = a.save_copy(tmp_path / "usb" / "board.json")
    a.tick("t2", "li")
    put_over(older, a.path, how)
    old_bytes = a.path.read_bytes()

    assert a.board.refresh() is False  # nothing new in that copy ...
    assert a.store.dirty  # ... but it lacks this laptop's saves: the next save puts them back
    assert a.path.read_bytes() == old_bytes  # refresh never writes
    assert a.task("t2")["status"] == "done"

    a.tick("t3", "li")
    assert [live(a.path, t)["status"] for t in ("t1", "t2", "t3")] == ["done"] * 3
    assert not a.store.dirty


def test_a_long_lived_store_saves_back_even_without_a_refresh(tmp_path: Path) -> None:
    base = make_base(tmp_path / "base" / "board.json")
    a = Laptop(tmp_path, "A", base)
    older = a.save_copy(tmp_path / "usb" / "board.json")
    a.tick("t1", "li")
    put_over(older, a.path, "copy in place")

    a.edit("t4", note="只改了备注")

    assert live(a.path, "t1")["status"] == "done" and live(a.path, "t4")["note"] == "只改了备注"


def test_a_long_lived_store_tells_of_the_older_copy(tmp_path: Path) -> None:
    """A running store (the app) that finds the file lost its saves says so, as a store
    being opened does. (Once only opening gave the "copy_over" notice.)"""
    base = make_base(tmp_path / "base" / "board.json")
    a = Laptop(tmp_path, "A", base)
    older = a.save_copy(tmp_path / "usb" / "board.json")
    a.tick("t1", "li")
    put_over(older, a.path, "renamed over")

    a.board.refresh()

    assert a.store.notices == ["copy_over"]


@pytest.mark.parametrize("how", ["long-lived store", "next done"])
def test_another_laptops_copy_put_over_the_file_keeps_this_laptops_losing_edit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    """B's board file is replaced by A's copy (README: "a copy from a USB stick"); B's
    own tick of t1 lost to A's concurrent one. It must be kept as a conflict, as
    ``dutyboard merge`` would. (Once the reload-before-write and the take-back on
    opening merged with no conflict list: B's tick was replaced without a trace, and
    B's version vector then claimed it seen, so no later merge found it either.)"""
    base = make_base(tmp_path / "base" / "board.json")
    a, b = Laptop(tmp_path, "A", base), Laptop(tmp_path, "B", base, skew_h=-1)
    a.tick("t1", "lead")
    lost = b.tick("t1", "li")
    put_over(a.path, b.path, "renamed over")

    if how == "long-lived store":
        b.edit("t4", note="B 还在用")
    else:
        done_cli(capsys, b.path, "t4", "main")
    board = from_disk(b.path)
    assert board.store.get("tasks", "t1")["done_by"] == "lead"
    views = conflicts(board)
    assert [(v.record, v.stamp, v.lost.get("done_by")) for v in views] == [("t1", lost, "li")]
