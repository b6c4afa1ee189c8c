"""Files dutyboard writes or reads outside the board's own store (dutyboard/storage/store.py
keeps the board, its archive and their side files).

* ``write_output``: what ``--out`` names. Never the board, its archive or a side file
  of theirs (a mistyped name must not replace the board that Syncthing then spreads);
  an existing file only with ``--force``; written atomically, readable by this user
  only.
* ``write_private``, ``append_private``, ``private_dir``: settings, the device id, the
  crash log, exports: files 0600 and folders 0700 whatever the umask (they hold names
  and phone numbers, and a shared laptop has other users).
* ``read_input``: a file a command takes in (a sheet, a post, a config file): a
  regular file under a size cap, opened so that a FIFO or a device never blocks.
* ``capped``: an error list stops at ``LIST_CAP`` lines and says how many more.

Imported before the first screen (device.py): nothing heavy at module level.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from dutyboard.storage.board_bytes import (
    NotRegular,
    TooBig,
    archive_dir,
    archive_path,
    fsync_dir,
    lock_path,
    read_capped,
    shadow_path,
    write_all,
)
from dutyboard.storage.errors import DutyboardError, Refused, UsageError

MB = 1024 * 1024
SHEET_CAP = 20 * MB  # a CSV or workbook to import, an orders file, a pasted post
UNZIPPED_CAP = 100 * MB  # what a workbook (a zip) unpacks to: openpyxl reads all of it
CONFIG_CAP = 1 * MB  # one config TOML file
OWN_FILE_CAP = 1 * MB  # settings.json, device_id: dutyboard's own small files
LIST_CAP = 50  # lines of an error list before "... and N more problems"

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once instead of waiting
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def size_text(n: int) -> str:
    """``20 MB``, ``1.5 MB``, ``300 KB``: a cap or a size as people read it."""
    if n >= MB:
        return f"{n / MB:.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(n / 1024))} KB"


def file_error(kind: type[DutyboardError], key: str, **fields: object) -> DutyboardError:
    """``kind`` (UsageError, ConfigError, Refused) with the catalogue's ``key``: its
    message in English, ``text(lang)`` in the user's language."""
    from dutyboard.i18n import t

    return kind(t(key, "en", **fields), key=key, fields=fields)


# ---------------------------------------------------------------- private files


