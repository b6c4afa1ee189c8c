"""Settings of the care, medicine and testing groups: ``config/care.toml`` and
``config/testing.toml``.

Both files are optional (a config folder made before they existed still loads, with
the defaults below); a wrong key or value is one ``ConfigError`` naming the file, the
key and what was expected, like every other config file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dutyboard.core.config_table import ConfigTable

NEED_ROUTES = ("supplies", "medicine", "help")
CARE_FILE, TESTING_FILE = "care.toml", "testing.toml"


@dataclass(frozen=True)
class NeedType:
    key: str
    zh: str
    en: str
    route: str  # supplies | medicine | help

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


DEFAULT_NEEDS = (
    NeedType("food", "食品蔬菜", "Food and vegetables", "supplies"),
    NeedType("daily_goods", "日用品", "Daily goods", "supplies"),
    NeedType("medicine", "药品", "Medicine", "medicine"),
    NeedType("bathing", "帮助洗澡", "Help bathing", "help"),
    NeedType("diapers", "成人纸尿裤", "Adult diapers", "help"),
    NeedType("home_help", "上门帮忙", "Help at home", "help"),
)


@dataclass(frozen=True)
class CareSpec:
    contact_every_days: int = 3
    needs: tuple[NeedType, ...] = DEFAULT_NEEDS
    medicine_due_hours: int = 48
    medicine_urgent_due_hours: int = 12

    def need(self, key: str) -> NeedType | None:
        return next((n for n in self.needs if n.key == key), None)


@dataclass(frozen=True)
class TestingSpec:
    route: tuple[int, ...] = ()  # building numbers in walking order; () = by number


def load_care(table: ConfigTable, present: bool) -> CareSpec:
    """``table`` is care.toml's (or of {} when the file is absent)."""
    if not present:
        return CareSpec()
    care = CareSpec()
    med = table.table("medicine", ("due_hours", "urgent_due_hours"))
    rows = table.tables("need", ("key", "zh", "en", "route"))
    needs = []
    for row in rows:
        key, zh, en = row.ident("key"), row.text("zh"), row.text("en")
        route = row.get("route", None)
        if route not in NEED_ROUTES:
            raise row.expected("route", "'supplies', 'medicine' or 'help'", route)
        needs.append(NeedType(key, zh, en, route))
    seen: dict[str, str] = {}
    for row, n in zip(rows, needs, strict=True):
        if n.key in seen:
            raise row.fail("key", f"duplicate need key '{n.key}'; already used by {seen[n.key]}")
        seen[n.key] = row.path
    return CareSpec(
        contact_every_days=table.integer("contact_every_days", care.contact_every_days, 1, 60),
        needs=tuple(needs) or DEFAULT_NEEDS,
        medicine_due_hours=med.integer("due_hours", care.medicine_due_hours, 1, 24 * 14),
        medicine_urgent_due_hours=med.integer(
            "urgent_due_hours", care.medicine_urgent_due_hours, 1, 24 * 14
        ),
    )


def load_testing(table: ConfigTable, present: bool, buildings: Sequence[int]) -> TestingSpec:
    if not present:
        return TestingSpec()
    route = table.get("route", [])
    if not isinstance(route, list):
        raise table.expected("route", "a list of building numbers like [1, 2, 3]", route)
    known = set(buildings)
    seen: set[int] = set()
    for i, n in enumerate(route, 1):
        where = f"route[{i}]"
        if not isinstance(n, int) or isinstance(n, bool):
            raise table.expected(where, "a building number", n)
        if n not in known:
            raise table.fail(where, f"building {n} is not in community.toml")
        if n in seen:
            raise table.fail(where, f"building {n} is on the route twice")
        seen.add(n)
    return TestingSpec(tuple(route))


def care_spec(meta_config: dict[str, Any] | None) -> CareSpec:
    """The care settings a board carries in its meta (a board made before they existed:
    the defaults)."""
    d = (meta_config or {}).get("care")
    if not isinstance(d, dict):
        return CareSpec()
    try:
        needs = tuple(
            NeedType(str(n["key"]), str(n["zh"]), str(n["en"]), str(n["route"]))
            for n in d.get("needs", ())
        )
        return CareSpec(
            int(d.get("contact_every_days", 3)),
            needs or DEFAULT_NEEDS,
            int(d.get("medicine_due_hours", 48)),
            int(d.get("medicine_urgent_due_hours", 12)),
        )
    except (KeyError, TypeError, ValueError):
        return CareSpec()


def testing_spec(meta_config: dict[str, Any] | None) -> TestingSpec:
    d = (meta_config or {}).get("testing")
    if not isinstance(d, dict):
        return TestingSpec()
    route = d.get("route") or ()
    return TestingSpec(tuple(int(n) for n in route if isinstance(n, int)))
