"""A small index of each part of the archive, so history is read a few records at a
time instead of whole files (dutyboard.storage.archive_parts).

For one part's bytes it holds, per key (``h:<household>``, ``assignments``, ...: the
keys come from the ClosedDays rule), where each record filed under it starts and ends
in the part file. A lookup is a binary search in the index and one ``pread`` per
record found. Plain data derived from the part, never the other way round: it is kept
on this laptop, not in the synced folder (archive_parts.index_dir), and thrown away and
built again whenever the part's size or modification time differs from the ones it
was built for (another laptop's part synced in, a merge), or it is missing or
unreadable.

Layout (little-endian): ``DBIX1\\n``, a 4-byte header length and a JSON header
(``size``, ``mtime_ns``, ``exact``, ``tables``, ``width``, ``n``), then ``n``
keys of ``width`` bytes each (UTF-8, NUL-padded, sorted), ``n`` spans (first posting,
count: two uint32) and ``m`` postings (table number uint8, offset and length uint32).

The offsets are found by looking for each record's own serialisation in the bytes
(what this program writes). A part written otherwise (by hand, by stock TinyDB) has
no offsets: ``exact`` is false and a lookup reads the whole part instead.
"""

from __future__ import annotations

import bisect
import contextlib
import os
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import orjson

from dutyboard.storage.board_bytes import Table
from dutyboard.storage.records import Doc

MAGIC = b"DBIX1\n"
_SPAN = struct.Struct("<II")
_POSTING = struct.Struct("<BII")
# Keys a record is filed under (from the ClosedDays rule).
KeysOf = Callable[[str, Doc], Iterable[str]]


@dataclass(frozen=True)
class PartIndex:
    size: int  # of the part's bytes it was built from
    mtime_ns: int
    exact: bool  # offsets are known (else a lookup reads the whole part)
    tables: tuple[str, ...]
    width: int
    n: int
    blob: bytes  # keys, spans and postings
    keys_at: int  # where the keys start in blob

    def fits(self, st: os.stat_result) -> bool:
        return (self.size, self.mtime_ns) == (st.st_size, st.st_mtime_ns)

    def _find(self, key: str) -> int | None:
        """The key's number in the sorted keys, None if it is not there."""
        want = key.encode()
        if len(want) > self.width or self.n == 0:
            return None
        want = want.ljust(self.width, b"\0")
        w, base, blob = self.width, self.keys_at, self.blob

        def key_at(k: int) -> bytes:
            return blob[base + k * w : base + (k + 1) * w]

        i = bisect.bisect_left(range(self.n), want, key=key_at)
        return i if i < self.n and key_at(i) == want else None

    def postings(self, key: str) -> list[tuple[str, int, int]]:
        """(table, offset, length) of each record filed under ``key`` (none if the
        index is not ``exact``: the keys are known, not where the records are)."""
        i = self._find(key)
        if i is None:
            return []
        spans = self.keys_at + self.n * self.width
        first, count = _SPAN.unpack_from(self.blob, spans + i * _SPAN.size)
        at = spans + self.n * _SPAN.size + first * _POSTING.size
        out = []
        for j in range(count):
            t, off, length = _POSTING.unpack_from(self.blob, at + j * _POSTING.size)
            out.append((self.tables[t], off, length))
        return out

    def keys_from(self, prefix: str) -> list[str]:
        """Every key that starts with ``prefix`` (a run of the sorted keys)."""
        want = prefix.encode()
        w, base, blob = self.width, self.keys_at, self.blob

        def key_at(k: int) -> bytes:
            return blob[base + k * w : base + (k + 1) * w]

        out = []
        for k in range(bisect.bisect_left(range(self.n), want, key=key_at), self.n):
            name = key_at(k).rstrip(b"\0")
            if not name.startswith(want):
                break
            out.append(name.decode())
        return out

    def has(self, key: str) -> bool:
        """A record of the part is filed under ``key``."""
        return self._find(key) is not None


