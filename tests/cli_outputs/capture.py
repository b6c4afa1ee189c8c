"""Capture every CLI command's output and every export on a demo board (issue 15).

``capture(out_dir)`` builds a demo board in a temporary folder and runs the cases of
``tests/cli_outputs/cases.py`` through ``python -m dutyboard`` as subprocesses (never
importing dutyboard here, so the package's layout does not matter), writing one file
per output into ``out_dir`` and ``_exit_codes.txt`` (``name exit`` lines, sorted).
``tests/test_cli_outputs.py`` compares a fresh capture with ``tests/golden/cli/``.

Everything is fixed on the way in: the clock ($DUTYBOARD_NOW; in a case that writes,
step N runs N seconds after its step's time, so no two edits share a moment and
nothing is ordered by a random id), the demo's date and seed, the device id (a
``device_id`` file in a private $DUTYBOARD_HOME), the language (``--lang`` on every
command), TZ, LANG, COLUMNS, PYTHONHASHSEED, and a minimal environment. What is
still random per run is replaced, and only that:

* the temporary folder's path -> ``<work>`` (it shows in messages naming a file);
* record ids made by a command: UUIDs that are not in the demo board (random UUID4s,
  and the UUID5s made from them, e.g. a released batch's delivery tasks) -> ``<id-N>``,
  numbered in order of first appearance within a case; the short codes made from
  them (a kind letter and the id's first five hex digits, e.g. ``P1A2B3``) ->
  ``<P-id-N>``, and the id prefixes of 6-8 hex digits some lines show -> ``<id-N>``;
* conflict ids (a hash of the losing edit's stamp, so of the wall clock):
  ``c-<24 hex digits>`` -> ``<conflict-N>``;
* the wall-clock part of change stamps made on this run's devices (``golden``,
  ``goldenb``) and its counter, which only says whether two changes fell in the same
  millisecond: ``<15 digits>.NNNN.golden`` -> ``<wall>.<n>.golden``;
* the demo command's own timing, ``built in 0.2 s`` -> ``built in <t> s``.

Run as ``python -m tests.cli_outputs.capture OUT_DIR``.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOW = "2022-04-26T09:30:00+08:00"
DAY = "2022-04-26"
SEED = "2022"
DEVICE = "golden"
WORKERS = 4
TIMEOUT = 120

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_UUID_RE = re.compile(UUID)
# A new id, a short code made from one, or an id prefix (6-8 hex digits).
_TOKEN_RE = re.compile(
    rf"(?P<uuid>{UUID})"
    r"|(?<![0-9A-Za-z])(?P<code>[A-Z][0-9A-F]{5})(?![0-9A-Za-z])"
    r"|(?<![0-9A-Za-z-])(?P<prefix>[0-9a-f]{6,8})(?![0-9A-Za-z])"
)
_STAMP_RE = re.compile(r"\b\d{15}\.\d{4}(\.golden[ab]?)\b")
_DEMO_TIME_RE = re.compile(r"built in \d+\.\d s")
_CONFLICT_RE = re.compile(r"(?<![0-9A-Za-z-])c-[0-9a-f]{24}(?![0-9A-Za-z])")


@dataclass(frozen=True)
class Step:
    """One command. ``argv`` follows ``python -m dutyboard --db DB``; ``{name}`` in it is
    filled from the facts and from what earlier steps of the case grabbed."""

    name: str  # the output file (stdout), e.g. "roster.zh.json"
    argv: tuple[str, ...]
    stdin: str | None = None
    now: str = NOW  # in a case that writes, plus the step's number in seconds
    home: str = "home"  # the user folder: "home" (device golden) or "homeb" (goldenb)
    db: str = "{db}"  # the board (--db); "" for none
    files: Mapping[str, str] = field(default_factory=dict)  # output name -> file written
    grab: Callable[[str], Mapping[str, str]] | None = None  # values for later steps
    tick: bool = True  # False: exactly ``now``, even in a case that writes


@dataclass(frozen=True)
class Case:
    """Steps run in order, on the shared demo board (read-only) or on a fresh copy."""

    name: str
    steps: tuple[Step, ...]
    fresh: bool = False  # its own copy of the demo board (every command that writes)
    setup: Callable[[Path], None] | None = None  # writes its input files into the folder


@dataclass
class Result:
    outputs: dict[str, bytes]
    codes: dict[str, int]


def base_env(home: Path, now: str = NOW) -> dict[str, str]:
    """A minimal environment: nothing of the caller's but PATH."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "PYTHONHASHSEED": "0",
        "HOME": str(home),
        "DUTYBOARD_HOME": str(home),
        "DUTYBOARD_NOW": now,
        "TZ": "Asia/Shanghai",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "COLUMNS": "100",
        "LINES": "40",
        "TERM": "dumb",
        "NO_COLOR": "1",
    }


