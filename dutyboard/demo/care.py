"""The demo's care register, contacts, needs, medicine requests and testing rounds.

Drawn from a random generator of its own (seeded from the demo's seed), after every
other demo record, so the rest of the demo is exactly what it was before this existed.
Everything is relative to the demo day: the testing rounds 1–16 run from 29 days
before it (2022-03-28 for the reference day 2022-04-26) to the day before, taking
about three hours at first and about an hour and a half by the end.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import pendulum

from dutyboard.core.config import Config
from dutyboard.core.newboard import insert_task
from dutyboard.storage.transaction import Transaction

ROUNDS = 16
FIRST_ROUND_DAYS_BEFORE = 29
FIRST_MINUTES, LAST_MINUTES = 180, 90
OVERDUE_SHARE = 0.18  # of register households whose call is late
LIVE_CALLS = 2  # calls per household kept in the live file (older ones: the archive)

GIVEN_OLD = (
    "秀英",
    "桂英",
    "玉兰",
    "凤英",
    "淑珍",
    "秀兰",
    "德明",
    "志华",
    "建国",
    "国华",
    "长福",
    "金宝",
    "阿娣",
    "根娣",
    "小妹",
    "桂芳",
)
HELP = (
    "",
    "",
    "腿脚不便，不能下楼",
    "耳背，电话请大声",
    "不会网上团购，请代买菜",
    "需要帮助取药",
    "行动不便，需要有人帮忙洗澡",
)
COUPLE_PEOPLE = "老夫妇两人：老先生（中风后半身瘫痪）、老伴"
COUPLE_HELP = "帮助老先生洗澡（护工进不来，楼上邻居在帮忙）"


class _Home(Protocol):
    id: str
    building: int
    unit: int
    room: str
    residents: int
    elderly_alone: bool
    note: str

    @property
    def address(self) -> str: ...


class _Person(Protocol):
    id: str
    name: str
    groups: list[str]
    role: str
    home: Any


def add_care(
    tx: Transaction,
    archive: Transaction,
    config: Config,
    date: pendulum.Date,
    seed: int,
    homes: Sequence[_Home],
    people: Sequence[_Person],
    at: Callable[[pendulum.Date, int, int], str],
    couple_note: str,
) -> None:
    rng = random.Random(seed * 1000 + 6)

    def new_id() -> str:
        h = f"{rng.getrandbits(128):032x}"
        h = h[:12] + "4" + h[13:16] + "89ab"[int(h[16], 16) % 4] + h[17:]
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"

    every = config.care.contact_every_days
    carers = [p for p in people if "care" in p.groups] or list(people)
    elderly = [h for h in homes if h.elderly_alone]
    couple = next((h for h in elderly if h.note == couple_note), None)
    n_late = round(len(elderly) * OVERDUE_SHARE)
    late = set(rng.sample(range(len(elderly)), min(n_late, len(elderly))))
    last_contact: dict[str, tuple[str, str]] = {}
    for i, h in enumerate(elderly):
        # The register: who lives there and what help they need.
        if h is couple:
            own: int | None = 2
            people_text, help_text = COUPLE_PEOPLE, COUPLE_HELP
        else:
            age = rng.randint(71, 93)
            name = rng.choice("王李张刘陈杨黄赵吴周徐孙朱沈陆顾") + rng.choice(GIVEN_OLD)
            people_text = f"{name}（{age}岁）" if h.residents == 1 else f"{name}（{age}岁）及老伴"
            help_text = rng.choice(HELP)
            own = 2 if "每两天" in h.note else None
        rec: dict[str, Any] = {"household": h.id, "people": people_text, "help": help_text}
        if own:
            rec["every_days"] = own
        tx.insert("care_register", rec, f"care-{h.id}")
        # Calls: back from the last one, every N days, for a week or so.
        n = own or every
        last = rng.randint(n + 1, n + 3) if i in late else rng.randint(1, max(1, n - 1))
        day_off, kept = last, 0
        while day_off <= 9:
            caller = rng.choice(carers)
            day = date.subtract(days=day_off)
            when = at(day, rng.randint(9 * 60, 17 * 60), rng.randrange(60))
            notes = rng.choice(("一切正常", "身体还好，菜够吃", "情绪不错", "已提醒按时吃药", ""))
            cid = new_id()
            # The last two calls in the live file; older ones are history (archive).
            kept += 1
            (tx if kept <= LIVE_CALLS else archive).insert(
                "contacts",
                {
                    "household": h.id,
                    "by": caller.id,
                    "by_name": caller.name,
                    "at": when,
                    "day": day.isoformat(),
                    "notes": notes,
                    "reached": True,
                    "needs": [],
                },
                cid,
            )
            if day_off == last:
                last_contact[h.id] = (cid, when)
            day_off += n
    if not elderly:
        return

    def need(
        h: _Home,
        kind: str,
        group: str,
        key: str,
        text: str,
        status: str = "open",
        doer: _Person | None = None,
        **more: Any,
    ) -> None:
        cid, when = last_contact.get(h.id, ("", ""))
        # Open ones are dated the demo day (the live file holds today and whatever is
        # still open); met ones the day before, in the archive of closed days.
        day = date if status == "open" else date.subtract(days=1)
        rec: dict[str, Any] = {
            "kind": kind,
            "group": group,
            "date": day.isoformat(),
            "status": status,
            "household": h.id,
            "address": h.address,
            "building": h.building,
            "need": key,
            "need_text": text,
            "raised_at": when or at(date, 8 * 60, 0),
            **more,
        }
        if cid:
            rec["contact"] = cid
        if status == "done" and doer is not None:
            rec["done_by"] = doer.id
            rec["done_at"] = at(day, 15 * 60 + rng.randint(0, 120), 0)
        insert_task(tx if status == "open" else archive, rec, new_id)

    others = [h for h in elderly if h is not couple]
    rng.shuffle(others)
    pick = (others * 8)[:8]
    supplies = [p for p in people if "supplies" in p.groups] or list(people)
    if couple is not None:
        helpers = [p for p in people if p.home.building == couple.building] or list(carers)
        need(couple, "care", "care", "bathing", "每周两次帮老先生洗澡", doer=helpers[0])
    need(pick[0], "care", "supplies", "food", "青菜两斤、鸡蛋十个")
    need(pick[1], "care", "supplies", "daily_goods", "卫生纸、洗洁精")
    need(pick[2], "care", "supplies", "food", "大米五斤", "done", rng.choice(supplies))
    need(pick[3], "care", "care", "diapers", "成人纸尿裤一包，请同楼志愿者送上门")
    med = {"prescription": True, "quantity": ""}
    for h, stage, drug, qty, urgent in (
        (pick[4], "requested", "胰岛素笔芯", "2盒", True),
        (pick[5], "sourcing", "硝苯地平缓释片", "3盒", False),
        (pick[6], "bought", "阿司匹林肠溶片", "2盒", False),
        (pick[7], "delivered", "二甲双胍片", "2盒", False),
    ):
        status = "done" if stage == "delivered" else "open"
        need(
            h,
            "medicine",
            "medicine",
            "medicine",
            "",
            status,
            rng.choice(carers),
            **{**med, "medicine": drug, "quantity": qty, "urgent": urgent, "stage": stage},
        )
    add_rounds(tx, date, rng, people, at, new_id)


def add_rounds(
    tx: Transaction,
    date: pendulum.Date,
    rng: random.Random,
    people: Sequence[_Person],
    at: Callable[[pendulum.Date, int, int], str],
    new_id: Callable[[], str],
) -> None:
    leads = [p for p in people if "testing" in p.groups and p.role == "leader"]
    leads = leads or [p for p in people if "testing" in p.groups] or list(people)
    first = date.subtract(days=FIRST_ROUND_DAYS_BEFORE)
    for k in range(1, ROUNDS + 1):
        day = first.add(days=round((k - 1) * (FIRST_ROUND_DAYS_BEFORE - 1) / (ROUNDS - 1)))
        share = (k - 1) / (ROUNDS - 1)
        minutes = round(FIRST_MINUTES + (LAST_MINUTES - FIRST_MINUTES) * share)
        minutes += rng.randint(-6, 6) if 1 < k < ROUNDS else 0
        start = 7 * 60 + rng.choice((0, 0, 15, 30))
        who = rng.choice(leads)
        tx.insert(
            "rounds",
            {
                "number": k,
                "date": day.isoformat(),
                "started_at": at(day, start, 0),
                "ended_at": at(day, start + minutes, 0),
                "started_by": who.id,
                "started_by_name": who.name,
            },
            new_id(),
        )
