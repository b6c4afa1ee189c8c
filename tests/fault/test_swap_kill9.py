"""kill -9 of a real process in the middle of a day swap leaves the old day or the new
one, never a mix, and the archive consistent with whichever it is.

The swap writes the archive first, then the live file in one atomic save; the live
file decides which day the board is on. A survivor on the old day is exactly the old
live file (and running the swap again completes it); a survivor on the new day has
every record the swap makes, and the archive holds the closed day.
"""

from __future__ import annotations

import os
import random
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
from dutyboard.storage.board_bytes import archive_path, shadow_path
from dutyboard.storage.clock import FixedClock

from .conftest import writer_env

SWAPPER = Path(__file__).with_name("swapper.py")
DAY = pendulum.date(2022, 4, 26)
NOW = "2022-04-27T06:10:00+08:00"
KILLS = 40
SEED = 20220427


def exact(path: Path) -> bytes:
    return path.read_bytes()


def fields(board_or_store: Any) -> dict[str, dict[str, dict[str, Any]]]:
    """Every record's fields without stamps, by table and id; the audit log is left out
    (its entries get random ids) and so is the swap's snapshot."""
    store = getattr(board_or_store, "store", board_or_store)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for name in store._data:
        if name == "audit":
            continue
        out[name] = {
            d["id"]: {k: v for k, v in d.items() if not k.startswith("_")}
            for d in store.table(name).values()
        }
    return out


def restore(template: Path, live: Path) -> None:
    for name in os.listdir(live.parent):
        target = live.parent / name
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
    shutil.copyfile(template, live)
    shutil.copyfile(archive_path(template), archive_path(live))
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
def boards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], Any]:
    """The template board and the reference result of a swap made without a crash."""
    root = tmp_path_factory.mktemp("swapkill")
    template = root / "template" / "board.json"
    template.parent.mkdir()
    clock = FixedClock(pendulum.parse(NOW))  # type: ignore[arg-type]
    build_demo(template, date=DAY, seed=2022, clock=clock, device_id="demo")
    ref_path = root / "ref" / "board.json"
    ref_path.parent.mkdir()
    restore(template, ref_path)
    ref = Board.open(ref_path, clock, device_id="ref")
    leader = sorted((v for v in ref.volunteers() if v.is_leader), key=lambda v: v.name)[0]
    swap.swap(ref, leader)
    return template, fields(ref), fields(ref.store.archive())


def check_survivor(
    live: Path, template: Path, ref_live: dict[str, Any], ref_archive: dict[str, Any]
) -> str:
    """'old' or 'new'; raises AssertionError for anything in between."""
    clock = FixedClock(pendulum.parse(NOW))  # type: ignore[arg-type]
    board = Board.open(live, clock, device_id="check")
    archive = fields(board.store.archive())
    if board.today == DAY:
        assert exact(live) == exact(template), "old day, but the live file changed"
        tables = fields(board)
        for name, recs in archive.items():  # whatever reached the archive is the swap's
            for rid in recs:
                if name != "meta" and rid not in fields_of_template_archive(template)[name]:
                    assert rid in tables.get(name, {}), f"archive has a stray {name} {rid}"
        # Running the swap again completes it, equal to the reference.
        leader = sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]
        swap.swap(board, leader)
        assert fields(board) == ref_live
        assert _no_meta(fields(board.store.archive())) == _no_meta(ref_archive)
        return "old"
    assert board.today == DAY.add(days=1), board.today
    assert fields(board) == ref_live, "new day, but not the swap's records"
    assert _no_meta(archive) == _no_meta(ref_archive), "new day, archive incomplete"
    return "new"


_template_archive: dict[Path, dict[str, Any]] = {}


def fields_of_template_archive(template: Path) -> dict[str, Any]:
    if template not in _template_archive:
        from dutyboard.storage.store import BoardStore

        store = BoardStore.open(archive_path(template), device="t")
        _template_archive[template] = fields(store)
    return _template_archive[template]


def _no_meta(tables: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in tables.items() if k != "meta"}


def test_kill9_right_after_the_archive_is_written(
    tmp_path: Path, boards: tuple[Path, dict[str, Any], Any]
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
    assert exact(archive_path(live)) != exact(archive_path(template))
    assert check_survivor(live, template, ref_live, ref_archive) == "old"


@pytest.mark.slow
def test_many_kill9_during_a_swap_leave_the_old_day_or_the_new(
    tmp_path: Path, boards: tuple[Path, dict[str, Any], Any]
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
        archive_changed = exact(archive_path(live)) != exact(archive_path(template))
        state = check_survivor(live, template, ref_live, ref_archive)
        seen[state] += 1
        seen[f"{state}, archive written"] += archive_changed
    print(f"\n{KILLS} kills during a {took * 1000:.0f} ms swap: {dict(seen)}")
    assert seen["old"] + seen["new"] == KILLS
    assert seen["old"] and seen["new"], "the kills should land on both sides of the save"
