"""Shared helpers of the archive-in-parts tests (issue 16): demo boards, a full scan of
the parts read with nothing but orjson (the reference a lookup is compared with), and
the format-1 layout (the whole archive in ``NAME.archive.json``) made from a board.

Run as a script it is the child of the kill -9 test of the split:
``python tests/archive_helpers.py PATH KILL_AT`` opens the board at PATH (which splits
its old archive) and kills itself with SIGKILL right before its KILL_AT-th file
operation (``os.write``, ``os.fsync``, ``os.rename``, ``os.replace``, ``os.unlink``,
``os.mkdir``, ``shutil.rmtree``); with KILL_AT 0 it only counts them and prints
``OPS <n>``.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pendulum

TZ = "Asia/Shanghai"
DAY = pendulum.date(2022, 4, 26)
NOW = pendulum.datetime(2022, 4, 26, 10, 0, tz=TZ)
EVENING = pendulum.datetime(2022, 4, 26, 21, 30, tz=TZ)
# The least the demo takes: two per group (six groups).
FEW_VOLUNTEERS = 12

Doc = dict[str, Any]
Row = tuple[str, str, Doc]  # (day, table, record)


def canon(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def demo(
    path: Path,
    *,
    households: int = 60,
    volunteers: int = FEW_VOLUNTEERS,
    days: int = 7,
    now: pendulum.DateTime = NOW,
) -> Path:
    from dutyboard.demo.board import build_demo
    from dutyboard.storage.clock import FixedClock

    path.parent.mkdir(parents=True, exist_ok=True)
    build_demo(
        path,
        date=DAY,
        seed=2022,
        clock=FixedClock(now),
        households=households,
        volunteers=volunteers,
        days=days,
        device_id="demo",
    )
    return path


def open_board(path: Path, device: str = "laptop", now: pendulum.DateTime = NOW) -> Any:
    from dutyboard.core.board import Board
    from dutyboard.storage.clock import FixedClock

    return Board.open(path, FixedClock(now), device_id=device)


def part_files(path: Path) -> dict[str, Path]:
    """The parts of the board at ``path`` on disk, by day."""
    from dutyboard.storage.archive_parts import PART_NAME
    from dutyboard.storage.board_bytes import archive_dir

    folder = archive_dir(path)
    out = {}
    for name in sorted(os.listdir(folder)):
        m = PART_NAME.fullmatch(name)
        if m is not None:
            out[m.group(1)] = folder / name
    return out


def part_sigs(path: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of every part of the board at ``path``."""
    out = {}
    for day, p in part_files(path).items():
        st = os.stat(p)
        out[day] = (st.st_size, st.st_mtime_ns)
    return out


def part_bytes(path: Path) -> dict[str, bytes]:
    return {day: p.read_bytes() for day, p in part_files(path).items()}


def scan(path: Path) -> list[Row]:
    """Every record (meta left out) of every part, read whole with orjson."""
    out: list[Row] = []
    for day, p in part_files(path).items():
        for table, docs in orjson.loads(p.read_bytes()).items():
            if table != "meta":
                out += [(day, table, d) for d in docs.values()]
    return out


def rows_of(rows: list[Row]) -> Counter[tuple[str, str, bytes]]:
    """A multiset of (day, table, record) to compare two answers by."""
    return Counter((day, table, canon(doc)) for day, table, doc in rows)


def filed_under(rows: list[Row], key: str) -> list[Row]:
    """The rows the domain's rule files under ``key`` (the full-scan answer)."""
    from dutyboard.core.closed_days import CLOSED_DAYS

    return [r for r in rows if key in CLOSED_DAYS.index_keys(r[1], r[2])]


def records_by_table(path: Path) -> dict[str, dict[str, Doc]]:
    """Every record of every part by table and id (fails on an id found twice)."""
    out: dict[str, dict[str, Doc]] = {}
    for _day, table, doc in scan(path):
        found = out.setdefault(table, {})
        assert doc["id"] not in found, f"{table} {doc['id']} is in two parts"
        found[doc["id"]] = doc
    return out


def write_json(path: Path, data: Any) -> None:
    path.write_bytes(orjson.dumps(data))


def live_meta(path: Path) -> Doc:
    return next(iter(orjson.loads(path.read_bytes())["meta"].values()))  # type: ignore[no-any-return]


def to_format_1(path: Path) -> Path:
    """Turn the board at ``path`` into the layout of dutyboard before format 2: every
    part's records joined into ``NAME.archive.json`` (TinyDB layout, its meta from a
    part without "part", format 1), the parts' folder removed, the live file's meta at
    format 1. Returns the old archive's path."""
    from dutyboard.storage.board_bytes import archive_dir, archive_path

    tables: dict[str, list[Doc]] = {}
    meta: Doc | None = None
    for p in part_files(path).values():
        for table, docs in orjson.loads(p.read_bytes()).items():
            if table == "meta":
                meta = dict(next(iter(docs.values())))
                continue
            tables.setdefault(table, []).extend(docs.values())
    assert meta is not None
    meta.pop("part", None)
    meta.update(format_version=1, kind="archive")
    old: dict[str, dict[str, Doc]] = {"meta": {"1": meta}}
    for table, docs in tables.items():
        old[table] = {str(i): d for i, d in enumerate(docs, start=1)}
    target = archive_path(path)
    write_json(target, old)
    os.chmod(target, 0o600)
    shutil.rmtree(archive_dir(path))
    live = orjson.loads(path.read_bytes())
    next(iter(live["meta"].values()))["format_version"] = 1
    write_json(path, live)
    return target


def old_records(old: Path) -> Counter[tuple[str, bytes]]:
    """(table, record) of every record of a format-1 archive file, meta left out."""
    data = orjson.loads(old.read_bytes())
    return Counter(
        (table, canon(doc))
        for table, docs in data.items()
        if table != "meta"
        for doc in docs.values()
    )


def split_records(path: Path) -> Counter[tuple[str, bytes]]:
    return Counter((table, canon(doc)) for _day, table, doc in scan(path))


# ------------------------------------------------------------------ the child


_OPS = ("write", "fsync", "rename", "replace", "unlink", "mkdir")


def _child(path: str, kill_at: int) -> None:
    count = 0

    def hooked(fn: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            nonlocal count
            count += 1
            if count == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return fn(*args, **kwargs)

        return run

    from dutyboard.core.board import Board

    for name in _OPS:
        setattr(os, name, hooked(getattr(os, name)))
    shutil.rmtree = hooked(shutil.rmtree)  # type: ignore[assignment]
    Board.open(path, device_id="splitter")
    sys.stdout.write(f"OPS {count}\n")
    sys.stdout.flush()


if __name__ == "__main__":
    _child(sys.argv[1], int(sys.argv[2]))
