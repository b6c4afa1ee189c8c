"""A board file's bytes, read and parsed (dutyboard.storage.store writes them).

Regular files only: a folder, a FIFO, a device or a file over the size cap is refused
before a byte is read, so nothing given as a board or a copy can hang a command. The
bytes are shape-checked (parse_board_bytes); bytes that are not this laptop's own
last save have every value validated too (parse_checked, dutyboard/storage/validate.py). A
copy that fails is kept aside (keep_refused), and an unreadable board names the
copies it can be restored from (with_recovery). Also the names of the files that sit
beside a board.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from pathlib import Path

import orjson

from dutyboard.storage.errors import BoardFileError
from dutyboard.storage.records import Doc

# 2: the archive is a folder of parts (NAME.archive/DAY.json); 1 kept it in one file.
FORMAT_VERSION = 2
APP_NAME = "dutyboard"
Table = dict[str, Doc]


def archive_path(path: Path) -> Path:
    """The archive in one file, as dutyboard kept it before format 2 (split into parts
    when such a board is first opened: dutyboard.storage.archive_split)."""
    return path.with_name(path.stem + ".archive" + (path.suffix or ".json"))


def archive_dir(path: Path) -> Path:
    """The folder of the archive's parts, one file per closed day."""
    return path.with_name(path.stem + ".archive")


def archive_meta_id(board_id: str) -> str:
    return f"archive-{board_id}"


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def shadow_path(path: Path) -> Path:
    """This laptop's last save of the board (a hard link): copy-over protection."""
    return path.with_name(f".{path.name}.saved")


def backup_dir(path: Path) -> Path:
    return path.with_name(path.name + ".backups")


def refused_dir(path: Path) -> Path:
    """Where copies that failed the validation are kept (never deleted)."""
    return path.with_name(path.name + ".refused")


# The largest board file or copy read. A town of 5,000 households with 90 days of
# history makes a live file of a few MB and an archive of tens; 512 MB leaves room for
# years, while parsing it already takes gigabytes of memory: a bigger file is a
# mistake (a disk image, a video named board.json) or an attack, not a board.
SIZE_CAP = 512 * 1024 * 1024


def real_path(path: Path) -> Path:
    """The file a symlinked board points at (resolved once, when opened): saves go
    through to it (the synced board), with the lock, temp and shadow beside it."""
    if not path.is_symlink():
        return path
    try:
        return Path(os.path.realpath(path, strict=True))
    except (OSError, RuntimeError):
        from dutyboard.storage.validate import InvalidFile

        raise InvalidFile("integrity.link_loop", path=path) from None


class NotRegular(Exception):
    """Not a regular file: ``kind`` is "folder", "fifo", "device", "socket" or "other"."""

    def __init__(self, kind: str) -> None:
        self.kind = kind


