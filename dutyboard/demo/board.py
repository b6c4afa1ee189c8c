"""A demo board that feels like Jingtai Jiayuan (景泰嘉苑), Beicai, Pudong, spring 2022.

``build_demo`` writes a complete board: the configured buildings with about 196
households (560 residents, 34 of them elderly people living alone), 128 volunteers
in the six groups, today's and tomorrow's roster (a few slots short-staffed), today's
group-buy batch with its deliveries and today's disinfection checklist, and ``days``
closed days of history in the archive file beside it.

Everything comes from one ``random.Random(seed)``: record ids, the board id, names,
phones, who is on duty. The change stamps come from a clock that stands at the start
of the demo day on device ``demo``. So the same arguments give byte-identical files.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.config import BuildingSpec, Config, load_config
from dutyboard.core.newboard import (
    IdFactory,
    board_meta,
    build_base,
    disinfection_records,
    insert_task,
    slot_records,
)
from dutyboard.storage.clock import Clock, SystemClock, operational_date
from dutyboard.storage.errors import SaveError, UsageError
from dutyboard.storage.store import (
    APP_NAME,
    FORMAT_VERSION,
    BoardStore,
    Transaction,
    archive_meta_id,
    archive_path,
)

# ---------------------------------------------------------------- the numbers

DEFAULT_HOUSEHOLDS = 196
DEFAULT_VOLUNTEERS = 128
RESIDENTS_PER_HOUSEHOLD = 560 / 196  # about 560 residents in fewer than 200 households
ELDERLY_ALONE_SHARE = 34 / 196  # 34 elderly-alone households
PARTY_SHARE = 0.3
TWO_GROUP_SHARE = 0.06  # a few volunteers sign up for two groups
NEWCOMERS_PER_128 = 20  # residents who volunteered as soon as their building was unsealed
FULL_OCCUPANCY = 0.95  # more households than this share of the rooms: add buildings
TARGET_OCCUPANCY = 0.85  # ... until this share of the rooms is lived in
DEMO_DEVICE = "demo"
DELIVERY_SHARE_TODAY = 0.7
NO_SHOW_RATE = 0.04
FAILED_DELIVERY_RATE = 0.02

# Two volunteers share this name (同名), so that name lookups can be shown refusing
# an ambiguous name and asking for a phone number instead.
DUPLICATE_NAME = "张伟"
# The old couple in building 5 from the report: the husband half-paralysed after a
# stroke, the home-care worker could not come in, a neighbour upstairs helped him bathe.
ELDERLY_COUPLE_BUILDING = 5
ELDERLY_COUPLE_NOTE = "老伴中风半瘫，楼上邻居帮助洗澡"
POSITIVE_BUILDING = 9  # today's 涉阳楼栋 when the community has a building 9

# Volunteers per group out of 128: delivery and testing need the most hands.
GROUP_WEIGHTS: Mapping[str, int] = {
    "supplies": 16,
    "delivery": 34,
    "disinfection": 20,
    "medicine": 10,
    "testing": 30,
    "care": 18,
}
OTHER_GROUP_WEIGHT = 15

# Common surnames, most frequent first (Shanghai ones moved up).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙朱沈陆顾马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
    "肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任姚卢姜崔钟谭汪范金石廖贾夏韦付方白"
    "邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺毛郝龚邵万钱严武戴莫孔汤施俞"
)
GIVEN_MALE = (
    "伟刚勇毅俊峰强军平东文辉力明永健志兴良海山波宁福生龙国胜学祥发新利清"
    "飞彬杰涛成康光天达安中进林坚博诚敬振庆磊民友浩亮超鹏泽晨建家德荣根宝"
)
GIVEN_FEMALE = (
    "秀娟英华慧美娜静淑惠玉萍红玲芬芳燕彩春菊兰凤洁梅琳素云莲雪荣爱霞香月"
    "艳佳琼珍莉桂叶晶秋珊青倩婷婉颖露瑶怡丹蓉君琴薇梦岚敏丽妹雯霏琪晓宁"
)
PHONE_PREFIXES = tuple(
    str(n) for n in (*range(130, 140), 150, 151, 152, 153, 155, 156, 157, 158, 159, 166, 177)
) + tuple(str(n) for n in (180, 181, 182, 183, 185, 186, 187, 188, 189, 199))

AVAILABILITY = (
    "全天",
    "全天",
    "全天",
    "07:00-11:00",
    "11:00-15:00",
    "15:00-19:00",
    "上午",
    "下午",
    "晚上",
    "工作日晚上和周末",
    "随叫随到",
    "早上6点以后",
)
VOLUNTEER_NOTES = (
    "有医护背景",
    "会开车，有电动三轮车",
    "能用Excel做表",
    "原楼组长",
    "会说上海话，方便和老人沟通",
    "腰不好，不能搬重物",
    "居家办公，下午有空",
    "退休教师",
)
ELDERLY_NOTES = (
    "子女在外地",
    "高血压，长期服药",
    "糖尿病，需要胰岛素",
    "耳背，打电话请大声",
    "不会网上团购，请关爱组代买",
    "腿脚不便，不能下楼做核酸",
    "心脏病，药快吃完时联系配药组",
    "独自居住，每两天电话回访",
)
HOUSEHOLD_NOTES = (
    "家有婴儿，需要奶粉尿布",
    "孕妇，需定期产检",
    "透析病人，每周二、五外出透析",
    "行动不便，送货请放门口",
    "家中有高三学生",
    "一家三代同住",
)


@dataclass(frozen=True)
class BatchKind:
    name: str
    supplier: str
    items: str
    arrives: str
    share: float  # of households that ordered it


TODAY_BATCH = BatchKind(
    "团购蔬菜包", "蔬菜基地直供（物资组审核）", "青菜2斤 土豆3个 鸡蛋10个", "10:30", 0.7
)
HISTORY_BATCHES = (
    TODAY_BATCH,
    BatchKind(
        "政府保供物资包", "北蔡镇政府", "大米5斤 食用油1桶 青菜2斤 洋葱2个 猪肉1斤", "09:00", 1.0
    ),
    BatchKind("团购鸡蛋", "本地农场", "鸡蛋30个", "14:00", 0.45),
    BatchKind("团购牛奶", "乳品公司团购", "鲜牛奶1升×6", "15:30", 0.35),
    BatchKind("团购猪肉", "肉联厂团购", "猪肉2斤 排骨1斤", "11:00", 0.5),
    BatchKind("团购水果", "水果批发市场", "苹果3斤 香蕉2斤", "16:00", 0.4),
    BatchKind("米面油套餐", "粮油店团购", "大米10斤 挂面2斤 食用油1桶", "13:30", 0.3),
    BatchKind("母婴用品团购", "母婴店团购", "奶粉1罐 纸尿裤1包", "15:00", 0.05),
)


# ---------------------------------------------------------------- helpers


_UUID4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID4_SET = (0x4000 << 64) | (0x8000 << 48)


def _id_factory(rng: random.Random) -> IdFactory:
    """Record ids from the demo's random numbers: the same string as
    ``str(uuid.UUID(int=rng.getrandbits(128), version=4))``, made faster."""

    def new_id() -> str:
        h = f"{(rng.getrandbits(128) & _UUID4_CLEAR) | _UUID4_SET:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    return new_id


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


class _Times:
    """ISO 8601 moments with the zone's offset, fast (one pendulum call per hour)."""

    def __init__(self, tz: str) -> None:
        self.tz = tz
        self._cache: dict[tuple[pendulum.Date, int], tuple[str, str]] = {}

    def at(self, day: pendulum.Date, minute: int, second: int = 0) -> str:
        """``minute`` counts from the day's midnight and may run into the next day."""
        if minute >= 24 * 60:
            day, minute = day.add(days=minute // (24 * 60)), minute % (24 * 60)
        minute = max(0, minute)
        hour = minute // 60
        parts = self._cache.get((day, hour))
        if parts is None:
            iso = pendulum.datetime(day.year, day.month, day.day, hour, tz=self.tz).isoformat()
            parts = self._cache[(day, hour)] = (iso[:11], iso[19:])
        return f"{parts[0]}{hour:02d}:{minute % 60:02d}:{second:02d}{parts[1]}"


@dataclass(eq=False)
class _Home:
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
class _Person:
    name: str
    phone: str
    home: _Home
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


@dataclass
class _Slot:
    id: str
    group: str
    start: int  # minutes from the day's midnight
    end: int  # may exceed 24 * 60 (a night slot)
    needed: int

    @property
    def hours(self) -> float:
        return (self.end - self.start) / 60

    @property
    def night(self) -> bool:
        return self.end > 24 * 60


def _slot(doc: Mapping[str, Any]) -> _Slot:
    start, end = _minutes(doc["start"]), _minutes(doc["end"])
    if end <= start:
        end += 24 * 60
    return _Slot(doc["id"], doc["group"], start, end, int(doc["needed"]))


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


class _Phones:
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


# ---------------------------------------------------------------- the community


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


def _couple_rooms(config: Config) -> tuple[_Home, _Home] | None:
    """The old couple's flat and the flat right above it, where the helping neighbour lives."""
    candidates = [b for b in config.buildings if b.floors >= 2]
    if not candidates:
        return None
    b = next((b for b in candidates if b.number == ELDERLY_COUPLE_BUILDING), candidates[0])
    unit = min(2, b.units)
    floor = 2 if b.floors >= 3 else 1
    return _Home(b.number, unit, f"{floor}01"), _Home(b.number, unit, f"{floor + 1}01")


def _households(
    rng: random.Random, config: Config, count: int, phones: _Phones
) -> tuple[list[_Home], _Home | None, _Home | None]:
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
    homes = [_Home(b, u, r) for (b, u, r) in all_rooms if (b, u, r) in chosen]
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


# ---------------------------------------------------------------- building status


@dataclass
class _Spell:
    building: int
    oldest: int  # days before the demo date
    newest: int
    positive_days: int  # the first days of the spell the building was positive


def _status_history(
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


# ---------------------------------------------------------------- volunteers


def _volunteers(
    rng: random.Random,
    config: Config,
    count: int,
    homes: list[_Home],
    upstairs: _Home | None,
    couple: _Home | None,
    newcomer_homes: list[_Home],
    newcomer_joined: str,
    phones: _Phones,
) -> list[_Person]:
    keys = list(config.group_keys())
    weights = [GROUP_WEIGHTS.get(k, OTHER_GROUP_WEIGHT) for k in keys]
    sizes = _apportion(count, weights)
    primary = [k for k, n in zip(keys, sizes, strict=True) for _ in range(n)]
    rng.shuffle(primary)  # sign-up order
    names = _Names(rng)
    people = [
        _Person(
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
    twins: list[_Person] = []
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


# ---------------------------------------------------------------- rosters


class _Rota:
    """Fills slots day after day: fair rotation, no overlaps, the day's hour limit,
    days in a row, and nobody from a sealed or positive building."""

    def __init__(self, rng: random.Random, config: Config, people: list[_Person]) -> None:
        self.rng = rng
        self.max_hours = config.max_hours_per_day
        self.max_days = config.max_days_in_a_row
        self.people = people
        self.members: dict[str, list[_Person]] = {k: [] for k in config.group_keys()}
        for p in people:
            for g in p.groups:
                self.members.setdefault(g, []).append(p)
        self.load: dict[str, int] = {p.id: 0 for p in people}  # slots worked
        self.eligible: dict[str, int] = {p.id: 0 for p in people}  # days they could work
        self.streak: dict[str, int] = {p.id: 0 for p in people}
        self.carry: dict[str, list[tuple[int, int]]] = {}  # yesterday's spans, shifted

    def plan(
        self,
        day: str,
        slots: list[_Slot],
        blocked: Mapping[int, str],
        short: Mapping[str, int],
    ) -> list[tuple[_Slot, list[_Person]]]:
        spans: dict[str, list[tuple[int, int]]] = {k: list(v) for k, v in self.carry.items()}
        hours: dict[str, float] = {}
        out: list[tuple[_Slot, list[_Person]]] = []
        has_leader: dict[str, bool] = {}
        free = {
            p.id
            for p in self.people
            if p.home.building not in blocked and not (p.joined and p.joined > day)
        }
        for slot in slots:
            need = max(0, slot.needed - short.get(slot.id, 0))
            ranked: list[tuple[bool, float, float, _Person]] = []
            for p in self.members.get(slot.group, ()):
                if p.id not in free or self.streak[p.id] >= self.max_days:
                    continue
                if hours.get(p.id, 0.0) + slot.hours > self.max_hours:
                    continue
                mine = spans.get(p.id, ())
                if any(s < slot.end and slot.start < e for s, e in mine):
                    continue
                share = self.load[p.id] / (self.eligible[p.id] + 1)
                ranked.append((p.id in hours, share, self.rng.random(), p))
            ranked.sort(key=itemgetter(0, 1, 2))
            chosen = [r[3] for r in ranked[:need]]
            if chosen and not has_leader.get(slot.group):
                leader = next((r[3] for r in ranked if r[3].role == "leader"), None)
                if leader is not None and leader not in chosen:
                    chosen[-1] = leader
            for p in chosen:
                spans.setdefault(p.id, []).append((slot.start, slot.end))
                hours[p.id] = hours.get(p.id, 0.0) + slot.hours
                self.load[p.id] += 1
                if p.role == "leader":
                    has_leader[slot.group] = True
            out.append((slot, chosen))
        for p in self.people:
            self.streak[p.id] = self.streak[p.id] + 1 if p.id in hours else 0
            if p.id in free:
                self.eligible[p.id] += 1
        day_len = 24 * 60
        self.carry = {
            vid: [(s - day_len, e - day_len) for s, e in lst if e > day_len]
            for vid, lst in spans.items()
            if any(e > day_len for _, e in lst)
        }
        return out


def _carriers_by_building(
    buildings: Sequence[int],
    carriers: Sequence[_Person],
    statuses: Mapping[int, str],
) -> dict[int, _Person]:
    """Split a batch by building: one carrier per building, party members take the
    positive buildings (党员先锋)."""
    if not carriers:
        return {}
    party = [p for p in carriers if p.party_member] or list(carriers)
    out: dict[int, _Person] = {}
    i = j = 0
    for b in buildings:
        if statuses.get(b) == "positive":
            out[b] = party[j % len(party)]
            j += 1
        else:
            out[b] = carriers[i % len(carriers)]
            i += 1
    return out


# ---------------------------------------------------------------- the build


@dataclass
class _Demo:
    rng: random.Random
    config: Config
    date: pendulum.Date
    new_id: IdFactory
    times: _Times
    homes: list[_Home]
    people: list[_Person]
    rota: _Rota
    history: list[dict[int, str]]
    numbers: list[int]

    def day(self, offset: int) -> pendulum.Date:
        return self.date.subtract(days=offset)

    def statuses(self, tx: Transaction, offset: int) -> dict[int, str]:
        statuses = self.history[offset]
        iso = self.day(offset).isoformat()
        for b in self.numbers:
            rec = {"building": b, "date": iso, "status": statuses.get(b, "normal")}
            tx.insert("building_status", rec, self.new_id())
        return statuses

    def batch(self, tx: Transaction, day: pendulum.Date, kind: BatchKind) -> str:
        rec = {
            "date": day.isoformat(),
            "name": kind.name,
            "supplier": kind.supplier,
            "items": kind.items,
            "arrives": kind.arrives,
        }
        return str(tx.insert("batches", rec, self.new_id())["id"])

    def deliveries(
        self,
        tx: Transaction,
        day: pendulum.Date,
        kind: BatchKind,
        carriers: Sequence[_Person],
        statuses: Mapping[int, str],
        closed: bool,
    ) -> None:
        rng = self.rng
        batch_id = self.batch(tx, day, kind)
        n = max(1, round(len(self.homes) * kind.share))
        picked = sorted(rng.sample(range(len(self.homes)), min(n, len(self.homes))))
        homes = [self.homes[i] for i in picked]
        buildings = sorted({h.building for h in homes})
        carrier = _carriers_by_building(buildings, carriers, statuses)
        iso = day.isoformat()
        arrives = _minutes(kind.arrives)
        reasons = [r.key for r in self.config.fail_reasons]
        for h in homes:
            who = carrier.get(h.building)
            rec: dict[str, Any] = {
                "kind": "delivery",
                "group": "delivery",
                "date": iso,
                "status": "open",
                "batch": batch_id,
                "household": h.id,
                "address": h.address,
                "building": h.building,
                "items": kind.items,
                "carrier": who.id if who else None,
            }
            if closed:
                doer = who
                if carriers and (doer is None or rng.random() < 0.1):
                    doer = rng.choice(carriers)
                failed = bool(reasons) and rng.random() < FAILED_DELIVERY_RATE
                rec["status"] = "failed" if failed else "done"
                rec["done_by"] = doer.id if doer else None
                minute = arrives + rng.randint(20, 240)
                rec["done_at"] = self.times.at(day, minute, rng.randrange(60))
                if failed:
                    rec["fail_reason"] = rng.choice(reasons)
            insert_task(tx, rec, self.new_id)

    def assignments(
        self,
        tx: Transaction,
        day: pendulum.Date,
        slots: list[_Slot],
        statuses: Mapping[int, str],
        short: Mapping[str, int],
        closed: bool,
    ) -> list[tuple[_Slot, list[_Person]]]:
        rng = self.rng
        iso = day.isoformat()
        plan = self.rota.plan(iso, slots, statuses, short)
        present: list[tuple[_Slot, list[_Person]]] = []
        for slot, people in plan:
            came: list[_Person] = []
            for p in people:
                rec: dict[str, Any] = {
                    "slot": slot.id,
                    "volunteer": p.id,
                    "date": iso,
                    "group": slot.group,
                    "status": "scheduled",
                }
                if closed:
                    if rng.random() < NO_SHOW_RATE:
                        rec["status"] = "no_show"
                        rec["status_at"] = self.times.at(day, slot.start + 30)
                    else:
                        rec["status"] = "arrived"
                        minute = slot.start - rng.randint(0, 12)
                        rec["status_at"] = self.times.at(day, minute, rng.randrange(60))
                        came.append(p)
                else:
                    came.append(p)
                tx.insert("assignments", rec, self.new_id())
            present.append((slot, came))
        return present

    def history_day(self, tx: Transaction, offset: int) -> None:
        rng = self.rng
        day = self.day(offset)
        statuses = self.statuses(tx, offset)
        slots: list[_Slot] = []
        for rec in slot_records(self.config, day):
            slots.append(_slot(tx.insert("slots", rec, self.new_id())))
        present = self.assignments(tx, day, slots, statuses, {}, closed=True)
        carriers = _delivery_people(present)
        kinds = [HISTORY_BATCHES[1] if offset % 4 == 2 else rng.choice(HISTORY_BATCHES)]
        if rng.random() < 0.5:
            kinds.append(rng.choice([k for k in HISTORY_BATCHES if k not in kinds]))
        for kind in sorted(kinds, key=lambda k: k.arrives):
            self.deliveries(tx, day, kind, carriers, statuses, closed=True)
        cleaners = [p for s, ps in present if s.group == "disinfection" for p in ps]
        cleaners = cleaners or [p for p in self.people if "disinfection" in p.groups]
        for rec in disinfection_records(self.config, day, statuses):
            due = _minutes(rec["due"][11:16])
            if rec["due"][:10] != rec["date"]:
                due_day = datetime.date.fromisoformat(rec["due"][:10])
                due += 24 * 60 * (due_day.toordinal() - day.toordinal())
            rec["status"] = "done"
            rec["done_by"] = rng.choice(cleaners).id if cleaners else None
            rec["done_at"] = self.times.at(day, due - rng.randint(0, 45), rng.randrange(60))
            insert_task(tx, rec, self.new_id)

    def live(self, tx: Transaction, archive: Transaction) -> None:
        """The live file's records; on the way, the closed days into the archive."""
        rng = self.rng
        today, tomorrow = self.date, self.date.add(days=1)
        statuses = self.history[0]
        build_base(tx, self.config, today, statuses=statuses, new_id=self.new_id)
        for h in self.homes:
            rec = {
                "building": h.building,
                "unit": h.unit,
                "room": h.room,
                "residents": h.residents,
                "elderly_alone": h.elderly_alone,
                "phone": h.phone,
                "note": h.note,
            }
            tx.insert("households", rec, h.id)
        for p in self.people:
            tx.insert("volunteers", p.record(), p.id)
        days: dict[str, list[_Slot]] = {today.isoformat(): [], tomorrow.isoformat(): []}
        for doc in tx.store.rows("slots"):
            days[doc["date"]].append(_slot(doc))
        # History first, so the rotation runs on into today.
        for offset in range(len(self.history) - 1, 0, -1):
            self.history_day(archive, offset)
        self.statuses(tx, 0)
        present: list[tuple[_Slot, list[_Person]]] = []
        for day, n_short in ((today, 3), (tomorrow, 2)):
            slots = days[day.isoformat()]
            can_lack = [s for s in slots if s.needed >= 2]
            short = {
                s.id: rng.randint(1, min(2, s.needed - 1))
                for s in rng.sample(can_lack, min(n_short, len(can_lack)))
            }
            plan = self.assignments(tx, day, slots, statuses, short, closed=False)
            if day == today:
                present = plan
        self.deliveries(tx, today, TODAY_BATCH, _delivery_people(present), statuses, False)
        # Care register, calls, needs, medicine, testing rounds: last, from a generator
        # of their own, so every record above stays as it was.
        from dutyboard.demo.care import add_care

        care_seed = rng.getrandbits(32)
        add_care(
            tx, archive, self.config, today, care_seed, self.homes, self.people, self.times.at,
            ELDERLY_COUPLE_NOTE,
        )  # fmt: skip


def _delivery_people(present: list[tuple[_Slot, list[_Person]]]) -> list[_Person]:
    out: list[_Person] = []
    for slot, people in present:
        if slot.group == "delivery" and not slot.night:
            out.extend(p for p in people if p not in out)
    return out


def build_demo(
    path: str | Path,
    *,
    households: int | None = None,
    volunteers: int = DEFAULT_VOLUNTEERS,
    days: int = 7,
    date: pendulum.Date | None = None,
    seed: int = 2022,
    config: Config | None = None,
    clock: Clock | None = None,
    device_id: str | None = None,
) -> Board:
    """Write a demo board at ``path`` (and its archive of ``days`` closed days beside it)
    and return it opened. Refuses to replace an existing file."""
    path = Path(path)
    config = config or load_config()
    n_households = DEFAULT_HOUSEHOLDS if households is None else households
    if n_households < 1:
        raise UsageError(f"households: need at least 1, got {n_households}")
    if volunteers < 2 * len(config.groups):
        raise UsageError(
            f"volunteers: need at least {2 * len(config.groups)} (two per group), got {volunteers}"
        )
    if days < 0:
        raise UsageError(f"days: need 0 or more, got {days}")
    clock = clock or SystemClock(config.timezone)
    if date is None:
        date = operational_date(clock.now().in_timezone(config.timezone), config.day_start_hour)
    apath = archive_path(path)
    for target in (path, apath):
        if target.exists():
            raise SaveError(f"{target}: a file is already there; it was not touched.")

    rng = random.Random(seed)
    new_id = _id_factory(rng)
    config = scaled_config(config, n_households)
    phones = _Phones(rng)
    homes, couple, upstairs = _households(rng, config, n_households, phones)
    for h in homes:
        h.id = new_id()
    numbers = [b.number for b in config.buildings]
    history, unsealed, unsealed_at = _status_history(rng, numbers, days)
    newcomer_homes = [h for h in homes if h.building in unsealed]
    joined = date.subtract(days=unsealed_at).isoformat() if unsealed else ""
    people = _volunteers(
        rng, config, volunteers, homes, upstairs, couple, newcomer_homes, joined, phones
    )
    for p in people:
        p.id = new_id()
    demo = _Demo(
        rng,
        config,
        date,
        new_id,
        _Times(config.timezone),
        homes,
        people,
        _Rota(rng, config, people),
        history,
        numbers,
    )

    board_id = new_id()
    meta = {"id": new_id(), "board_id": board_id, **board_meta(config, date)}
    start = pendulum.datetime(
        date.year, date.month, date.day, config.day_start_hour, tz=config.timezone
    )
    wall_ms = start.int_timestamp * 1000
    archive: BoardStore | None = None

    def build(tx: Transaction) -> None:
        nonlocal archive
        archive = BoardStore(apath, {}, clock=tx.store.clock)
        archive_tx = Transaction(archive)
        archive_meta = {
            "app": APP_NAME,
            "format_version": FORMAT_VERSION,
            "board_id": board_id,
            **board_meta(config, date),
            "kind": "archive",
        }
        new_id()  # drawn but unused: keeps every later draw (and so the demo) as before
        archive_tx.insert("meta", archive_meta, archive_meta_id(board_id))
        demo.live(tx, archive_tx)

    BoardStore.create(path, meta, device=DEMO_DEVICE, wall=lambda: wall_ms, build=build)
    assert archive is not None
    if days:
        try:
            archive.dirty = True
            archive.save()
        except BaseException:
            path.unlink(missing_ok=True)  # no half-made demo: a board without its history
            raise
    return Board.open(path, clock, device_id=device_id)