def make_home(folder: Path, device: str) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    (folder / "device_id").write_text(device + "\n", encoding="utf-8")
    (folder / "device_id").chmod(0o600)
    return folder


def run_cli(
    python: str,
    argv: list[str],
    home: Path,
    now: str = NOW,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [python, "-m", "dutyboard", *argv],
        cwd=ROOT,
        env=base_env(home, now),
        input=(stdin or "").encode("utf-8"),
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )


def build_demo(python: str, folder: Path, home: Path) -> Path:
    folder.mkdir(mode=0o700, parents=True)
    db = folder / "board.json"
    argv = ["--lang", "en", "demo", str(db), "--date", DAY, "--seed", SEED]
    done = run_cli(python, argv, home)
    if done.returncode != 0:
        raise RuntimeError(f"dutyboard demo failed: {done.stderr.decode(errors='replace')}")
    return db


def read_json(python: str, db: Path, home: Path, *argv: str) -> object:
    done = run_cli(python, ["--db", str(db), "--lang", "en", *argv, "--format", "json"], home)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)}: {done.stderr.decode(errors='replace')}")
    return json.loads(done.stdout)


def copy_board(template: Path, folder: Path) -> Path:
    """The demo board, the parts of its archive and this laptop's shadows (not the lock
    files)."""
    folder.mkdir(parents=True, exist_ok=True)
    locks = shutil.ignore_patterns("*.lock")
    for p in template.parent.iterdir():
        if p.is_file() and not p.name.endswith(".lock"):
            shutil.copy2(p, folder / p.name)
        elif p.is_dir() and p.name.endswith(".archive"):
            shutil.copytree(p, folder / p.name, ignore=locks)
    return folder / template.name


