"""The demo community: its buildings, the flats lived in, and which buildings were
sealed or positive on each day of the history."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from dutyboard.core.config import BuildingSpec, Config
from dutyboard.demo.numbers import (
    ELDERLY_ALONE_SHARE,
    ELDERLY_COUPLE_BUILDING,
    ELDERLY_COUPLE_NOTE,
    FULL_OCCUPANCY,
    POSITIVE_BUILDING,
    RESIDENTS_PER_HOUSEHOLD,
    TARGET_OCCUPANCY,
)
from dutyboard.demo.people import Home, Phones
from dutyboard.demo.words import ELDERLY_NOTES, HOUSEHOLD_NOTES


def _most_common_size(buildings: Sequence[BuildingSpec]) -> tuple[int, int, int]:
    sizes = Counter((b.units, b.floors, b.rooms_per_floor) for b in buildings)
    if not sizes:
        return (2, 4, 2)
    best = max(sizes.values())
    return next(s for s in sizes if sizes[s] == best)


def scaled_config(config: Config, households: int) -> Config:
    """The config, with buildings of the usual size added when ``households`` would not
    fit in the configured ones (then about 85% of the rooms are lived in)."""
    buildings = list(config.buildings)
    rooms = sum(len(b.rooms()) for b in buildings)
    if households <= FULL_OCCUPANCY * rooms:
        return config
    units, floors, per_floor = _most_common_size(buildings)
    number = max((b.number for b in buildings), default=0)
    while households > TARGET_OCCUPANCY * rooms:
        number += 1
        buildings.append(BuildingSpec(number, units, floors, per_floor))
        rooms += units * floors * per_floor
    return dataclasses.replace(config, buildings=tuple(buildings))


def _couple_rooms(config: Config) -> tuple[Home, Home] | None:
    """The old couple's flat and the flat right above it, where the helping neighbour lives."""
    candidates = [b for b in config.buildings if b.floors >= 2]
    if not candidates:
        return None
    b = next((b for b in candidates if b.number == ELDERLY_COUPLE_BUILDING), candidates[0])
    unit = min(2, b.units)
    floor = 2 if b.floors >= 3 else 1
    return Home(b.number, unit, f"{floor}01"), Home(b.number, unit, f"{floor + 1}01")


def make_households(
    rng: random.Random, config: Config, count: int, phones: Phones
) -> tuple[list[Home], Home | None, Home | None]:
    """Occupied flats in address order; also the old couple's flat and the one above."""
    all_rooms = [(b.number, unit, room) for b in config.buildings for unit, room in b.rooms()]
    count = min(count, len(all_rooms))
    couple = _couple_rooms(config)
    forced: list[tuple[int, int, str]] = []
    if couple is not None and count >= 2:
        forced = [(h.building, h.unit, h.room) for h in couple]
    forced_set = set(forced)
    rest = [r for r in all_rooms if r not in forced_set]
    chosen = set(forced) | set(rng.sample(rest, count - len(forced)))
    homes = [Home(b, u, r) for (b, u, r) in all_rooms if (b, u, r) in chosen]
    by_address = {(h.building, h.unit, h.room): h for h in homes}
    couple_home = by_address[forced[0]] if forced else None
    upstairs = by_address[forced[1]] if forced else None

    # Elderly people living alone (a few elderly couples among them).
    n_elderly = min(count, round(count * ELDERLY_ALONE_SHARE))
    others = [h for h in homes if h is not couple_home]
    elderly = rng.sample(others, max(0, n_elderly - (1 if couple_home else 0)))
    if couple_home is not None and n_elderly:
        elderly.append(couple_home)
    for h in elderly:
        h.elderly_alone = True
        h.residents = 2 if rng.random() < 0.15 else 1
        picks = rng.sample(ELDERLY_NOTES, rng.choice((1, 1, 2)))
        h.note = "；".join(picks)
    if couple_home is not None and couple_home.elderly_alone:
        couple_home.residents = 2
        couple_home.note = ELDERLY_COUPLE_NOTE
    families = [h for h in homes if not h.elderly_alone]
    for h in families:
        h.residents = rng.choices((1, 2, 3, 4, 5, 6), (4, 20, 38, 22, 12, 4))[0]
        if rng.random() < 0.06:
            h.note = rng.choice(HOUSEHOLD_NOTES)
    # Bring the total to about 560 per 196 households, one resident at a time.
    target = round(count * RESIDENTS_PER_HOUSEHOLD)
    total = sum(h.residents for h in homes)
    if families:
        for _ in range(abs(target - total) * 4):
            if total == target:
                break
            h = rng.choice(families)
            if total < target and h.residents < 7:
                h.residents += 1
                total += 1
            elif total > target and h.residents > 2:
                h.residents -= 1
                total -= 1
    for h in homes:
        h.phone = phones.new()
    return homes, couple_home, upstairs


@dataclass
class _Spell:
    building: int
    oldest: int  # days before the demo date
    newest: int
    positive_days: int  # the first days of the spell the building was positive


def status_history(
    rng: random.Random, numbers: Sequence[int], days: int
) -> tuple[list[dict[int, str]], list[int], int]:
    """Per day offset (0 = demo date, k = k days before) the non-normal statuses.

    Also returns the buildings unsealed during the history and how many days ago.
    """
    pool = list(numbers)
    rng.shuffle(pool)
    scale = max(1, round(len(numbers) / 13))
    positive: list[int] = []
    if POSITIVE_BUILDING in pool:
        pool.remove(POSITIVE_BUILDING)
        positive.append(POSITIVE_BUILDING)
    while len(positive) < min(scale, len(numbers)) and pool:
        positive.append(pool.pop())
    sealed = [pool.pop() for _ in range(min(2 * scale, len(pool)))]
    unsealed_at = 0
    unsealed: list[int] = []
    if days >= 2:
        unsealed = [pool.pop() for _ in range(min(2 * scale, len(pool)))]
        unsealed_at = rng.randint(1, min(3, days - 1))
    spells: list[_Spell] = []
    # Big boards: more buildings sealed for a while and let out again during the history.
    for _ in range(scale * days // 10 if scale > 1 and pool else 0):
        newest = rng.randint(1, days)
        spells.append(_Spell(rng.choice(pool), newest + rng.randint(2, 9), newest, 0))
    for b in unsealed:
        start = unsealed_at + rng.randint(4, 8)
        spells.append(_Spell(b, start, unsealed_at + 1, rng.choice((0, 0, 2))))
    for i, b in enumerate(sealed):
        spells.append(_Spell(b, rng.randint(2, 6), 0, 2 if i == 0 else 0))
    for b in positive:
        spells.append(_Spell(b, rng.randint(2, 4), 0, 99))
    history: list[dict[int, str]] = [{} for _ in range(days + 1)]
    for s in spells:
        for k in range(max(0, s.newest), min(days, s.oldest) + 1):
            history[k][s.building] = "positive" if s.oldest - k < s.positive_days else "sealed"
    return history, unsealed, unsealed_at
