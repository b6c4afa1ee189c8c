"""The app's part of the benchmark (run by tests/bench/run.py).

* First full paint of Today: a fresh process per run, from just before it is spawned
  to Textual's Ready event (the DOM is ready and the first frame has been displayed),
  against a bare Textual app that shows one static line, measured the same way in the
  same run. Medians of RUNS runs; the ratio is what to quote. Both run as on a
  second launch: one untimed run each first, with Python's bytecode cache on (in the
  bench's folder), as it is for anyone who has opened the app before. Without it, an
  editable install under PYTHONDONTWRITEBYTECODE (as in CI) compiles all of dutyboard
  on every start, about 30 ms that a user never pays twice.
* Keypress to durable tick: in one app at seed scale, space on a delivery row until
  the worker has saved it to disk (the store has nothing unsaved).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pendulum

from dutyboard.demo.board import build_demo

ROOT = Path(__file__).resolve().parents[2]
NOW = "2022-04-26T09:30:00+08:00"
# Interleaved starts of each app per board. With 21 the ratio of medians moved by
# about ±0.1 between runs of the same code on the 2-core development machine.
RUNS = 31

_BARE = """
import sys, time
t0 = float(sys.argv[1])
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("dutyboard")
    def on_ready(self):
        print(time.time() - t0, flush=True)
        self.exit()

Bare().run(headless=True, size=(120, 40))
"""

# The way ``dutyboard`` starts (dutyboard/start.py: the cyclic GC paused first,
# dutyboard/startup.py) and
# opens the board and its app (tui/launch.py), with a fixed clock and a shift leader
# at the keyboard (given by id). dutyboard is imported before pendulum, as the command
# does (see dutyboard/lazy_dateutil.py).
_OURS = """
import sys, time
t0 = float(sys.argv[1])
from dutyboard.startup import pause
pause()
from pathlib import Path
from dutyboard.storage.clock import FixedClock
from dutyboard.tui.launch import LaunchedApp, open_app
import pendulum

class Timed(LaunchedApp):
    def on_ready(self):
        super().on_ready()
        print(time.time() - t0, flush=True)
        self.exit()

clock = FixedClock(pendulum.parse(sys.argv[3]))
app = open_app(Path(sys.argv[2]), who=sys.argv[4], lang="zh", clock=clock, app_class=Timed)
app.run(headless=True, size=(120, 40))
"""


def _first_paint(code: str, *args: str, cache: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(cache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", code, repr(t0), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"first-paint run failed: {proc.stderr[-2000:]}")
    return float(proc.stdout.strip().splitlines()[-1]) * 1000


def first_paint(board: Path) -> tuple[float, float]:
    from dutyboard.core.board import Board

    leader = next(v for v in Board.open(board).volunteers() if v.is_leader).id
    cache = board.parent / "pycache"
    _first_paint(_BARE, cache=cache)  # warm-up: fills the bytecode cache
    _first_paint(_OURS, str(board), NOW, leader, cache=cache)
    bare, ours = [], []
    for _ in range(RUNS):  # interleaved, so load on the machine hits both alike
        bare.append(_first_paint(_BARE, cache=cache))
        ours.append(_first_paint(_OURS, str(board), NOW, leader, cache=cache))
    return statistics.median(bare), statistics.median(ours)


async def _ticks(board_path: Path, n: int) -> list[float]:
    from textual.widgets import DataTable

    from dutyboard.core.board import Board
    from dutyboard.storage.clock import FixedClock
    from dutyboard.tui.app import DutyboardApp
    from dutyboard.tui.deliveries import DeliveriesPane

    at = pendulum.parse(NOW)
    assert isinstance(at, pendulum.DateTime)
    clock = FixedClock(at)
    board = Board.open(board_path, clock)
    who = next(v for v in board.volunteers() if v.is_leader)
    app = DutyboardApp(board, clock, who=who, lang="zh", watch_interval=3600)
    out: list[float] = []
    saved: list[float] = []
    # The moment a save is on disk, taken in the worker thread that wrote it.
    board.store.on_change.append(lambda: saved.append(time.perf_counter()))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        pane = app.query_one(DeliveriesPane)
        pane.query_one(DataTable).focus()
        await pilot.pause()
        for _ in range(n):
            saved.clear()
            t0 = time.perf_counter()
            await pilot.press("space")
            while not saved or board.store.dirty or app.saves.busy:
                await asyncio.sleep(0.0005)
            out.append((saved[0] - t0) * 1000)
    return out


def run(folder: Path) -> dict[str, Any]:
    day = pendulum.date(2022, 4, 26)
    seed = folder / "tui-seed.json"
    town = folder / "tui-town.json"
    build_demo(seed, date=day, seed=2022, days=7)
    build_demo(town, date=day, seed=2022, households=5000, volunteers=500, days=0)
    bare_s, ours_s = first_paint(seed)
    bare_t, ours_t = first_paint(town)
    ticks = asyncio.run(_ticks(seed, 100))
    ticks.sort()
    return {
        "tui.bare.first_paint_ms": bare_s,
        "tui.seed.first_paint_ms": ours_s,
        "tui.seed.first_paint_ratio": ours_s / bare_s,
        "tui.town.bare_first_paint_ms": bare_t,
        "tui.town.first_paint_ms": ours_t,
        "tui.town.first_paint_ratio": ours_t / bare_t,
        "tui.seed.tick_p50_ms": statistics.median(ticks),
        "tui.seed.tick_p95_ms": ticks[round(0.95 * (len(ticks) - 1))],
        "tui.seed.ticks": len(ticks),
    }
