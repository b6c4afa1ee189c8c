"""Shared helpers of the fault-injection tests: boards built with the store API, and
child processes running ``writer.py`` against the working tree's dutyboard."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson

from dutyboard.storage.store import BoardStore
from dutyboard.storage.transaction import Transaction

REPO = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("writer.py")
META = {"today": "2022-04-26", "timezone": "Asia/Shanghai"}


def task_id(n: int) -> str:
    return f"task-{n:05d}"


def make_board(path: Path, n_tasks: int, device: str = "t1") -> BoardStore:
    """A board with tasks ``task-00000``.. in order of their field ``n``, all open."""

    def build(tx: Transaction) -> None:
        for n in range(n_tasks):
            tx.insert(
                "tasks",
                {
                    "id": task_id(n),
                    "n": n,
                    "kind": "delivery",
                    "group": "g1",
                    "date": "2022-04-26",
                    "status": "open",
                    "building": n % 40 + 1,
                    "note": "放在门口，别按门铃",
                },
            )

    return BoardStore.create(path, META, device=device, build=build)


def done(store: BoardStore) -> list[int]:
    """The ``n`` of every task that is done, sorted."""
    return sorted(d["n"] for d in store.rows("tasks") if d.get("status") == "done")


def canonical(store: BoardStore) -> bytes:
    return orjson.dumps(
        {name: store.table(name) for name in store._data}, option=orjson.OPT_SORT_KEYS
    )


def temp_files(path: Path) -> list[str]:
    """Temp files a save of ``path`` leaves while it runs (``.NAME.tmp-*``)."""
    return sorted(n for n in os.listdir(path.parent) if n.startswith(f".{path.name}.tmp-"))


def snapshot(path: Path) -> tuple[bytes, int, int]:
    st = os.stat(path)
    return path.read_bytes(), st.st_mtime_ns, st.st_ino


def writer_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    return env


def start_writer(*args: object, stdin: int | None = subprocess.DEVNULL) -> subprocess.Popen[str]:
    """Start ``writer.py`` with these arguments; its stdout is a pipe of lines."""
    return subprocess.Popen(
        [sys.executable, str(WRITER), *map(str, args)],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=writer_env(),
        cwd=REPO,
    )


def expect_line(proc: subprocess.Popen[str], word: str) -> str:
    """Read the child's next line, which must start with ``word``."""
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith(word):
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(f"writer said {line!r}, expected {word}; stderr:\n{err}")
    return line.strip()