def private_dir(folder: Path, *, tighten: bool = False) -> Path:
    """``folder`` made (with its parents) if missing, the last one 0700. ``tighten``:
    an existing one of this user's is made 0700 too (dutyboard's own folder, made
    0755 by an older version); a folder the user chose is left as it is."""
    try:
        folder.mkdir(mode=0o700, parents=True)
    except FileExistsError:
        if tighten:
            try:
                st = folder.stat()
                if st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & 0o077:
                    os.chmod(folder, 0o700)
            except (OSError, AttributeError):  # AttributeError: getuid off POSIX
                pass
    return folder


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, mode 0600: a temp file with a random
    name in the same folder (O_CREAT|O_EXCL: never someone else's file or link),
    flushed to disk, then renamed over ``path``. Raises OSError; on failure ``path``
    keeps what it had and no temp file is left."""
    folder = path.parent
    tmp = folder / f".{path.name}.tmp-{os.urandom(6).hex()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600)
    try:
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(folder)


def append_private(path: Path, text: str) -> None:
    """Append ``text`` to ``path`` (a log), made 0600 if new and made 0600 if an
    older version left it readable by others. Raises OSError."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW | _CLOEXEC
    fd = os.open(path, flags, 0o600)
    try:
        if stat.S_IMODE(os.fstat(fd).st_mode) & 0o077:
            os.fchmod(fd, 0o600)
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


def read_private(path: Path, cap: int = OWN_FILE_CAP) -> bytes | None:
    """The bytes of one of dutyboard's own small files, or None when it is missing,
    not a regular file or over ``cap`` (callers start afresh then)."""
    try:
        return read_capped(path, cap)[1]
    except (OSError, NotRegular, TooBig):
        return None


# ---------------------------------------------------------------- --out


def write_output(path: str | Path, data: bytes, *, board_path: Path, force: bool) -> None:
    """Write an export where ``--out`` says. Refused (one line, nothing written): the
    board, its archive or one of their side files, whichever way the path names it
    (``./x``, ``..``, a symlink, a hard link); an existing file without ``force``; a
    folder, FIFO, device or socket."""
    shown = str(path)  # as typed: Path() would drop a trailing "/"
    path = Path(path)
    if shown.endswith(("/", os.sep)) or path.name in ("", ".", ".."):
        raise file_error(Refused, "files.out.folder", path=shown)
    kind = protected_kind(path, board_path)
    if kind is not None:
        raise file_error(Refused, f"files.out.{kind}", path=shown)
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        link = None
    except OSError as exc:
        raise file_error(Refused, "files.out.failed", path=shown, why=exc.strerror or exc) from None
    if link is not None:
        try:
            st = os.stat(path)  # what a symlink points to (a dangling one: the link)
        except OSError:
            st = link
        if stat.S_ISDIR(st.st_mode):
            raise file_error(Refused, "files.out.folder", path=shown)
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
            raise file_error(Refused, "files.out.special", path=shown)
        if not force:
            raise file_error(Refused, "files.out.exists", path=shown)
    try:
        write_private(path, data)
    except OSError as exc:
        raise file_error(Refused, "files.out.failed", path=shown, why=exc.strerror or exc) from None


def _absolute(path: Path) -> Path:
    """``path`` with its folder resolved but its own name kept (a symlinked board's
    side files sit beside the link)."""
    folder = Path(os.path.realpath(path.parent if str(path.parent) else "."))
    return folder / path.name


def _bases(board_path: Path) -> list[tuple[str, Path]]:
    """The board and its archive, as named and as resolved: each one's side files
    are protected wherever either of them lies."""
    out: list[tuple[str, Path]] = []
    for named in (_absolute(board_path), Path(os.path.realpath(board_path))):
        for kind, base in (("board", named), ("archive", archive_path(named))):
            for p in (base, Path(os.path.realpath(base))):
                if (kind, p) not in out:
                    out.append((kind, p))
    return out


def protected_kind(path: Path, board_path: Path) -> str | None:
    """Which of the board's files ``path`` would write over (``board``, ``archive``,
    ``lock``, ``saved``, ``temp``, ``conflict``, ``kept``: in a folder the store keeps
    beside it), or None."""
    bases = _bases(board_path)
    targets = {_absolute(path), Path(os.path.realpath(path))}
    for target in targets:
        for kind, base in bases:
            if target == base:
                return kind
            if target.parent == base.parent:
                name = target.name
                if name == base.name + ".lock":
                    return "lock"
                if name == f".{base.name}.saved":
                    return "saved"
                if name.startswith(f".{base.name}.tmp-"):
                    return "temp"
                if name.startswith(base.stem + ".sync-conflict-"):  # merged as a copy
                    return "conflict"
            # NAME.backups/, NAME.merged/, NAME.refused/ ...: every folder the store
            # keeps beside the board is named after it; its archive's parts are in
            # NAME.archive/.
            for folder in (target, *target.parents):
                if kind == "board" and folder == archive_dir(base):
                    return "archive"
                beside = folder.parent == base.parent and folder.name.startswith(base.name + ".")
                if beside and (folder != target or _is_dir(folder)):
                    return "kept"
    return _same_inode(path, bases)


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def _same_inode(path: Path, bases: Sequence[tuple[str, Path]]) -> str | None:
    """A hard link (or a name differing only in case, on macOS) of a protected file."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    for kind, base in bases:
        for what, other in ((kind, base), ("lock", lock_path(base)), ("saved", shadow_path(base))):
            try:
                o = os.stat(other)
            except OSError:
                continue
            if (o.st_dev, o.st_ino) == (st.st_dev, st.st_ino):
                return what
    return None


# ---------------------------------------------------------------- input files


def read_input(
    path: Path,
    cap: int = SHEET_CAP,
    *,
    error: type[DutyboardError] = UsageError,
    shown: str | None = None,
) -> bytes:
    """The bytes of a file a command takes in, or ``error`` in one line naming it
    (``shown``, default the path): missing, a folder, not a regular file (a FIFO or a
    device is refused without waiting), over ``cap`` (the cap is named), unreadable."""
    name = str(path) if shown is None else shown
    try:
        return read_capped(path, cap)[1]
    except FileNotFoundError:
        raise file_error(error, "files.in.missing", path=name) from None
    except (IsADirectoryError, NotRegular) as exc:
        folder = not isinstance(exc, NotRegular) or exc.kind == "folder"
        key = "files.in.folder" if folder else "files.in.special"
        raise file_error(error, key, path=name) from None
    except TooBig as exc:
        raise too_big(name, exc.size, cap, error) from None
    except OSError as exc:
        raise file_error(error, "files.in.unreadable", path=name, why=exc.strerror or exc) from None


def too_big(
    name: str, size: int, cap: int, error: type[DutyboardError] = UsageError
) -> DutyboardError:
    """The refusal of an input over its cap, naming both."""
    return file_error(
        error, "files.in.too_big", path=name, size=size_text(size), cap=size_text(cap)
    )


def read_stream(stream: TextIO, cap: int = SHEET_CAP) -> str:
    """Text pasted on stdin, at most ``cap`` characters (a runaway pipe is refused
    rather than read into memory)."""
    text = stream.read(cap + 1)
    if len(text) > cap:
        raise file_error(UsageError, "files.in.too_big_stdin", cap=size_text(cap))
    return text


# ---------------------------------------------------------------- error lists


def capped(lines: Sequence[str], lang: str = "en", limit: int = LIST_CAP) -> list[str]:
    """The first ``limit`` lines, then "... and 99,950 more problems" if there are
    more: a 100,000-line bad file must not flood the terminal."""
    if len(lines) <= limit:
        return list(lines)
    return [*lines[:limit], more_line(len(lines) - limit, lang)]


def more_line(n: int, lang: str = "en") -> str:
    from dutyboard.i18n import t

    return t("files.more", lang, n=f"{n:,}")
