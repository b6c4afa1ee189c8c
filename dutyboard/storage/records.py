"""Records as stored in the board file, and the field-by-field merge of two versions.

A record is a flat JSON object::

    {"id": "<uuid>", "_c": "<stamp created>", "_s": {"field": "<stamp>"},
     "_v": {"<device>": "<latest stamp of that laptop this copy has seen>"},
     "_del": "<stamp>", ...fields}

Every field's change stamp is ``_s[field]``, or ``_c`` when it was never edited, so a
freshly made record carries one stamp, not one per field. ``_v`` is the record's
version vector: for each laptop that edited it, the latest of its edits this copy has
taken in. A merge uses it to tell a true conflict (the winning copy had not seen the
losing edit when it won) from an ordinary later edit. A deletion is a tombstone stamp; the
record is gone while that stamp is later than every field's, so an edit made after
the deletion (seen or not) brings it back, the same way in every merge order.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import orjson

META_KEYS = frozenset({"id", "_c", "_s", "_v", "_del"})

Doc = dict[str, Any]


def fields(doc: Doc) -> list[str]:
    return [k for k in doc if k not in META_KEYS]


def field_stamp(doc: Doc, name: str) -> str:
    if name not in doc and name not in doc.get("_s", ()):
        return ""
    return doc.get("_s", {}).get(name, doc["_c"])


def last_stamp(doc: Doc) -> str:
    """The latest stamp anywhere in the record (creation, edit or deletion)."""
    best = doc["_c"]
    for s in doc.get("_s", {}).values():
        if s > best:
            best = s
    d = doc.get("_del", "")
    return d if d > best else best


def is_deleted(doc: Doc) -> bool:
    d = doc.get("_del")
    if not d:
        return False
    latest = doc["_c"]
    for s in doc.get("_s", {}).values():
        if s > latest:
            latest = s
    return d > latest


def new(record_id: str, values: dict[str, Any], stamp: str) -> Doc:
    doc: Doc = {"id": record_id, "_c": stamp}
    for k, v in values.items():
        if k in META_KEYS:
            continue
        doc[k] = v
    return doc


def device_of(stamp: str) -> str:
    return stamp[21:]  # after "<15-digit wall>.<4-digit counter>."


def _saw(doc: Doc, stamp: str) -> bool:
    """Had this copy of the record taken in the edit stamped ``stamp``?"""
    dev = device_of(stamp)
    latest = doc.get("_v", {}).get(dev, "")
    created = doc["_c"]
    if device_of(created) == dev and created > latest:
        latest = created
    return stamp <= latest


def update(doc: Doc, changes: dict[str, Any], stamp: str) -> dict[str, Any]:
    """Apply changes in place; returns the values they replaced (only real changes)."""
    before: dict[str, Any] = {}
    for k, v in changes.items():
        if k in META_KEYS:
            raise ValueError(f"{k} is not an editable field")
        if k in doc and _same(doc[k], v):
            continue
        before[k] = doc.get(k)
        doc[k] = v
        doc.setdefault("_s", {})[k] = stamp
    if before:
        doc.setdefault("_v", {})[device_of(stamp)] = stamp
    return before


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON, not only in Python: ``1`` is not ``true``, ``0.0`` is not ``-0.0``."""
    return bool(a == b) and _canon(a) == _canon(b)


def delete(doc: Doc, stamp: str) -> None:
    doc["_del"] = stamp
    doc.setdefault("_v", {})[device_of(stamp)] = stamp


def _canon(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


class FieldConflict(NamedTuple):
    """The same field set on two copies to different values, neither having seen the other."""

    record: str
    field: str
    winner: Any
    winner_stamp: str
    loser: Any
    loser_stamp: str


def merge(a: Doc, b: Doc, conflicts: list[FieldConflict] | None = None) -> Doc:
    """Merge two versions of one record. Commutative, associative and idempotent.

    Each field takes the value with the later stamp (equal stamps with different
    values, which a correct writer never makes, are ordered by value). The deletion
    stamp is the later of the two. Returns ``a`` itself when ``b`` adds nothing.
    """
    if a is b or a == b:
        return a
    created = min(a["_c"], b["_c"])
    out: Doc = {"id": a["id"], "_c": created}
    stamps: dict[str, str] = {}
    names = list(dict.fromkeys([*fields(a), *fields(b)]))
    for name in names:
        sa, sb = field_stamp(a, name), field_stamp(b, name)
        in_a, in_b = name in a, name in b
        if sa > sb or (sa == sb and in_a and (not in_b or _canon(a[name]) >= _canon(b[name]))):
            win, lose, sw, sl = a, b, sa, sb
        else:
            win, lose, sw, sl = b, a, sb, sa
        if name in win:
            out[name] = win[name]
        if sw != created:
            stamps[name] = sw
        if (
            conflicts is not None
            and name in lose
            and sl != sw
            and sl != lose["_c"]
            and not _saw(win, sl)
            and not _same(win.get(name), lose[name])
        ):
            conflicts.append(FieldConflict(a["id"], name, win.get(name), sw, lose[name], sl))
    if stamps:
        out["_s"] = stamps
    va, vb = a.get("_v", {}), b.get("_v", {})
    if va or vb:
        out["_v"] = {d: max(va.get(d, ""), vb.get(d, "")) for d in sorted({*va, *vb})}
    dl = max(a.get("_del", ""), b.get("_del", ""))
    if dl:
        out["_del"] = dl
    return out
