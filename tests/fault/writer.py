"""A child process that saves a board the way dutyboard does, for the fault tests.

Run as ``python tests/fault/writer.py MODE ...`` with PYTHONPATH set to the repository
root so it imports dutyboard from the working tree. Every line it prints is flushed at
once, so the parent knows exactly which saves had returned when it killed the child.

Modes:

``tick PATH DEVICE``
    Tick the open tasks (status "done") in order of their ``n``, one save each. Prints
    ``READY k`` (k = done tasks in the file it opened) before the first save and
    ``ACK k`` after every save has returned.
``ticks PATH DEVICE LO HI GO [PAUSE_MS]``
    Wait until the file GO exists, then tick tasks ``LO <= n < HI``, one transaction
    each, resting a random 0..PAUSE_MS between them (outside the lock, as a person
    would). Prints ``DONE ticks reloads`` at the end (reloads: how many times another
    writer's save was merged in before a save of this one).
``hold PATH``
    Hold the board's ``NAME.lock`` and print ``LOCKED``; let go when stdin closes.
``crash PATH DEVICE STAGE``
    Tick the first open task and SIGKILL itself at STAGE of that save:
    ``mid-write`` (half the temp file written), ``before-replace`` (temp file written
    and fsynced, not yet renamed) or ``after-replace`` (renamed, folder not fsynced).
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def open_tasks(store) -> list[tuple[int, str]]:
    return sorted((d["n"], d["id"]) for d in store.rows("tasks") if d.get("status") != "done")


def done_count(store) -> int:
    return sum(1 for d in store.rows("tasks") if d.get("status") == "done")


def tick(path: str, device: str) -> None:
    from dutyboard.storage.store import BoardStore

    store = BoardStore.open(path, device=device, lock_timeout=30)
    done = done_count(store)
    todo = open_tasks(store)
    say(f"READY {done}")
    for _, task in todo:
        with store.transaction() as tx:
            tx.update("tasks", task, {"status": "done"})
        done += 1
        say(f"ACK {done}")
    say("FINISHED")


def ticks(path: str, device: str, lo: int, hi: int, go: str, pause_ms: float) -> None:
    import random

    from dutyboard.storage.store import BoardStore

    rng = random.Random(device)

    store = BoardStore.open(path, device=device, lock_timeout=120)
    mine = [(n, task) for n, task in open_tasks(store) if lo <= n < hi]
    say(f"READY {len(mine)}")
    while not os.path.exists(go):
        time.sleep(0.002)
    for _, task in mine:
        with store.transaction() as tx:
            tx.update("tasks", task, {"status": "done", "done_by": device})
        if pause_ms:
            time.sleep(rng.uniform(0, pause_ms) / 1000)
    say(f"DONE {len(mine)} {store.reloads}")


def hold(path: str) -> None:
    import filelock

    from dutyboard.storage.board_bytes import lock_path

    lock = filelock.FileLock(str(lock_path(Path(path))))
    with lock.acquire(timeout=10):
        say("LOCKED")
        sys.stdin.read()  # until the parent closes our stdin (or kills us)


def crash(path: str, device: str, stage: str) -> None:
    from dutyboard.storage import board_file
    from dutyboard.storage import store as store_mod

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    real_write, real_replace, real_fsync_dir = os.write, os.replace, board_file.fsync_dir
    if stage == "mid-write":

        def write(fd: int, data) -> int:
            if ".tmp-" in os.readlink(f"/proc/self/fd/{fd}"):
                real_write(fd, bytes(data[: len(data) // 2]))
                die()
            return real_write(fd, data)

        os.write = write
    elif stage == "before-replace":

        def replace(src, dst) -> None:
            die()

        os.replace = replace
    elif stage == "after-replace":

        def fsync_dir(folder) -> None:
            die()

        board_file.fsync_dir = fsync_dir
    else:
        raise SystemExit(f"unknown stage {stage}")
    store = store_mod.BoardStore.open(path, device=device)
    n, task = open_tasks(store)[0]
    say(f"READY {n}")
    with store.transaction() as tx:
        tx.update("tasks", task, {"status": "done"})
    os.write, os.replace, board_file.fsync_dir = real_write, real_replace, real_fsync_dir
    say("SURVIVED")  # the stage was never reached: the test must fail


def main(argv: list[str]) -> None:
    mode, args = argv[0], argv[1:]
    if mode == "tick":
        tick(args[0], args[1])
    elif mode == "ticks":
        pause = float(args[5]) if len(args) > 5 else 0.0
        ticks(args[0], args[1], int(args[2]), int(args[3]), args[4], pause)
    elif mode == "hold":
        hold(args[0])
    elif mode == "crash":
        crash(args[0], args[1], args[2])
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
