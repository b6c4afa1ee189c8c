"""Who is on duty in the demo: slots filled day after day by a fair rotation."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from dutyboard.core.config import Config
from dutyboard.demo.people import Person
from dutyboard.demo.times import minutes


@dataclass
class Slot:
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


def slot_from(doc: Mapping[str, Any]) -> Slot:
    start, end = minutes(doc["start"]), minutes(doc["end"])
    if end <= start:
        end += 24 * 60
    return Slot(doc["id"], doc["group"], start, end, int(doc["needed"]))


class Rota:
    """Fills slots day after day: fair rotation, no overlaps, the day's hour limit,
    days in a row, and nobody from a sealed or positive building."""

    def __init__(self, rng: random.Random, config: Config, people: list[Person]) -> None:
        self.rng = rng
        self.max_hours = config.max_hours_per_day
        self.max_days = config.max_days_in_a_row
        self.people = people
        self.members: dict[str, list[Person]] = {k: [] for k in config.group_keys()}
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
        slots: list[Slot],
        blocked: Mapping[int, str],
        short: Mapping[str, int],
    ) -> list[tuple[Slot, list[Person]]]:
        spans: dict[str, list[tuple[int, int]]] = {k: list(v) for k, v in self.carry.items()}
        hours: dict[str, float] = {}
        out: list[tuple[Slot, list[Person]]] = []
        has_leader: dict[str, bool] = {}
        free = {
            p.id
            for p in self.people
            if p.home.building not in blocked and not (p.joined and p.joined > day)
        }
        for slot in slots:
            need = max(0, slot.needed - short.get(slot.id, 0))
            ranked: list[tuple[bool, float, float, Person]] = []
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


def delivery_people(present: list[tuple[Slot, list[Person]]]) -> list[Person]:
    out: list[Person] = []
    for slot, people in present:
        if slot.group == "delivery" and not slot.night:
            out.extend(p for p in people if p not in out)
    return out
