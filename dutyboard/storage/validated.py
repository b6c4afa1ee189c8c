"""Which bytes this laptop has already validated, so the same file from another laptop
(a live board Syncthing brought, a part of the archive) is checked once, not at every
open or reload.

A digest of the bytes (BLAKE2b, 128 bits) is kept in ``validated`` in the user's folder
(never in the synced folder: another laptop's word must not skip this one's check),
the newest ``KEPT`` of them. Validation depends on the bytes only, so a digest seen
before means the same answer; what failed is never kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from pathlib import Path

KEPT = 512
_lock = threading.Lock()
# The digests read from the file of each user folder this process used (tests change
# DUTYBOARD_HOME between boards).
_known: dict[Path, list[str]] = {}


def digest(raw: bytes, kind: str) -> str:
    """Of the bytes and of how they were checked (a copy must hold every field)."""
    return hashlib.blake2b(raw, digest_size=16, person=kind.encode()[:16]).hexdigest()


def _file() -> Path:
    from dutyboard.storage.user_folder import user_dir

    return user_dir() / "validated"


def _digests(path: Path) -> list[str]:
    found = _known.get(path)
    if found is None:
        try:
            found = path.read_text("ascii").split()
        except (OSError, UnicodeDecodeError):
            found = []
        _known[path] = found
    return found


def known(raw: bytes, kind: str) -> bool:
    """These bytes passed the validation ``kind`` on this laptop before."""
    path = _file()
    with _lock:
        return digest(raw, kind) in _digests(path)


def remember(raw: bytes, kind: str) -> None:
    """These bytes passed: kept (0600, by rename; a failure only costs a check later)."""
    path = _file()
    with _lock:
        found = _digests(path)
        value = digest(raw, kind)
        if value in found:
            return
        found.append(value)
        del found[:-KEPT]
        with contextlib.suppress(OSError):
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            tmp = path.with_name(f".validated.tmp-{os.getpid()}-{os.urandom(3).hex()}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.write(fd, ("\n".join(found) + "\n").encode("ascii"))
            finally:
                os.close(fd)
            os.replace(tmp, path)