class Numbers:
    """The numbers of one case's new ids and conflict ids, in order of appearance."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.conflicts: dict[str, int] = {}

    @staticmethod
    def of(table: dict[str, int], key: str) -> int:
        return table.setdefault(key, len(table) + 1)


class Normaliser:
    """Replaces what is random per run (see the module docstring), per case."""

    def __init__(self, work: Path, known: set[str]) -> None:
        self.paths = sorted({str(work), os.path.realpath(work)}, key=len, reverse=True)
        self.known = known

    def new_ids(self, texts: list[str]) -> list[str]:
        found: dict[str, None] = {}
        for text in texts:
            for m in _UUID_RE.finditer(text):
                if m.group(0) not in self.known:
                    found.setdefault(m.group(0))
        return list(found)

    def __call__(self, text: str, new: list[str], numbers: Numbers) -> str:
        for p in self.paths:
            text = text.replace(p, "<work>")
        text = _STAMP_RE.sub(r"<wall>.<n>\1", text)
        text = _DEMO_TIME_RE.sub("built in <t> s", text)
        text = _CONFLICT_RE.sub(
            lambda m: f"<conflict-{numbers.of(numbers.conflicts, m.group(0))}>", text
        )
        if not new:
            return text
        hexes = {u: u.replace("-", "") for u in new}

        def swap(m: re.Match[str]) -> str:
            token = m.group(0)
            if m.group("uuid"):
                hit = [token] if token in hexes else []
            elif m.group("code"):
                hit = [u for u, h in hexes.items() if h[:5] == token[1:].lower()]
            else:
                hit = [u for u in new if u.startswith(token)]
            if not hit:
                return token
            n = numbers.of(numbers.ids, hit[0])
            return f"<{token[0]}-id-{n}>" if m.group("code") else f"<id-{n}>"

        return _TOKEN_RE.sub(swap, text)


def _later(moment: str, seconds: int) -> str:
    return (
        datetime.datetime.fromisoformat(moment) + datetime.timedelta(seconds=seconds)
    ).isoformat()


class _Values(dict[str, str]):
    """Facts and grabbed values; a name nothing gave stays ``{name}`` in the argv."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def run_case(
    case: Case, python: str, template: Path, work: Path, facts: Mapping[str, str], norm: Normaliser
) -> Result:
    folder = work / "cases" / case.name
    folder.mkdir(parents=True)
    db = copy_board(template, folder / "board") if case.fresh else template
    homes = {
        "home": make_home(folder / "home", DEVICE),
        "homeb": make_home(folder / "homeb", DEVICE + "b"),
    }
    if case.setup is not None:
        case.setup(folder)
    values = _Values({**facts, "db": str(db), "dir": str(folder)})
    raw: list[tuple[str, bytes]] = []
    codes: dict[str, int] = {}
    for i, step in enumerate(case.steps, 1):
        now = _later(step.now, i) if case.fresh and step.tick else step.now
        argv = [a.format_map(values) for a in step.argv]
        board = step.db.format_map(values)
        done = run_cli(
            python,
            (["--db", board] if board else []) + argv,
            homes[step.home],
            now,
            step.stdin.format_map(values) if step.stdin is not None else None,
        )
        codes[step.name] = done.returncode
        raw.append((step.name, done.stdout))
        if done.stderr:
            raw.append((step.name + ".stderr", done.stderr))
        for name, path in step.files.items():
            target = Path(path.format_map(values))
            raw.append((name, target.read_bytes() if target.exists() else b"<no file>\n"))
        if step.grab is not None and done.returncode == 0:
            # On failure the later steps keep "{name}" in their argv and say so.
            with contextlib.suppress(ValueError, LookupError, TypeError):
                values.update(step.grab(done.stdout.decode("utf-8")))
    texts = [b.decode("utf-8", "replace") for _, b in raw]
    if case.fresh:  # ids kept in the board though no output showed them (their codes)
        texts += [p.read_text("utf-8", "replace") for p in sorted(db.parent.glob("*.json"))]
    new = norm.new_ids(texts)
    numbers = Numbers()
    outputs = {}
    for name, data in raw:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            outputs[name] = data  # not text (an .xlsx?): kept as it is
            continue
        outputs[name] = norm(text, new, numbers).encode("utf-8")
    return Result(outputs, codes)


def capture(out_dir: Path, python: str = sys.executable) -> list[str]:
    """Run every case into ``out_dir`` (made if missing; files of the same names are
    replaced); returns the names of the files written, sorted."""
    from tests.cli_outputs.cases import all_cases, discover

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dutyboard-golden-") as tmp:
        work = Path(tmp)
        home = make_home(work / "home", DEVICE)
        template = build_demo(python, work / "demo", home)
        known = set(_UUID_RE.findall(template.read_text("utf-8")))
        for p in template.parent.glob("*.json"):
            known.update(_UUID_RE.findall(p.read_text("utf-8")))
        facts = discover(lambda *argv: read_json(python, template, home, *argv))
        norm = Normaliser(work, known)
        # Read-only steps need no order: one case each, so they spread over the workers.
        cases = [
            part
            for case in all_cases(facts)
            for part in (
                [case]
                if case.fresh or case.setup
                else [Case(step.name, (step,)) for step in case.steps]
            )
        ]
        names = [s.name for c in cases for s in c.steps]
        if len(names) != len(set(names)):
            raise ValueError(
                f"two steps share a name: {sorted(n for n in names if names.count(n) > 1)}"
            )
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            results = list(
                pool.map(lambda c: run_case(c, python, template, work, facts, norm), cases)
            )
    written: list[str] = []
    codes: dict[str, int] = {}
    for result in results:
        for name, data in result.outputs.items():
            (out_dir / name).write_bytes(data)
            written.append(name)
        codes.update(result.codes)
    lines = "".join(f"{name} {code}\n" for name, code in sorted(codes.items()))
    (out_dir / "_exit_codes.txt").write_text(lines, encoding="utf-8")
    written.append("_exit_codes.txt")
    return sorted(written)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m tests.cli_outputs.capture OUT_DIR", file=sys.stderr)
        return 2
    from tests.cli_outputs.capture import capture as run  # the module, not __main__

    started = time.perf_counter()
    names = run(Path(args[0]))
    took = time.perf_counter() - started
    print(f"{len(names)} files in {args[0]} in {took:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
