"""Two laptops, one board, a Syncthing folder between them: real daemons, real processes.

Laptop A and laptop B each run their own Syncthing (folder A and folder B, on loopback)
and their own dutyboard (their own DUTYBOARD_HOME, so their own device id). A demo
board made on A reaches B unchanged. Then, at the same instant, A ticks task 1 and
task 3 and B ticks task 2 and task 3 as someone else: Syncthing sees two concurrent
changes of board.json and keeps the loser as a ``board.sync-conflict-*.json`` copy.
Each laptop merges such copies as they appear (as the running app does), until both
folders hold the same board: both ticks of tasks 1 and 2 are there, and the two ticks
of task 3 are one recorded conflict, on both laptops.

The ``.stignore`` written in both folders is the one the README recommends; the test
checks that Syncthing takes it without complaint and that it keeps each laptop's lock,
temp, saved-copy, backup and merged files out of the synced folder.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

from dutyboard.core.merge import conflict_copies, merged_dir
from dutyboard.storage.board_bytes import archive_dir, parse_board_bytes
from dutyboard.storage.errors import BoardFileError
from tests.waiting import wait_until

from .syncthing import POLL_S, Daemon, syncthing_pair

REPO = Path(__file__).resolve().parents[2]
FOLDER = "dutyboard"
DAY = "2022-04-26"
SYNC_TIMEOUT_S = 60.0
SETTLE_TIMEOUT_S = 90.0

# The README's .stignore lines, verbatim: what one laptop keeps for itself (the lock,
# temp files, its last save, backups, merged conflict copies), for any board name.
STIGNORE = """\
// dutyboard: lock, temp files, this laptop's last save, backups, merged copies
*.lock
.*.tmp-*
.*.saved
*.backups
*.merged
"""
IGNORE_LINES = [x for x in STIGNORE.splitlines() if not x.startswith("//")]


def test_the_readme_recommends_the_stignore_tested_here() -> None:
    lines = [x.strip() for x in (REPO / "README.md").read_text(encoding="utf-8").splitlines()]
    want = STIGNORE.splitlines()
    assert any(lines[i : i + len(want)] == want for i in range(len(lines))), (
        "README.md's .stignore lines differ from the ones tests/sync/test_syncthing.py "
        "gives Syncthing; change both together"
    )


@dataclass
class Laptop:
    """One side: its Syncthing daemon, its folder and its own dutyboard user folder."""

    name: str
    daemon: Daemon
    home: Path  # DUTYBOARD_HOME: this laptop's device id
    now: str  # DUTYBOARD_NOW: what this laptop's clock says

    @property
    def board(self) -> Path:
        return self.daemon.folder / "board.json"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "DUTYBOARD_DB"}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
        env["DUTYBOARD_HOME"] = str(self.home)
        env["DUTYBOARD_NOW"] = self.now
        env["DUTYBOARD_LANG"] = "en"
        return env

    def popen(self, *args: str) -> subprocess.Popen[str]:
        self.home.mkdir(exist_ok=True)
        return subprocess.Popen(
            [sys.executable, "-m", "dutyboard", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env(),
            cwd=self.home,
        )

    def call(self, *args: str) -> tuple[str, str]:
        """Run dutyboard to the end; it must succeed. Returns (stdout, stderr)."""
        proc = self.popen(*args)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, f"laptop {self.name}: dutyboard {args} -> {err}"
        return out, err

    def run(self, *args: str) -> str:
        return self.call(*args)[0]

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--db", str(self.board), "--format", "json"))

    @property
    def device_id(self) -> str:
        return (self.home / "device_id").read_text(encoding="utf-8").strip()


def canonical(path: Path) -> dict[str, bytes]:
    """Every table of a board file as canonical JSON, records keyed by id (not file slot)."""
    data = parse_board_bytes(path.read_bytes(), path)
    return {
        name: orjson.dumps({d["id"]: d for d in table.values()}, option=orjson.OPT_SORT_KEYS)
        for name, table in sorted(data.items())
    }


def same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.read_bytes() == b.read_bytes()
    except FileNotFoundError:
        return False


def parts(board: Path) -> dict[str, bytes]:
    """The archive's parts beside ``board`` (NAME.archive/DAY.json), by name."""
    folder = archive_dir(board)
    try:
        names = sorted(n for n in os.listdir(folder) if re.fullmatch(r"\d{4}-\d{2}-\d{2}\.json", n))
        return {n: (folder / n).read_bytes() for n in names}
    except OSError:
        return {}


