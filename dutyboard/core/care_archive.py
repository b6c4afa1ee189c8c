"""Old care calls leave the live file: each household keeps its latest two calls live.

Calls (``contacts``) are not day records, but about eleven a day accumulate, and the
live file is parsed at every start and synced between laptops. The rule (the demo's
too, see demo_care.LIVE_CALLS): the live file holds each household's latest
``LIVE_CALLS`` calls by call time (``at``); older ones are history, in the archive.
The care view, overdue and coverage only need the latest call.

* The day swap (dutyboard.core.swap) moves the older calls with the closed day's records:
  archive written first, then the live file in one save; the swap's snapshot keeps
  them, so its undo puts them back exactly. The choice depends only on the live
  file's calls, so a repeated swap, or the same swap on another laptop, moves the
  same calls.
* A call arriving with another copy that the live file lacks and that is older than
  its household's latest ``LIVE_CALLS`` calls here (an older copy that still has the
  calls a swap moved) goes to the archive, like a closed day's record
  (dutyboard.core.closed_days); the next swap trims anything else that came back.

Calls are ordered as ``care.contacts`` orders them: by moment, then id. A call that
was undone (a tombstone) never counts as one of the latest two, and is moved with the
calls older than them.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pendulum

from dutyboard.storage import records
from dutyboard.storage.clock import parse_moment
from dutyboard.storage.records import Doc

if TYPE_CHECKING:
    from dutyboard.storage.store import BoardStore

LIVE_CALLS = 2  # calls per household kept in the live file (demo_care.LIVE_CALLS)
TABLE = "contacts"
_EPOCH = pendulum.datetime(1970, 1, 1)


def call_key(doc: Doc) -> tuple[pendulum.DateTime, str]:
    """Where a call stands in time: its moment (unreadable: the oldest), then its id."""
    return (parse_moment(doc.get("at")) or _EPOCH, str(doc.get("id", "")))


def old_calls(docs: Iterable[Doc], keep: int = LIVE_CALLS) -> list[Doc]:
    """The calls (records as stored, tombstones included) older than each household's
    latest ``keep`` calls that are not undone; oldest first per household, households
    in id order. A household with fewer than ``keep`` calls keeps all of them."""
    by_household: dict[str, list[tuple[tuple[pendulum.DateTime, str], Doc]]] = defaultdict(list)
    for d in docs:
        by_household[str(d.get("household", ""))].append((call_key(d), d))
    out: list[Doc] = []
    for household in sorted(by_household):
        calls = sorted(by_household[household], key=lambda kd: kd[0])
        alive = [k for k, d in calls if not records.is_deleted(d)]
        if len(alive) <= keep:
            continue
        oldest_kept = alive[-keep]
        out.extend(d for k, d in calls if k < oldest_kept)
    return out


def beyond_live(store: BoardStore, doc: Doc, keep: int = LIVE_CALLS) -> bool:
    """Is this call (one the live file lacks) older than its household's latest
    ``keep`` calls in the live file? Then it belongs in the archive."""
    newest = _newest_calls(store, keep).get(str(doc.get("household", "")), [])
    return len(newest) >= keep and call_key(doc) < newest[-1]


# store -> (its revision, calls in its table, each household's newest call keys, newest
# first): a merge asks once per incoming call; the live file's calls are read once.
_newest: weakref.WeakKeyDictionary[
    BoardStore, tuple[int, int, int, dict[str, list[tuple[pendulum.DateTime, str]]]]
] = weakref.WeakKeyDictionary()


def _newest_calls(store: BoardStore, keep: int) -> dict[str, list[tuple[pendulum.DateTime, str]]]:
    table = store.table(TABLE)
    seen = _newest.get(store)
    if seen is not None and seen[:3] == (store.revision, len(table), keep):
        return seen[3]
    by_household: dict[str, list[tuple[pendulum.DateTime, str]]] = defaultdict(list)
    for d in table.values():
        if not records.is_deleted(d):
            by_household[str(d.get("household", ""))].append(call_key(d))
    newest = {h: sorted(keys, reverse=True)[:keep] for h, keys in by_household.items()}
    _newest[store] = (store.revision, len(table), keep, newest)
    return newest
