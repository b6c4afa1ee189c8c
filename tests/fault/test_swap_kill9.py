"""kill -9 of a real process in the middle of a day swap leaves the old day or the new
one, never a mix, and the archive consistent with whichever it is.

The swap writes the archive's parts first (the part of the closed day, and of an older
day for a record that came back late), each in one atomic save, then the live file in
one atomic save; the live file decides which day the board is on. A survivor on the
old day is exactly the old live file, whatever reached the parts is the swap's and
nothing of the parts before it is lost (and running the swap again completes it); a
survivor on the new day has every record the swap makes, each part holds what the
swap puts in it, and no record is in two parts or both live and archived.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pendulum
import pytest

from dutyboard.core import swap
from dutyboard.core.board import Board
from dutyboard.demo.board import build_demo
from dutyboard.storage.archive_parts import PART_NAME
from dutyboard.storage.board_bytes import archive_dir, shadow_path
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.store import BoardStore

from .conftest import writer_env

SWAPPER = Path(__file__).with_name("swapper.py")
DAY = pendulum.date(2022, 4, 26)
NOW = "2022-04-27T06:10:00+08:00"
KILLS = 40
SEED = 20220427
Fields = dict[str, dict[str, dict[str, Any]]]


def exact(path: Path) -> bytes:
    return path.read_bytes()


def _fields_of(store: BoardStore, into: Fields, part: str | None = None) -> Fields:
    for name in store._data:
        if name == "audit" or (part is not None and name == "meta"):
            continue
        table = into.setdefault(name, {})
        for d in store.table(name).values():
            assert d["id"] not in table, f"{name} {d['id']} is in two parts"
            table[d["id"]] = {k: v for k, v in d.items() if not k.startswith("_")}
            if part is not None:
                table[d["id"]]["_part"] = part  # the part it is in counts too
    return into


def fields(board_or_store: Any) -> Fields:
    """Every record's fields without stamps, by table and id; the audit log is left out
    (its entries get random ids) and so is the swap's snapshot."""
    return _fields_of(getattr(board_or_store, "store", board_or_store), {})


def archive_fields(board_or_store: Any) -> Fields:
    """``fields`` of every part of a live board's archive as reopened, each record with
    the day of its part (``_part``); fails on a record found in two parts. The parts'
    meta is left out (the same record in every part)."""
    archive = getattr(board_or_store, "store", board_or_store).archive()
    out: Fields = {}
    for day in archive.days():
        part = archive.part(day)
        assert part is not None, day
        _fields_of(part, out, day)
    return out


def part_files(live: Path) -> dict[str, Path]:
    folder = archive_dir(live)
    if not folder.is_dir():
        return {}
    return {n: folder / n for n in sorted(os.listdir(folder)) if PART_NAME.fullmatch(n)}


def part_bytes(live: Path) -> dict[str, bytes]:
    return {n: p.read_bytes() for n, p in part_files(live).items()}


def disk_archive_fields(live: Path) -> Fields:
    """``archive_fields`` of the parts on disk beside ``live``, each opened on its own."""
    out: Fields = {}
    for name, p in part_files(live).items():
        _fields_of(BoardStore.open(p, device="t"), out, name.removesuffix(".json"))
    return out


def restore(template: Path, live: Path) -> None:
    """The template board and its parts at ``live`` (an empty folder but for them),
    without the shadows of this laptop's saves (as another laptop's copy)."""
    for name in os.listdir(live.parent):
        target = live.parent / name
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
    shutil.copyfile(template, live)
    parts = part_files(template)
    if parts:
        archive_dir(live).mkdir(mode=0o700)
    for name, p in parts.items():
        shutil.copyfile(p, archive_dir(live) / name)
    shadow_path(live).unlink(missing_ok=True)


def start(live: Path, mode: str) -> subprocess.Popen[str]:
    env = writer_env()
    env["DUTYBOARD_NOW"] = NOW
    return subprocess.Popen(
        [sys.executable, str(SWAPPER), str(live), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.fixture(scope="module")
def boards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Fields, Fields]:
    """The template board and the reference result of a swap made without a crash."""
    root = tmp_path_factory.mktemp("swapkill")
    template = root / "template" / "board.json"
    template.parent.mkdir()
    clock = FixedClock(pendulum.parse(NOW))  # type: ignore[arg-type]
    build_demo(template, date=DAY, seed=2022, clock=clock, device_id="demo")
    assert part_files(template), "the demo has closed days in parts"
    ref_path = root / "ref" / "board.json"
    ref_path.parent.mkdir()
    restore(template, ref_path)
    ref = Board.open(ref_path, clock, device_id="ref")
    leader = sorted((v for v in ref.volunteers() if v.is_leader), key=lambda v: v.name)[0]
    swap.swap(ref, leader)
    ref_archive = archive_fields(ref)
    assert ref_archive == disk_archive_fields(ref_path)
    assert any(d["_part"] == DAY.isoformat() for t in ref_archive.values() for d in t.values())
    return template, fields(ref), ref_archive


def once(board: Board, archive: Fields) -> None:
    """No record (but the meta) both in the live file and in a part."""
    live = fields(board)
    for name, recs in archive.items():
        both = set(recs) & set(live.get(name, {}))
        assert not both, f"{name} both live and archived: {sorted(both)[:3]}"


def check_survivor(live: Path, template: Path, ref_live: Fields, ref_archive: Fields) -> str:
    """'old' or 'new'; raises AssertionError for anything in between."""
    clock = FixedClock(pendulum.parse(NOW))  # type: ignore[arg-type]
    board = Board.open(live, clock, device_id="check")
    archive = archive_fields(board)  # every part readable, no record in two
    if board.today == DAY:
        assert exact(live) == exact(template), "old day, but the live file changed"
        tables = fields(board)
        before = fields_of_template_archive(template)
        for name, recs in before.items():  # nothing of the parts before is lost
            for rid, doc in recs.items():
                assert archive.get(name, {}).get(rid) == doc, f"{name} {rid} lost or changed"
        for name, recs in archive.items():  # whatever reached the parts is the swap's
            for rid, doc in recs.items():
                if rid not in before.get(name, {}):
                    assert rid in tables.get(name, {}), f"archive has a stray {name} {rid}"
                    assert ref_archive[name][rid]["_part"] == doc["_part"], (name, rid)
        # Running the swap again completes it, equal to the reference.
        leader = sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]
        swap.swap(board, leader)
        assert fields(board) == ref_live
        assert archive_fields(board) == ref_archive
        reopened = Board.open(live, clock, device_id="check")
        assert fields(reopened) == ref_live and archive_fields(reopened) == ref_archive
        once(reopened, ref_archive)
        return "old"
    assert board.today == DAY.add(days=1), board.today
    assert fields(board) == ref_live, "new day, but not the swap's records"
    assert archive == ref_archive, "new day, archive incomplete"
    once(board, archive)
    return "new"