def same_archive(a: Path, b: Path) -> bool:
    """Every part of the archive, by name and byte for byte (and there are parts)."""
    found = parts(a)
    return bool(found) and found == parts(b)


def in_sync(a: Laptop, b: Laptop) -> bool:
    return a.daemon.in_sync_with(b.daemon, FOLDER) and b.daemon.in_sync_with(a.daemon, FOLDER)


def same_board(a: Laptop, b: Laptop) -> bool:
    try:
        return canonical(a.board) == canonical(b.board)
    except (OSError, BoardFileError):  # being replaced right now: not settled yet
        return False


def board_id(path: Path) -> str:
    meta = parse_board_bytes(path.read_bytes(), path)["meta"]
    return str(next(iter(meta.values()))["board_id"])


@pytest.mark.slow
def test_two_laptops_sync_ticks_and_a_concurrent_tick_becomes_one_conflict(
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    with syncthing_pair(tmp_path, FOLDER, stignore=STIGNORE) as (daemon_a, daemon_b):
        a = Laptop("A", daemon_a, tmp_path / "laptop-A", f"{DAY}T09:30:00+08:00")
        # B's clock is 65 s ahead, with milliseconds: its ticks differ from A's in
        # done_at, so the two saves differ in size too (SYNCTHING.md: same-size writes in
        # the same second are retried only after a minute).
        b = Laptop("B", daemon_b, tmp_path / "laptop-B", f"{DAY}T09:31:05.250+08:00")

        # 1. A demo board made on laptop A reaches laptop B byte for byte.
        a.run("demo", str(a.board), "--date", DAY)
        wait_until(
            lambda: (
                same_bytes(a.board, b.board) and same_archive(a.board, b.board) and in_sync(a, b)
            ),
            what="the demo board (and every part of its archive) to reach folder B byte for byte",
            timeout=SYNC_TIMEOUT_S,
            interval=POLL_S,
        )
        # This laptop's own side files of the parts (last saves, locks) stayed on A.
        assert any(n.endswith(".saved") for n in os.listdir(archive_dir(a.board)))
        assert [n for n in os.listdir(archive_dir(b.board)) if not n.endswith(".json")] == []
        open_tasks = b.json("tasks", "--date", DAY, "--status", "open")
        t1, t2, t3 = open_tasks[:3]
        people = list(orjson.loads(b.board.read_bytes())["volunteers"].values())
        pa, pb = people[0], people[1]
        lead = next(p for p in people if p.get("role") == "leader")  # merge is a leader's
        assert a.device_id != b.device_id, "each laptop must have its own device id"

        # 2. At the same instant: A ticks tasks 1 and 3, B ticks tasks 2 and 3.
        procs = [
            a.popen("done", t1["code"], t3["code"], "--db", str(a.board), "--as", pa["id"]),
            b.popen("done", t2["code"], t3["code"], "--db", str(b.board), "--as", pb["id"]),
        ]
        exited: dict[str, float] = {}

        def saved() -> bool:
            for lap, proc in zip((a, b), procs, strict=True):
                if lap.name not in exited and proc.poll() is not None:
                    exited[lap.name] = time.monotonic()
            return len(exited) == 2

        wait_until(saved, what="both ticks to be saved", timeout=60, interval=0.005)
        apart = abs(exited["A"] - exited["B"])
        # Syncthing notices a change a second after it (fsWatcherDelayS=1): saves further
        # apart than that could reach it one after the other, which is no conflict.
        assert apart < 1.0, f"the two ticks ended {apart:.2f} s apart, not at the same instant"
        for lap, proc in zip((a, b), procs, strict=True):
            out, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, f"laptop {lap.name}: done -> {err}"
            assert out.startswith("2 task(s) now done"), out
        # Both daemons look now rather than after their watcher's delay.
        daemon_a.scan(FOLDER)
        daemon_b.scan(FOLDER)

        # 3. Like the running app: merge conflict copies as they appear, until settled.
        seen: set[str] = set()
        merges: list[str] = []

        def settled() -> bool:
            for lap in (a, b):
                copies = conflict_copies(lap.board)
                if copies:
                    seen.update(p.name for p in copies)
                    out, err = lap.call("merge", "--db", str(lap.board), "--as", lead["id"])
                    merges.append(f"{lap.name}: {out}{err}")
                    return False
            return bool(seen) and same_board(a, b) and in_sync(a, b)

        def progress() -> str:
            return (
                f"conflict copies seen: {sorted(seen)}\nmerges: {merges}\n"
                f"{daemon_a.log_tail(15)}\n{daemon_b.log_tail(15)}"
            )

        wait_until(
            settled,
            what="Syncthing's conflict copy, its merge on each side and one board in both folders",
            timeout=SETTLE_TIMEOUT_S,
            interval=POLL_S,
            detail=progress,
        )
        settled_after = time.monotonic() - started

        # Both folders hold the same board, table by table, and the very same bytes.
        assert canonical(a.board) == canonical(b.board)
        assert a.board.read_bytes() == b.board.read_bytes()
        assert same_archive(a.board, b.board)  # the ticks were today's: no part changed
        for lap in (a, b):
            assert conflict_copies(lap.board) == [], f"{lap.name}: a conflict copy is left"

        # Every tick is there, on both laptops.
        views = {lap.name: lap.json("tasks", "--date", DAY) for lap in (a, b)}
        assert views["A"] == views["B"]
        by_id = {t["id"]: t for t in views["A"]}
        assert by_id[t1["id"]]["status"] == "done" and by_id[t1["id"]]["done_by_id"] == pa["id"]
        assert by_id[t2["id"]]["status"] == "done" and by_id[t2["id"]]["done_by_id"] == pb["id"]
        assert by_id[t3["id"]]["status"] == "done"
        winner = by_id[t3["id"]]["done_by_id"]
        assert winner in (pa["id"], pb["id"])
        loser = pb["id"] if winner == pa["id"] else pa["id"]

        # The concurrent tick of task 3 is one recorded conflict, the same on both laptops.
        found = {lap.name: lap.json("conflicts") for lap in (a, b)}
        assert found["A"] == found["B"], found
        assert len(found["A"]) == 1, (
            f"the concurrent ticks of task 3 should be one conflict, found {found['A']}; "
            "merges:\n" + "".join(merges)
        )
        conflict = found["A"][0]
        assert (conflict["table"], conflict["record"], conflict["status"]) == (
            "tasks",
            t3["id"],
            "open",
        )
        assert conflict["lost"]["done_by"] == loser
        assert conflict["current"]["done_by"] == winner
        assert conflict["lost_device"] in (a.device_id, b.device_id)

        # Each conflict copy was merged and then kept in NAME.merged/, never deleted.
        kept: dict[str, Path] = {}
        for lap in (a, b):
            folder = merged_dir(lap.board)
            if folder.is_dir():
                kept.update({p.name: p for p in folder.iterdir()})
        assert seen <= set(kept), (sorted(seen), sorted(kept))
        assert all(board_id(path) == board_id(a.board) for path in kept.values())

        # The .stignore: taken without complaint, and nothing of one laptop travelled.
        for d in (daemon_a, daemon_b):
            ignores = d.get("/rest/db/ignores", folder=FOLDER)
            assert ignores.get("error") in (None, ""), ignores
            assert [x for x in ignores["ignore"] if not x.startswith("//")] == IGNORE_LINES
            complaints = [x for x in d.log_text().splitlines() if re.search("(?i)ignor", x)]
            assert complaints == [], f"syncthing {d.name} on the .stignore: {complaints}"
            assert d.global_names(FOLDER) == ["board.archive", "board.json"]
        for lap in (a, b):
            here = set(os.listdir(lap.board.parent))
            assert {"board.json.lock", ".board.json.saved", "board.json.backups"} <= here, here
        print(
            f"\nticks {apart * 1000:.0f} ms apart; settled {settled_after:.1f} s after start; "
            f"conflict copies {sorted(seen)}; merges:\n" + "".join(merges)
        )

    # Both daemons were stopped, by pid, with every process they ran.
    for d in (daemon_a, daemon_b):
        assert d.proc is not None and d.proc.returncode is not None
        assert d.alive_pids() == set(), f"syncthing {d.name} still runs: {d.alive_pids()}"
