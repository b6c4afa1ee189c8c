"""Making a board from configuration: groups, buildings, slots, today's checklist.

The plain functions here (``slot_records``, ``disinfection_records``) are also what a
day swap and the demo use to lay out a day. Every function that inserts records takes
an optional ``new_id`` factory (default: random UUIDs), so the demo can build a board
whose ids, and so whose bytes, are the same every time.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.closed_days import CLOSED_DAYS
from dutyboard.core.config import Config
from dutyboard.core.model import task_code
from dutyboard.storage import device
from dutyboard.storage.clock import Clock, operational_date
from dutyboard.storage.records import Doc
from dutyboard.storage.store import BoardStore
from dutyboard.storage.transaction import Transaction

IdFactory = Callable[[], str]


def random_id() -> str:
    return str(uuid.uuid4())


def board_meta(config: Config, today: pendulum.Date) -> dict[str, Any]:
    return {
        "kind": "live",
        "community_zh": config.community_zh,
        "community_en": config.community_en,
        "timezone": config.timezone,
        "day_start_hour": config.day_start_hour,
        "today": today.isoformat(),
        "rules": {
            "max_hours_per_day": config.max_hours_per_day,
            "max_days_in_a_row": config.max_days_in_a_row,
        },
        "config": {**config.to_dict(), "source": config_label(config)},
    }


def config_label(config: Config) -> str:
    """What a board keeps of where its configuration came from: the folder's name
    only. The board travels to every laptop, and the full path would carry this
    user's home folder (their login name) with it. Nothing reads it back but as a
    label (swap.board_config)."""
    return Path(config.source).name


def slot_records(config: Config, day: pendulum.Date) -> list[dict[str, Any]]:
    return [
        {
            "group": g.key,
            "date": day.isoformat(),
            "key": s.key,
            "zh": s.zh,
            "en": s.en,
            "start": s.start,
            "end": s.end,
            "needed": s.needed,
        }
        for g in config.groups
        for s in g.slots
    ]


def _at(day: pendulum.Date, hhmm: str, tz: str) -> pendulum.DateTime:
    h, m = (int(x) for x in hhmm.split(":"))
    return pendulum.datetime(day.year, day.month, day.day, h, m, tz=tz)


def disinfection_records(
    config: Config, day: pendulum.Date, statuses: Mapping[int, str]
) -> list[dict[str, Any]]:
    """The day's checklist: every building item per building (extra rounds where a
    case was found, positive buildings first) and every area item per common area."""
    spec = config.disinfection
    out: list[dict[str, Any]] = []
    date = day.isoformat()
    numbers = sorted(
        (b.number for b in config.buildings),
        key=lambda n: (statuses.get(n, "normal") != "positive", n),
    )
    # Due times depend on the item and the round only: work each out once.
    dues: dict[tuple[str, int], str] = {}

    def due(item: str, hhmm: str, r: int) -> str:
        value = dues.get((item, r))
        if value is None:
            moment = _at(day, hhmm, config.timezone).add(
                hours=(r - 1) * spec.extra_round_every_hours
            )
            value = dues[(item, r)] = moment.isoformat()
        return value

    building_items = [item for item in spec.items if item.scope == "building"]
    for number in numbers:
        rounds = 1 + (spec.positive_extra_rounds if statuses.get(number) == "positive" else 0)
        for item in building_items:
            for r in range(1, rounds + 1):
                out.append(
                    {
                        "kind": "disinfection",
                        "group": "disinfection",
                        "date": date,
                        "status": "open",
                        "building": number,
                        "item": item.key,
                        "round": r,
                        "due": due(item.key, item.due, r),
                    }
                )
    for area in spec.areas:
        for item in spec.items:
            if item.scope != "area":
                continue
            out.append(
                {
                    "kind": "disinfection",
                    "group": "disinfection",
                    "date": date,
                    "status": "open",
                    "area": area.key,
                    "item": item.key,
                    "round": 1,
                    "due": due(item.key, item.due, 1),
                }
            )
    return out


def insert_task(tx: Transaction, values: dict[str, Any], new_id: IdFactory | None = None) -> Doc:
    rid = (new_id or random_id)()
    return tx.insert("tasks", {**values, "code": task_code(values["kind"], rid)}, rid)


def build_base(
    tx: Transaction,
    config: Config,
    today: pendulum.Date,
    *,
    statuses: Mapping[int, str] | None = None,
    new_id: IdFactory | None = None,
) -> None:
    """Groups, buildings, today's and tomorrow's slots, today's disinfection checklist
    (with extra rounds in the buildings ``statuses`` marks positive)."""
    ids = new_id or random_id
    for order, g in enumerate(config.groups):
        tx.insert("groups", {"key": g.key, "zh": g.zh, "en": g.en, "order": order}, ids())
    for b in config.buildings:
        tx.insert(
            "buildings",
            {
                "number": b.number,
                "units": b.units,
                "floors": b.floors,
                "rooms_per_floor": b.rooms_per_floor,
            },
            ids(),
        )
    for day in (today, today.add(days=1)):
        for rec in slot_records(config, day):
            tx.insert("slots", rec, ids())
    for rec in disinfection_records(config, today, statuses or {}):
        insert_task(tx, rec, ids)


def create_board(
    path: str | Path,
    config: Config,
    clock: Clock,
    *,
    today: pendulum.Date | None = None,
    device_id: str | None = None,
) -> Board:
    """A new, empty board for the configured community (no people, no households yet)."""
    day = today or operational_date(clock.now().in_timezone(config.timezone), config.day_start_hour)
    store = BoardStore.create(
        path,
        board_meta(config, day),
        device=device_id or device.device_id(),
        build=lambda tx: build_base(tx, config, day),
        closed_days=CLOSED_DAYS,
    )
    return Board(store, clock)