class TooBig(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


def read_capped(path: Path, cap: int) -> tuple[os.stat_result, bytes]:
    """The bytes of a regular file of at most ``cap`` bytes, else NotRegular or TooBig
    (OSError as it comes). Opened without blocking and checked by fstat before a byte
    is read: a FIFO or a terminal given as a file never hangs a command. Used for the
    board and its copies here and for every file a command takes in (outfiles)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        st = os.fstat(fd)
        kind = _kind(st.st_mode)
        if kind is not None:
            raise NotRegular(kind)
        if st.st_size > cap:
            raise TooBig(st.st_size)
        chunks, left = [], cap + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        raw = b"".join(chunks)
        if len(raw) > cap:  # grew while being read
            raise TooBig(len(raw))
        return st, raw
    finally:
        os.close(fd)


def read_regular(path: Path, cap: int = SIZE_CAP) -> tuple[os.stat_result, bytes]:
    """A board file's (or a copy's) bytes, refusing in one line a folder, a FIFO, a
    device or a file over ``cap`` (read_capped)."""
    try:
        return read_capped(path, cap)
    except FileNotFoundError:
        raise BoardFileError(f"{path}: no such board file.") from None
    except (IsADirectoryError, NotRegular) as exc:
        kind = exc.kind if isinstance(exc, NotRegular) else "folder"
        if kind == "folder":
            raise BoardFileError(f"{path}: is a folder, not a board file.") from None
        raise _invalid(f"integrity.is_{kind}", path=path) from None
    except TooBig as exc:
        raise _invalid(
            "integrity.too_big", path=path, size=-(-exc.size // 2**20), cap=cap // 2**20
        ) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _invalid("integrity.link_loop", path=path) from None
        raise BoardFileError(f"{path}: cannot be read ({exc.strerror}).") from None


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` (os.write may write less than it is given)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a power cut right after must not undo it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _invalid(key: str, **fields: object) -> BoardFileError:
    from dutyboard.storage.validate import InvalidFile  # only when refusing: start-up needs none

    return InvalidFile(key, None, **fields)


def _kind(mode: int) -> str | None:
    """None for a regular file, else what it is."""
    import stat

    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def parse_checked(
    raw: bytes, path: Path, key: str = "integrity.board_invalid", *, required: bool = False
) -> dict[str, Table]:
    """Parse bytes that are not this laptop's own last save, and validate every value
    (dutyboard/storage/validate.py): BoardFileError (one line naming table, record and field)
    if one fails, or if the file repeats a key. Bytes that passed on this laptop before
    are not checked again (dutyboard/storage/validated.py)."""
    from dutyboard.storage import validate, validated

    data = parse_board_bytes(raw, path, records=False)
    kind = "copy" if required else "board"
    if validated.known(raw, kind):  # these very bytes passed on this laptop before
        return data
    problems = validate.value_problems(data, required=required)
    if not problems:
        repeated = validate.repeated_key(raw)
        problems = [repeated] if repeated is not None else []
    if not problems:
        problems = validate.duplicate_ids(data)
    if problems:
        raise validate.InvalidFile(key, problems[0], path=path)
    validated.remember(raw, kind)
    return data


def parse_board_bytes(raw: bytes, path: Path, *, records: bool = True) -> dict[str, Table]:
    """Parse and shape-check a board file's bytes; BoardFileError says what is wrong.
    ``records=False`` leaves the records' ids and stamps to the caller (parse_checked:
    dutyboard.storage.validate names the record and field)."""
    if not raw.strip():
        raise BoardFileError(f"{path}: the file is empty; it is not a board.")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BoardFileError(
            f"{path}: the file is not valid JSON (broken or cut off)", [str(exc)]
        ) from None
    if not isinstance(data, dict):
        raise BoardFileError(f"{path}: the file is JSON but not a board (no tables).")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise BoardFileError(f"{path}: table {name!r} is not an object.")
    for key, doc in data.get("meta", {}).items():
        if not isinstance(doc, dict):
            raise BoardFileError(f"{path}: meta[{key}] is not an object.")
    meta = data.get("meta") or {}
    if not meta:
        raise BoardFileError(f"{path}: no meta table; this is not a dutyboard file.")
    info = next(iter(meta.values()))
    if info.get("app") != APP_NAME or not info.get("board_id"):
        raise BoardFileError(f"{path}: the meta table does not describe a dutyboard board.")
    version = info.get("format_version")
    if not isinstance(version, int):
        raise BoardFileError(f"{path}: meta.format_version is missing or not a number.")
    if version < 1:
        raise BoardFileError(f"{path}: meta.format_version {version} is not a dutyboard format.")
    if version > FORMAT_VERSION:
        raise BoardFileError(
            f"{path}: made by a newer dutyboard (file format {version}, this program "
            f"reads up to {FORMAT_VERSION}). Update dutyboard to open it; the file was "
            "not changed."
        )
    if not records:
        return data
    # One pass over every record, kept lean: at 5,000 households it runs over 15,000
    # records before the first screen (tests/bench).
    match = _STAMP.fullmatch
    for name, table in data.items():
        for key, doc in table.items():
            if type(doc) is not dict:
                raise BoardFileError(f"{path}: {name}[{key}] is not an object.")
            c = doc.get("_c")
            if (
                type(doc.get("id")) is not str
                or type(c) is not str
                or match(c) is None
                or (("_s" in doc or "_v" in doc or "_del" in doc) and not _valid_stamps(doc))
            ):
                raise BoardFileError(f"{path}: {name}[{key}] has no valid id or change stamp.")
    return data


_STAMP = re.compile(r"\d{15}\.\d{4}\.[^.]+")


def _valid_stamps(doc: Doc) -> bool:
    c = doc.get("_c")
    if not isinstance(c, str) or _STAMP.fullmatch(c) is None:
        return False
    for key in ("_s", "_v"):
        stamps = doc.get(key)
        if stamps is None:
            continue
        if not isinstance(stamps, dict):
            return False
        for st in stamps.values():
            if not isinstance(st, str) or _STAMP.fullmatch(st) is None:
                return False
    d = doc.get("_del")
    return d is None or (isinstance(d, str) and _STAMP.fullmatch(d) is not None)


def parse_own_or_checked(raw: bytes, path: Path, saved: bytes | None = None) -> dict[str, Table]:
    """A file's bytes parsed: as they are if they are this laptop's own last save
    (``saved``, read from the shadow if not given), else validated (parse_checked)."""
    if saved is None:
        saved = read_shadow(path)
    return parse_board_bytes(raw, path) if saved == raw else parse_checked(raw, path)


def read_shadow(path: Path) -> bytes | None:
    """This laptop's last save of the board (None if there is none, or it is not a
    regular file within the cap)."""
    try:
        return read_regular(shadow_path(path))[1]
    except BoardFileError:
        return None


def keep_refused(raw: bytes, folder: Path, name: str) -> Path | None:
    """Keep the bytes of a refused copy in ``folder`` (0700), as a new file (0600) named
    after ``name`` and the time. None if it could not be written."""
    import time

    stem, dot, suffix = name.rpartition(".")
    stem, suffix = (stem, "." + suffix) if dot else (name, "")
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        target = folder / f"{stem}.{time.strftime('%Y%m%d-%H%M%S')}-{os.urandom(3).hex()}{suffix}"
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            write_all(fd, raw)
        finally:
            os.close(fd)
        return target
    except OSError:
        return None


def with_recovery(exc: BoardFileError, path: Path) -> BoardFileError:
    """``exc`` (an unreadable board) with the copies it can be restored from named
    under it: this laptop's last save and the backups, newest first, each said to be
    readable or not, and how to restore one."""
    from dutyboard.storage.validate import InvalidFile, Key

    before: list[tuple[str, dict[str, object]]] = [
        ("integrity.as_is", {"problem": d}) for d in exc.details
    ]
    if not isinstance(exc, InvalidFile):
        exc = InvalidFile("integrity.as_is", exc.message)
    found: list[tuple[float, Path]] = []
    candidates = [shadow_path(path)]
    with contextlib.suppress(OSError):
        folder = backup_dir(path)
        candidates += [folder / n for n in os.listdir(folder) if n.startswith(path.stem + ".")]
    for p in candidates:
        with contextlib.suppress(OSError):
            st = os.stat(p)
            if not os.path.samefile(p, path):
                found.append((st.st_mtime, p))
    if not found:
        return exc.with_details(before)
    import time

    lines: list[tuple[str, dict[str, object]]] = [("integrity.recovery_head", {})]
    for mtime, p in sorted(found, reverse=True)[:6]:
        try:
            parse_checked(read_regular(p)[1], p)
            state = Key("integrity.recovery_ok")
        except BoardFileError:
            state = Key("integrity.recovery_bad")
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(mtime))
        lines.append(("integrity.recovery_copy", {"path": p, "when": when, "state": state}))
    lines.append(("integrity.recovery_how", {"path": path}))
    return exc.with_details(before, lines)
