"""Intake at town scale: a 2,000-line 群接龙 post taken into a 5,000-household board.

Measured, on one board (5,000 households, 500 volunteers):
  * ``intake.jielong_2000_ms``: parse the post and build the review against the batch
    (what the review screen waits for), median of five;
  * ``intake.jielong_2000_apply_ms``: confirming it (the orders written, one save);
  * ``intake.release_town_ms``: releasing that batch (a delivery task per household,
    one save), and beside it, in the same run, ``intake.stock_insert_town_ms``: stock
    TinyDB inserting the same task records into a copy of the same live file
    (``insert_multiple``, one call), the baseline;
  * ``intake.jielong_2000_orders`` and ``intake.jielong_2000_problems``: what the post
    gave.
"""

from __future__ import annotations

import random
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

import pendulum

from dutyboard.core.board import Board
from dutyboard.demo.board import build_demo
from dutyboard.groups.supplies import gate, offers, orders
from dutyboard.intake import parse_text
from dutyboard.storage.clock import FixedClock

DAY = pendulum.date(2022, 4, 26)
NOW = pendulum.datetime(2022, 4, 26, 10, 0, tz="Asia/Shanghai")
PAPERS = {"licence": "2022-04-01", "food_permit": "2022-04-01", "vehicle_pass": "2022-04-20"}


def jielong_post(board: Board, lines: int, seed: int = 2022) -> str:
    """A post as a chat holds it: header, topic, example, numbered entries in the
    spellings people use, some with a second line, some cancelled, a few unreadable."""
    rng = random.Random(seed)
    homes = rng.sample(board.households(), k=min(len(board.households()), lines))
    out = ["#接龙", "4月26日 青菜套餐 39元一份，明早到", "例 5-2-302 王姐 1份"]
    n = 0
    for h in homes:
        if len(out) >= lines:
            break
        n += 1
        spelling = rng.choice(
            (
                f"{h.building}-{h.unit}-{h.room}",
                f"{h.building}号楼{h.unit}单元{h.room}",
                f"{h.building}栋{h.unit}单元{h.room}室",
            )
        )
        qty = rng.choice(("1份", "2份", "+1", "3份", ""))
        out.append(f"{n}. 邻居{n} {spelling} {qty}".rstrip())
        if rng.random() < 0.05 and len(out) < lines:
            out.append("放门口就好，谢谢")
        if rng.random() < 0.01 and len(out) < lines:
            n += 1
            out.append(f"{n}. 邻居{n} {spelling} 取消")
    return "\n".join(out[:lines]) + "\n"


def stock_insert(path: Path, docs: list[dict[str, Any]]) -> float:
    from tinydb import TinyDB

    db = TinyDB(path)
    t0 = time.perf_counter()
    db.table("tasks").insert_multiple(docs)
    took = (time.perf_counter() - t0) * 1000
    db.close()
    return took


def run(folder: Path) -> dict[str, float]:
    path = folder / "intake-town.json"
    clock = FixedClock(NOW)
    build_demo(path, households=5000, volunteers=500, days=1, date=DAY, seed=2022, clock=clock)
    board = Board.open(path, clock, device_id="bench")
    lead = next(v for v in board.volunteers() if v.is_leader)
    offer = offers.add_offer(
        board, lead, "青菜套餐", items=[offers.parse_item("青菜套餐/份/39")], papers=PAPERS
    )
    offer = offers.set_papers(board, offer, lead, {"crew_test": "today"})
    offer = offers.approve(board, offer, lead)
    text = jielong_post(board, 2000)
    book = orders.address_book(board)
    times = []
    rev = None
    for _ in range(5):
        orders._BOOKS.clear()  # each run builds the household index, as a new session does
        t0 = time.perf_counter()
        book = orders.address_book(board)
        rev = orders.review(board, parse_text(text, book), offer.code)
        times.append((time.perf_counter() - t0) * 1000)
    assert rev is not None
    t0 = time.perf_counter()
    orders.apply_review(board, rev, lead)
    apply_ms = (time.perf_counter() - t0) * 1000

    offer = gate.arrive(board, offer, lead)
    offer = gate.spray(board, offer, lead)
    clock.advance(minutes=60)
    copy = folder / "intake-town.stock.json"
    shutil.copyfile(path, copy)
    t0 = time.perf_counter()
    released = gate.release(board, offer, lead)
    release_ms = (time.perf_counter() - t0) * 1000
    made = [
        {k: v for k, v in d.items() if not k.startswith("_")}
        for d in board.store.rows("tasks")
        if d.get("batch") == released.batch
    ]
    stock_ms = stock_insert(copy, made)
    return {
        "intake.jielong_2000_ms": statistics.median(times),
        "intake.jielong_2000_max_ms": max(times),
        "intake.jielong_2000_orders": len(rev.parsed.orders),
        "intake.jielong_2000_problems": len(rev.problems),
        "intake.jielong_2000_apply_ms": apply_ms,
        "intake.release_town_ms": release_ms,
        "intake.release_town_tasks": released.tasks,
        "intake.stock_insert_town_ms": stock_ms,
        "intake.release_vs_stock_insert": release_ms / stock_ms,
    }
