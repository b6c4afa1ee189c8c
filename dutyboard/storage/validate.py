"""One validation of a board's values (issue 14): types, ranges, stamps, references.

Every way bytes come in goes through it: opening a board file whose bytes are not this
laptop's own last save, a copy being merged (``dutyboard merge``, Syncthing conflict
copies), the file on disk read again before a save, the ``.NAME.saved`` shadow taken
back after a copy-over, and ``dutyboard check``. The views (dutyboard/core/board.py and the
modules of each group) trust the values they read, so a value of the wrong type that
got in (``"needed": "four"``) would fail every command afterwards.

Known fields of known tables are checked; unknown tables and unknown fields are let
through (a newer dutyboard may add them). A problem names table, record (its id) and
field, e.g. ``slots[<id>].needed: "four" is not a whole number``.

References: ``value_problems`` does not look at them (a board file keeps its dangling
ones until ``check`` names them: refusing to open it would help nobody). A copy coming
in must not add one (``reference_problems``, from dutyboard.core.merge): what it points at
must be in the copy, its archive, the board, the board's archive or another copy merged
with it, or the merged board would be one that ``check`` calls broken.
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

from dutyboard.storage.board_schema import (
    CONFIG,
    REFERENCES,
    RULES,
    SCHEMAS,
    Schema,
    or_empty,
    valid_date,
)
from dutyboard.storage.errors import BoardFileError
from dutyboard.storage.records import is_deleted

__all__ = ["REFERENCES", "SCHEMAS", "InvalidFile", "Problem", "value_problems"]

# A stamp may run ahead of this laptop's clock by this much (clocks of laptops differ
# by minutes, not days). A later one would pin every laptop's hybrid clock to it: each
# edit made after would carry that future time (dutyboard/storage/hlc.py).
FUTURE_SLACK_MS = 24 * 3600 * 1000
# At most this many problems are listed (``check``); a refusal needs only the first.
MAX_PROBLEMS = 200

_STAMP = re.compile(r"\d{15}\.\d{4}\.[^.\x00-\x20\x7f-\x9f]{1,64}")


class Problem(NamedTuple):
    """One value that fails: where (table, record id, field) and why."""

    table: str
    record: str
    field: str
    value: object
    reason: str
    fields: Mapping[str, object] = {}

    def where(self) -> str:
        head = f"{self.table}[{self.record}]" if self.record else self.table
        return f"{head}.{self.field}" if self.field else head

    def text(self, lang: str = "en") -> str:
        from dutyboard.i18n import t

        shown = "" if self.reason in _NO_VALUE else shown_value(self.value) + " "
        return f"{self.where()}: {shown}{t(self.reason, lang, **self.fields)}"


_NO_VALUE = frozenset({"validate.missing", "validate.duplicate_key", "validate.duplicate_id"})


def shown_value(value: object) -> str:
    """A value as JSON, cut short: a problem line stays one line."""
    import orjson

    try:
        text = orjson.dumps(value).decode()
    except TypeError:
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class Key(str):
    """A catalogue key given as a field of a line: shown translated."""


def render(key: str, lang: str, fields: Mapping[str, object]) -> str:
    """A catalogue line whose fields may be Problems or Keys, in ``lang``."""
    from dutyboard.i18n import t

    shown = {
        k: v.text(lang) if isinstance(v, Problem) else t(v, lang) if isinstance(v, Key) else v
        for k, v in fields.items()
    }
    return t(key, lang, **shown)


class InvalidFile(BoardFileError):
    """A board file or a copy that cannot be taken (exit 2): one line from the
    catalogue, ``problem`` (a Problem, or text) put into its ``{problem}``; details
    lines from the catalogue too. Both are translated when shown."""

    def __init__(
        self,
        key: str,
        problem: Problem | str | None = None,
        details: list[tuple[str, dict[str, object]]] | None = None,
        /,
        **fields: object,
    ) -> None:
        self.problem = problem
        self._details = list(details or [])
        self.key = key
        self.fields = dict(fields)
        super().__init__(self.text("en"), self.details_in("en"), key=key, fields=fields)

    def text(self, lang: str) -> str:
        from dutyboard.i18n import t

        problem = self.problem
        shown = problem.text(lang) if isinstance(problem, Problem) else str(problem or "")
        return t(self.key or "", lang, **self.fields, problem=shown)

    def details_in(self, lang: str) -> list[str]:
        return [render(key, lang, fields) for key, fields in self._details]

    def with_details(
        self,
        details: list[tuple[str, dict[str, object]]],
        recovery: list[tuple[str, dict[str, object]]] | None = None,
    ) -> InvalidFile:
        """Details lines, then the copies to restore from (``recovery_in``)."""
        self._recovery = list(recovery or [])
        self._details = [*details, *self._recovery]
        self.details = self.details_in("en")
        return self

    def recovery_in(self, lang: str) -> list[str]:
        """Only the lines naming the copies to restore from (the app's start)."""
        return [render(key, lang, fields) for key, fields in getattr(self, "_recovery", [])]


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def value_problems(
    data: Mapping[str, Any],
    *,
    wall_ms: int | None = None,
    limit: int = 1,
    required: bool = True,
) -> list[Problem]:
    """Problems of one file's values (not its references): up to ``limit``. Without
    ``required``, a missing field is no problem (the store's own files: its tests
    and tools write partial records; ``check`` and merges look for them)."""
    bound = (wall_ms if wall_ms is not None else now_ms()) + FUTURE_SLACK_MS
    out: list[Problem] = []
    for table, records in data.items():
        if type(records) is not dict:
            out.append(Problem(table, "", "", records, "validate.not_table"))
            if len(out) >= limit:
                return out
            continue
        schema = SCHEMAS.get(table)
        for key, doc in records.items():
            out.extend(_record_problems(table, key, doc, schema, bound, required))
            if len(out) >= limit:
                return out[:limit]
    meta = data.get("meta")
    if type(meta) is dict and meta and not out:
        out.extend(_meta_problems(next(iter(meta.values())), required))
    return out[:limit]


def _record_problems(
    table: str, key: str, doc: Any, schema: Schema | None, bound: int, required: bool
) -> list[Problem]:
    if type(doc) is not dict:
        return [Problem(table, f"#{key}", "", doc, "validate.not_record")]
    rid = doc.get("id")
    if type(rid) is not str or not rid or len(rid) > 200:
        return [Problem(table, f"#{key}", "id", rid, "validate.bad_id")]
    found = _stamp_problems(table, rid, doc, bound)
    if found or schema is None:
        return found
    for name, value in doc.items():
        entry = schema.get(name)
        if entry is not None:
            why = entry[0](value)
            if why is not None:
                found.append(Problem(table, rid, name, value, why[0], why[1]))
    if required and not ("_del" in doc and _is_deleted(doc)):
        for name in _required(table, schema):
            if name not in doc:
                found.append(Problem(table, rid, name, None, "validate.missing"))
    if table == "offers":
        for name, value in doc.items():
            if name.startswith("paper.") and or_empty(valid_date)(value) is not None:
                found.append(Problem(table, rid, name, value, "validate.not_date"))
    return found


_REQUIRED: dict[str, tuple[str, ...]] = {}


def _required(table: str, schema: Schema) -> tuple[str, ...]:
    names = _REQUIRED.get(table)
    if names is None:
        names = _REQUIRED[table] = tuple(n for n, (_c, needed) in schema.items() if needed)
    return names


def _stamp_problems(table: str, rid: str, doc: dict[str, Any], bound: int) -> list[Problem]:
    stamps: list[tuple[str, Any]] = [("_c", doc.get("_c"))]
    for meta in ("_s", "_v"):
        if meta in doc:
            group = doc[meta]
            if type(group) is not dict:
                return [Problem(table, rid, meta, group, "validate.not_object")]
            stamps.extend((f"{meta}.{k}", v) for k, v in group.items())
    if "_del" in doc:
        stamps.append(("_del", doc["_del"]))
    for name, stamp in stamps:
        if type(stamp) is not str or _STAMP.fullmatch(stamp) is None:
            return [Problem(table, rid, name, stamp, "validate.bad_stamp")]
        if int(stamp[:15]) > bound:
            when = datetime.datetime.fromtimestamp(
                min(int(stamp[:15]) / 1000, 253402300799), datetime.UTC
            )
            return [
                Problem(
                    table,
                    rid,
                    name,
                    stamp,
                    "validate.future_stamp",
                    {"when": when.strftime("%Y-%m-%d %H:%M UTC")},
                )
            ]
    return []


def _is_deleted(doc: dict[str, Any]) -> bool:
    return is_deleted(doc)


def _meta_problems(info: dict[str, Any], required: bool) -> list[Problem]:
    out: list[Problem] = []
    rid = str(info.get("id"))
    if required and info.get("kind", "live") == "live" and "today" not in info:
        out.append(Problem("meta", rid, "today", None, "validate.missing"))
    for part, checks in (("rules", RULES), ("config", CONFIG)):
        values = info.get(part)
        if type(values) is not dict:
            continue
        for name, check in checks.items():
            if name in values:
                why = check(values[name])
                if why is not None:
                    out.append(Problem("meta", rid, f"{part}.{name}", values[name], why[0], why[1]))
    return out


def reference_problems(
    data: Mapping[str, Any],
    also: Callable[[str, str], set[Any]] | None = None,
    *,
    references: Iterable[tuple[str, str, str, str]] = REFERENCES,
    limit: int = 1,
) -> list[Problem]:
    """References of ``data`` that point at no record of it; ``also(table, by)`` gives
    the values found elsewhere (the board a copy goes into, the archive)."""
    out: list[Problem] = []
    targets: dict[tuple[str, str], set[Any]] = {}
    for table, field, target, by in references:
        for doc in (data.get(table) or {}).values():
            ref = doc.get(field)
            if ref is None or ref == "" or ("_del" in doc and _is_deleted(doc)):
                continue
            values = targets.get((target, by))
            if values is None:
                values = {d.get(by) for d in (data.get(target) or {}).values()}
                targets[(target, by)] = values
            if ref in values:
                continue
            if also is not None:
                values |= also(target, by)
                targets[(target, by)] = values
                also_used = values
                if ref in also_used:
                    continue
            out.append(
                Problem(
                    table, str(doc.get("id")), field, ref, "validate.no_record", {"target": target}
                )
            )
            if len(out) >= limit:
                return out
    return out


def duplicate_ids(data: Mapping[str, Any], *, limit: int = 1) -> list[Problem]:
    """Two records of one table with one id (merging would keep only one of them)."""
    out: list[Problem] = []
    for table, records in data.items():
        seen: set[str] = set()
        for doc in records.values():
            rid = doc.get("id")
            if rid in seen:
                out.append(Problem(table, str(rid), "id", rid, "validate.duplicate_id"))
                if len(out) >= limit:
                    return out
            seen.add(rid)
    return out


# ------------------------------------------------------------------ duplicate keys


def repeated_key(raw: bytes) -> Problem | None:
    """A key repeated by the top level (``"meta"`` twice), a table (a record key twice)
    or a record (a field twice) of ``raw`` (JSON that orjson read already). orjson
    keeps the last silently, so an impostor could hide behind the first. Parsed with
    objects as lists of pairs (made in C), then only three levels are walked."""
    import json

    try:
        json.loads(raw, object_pairs_hook=_pairs)  # the usual case: no repeat, quickly
        return None
    except _Repeated:
        pass  # found: where, the slower way
    except (ValueError, RecursionError):
        return None  # orjson read it: what json cannot (deep nesting) is no repeat
    top = json.loads(raw, object_pairs_hook=list)
    if type(top) is not list:
        return None
    names = [name for name, _table in top]
    if len(set(names)) != len(names):
        return Problem(_first_repeat(names), "", "", None, "validate.duplicate_key")
    for name, table in top:
        if type(table) is not list:
            continue
        keys = [key for key, _doc in table]
        if len(set(keys)) != len(keys):
            return Problem(name, f"#{_first_repeat(keys)}", "", None, "validate.duplicate_key")
        for key, doc in table:
            if type(doc) is list and len({f for f, _v in doc}) != len(doc):
                field = _first_repeat([f for f, _v in doc])
                rid = next((v for f, v in doc if f == "id" and type(v) is str), f"#{key}")
                return Problem(name, rid, field, None, "validate.duplicate_key")
    return Problem("", "", "", None, "validate.duplicate_key")  # deeper in a value


class _Repeated(Exception):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Repeated
    return out


def _first_repeat(keys: list[str]) -> str:
    seen: set[str] = set()
    for k in keys:
        if k in seen:
            return k
        seen.add(k)
    return ""


def clean_text(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (a copy coming in) with control characters removed from its text
    values (dutyboard.storage.text.clean_typed), the same way on every laptop, so copies
    merged on two of them still agree. Ids and stamps are left alone."""
    from dutyboard.storage.text import clean_deep, has_controls

    for records in data.values():
        for doc in records.values():
            for name, value in doc.items():
                if name in ("id", "_c", "_s", "_v", "_del"):
                    continue
                if type(value) is str:
                    if has_controls(value):
                        doc[name] = clean_deep(value)
                elif type(value) in (list, dict):
                    cleaned = clean_deep(value)
                    if cleaned != value:
                        doc[name] = cleaned
    return data
