"""Writing the demo's records day by day: building statuses, group buys and their
deliveries, who came on duty, disinfection rounds, and the care records last."""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pendulum

from dutyboard.core.config import Config
from dutyboard.core.newboard import (
    IdFactory,
    build_base,
    disinfection_records,
    insert_task,
    slot_records,
)
from dutyboard.demo.care import add_care
from dutyboard.demo.numbers import ELDERLY_COUPLE_NOTE, FAILED_DELIVERY_RATE, NO_SHOW_RATE
from dutyboard.demo.people import Home, Person
from dutyboard.demo.rota import Rota, Slot, delivery_people, slot_from
from dutyboard.demo.times import Times, minutes
from dutyboard.demo.words import HISTORY_BATCHES, TODAY_BATCH, BatchKind
from dutyboard.storage.transaction import Transaction


def _carriers_by_building(
    buildings: Sequence[int],
    carriers: Sequence[Person],
    statuses: Mapping[int, str],
) -> dict[int, Person]:
    """Split a batch by building: one carrier per building, party members take the
    positive buildings (党员先锋)."""
    if not carriers:
        return {}
    party = [p for p in carriers if p.party_member] or list(carriers)
    out: dict[int, Person] = {}
    i = j = 0
    for b in buildings:
        if statuses.get(b) == "positive":
            out[b] = party[j % len(party)]
            j += 1
        else:
            out[b] = carriers[i % len(carriers)]
            i += 1
    return out


@dataclass
class DemoDays:
    rng: random.Random
    config: Config
    date: pendulum.Date
    new_id: IdFactory
    times: Times
    homes: list[Home]
    people: list[Person]
    rota: Rota
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
        carriers: Sequence[Person],
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
        arrives = minutes(kind.arrives)
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
        slots: list[Slot],
        statuses: Mapping[int, str],
        short: Mapping[str, int],
        closed: bool,
    ) -> list[tuple[Slot, list[Person]]]:
        rng = self.rng
        iso = day.isoformat()
        plan = self.rota.plan(iso, slots, statuses, short)
        present: list[tuple[Slot, list[Person]]] = []
        for slot, people in plan:
            came: list[Person] = []
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
        slots: list[Slot] = []
        for rec in slot_records(self.config, day):
            slots.append(slot_from(tx.insert("slots", rec, self.new_id())))
        present = self.assignments(tx, day, slots, statuses, {}, closed=True)
        carriers = delivery_people(present)
        kinds = [HISTORY_BATCHES[1] if offset % 4 == 2 else rng.choice(HISTORY_BATCHES)]
        if rng.random() < 0.5:
            kinds.append(rng.choice([k for k in HISTORY_BATCHES if k not in kinds]))
        for kind in sorted(kinds, key=lambda k: k.arrives):
            self.deliveries(tx, day, kind, carriers, statuses, closed=True)
        cleaners = [p for s, ps in present if s.group == "disinfection" for p in ps]
        cleaners = cleaners or [p for p in self.people if "disinfection" in p.groups]
        for rec in disinfection_records(self.config, day, statuses):
            due = minutes(rec["due"][11:16])
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
        days: dict[str, list[Slot]] = {today.isoformat(): [], tomorrow.isoformat(): []}
        for doc in tx.store.rows("slots"):
            days[doc["date"]].append(slot_from(doc))
        # History first, so the rotation runs on into today.
        for offset in range(len(self.history) - 1, 0, -1):
            self.history_day(archive, offset)
        self.statuses(tx, 0)
        present: list[tuple[Slot, list[Person]]] = []
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
        self.deliveries(tx, today, TODAY_BATCH, delivery_people(present), statuses, False)
        # Care register, calls, needs, medicine, testing rounds: last, from a generator
        # of their own, so every record above stays as it was.
        care_seed = rng.getrandbits(32)
        add_care(
            tx, archive, self.config, today, care_seed, self.homes, self.people, self.times.at,
            ELDERLY_COUPLE_NOTE,
        )  # fmt: skip
