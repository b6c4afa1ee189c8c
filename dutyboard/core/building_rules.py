"""The rules of a building's status: when a sealed building may be lifted.

Plain functions over a building's history (no board, no Textual): the board-facing
side is dutyboard/groups/building_status.py. The day counts are settings, read from the
optional ``config/buildings.toml`` (spring 2022 changed them twice):

* ``sealed_days`` (7): a sealed or positive building stays sealed this many days
  after its case (or after the day it was sealed, when no case is known): day 1 is
  the case's day, so it may be lifted to controlled on day ``sealed_days + 1``.
* ``monitoring_days`` (7): then this many more days before it may be normal ("7+7").
* A new case while the building is still within its sealed days:
  ``new_case_extends_to_day`` (14): the building stays sealed to that day of its
  period (a case on day 3 keeps it sealed to day 14, lifted on day 15); or, with
  ``new_case_resets = true`` (the rule from late May 2022), the clock starts again
  from the new case. Either way a case never brings the lift date forward.
* A case on or after the day a building could have been lifted starts a new period.

A board made before the settings existed uses the defaults above.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pendulum

from dutyboard.core.config_table import ConfigTable

BUILDINGS_FILE = "buildings.toml"
# A building in one of these states is sealed: nobody leaves it (rules.CONFINED_STATUSES).
CONFINED = ("sealed", "positive")
MOST_DAYS = 60


@dataclass(frozen=True)
class BuildingRules:
    sealed_days: int = 7
    monitoring_days: int = 7
    new_case_extends_to_day: int = 14
    new_case_resets: bool = False


def load_building_rules(table: ConfigTable, present: bool) -> BuildingRules:
    """``table`` is buildings.toml's (or of {} when the file is absent)."""
    if not present:
        return BuildingRules()
    keys = ("sealed_days", "monitoring_days", "new_case_extends_to_day", "new_case_resets")
    lift = table.table("lift", keys)
    sealed = lift.integer("sealed_days", BuildingRules.sealed_days, 1, MOST_DAYS)
    monitoring = lift.integer("monitoring_days", BuildingRules.monitoring_days, 0, MOST_DAYS)
    resets = lift.get("new_case_resets", False)
    if not isinstance(resets, bool):
        raise lift.expected("new_case_resets", "true or false", resets)
    if resets and "new_case_extends_to_day" in lift.data:
        raise lift.fail(
            "new_case_extends_to_day",
            "give new_case_extends_to_day (a new case keeps the building sealed to that "
            "day) or new_case_resets = true (a new case starts the clock again), not both",
        )
    default_to = max(BuildingRules.new_case_extends_to_day, sealed)
    extends = lift.integer("new_case_extends_to_day", default_to, sealed, MOST_DAYS)
    return BuildingRules(sealed, monitoring, extends, resets)


def building_rules(meta_config: dict[str, Any] | None) -> BuildingRules:
    """The rules a board carries in its meta (a board made before them: the defaults)."""
    d = (meta_config or {}).get("building_rules")
    if not isinstance(d, dict):
        return BuildingRules()
    try:
        return BuildingRules(
            int(d.get("sealed_days", 7)),
            int(d.get("monitoring_days", 7)),
            int(d.get("new_case_extends_to_day", 14)),
            bool(d.get("new_case_resets", False)),
        )
    except (TypeError, ValueError):
        return BuildingRules()


@dataclass(frozen=True)
class Change:
    """One change of a building's state as the rules read it: the duty day it was
    made, the new state, and the day of the case it reports (if any)."""

    day: pendulum.Date
    state: str
    case_date: pendulum.Date | None = None


@dataclass(frozen=True)
class Standing:
    """Where a building stands after its changes: its state, since when, its period's
    first day and cases, and the earliest days it may be controlled and normal."""

    state: str = "normal"
    since: pendulum.Date | None = None
    period_start: pendulum.Date | None = None
    cases: tuple[pendulum.Date, ...] = field(default=())
    controlled_from: pendulum.Date | None = None  # sealed or positive: may be controlled
    normal_from: pendulum.Date | None = None  # may be normal

    @property
    def last_case(self) -> pendulum.Date | None:
        return max(self.cases) if self.cases else None

    def earliest(self, target: str) -> pendulum.Date | None:
        """The first day the building may be set to ``target`` without a reason; None
        if that is not a lift (or nothing is known of when the state began)."""
        if self.state in CONFINED:
            if target == "controlled":
                return self.controlled_from
            if target == "normal":
                return self.normal_from
        if self.state == "controlled" and target == "normal":
            return self.normal_from
        return None

    def next_lift(self) -> pendulum.Date | None:
        """The earliest day of the next step down: controlled for a sealed building,
        normal for a controlled one."""
        return self.earliest("controlled" if self.state in CONFINED else "normal")


def standing(changes: Sequence[Change], rules: BuildingRules) -> Standing:
    """Walk a building's changes in order and say where it stands."""
    sealed, watch = rules.sealed_days, rules.monitoring_days
    state = "normal"
    since: pendulum.Date | None = None
    start: pendulum.Date | None = None
    lift: pendulum.Date | None = None
    normal: pendulum.Date | None = None
    cases: list[pendulum.Date] = []
    for c in changes:
        if c.state != state:
            since = c.day
        if c.state in CONFINED:
            if state not in CONFINED or start is None or lift is None:
                # The period starts with its case, or the day it was sealed.
                start = c.case_date or c.day
                lift = start.add(days=sealed)
                cases = [c.case_date] if c.case_date else []
            elif c.case_date is not None:
                new = c.case_date
                if not cases:  # sealed without a case; now its case is known
                    start = max(start, new)
                    lift = max(lift, new.add(days=sealed))
                elif new < lift:  # a new case within the sealed days
                    if rules.new_case_resets:
                        lift = max(lift, new.add(days=sealed))
                    else:
                        to_day = start.add(days=rules.new_case_extends_to_day)
                        lift = max(lift, to_day, new.add(days=sealed))
                else:  # the building could have been lifted already: a new period
                    start, lift = new, max(lift, new.add(days=sealed))
                cases.append(new)
            normal = lift.add(days=watch)
        elif c.state == "controlled":
            if state == "normal":  # controlled straight away: monitoring from today
                start, lift, cases = c.day, None, []
                normal = c.day.add(days=watch)
        else:
            start = lift = normal = None
            cases = []
        state = c.state
    return Standing(
        state,
        since,
        start,
        tuple(cases),
        lift if state in CONFINED else None,
        normal if state != "normal" else None,
    )


def days_left(day: pendulum.Date | None, today: pendulum.Date) -> int | None:
    """Days from ``today`` to ``day`` (0 once it has come); None for no day."""
    if day is None:
        return None
    return max(0, (day - today).days)
