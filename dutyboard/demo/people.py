"""The demo's households and volunteers before they are records: who lives where, who
signed up for which group."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dutyboard.core.config import Config
from dutyboard.demo.numbers import (
    DEFAULT_VOLUNTEERS,
    DUPLICATE_NAME,
    GROUP_WEIGHTS,
    NEWCOMERS_PER_128,
    OTHER_GROUP_WEIGHT,
    PARTY_SHARE,
    TWO_GROUP_SHARE,
)
from dutyboard.demo.words import (
    AVAILABILITY,
    GIVEN_FEMALE,
    GIVEN_MALE,
    PHONE_PREFIXES,
    SURNAMES,
    VOLUNTEER_NOTES,
)


@dataclass(eq=False)
class Home:
    building: int
    unit: int
    room: str  # "301"
    residents: int = 1
    elderly_alone: bool = False
    phone: str = ""
    note: str = ""
    id: str = ""

    @property
    def address(self) -> str:
        return f"{self.building}-{self.unit}-{self.room}"


@dataclass(eq=False)
class Person:
    name: str
    phone: str
    home: Home
    groups: list[str]
    id: str = ""
    role: str = "volunteer"
    party_member: bool = False
    availability: str = ""
    note: str = ""
    joined: str = ""  # "YYYY-MM-DD" for those who signed up during the demo's history

    def record(self) -> dict[str, Any]:
        rec: dict[str, Any] = {
            "name": self.name,
            "phone": self.phone,
            "building": self.home.building,
            "room": f"{self.home.unit}-{self.home.room}",
            "groups": list(self.groups),
            "role": self.role,
            "party_member": self.party_member,
            "availability": self.availability,
            "note": self.note,
        }
        if self.joined:
            rec["joined"] = self.joined
        return rec


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders); when there are
    enough to go round, every share gets at least one."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - int(shares[i])), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    if total >= len(weights):
        for i in range(len(counts)):
            if counts[i] == 0:
                counts[i] = 1
                counts[counts.index(max(counts))] -= 1
    return counts


class Phones:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def new(self) -> str:
        while True:
            phone = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.used:
                self.used.add(phone)
                return phone


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = {DUPLICATE_NAME}
        n = len(SURNAMES)
        self.weights = [1 / (i + 8) for i in range(n)]

    def new(self) -> str:
        rng = self.rng
        name = ""
        for _ in range(50):
            chars = GIVEN_MALE if rng.random() < 0.5 else GIVEN_FEMALE
            given = rng.choice(chars)
            if rng.random() < 0.75:
                given += rng.choice(chars)
            name = rng.choices(SURNAMES, self.weights)[0] + given
            if name not in self.used:
                break
        self.used.add(name)
        return name


def make_volunteers(
    rng: random.Random,
    config: Config,
    count: int,
    homes: list[Home],
    upstairs: Home | None,
    couple: Home | None,
    newcomer_homes: list[Home],
    newcomer_joined: str,
    phones: Phones,
) -> list[Person]:
    keys = list(config.group_keys())
    weights = [GROUP_WEIGHTS.get(k, OTHER_GROUP_WEIGHT) for k in keys]
    sizes = _apportion(count, weights)
    primary = [k for k, n in zip(keys, sizes, strict=True) for _ in range(n)]
    rng.shuffle(primary)  # sign-up order
    names = _Names(rng)
    people = [
        Person(
            name=names.new(),
            phone=phones.new(),
            home=rng.choice(homes),
            groups=[g],
            availability=rng.choice(AVAILABILITY),
        )
        for g in primary
    ]
    # The earliest to sign up lead their group: two in the big groups.
    for key in keys:
        members = [p for p in people if p.groups[0] == key]
        for p in members[: 2 if len(members) >= 20 else 1]:
            p.role = "leader"
            p.availability = "全天"
    for i in rng.sample(range(count), round(count * PARTY_SHARE)):
        people[i].party_member = True
    for p in people:
        if p.role != "leader" and rng.random() < 0.12:
            p.note = rng.choice(VOLUNTEER_NOTES)
    plain = [p for p in people if p.role != "leader"]
    # A few sign up for two groups.
    if len(keys) > 1:
        for p in rng.sample(plain, min(len(plain), round(count * TWO_GROUP_SHARE))):
            second = rng.choices(
                [k for k in keys if k != p.groups[0]],
                [w for k, w in zip(keys, weights, strict=True) if k != p.groups[0]],
            )
            p.groups.append(second[0])
    # Two people with the same name, in different groups and buildings.
    by_size = sorted(keys, key=lambda k: -sizes[keys.index(k)])
    twins: list[Person] = []
    for key in by_size:
        pick = next((p for p in plain if p.groups[0] == key and p not in twins), None)
        if pick is not None:
            twins.append(pick)
        if len(twins) == 2:
            break
    for p in twins:
        p.name = DUPLICATE_NAME
    if len(twins) == 2 and twins[0].home.building == twins[1].home.building:
        others = [h for h in homes if h.building != twins[0].home.building]
        if others:
            twins[1].home = rng.choice(others)
    # The neighbour upstairs who helps the old man in building 5 bathe.
    if upstairs is not None and couple is not None:
        helper = next(
            (p for p in plain if "care" in p.groups and p not in twins),
            next((p for p in plain if p not in twins), None),
        )
        if helper is not None:
            helper.home = upstairs
            helper.note = f"帮楼下{couple.address}的老人洗澡（老伴中风半瘫，护工进不来）"
            twins.append(helper)  # keep out of the newcomers below
    # The last to sign up: residents of the buildings unsealed during the history.
    if newcomer_homes and newcomer_joined:
        n = min(len(plain) // 4, round(count * NEWCOMERS_PER_128 / DEFAULT_VOLUNTEERS))
        late = [p for p in reversed(people) if p.role != "leader" and p not in twins][:n]
        for p in late:
            p.home = rng.choice(newcomer_homes)
            p.joined = newcomer_joined
            p.note = "楼栋解封后报名：现在轮到我们了"
    return people
