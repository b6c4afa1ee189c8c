"""dutyboard benchmark: compares with a baseline measured in the same run.

Not part of the test suite. Prints a table, or one JSON object with ``--json``.

store: builds boards at seed scale (the demo, 30 days of history) and at town scale
(5,000 households, 500 volunteers, 90 days) and measures, on the same data:
  * tick-to-durable latency of dutyboard's store (Board.tick: the task update and its
    audit entry in one locked, fsynced, atomic save), p50 and p95;
  * stock TinyDB (JSONStorage, default settings) doing the same change on a copy of the
    same live file: the task update and the audit insert (two calls: stock TinyDB has
    no transactions), and, for reference, the update alone;
  * the time to open the board (read, parse, build the views the app needs);
  * the live file's size.

archive (tests/bench/archive_bench.py): history at town scale, the archive in parts
(this tree) side by side with the single archive file (the newest commit of board
format 1, exported into the temp folder), same seed, each side built by its own code;
every query in a fresh process, old and new interleaved, medians:
  * ``archive.town.household_history_ms``: a household's page with its history
    (target <= 200 ms), and ``household_history_cold_ms``: the first one on a laptop
    with no index yet;
  * ``archive.town.days_in_a_row_ms``: fair share, days in a row (<= 300 ms), and
    ``tomorrow_warnings_ms``: the Tomorrow tab's days-in-a-row warnings;
  * ``archive.town.closed_day_ms``: a closed day five days back (<= 300 ms);
  * ``archive.town.swap_ms``: the day swap on a fresh copy (<= 1,000 ms);
  * ``archive.town.<query>.peak_rss_mb``: each query process's peak RSS (<= 300 MB);
  * ``archive.town.largest_part_bytes``, ``parts``, ``single_file_bytes``;
  * the same under ``archive.town.single.``, and ``<query>_vs_single`` (new / old).
``--archive-scale 500,50,30`` tries it small first (default 5000,500,90).

These machines are noisy: medians and ratios measured in one run are what to quote.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402
import pendulum  # noqa: E402

from dutyboard.core.board import Board  # noqa: E402
from dutyboard.demo.board import build_demo  # noqa: E402
from dutyboard.storage.clock import FixedClock  # noqa: E402

DAY = pendulum.date(2022, 4, 26)
NOW = pendulum.datetime(2022, 4, 26, 10, 0, tz="Asia/Shanghai")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def stock_ticks(path: Path, tasks: list[Any], who_id: str, *, audit: bool) -> list[float]:
    """Stock TinyDB (default JSONStorage) making a tick's change: the task update and,
    with ``audit``, the audit entry (a second call: stock TinyDB has no transactions)."""
    from tinydb import TinyDB

    db = TinyDB(str(path))
    tasks_t, audit_t = db.table("tasks"), db.table("audit")
    keys = {d["id"]: d.doc_id for d in tasks_t.all()}
    out = []
    for t in tasks:
        change = {"status": "done", "done_by": who_id, "done_at": NOW.isoformat()}
        entry = {
            "at": NOW.isoformat(),
            "who": who_id,
            "action": "done",
            "record": t.id,
            "before": {"status": "open"},
            "after": change,
        }
        key = keys[t.id]
        t0 = time.perf_counter()
        tasks_t.update(change, doc_ids=[key])
        if audit:
            audit_t.insert(entry)
        out.append((time.perf_counter() - t0) * 1000)
    db.close()
    return out


def archive_files(live: Path) -> list[Path]:
    """The archive's files: its parts (``NAME.archive/DAY.json``, board format 2) or
    the single file of format 1 (``NAME.archive.json``)."""
    parts = live.with_name(live.stem + ".archive")
    if parts.is_dir():
        return sorted(p for p in parts.glob("*.json") if not p.name.startswith("."))
    single = live.with_name(live.stem + ".archive.json")
    return [single] if single.exists() else []


def write_full_copy(live: Path, target: Path) -> None:
    """The live file and its archive as one TinyDB file, as stock TinyDB would keep them."""
    data = orjson.loads(live.read_bytes())
    for archive in archive_files(live):
        for table, docs in orjson.loads(archive.read_bytes()).items():
            if table == "meta":
                continue
            merged = data.setdefault(table, {})
            n = max((int(k) for k in merged), default=0)
            for doc in docs.values():
                n += 1
                merged[str(n)] = doc
    target.write_bytes(orjson.dumps(data))


def bench_store(
    name: str, folder: Path, ticks: int, full_samples: int, **demo: Any
) -> dict[str, float]:
    path = folder / f"{name}.json"
    t0 = time.perf_counter()
    build_demo(path, date=DAY, seed=2022, clock=FixedClock(NOW), **demo)
    build_s = time.perf_counter() - t0

    opens = []
    for _ in range(3):
        t0 = time.perf_counter()
        board = Board.open(path, FixedClock(NOW), device_id="bench")
        board.views()
        opens.append((time.perf_counter() - t0) * 1000)
    live_bytes = path.stat().st_size

    open_tasks = board.tasks(board.today, status="open")
    who = next(v for v in board.volunteers())
    ours = [timed(partial(board.tick, [t], who)) for t in open_tasks[:ticks]]

    who_id = who.id
    targets = open_tasks[:ticks]  # still open in the stock copies
    live_copy = folder / f"{name}.stock-live.json"
    shutil.copyfile(path, live_copy)
    stock_live = stock_ticks(live_copy, targets, who_id, audit=True)
    stock_live_update = stock_ticks(live_copy, targets[len(targets) // 2 :], who_id, audit=False)
    # What a stock TinyDB board keeps: the same data, history included, in one file.
    full_copy = folder / f"{name}.stock-full.json"
    write_full_copy(path, full_copy)
    stock_full = stock_ticks(full_copy, targets[:full_samples], who_id, audit=True)
    ours_p95 = pct(ours, 95)
    return {
        f"store.{name}.build_s": build_s,
        f"store.{name}.open_ms": statistics.median(opens),
        f"store.{name}.live_bytes": live_bytes,
        f"store.{name}.archive_bytes": sum(p.stat().st_size for p in archive_files(path)),
        f"store.{name}.tick_p50_ms": statistics.median(ours),
        f"store.{name}.tick_p95_ms": pct(ours, 95),
        f"store.{name}.full_bytes": full_copy.stat().st_size,
        f"store.{name}.stock_p50_ms": statistics.median(stock_full),
        f"store.{name}.stock_p95_ms": pct(stock_full, 95),
        f"store.{name}.stock_samples": len(stock_full),
        f"store.{name}.tick_vs_stock_p95": ours_p95 / pct(stock_full, 95),
        f"store.{name}.stock_live_p50_ms": statistics.median(stock_live),
        f"store.{name}.stock_live_p95_ms": pct(stock_live, 95),
        f"store.{name}.tick_vs_stock_live_p95": ours_p95 / pct(stock_live, 95),
        f"store.{name}.stock_live_update_only_p95_ms": pct(stock_live_update, 95),
        f"store.{name}.tick_vs_stock_live_update_only_p95": ours_p95 / pct(stock_live_update, 95),
        f"store.{name}.ticks": len(ours),
    }


def bench_merge(folder: Path, edits: int = 1000, runs: int = 5) -> dict[str, float]:
    """Two 30-day seed-scale copies of one board, each with ``edits`` divergent edits
    (ticks, reopenings, notes; some on the same records), merged into one another."""
    import random

    from dutyboard.core.merge import merge_copies
    from dutyboard.storage.store import BoardStore

    base = folder / "merge-base"
    base.mkdir()
    build_demo(base / "board.json", date=DAY, seed=2022, clock=FixedClock(NOW), days=30)
    times, conflicts = [], 0
    for run in range(runs):
        copies = []
        for side in ("a", "b"):
            d = folder / f"merge-{run}-{side}"
            d.mkdir()
            for f in base.iterdir():
                shutil.copyfile(f, d / f.name)
            store = BoardStore.open(d / "board.json", device=f"laptop-{side}")
            rng = random.Random(f"{run}{side}")
            tasks = [doc["id"] for doc in store.rows("tasks")]
            people = [doc["id"] for doc in store.rows("volunteers")]
            with store.transaction() as tx:
                for i in range(edits):
                    if i % 4 == 3:
                        tx.update("volunteers", rng.choice(people), {"note": f"{side}{i}"})
                    else:
                        status = rng.choice(("done", "open", "failed"))
                        tx.update("tasks", rng.choice(tasks), {"status": status, "n": i})
            copies.append(d / "board.json")
        board = Board.open(copies[0], FixedClock(NOW), device_id="laptop-a")
        t0 = time.perf_counter()
        summary = merge_copies(board, [copies[1]])
        times.append((time.perf_counter() - t0) * 1000)
        conflicts = len(summary.conflicts)
    return {
        "merge.seed_1000_ms": statistics.median(times),
        "merge.seed_1000_max_ms": max(times),
        "merge.seed_1000_conflicts": conflicts,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument(
        "--only", choices=("store", "tui", "merge", "intake", "archive"), help="run one part"
    )
    ap.add_argument("--ticks", type=int, default=200)
    ap.add_argument(
        "--archive-scale",
        default="5000,500,90",
        metavar="H,V,D",
        help="the archive part's board: households, volunteers, days (default 5000,500,90)",
    )
    ap.add_argument("--archive-repeats", type=int, default=5, help="runs of each query per side")
    args = ap.parse_args()
    households, volunteers, days = (int(x) for x in args.archive_scale.split(","))
    results: dict[str, float] = {}
    verdicts: dict[str, str] = {}  # beside keys with a target, in the table
    with tempfile.TemporaryDirectory(prefix="dutyboard-bench-") as tmp:
        folder = Path(tmp)
        if args.only in (None, "store"):
            results |= bench_store("seed", folder, args.ticks, 40, days=30)
            results |= bench_store(
                "town", folder, args.ticks // 2, 5, households=5000, volunteers=500, days=90
            )
        if args.only in (None, "merge"):
            results |= bench_merge(folder)
        if args.only in (None, "intake"):
            from tests.bench import intake_bench

            results |= intake_bench.run(folder)
        if args.only in (None, "archive"):
            from tests.bench import archive_bench

            results |= archive_bench.run(
                folder, households, volunteers, days, repeats=args.archive_repeats
            )
            verdicts |= archive_bench.verdicts(results)
        if args.only in (None, "tui"):
            # The store part leaves ~300 MB just written: drop it and let the disk
            # settle, so its write-back does not run during the start-up timings.
            for path in folder.iterdir():
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
            os.sync()
            try:
                from tests.bench import tui_bench
            except ImportError:
                tui_bench = None  # type: ignore[assignment]
            if tui_bench is not None:
                results |= tui_bench.run(folder)
    if args.json:
        print(json.dumps(results, indent=2, sort_keys=True))
    else:
        width = max(len(k) for k in results)
        for key in sorted(results):
            value = results[key]
            line = (
                f"{key:<{width}}  {value:>12.3f}"
                if isinstance(value, float)
                else f"{key:<{width}}  {value:>12}"
            )
            print(f"{line}  {verdicts[key]}" if key in verdicts else line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