def build(raw: bytes, data: dict[str, Table], st: os.stat_result, keys_of: KeysOf) -> PartIndex:
    """The index of a part's bytes ``raw`` (parsed: ``data``), whose file has ``st``."""
    tables = tuple(data)
    filed: dict[str, list[tuple[int, int, int]]] = {}
    exact = True
    pos = 0
    for t, name in enumerate(tables):
        for key, doc in data[name].items():
            keys = list(keys_of(name, doc))
            where = (t, 0, 0)
            if exact:
                body = orjson.dumps(doc)
                found = raw.find(orjson.dumps(key) + b":" + body, pos)
                if found < 0:
                    exact = False
                else:
                    start = found + len(key) + 3
                    where = (t, start, len(body))
                    pos = start + len(body)
            for k in keys:
                filed.setdefault(k, []).append(where)
    if not exact:  # offsets unknown: the keys alone, so a lookup knows where to look
        filed = {k: [] for k in filed}
    names = sorted(filed, key=str.encode)
    encoded = [k.encode() for k in names]
    width = max((len(k) for k in encoded), default=1)
    spans, postings = bytearray(), bytearray()
    count = 0
    for k in names:
        places = filed[k]
        spans += _SPAN.pack(count, len(places))
        for t, off, length in places:
            postings += _POSTING.pack(t, off, length)
        count += len(places)
    blob = b"".join(k.ljust(width, b"\0") for k in encoded) + bytes(spans) + bytes(postings)
    return PartIndex(st.st_size, st.st_mtime_ns, exact, tables, width, len(names), blob, 0)


def dumps(index: PartIndex) -> bytes:
    header = orjson.dumps(
        {
            "size": index.size,
            "mtime_ns": index.mtime_ns,
            "exact": index.exact,
            "tables": list(index.tables),
            "width": index.width,
            "n": index.n,
        }
    )
    return MAGIC + struct.pack("<I", len(header)) + header + index.blob[index.keys_at :]


def loads(raw: bytes) -> PartIndex | None:
    """The index in ``raw``, None if it is not one (cut off, another format)."""
    if not raw.startswith(MAGIC) or len(raw) < len(MAGIC) + 4:
        return None
    (hlen,) = struct.unpack_from("<I", raw, len(MAGIC))
    start = len(MAGIC) + 4
    try:
        h = orjson.loads(raw[start : start + hlen])
        index = PartIndex(
            int(h["size"]),
            int(h["mtime_ns"]),
            bool(h["exact"]),
            tuple(str(t) for t in h["tables"]),
            int(h["width"]),
            int(h["n"]),
            raw,
            start + hlen,
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
    spans = index.keys_at + index.n * index.width
    if len(raw) < spans + index.n * _SPAN.size or index.width < 1:
        return None
    if index.n:
        first, count = _SPAN.unpack_from(raw, spans + (index.n - 1) * _SPAN.size)
        if len(raw) < spans + index.n * _SPAN.size + (first + count) * _POSTING.size:
            return None
    return index


def load(path: Path) -> PartIndex | None:
    try:
        return loads(path.read_bytes())
    except OSError:
        return None


def save(path: Path, index: PartIndex) -> None:
    """Write the index (0600, by rename: a reader never sees half of one). A cache:
    no fsync, and a failure only means it is built again next time."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{os.urandom(3).hex()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, dumps(index))
        finally:
            os.close(fd)
        try:
            os.replace(tmp, path)
        except OSError:
            os.unlink(tmp)


def read_records(part: Path, places: list[tuple[str, int, int]]) -> list[tuple[str, Doc]] | None:
    """The records at ``places`` in the part file, None if one is not a record there
    (the file changed under the index: build it again)."""
    out: list[tuple[str, Doc]] = []
    try:
        fd = os.open(part, os.O_RDONLY)
    except OSError:
        return None
    try:
        for table, off, length in places:
            try:
                doc = orjson.loads(os.pread(fd, length, off))
            except (OSError, orjson.JSONDecodeError):
                return None
            if type(doc) is not dict or type(doc.get("id")) is not str:
                return None
            out.append((table, doc))
    finally:
        os.close(fd)
    return out