_template_archive: dict[Path, Fields] = {}


def fields_of_template_archive(template: Path) -> Fields:
    if template not in _template_archive:
        _template_archive[template] = disk_archive_fields(template)
    return _template_archive[template]


def test_kill9_right_after_the_archive_is_written(
    tmp_path: Path, boards: tuple[Path, Fields, Fields]
) -> None:
    template, ref_live, ref_archive = boards
    live = tmp_path / "live" / "board.json"
    live.parent.mkdir()
    restore(template, live)
    proc = start(live, "crash-after-archive")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, f"{out}\n{err}"
    assert "OPENED" in out and "SWAPPED" not in out
    assert exact(live) == exact(template)
    # The closed day's part is written (a new one); the parts before it are as they were.
    closed = f"{DAY.isoformat()}.json"
    before, after = part_bytes(template), part_bytes(live)
    assert closed not in before and closed in after
    written = {n for n, b in after.items() if before.get(n) != b}
    assert closed in written and set(before) <= set(after)
    assert check_survivor(live, template, ref_live, ref_archive) == "old"


def _ops(out: str) -> int:
    m = re.search(r"^OPS (\d+)$", out, re.M)
    assert m is not None, out
    return int(m.group(1))


@pytest.mark.slow
def test_kill9_before_each_file_operation_of_a_swap(
    tmp_path: Path, boards: tuple[Path, Fields, Fields]
) -> None:
    """A kill right before every single write, fsync, rename, link, unlink or mkdir the
    swap makes, in turn: each leaves the old day or the new, never a mix."""
    template, ref_live, ref_archive = boards
    live = tmp_path / "live" / "board.json"
    live.parent.mkdir()
    restore(template, live)
    proc = start(live, "count")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    ops = _ops(out)
    assert ops > 5, out
    assert check_survivor(live, template, ref_live, ref_archive) == "new"
    seen: Counter[str] = Counter()
    n = 0
    while True:  # the count may differ by a step or two (folders made once): to the end
        n += 1
        assert n <= ops + 10, "the swap should end"
        restore(template, live)
        proc = start(live, f"kill-at-{n}")
        out, err = proc.communicate(timeout=60)
        assert "OPENED" in out, err
        if proc.returncode == 0:  # the swap made fewer operations: it ran to its end
            assert "SWAPPED" in out
            assert check_survivor(live, template, ref_live, ref_archive) == "new"
            break
        assert proc.returncode == -signal.SIGKILL, f"op {n}: {out}\n{err}"
        assert "SWAPPED" not in out
        seen[check_survivor(live, template, ref_live, ref_archive)] += 1
    assert n > ops - 3, (n, ops)
    print(f"\nkills before each of {ops} file operations of a swap: {dict(seen)}")
    assert seen["old"] and seen["new"], "the kills should land on both sides of the save"


@pytest.mark.slow
def test_many_kill9_during_a_swap_leave_the_old_day_or_the_new(
    tmp_path: Path, boards: tuple[Path, Fields, Fields]
) -> None:
    template, ref_live, ref_archive = boards
    live = tmp_path / "live" / "board.json"
    live.parent.mkdir()
    # How long a swap takes once the board is open, to spread the kills over it.
    restore(template, live)
    proc = start(live, "run")
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("OPENED")
    t0 = time.perf_counter()
    assert proc.stdout.readline().startswith("SWAPPED")
    took = time.perf_counter() - t0
    proc.wait(timeout=30)
    rng = random.Random(SEED)
    seen: Counter[str] = Counter()
    for _ in range(KILLS):
        restore(template, live)
        proc = start(live, "run")
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("OPENED")
        time.sleep(rng.uniform(0, took * 1.3))  # the sleep is the point: a random kill time
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
        archive_changed = part_bytes(live) != part_bytes(template)
        state = check_survivor(live, template, ref_live, ref_archive)
        seen[state] += 1
        seen[f"{state}, archive written"] += archive_changed
    print(f"\n{KILLS} kills during a {took * 1000:.0f} ms swap: {dict(seen)}")
    assert seen["old"] + seen["new"] == KILLS
    assert seen["old"] and seen["new"], "the kills should land on both sides of the save"
