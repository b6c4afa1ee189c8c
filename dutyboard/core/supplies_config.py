"""Settings of the supplies group: ``config/supplies.toml`` (optional).

Which papers a supplier shows before an offer may open, which of them are required,
and how long each stays good; how long goods sit after spraying before release.
A config folder made before this file existed loads with the defaults below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dutyboard.core.config_table import ConfigTable

SUPPLIES_FILE = "supplies.toml"


@dataclass(frozen=True)
class PaperSpec:
    key: str
    zh: str
    en: str
    required: bool = True
    valid_days: int | None = None  # None: does not run out

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


DEFAULT_PAPERS = (
    PaperSpec("licence", "营业执照", "Business licence"),
    PaperSpec("food_permit", "食品经营许可证", "Food business permit"),
    PaperSpec("supply_certificate", "保供证明", "Supply-guarantee certificate", False),
    PaperSpec("vehicle_pass", "通行证", "Vehicle pass"),
    PaperSpec("crew_test", "司机及随车人员48小时核酸阴性", "Crew's negative test (48 h)", True, 2),
)


@dataclass(frozen=True)
class SuppliesSpec:
    rest_minutes: int = 30
    papers: tuple[PaperSpec, ...] = DEFAULT_PAPERS

    def paper(self, key: str) -> PaperSpec | None:
        return next((p for p in self.papers if p.key == key), None)


def load_supplies(table: ConfigTable, present: bool) -> SuppliesSpec:
    """``table`` is supplies.toml's (or of {} when the file is absent)."""
    if not present:
        return SuppliesSpec()
    rows = table.tables("paper", ("key", "zh", "en", "required", "valid_days"))
    papers = []
    seen: dict[str, str] = {}
    for row in rows:
        key, zh, en = row.ident("key"), row.text("zh"), row.text("en")
        if key in seen:
            raise row.fail("key", f"duplicate paper key '{key}'; already used by {seen[key]}")
        seen[key] = row.path
        required = row.get("required", True)
        if not isinstance(required, bool):
            raise row.expected("required", "true or false", required)
        valid = row.integer("valid_days", 0, 0, 3650) if "valid_days" in row.data else None
        papers.append(PaperSpec(key, zh, en, required, valid or None))
    return SuppliesSpec(
        rest_minutes=table.integer("rest_minutes", SuppliesSpec.rest_minutes, 0, 24 * 60),
        papers=tuple(papers) or DEFAULT_PAPERS,
    )


def supplies_spec(meta_config: dict[str, Any] | None) -> SuppliesSpec:
    """The supplies settings a board carries in its meta (a board made before they
    existed: the defaults)."""
    d = (meta_config or {}).get("supplies")
    if not isinstance(d, dict):
        return SuppliesSpec()
    try:
        papers = tuple(
            PaperSpec(
                str(p["key"]),
                str(p["zh"]),
                str(p["en"]),
                bool(p.get("required", True)),
                int(p["valid_days"]) if p.get("valid_days") else None,
            )
            for p in d.get("papers", ())
        )
        return SuppliesSpec(int(d.get("rest_minutes", 30)), papers or DEFAULT_PAPERS)
    except (KeyError, TypeError, ValueError):
        return SuppliesSpec()
