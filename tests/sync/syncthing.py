"""Two real Syncthing daemons on loopback sharing one folder, for tests.

Follows ../shared/SYNCTHING.md: ``syncthing generate`` makes each home, its config.xml
is patched (127.0.0.1 only; global and local discovery, relays, NAT, STUN, usage and
crash reporting and upgrades off), then ``syncthing serve`` runs with ``STNOUPGRADE=1``.
``syncthing_pair`` yields the two daemons once they are connected and the shared folder
is idle on both, and always stops them by process id when the block ends, even when
it fails. Nothing here sleeps a fixed time as its only wait: every wait polls a
condition until a deadline (tests/waiting.py).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import os
import shutil
import signal
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.waiting import wait_until

INSTALL_HINT = (
    "syncthing is not installed, and the two-daemon sync test needs it: install the "
    "Debian package `syncthing` (apt-get install syncthing); CI's .ci/run installs it."
)
START_TIMEOUT_S = 45.0
STOP_TIMEOUT_S = 10.0
POLL_S = 0.2  # between two REST calls: each costs the daemon a little

# Environment a daemon must not inherit: a proxy would route even 127.0.0.1 dials.
_PROXY_VARS = ("all_proxy", "http_proxy", "https_proxy", "no_proxy")
# Direct connections only, also for this process's REST calls.
_REST = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def syncthing_binary() -> str:
    """The syncthing executable. Missing, the test skips with the package to install
    (a fresh machine with only Python), except under CI (``CI`` set), where .ci/run
    installs it and a missing one is a failure."""
    found = shutil.which("syncthing")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(INSTALL_HINT, pytrace=False)
        pytest.skip(INSTALL_HINT)
    return found


def free_ports(n: int) -> list[int]:
    """``n`` distinct TCP ports free on 127.0.0.1 right now (all held while choosing)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


@dataclass
class Daemon:
    """One Syncthing instance: its home, its folder, its ports and, once started, its process."""

    name: str
    home: Path
    folder: Path
    gui_port: int
    listen_port: int
    device_id: str = ""
    api_key: str = ""
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    seen_pids: set[int] = field(default_factory=set, repr=False)

    @property
    def log_path(self) -> Path:
        return self.home / "syncthing.log"

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        tail = self.log_text().splitlines()[-lines:]
        return f"--- {self.name} log ({self.log_path}), last lines:\n" + "\n".join(tail)

    # ------------------------------------------------------------ REST

    def request(self, method: str, path: str, timeout: float = 30.0, **params: Any) -> Any:
        url = f"http://127.0.0.1:{self.gui_port}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        req = urllib.request.Request(url, method=method, headers={"X-API-Key": self.api_key})
        with _REST.open(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body.strip() else None

    def get(self, path: str, **params: Any) -> Any:
        return self.request("GET", path, **params)

    def post(self, path: str, **params: Any) -> Any:
        return self.request("POST", path, **params)

    def responding(self) -> bool:
        try:
            return self.get("/rest/system/ping") == {"ping": "pong"}
        except (OSError, ValueError):
            return False

    def connected_to(self, peer: Daemon) -> bool:
        conns = self.get("/rest/system/connections")["connections"]
        return bool(conns.get(peer.device_id, {}).get("connected"))

    def folder_status(self, folder_id: str) -> dict[str, Any]:
        status: dict[str, Any] = self.get("/rest/db/status", folder=folder_id)
        return status

    def in_sync_with(self, peer: Daemon, folder_id: str) -> bool:
        """Idle here, nothing left to pull here, and the peer has everything we have."""
        st = self.folder_status(folder_id)
        if st.get("state") == "error":
            raise AssertionError(f"syncthing {self.name}: folder {folder_id}: {st.get('error')}")
        if st.get("state") != "idle" or st.get("needTotalItems", 0) or st.get("pullErrors", 0):
            return False
        comp = self.get("/rest/db/completion", folder=folder_id, device=peer.device_id)
        return bool(comp.get("completion") == 100 and not comp.get("needItems"))

    def scan(self, folder_id: str) -> None:
        """Rescan now (the call returns once the scan has run)."""
        self.post("/rest/db/scan", folder=folder_id)

    def global_names(self, folder_id: str) -> list[str]:
        """Names in the folder's global index (what is synced), one level deep."""
        tree = self.get("/rest/db/browse", folder=folder_id, levels=0)
        if isinstance(tree, dict):  # older syncthing answers a map of names
            return sorted(tree)
        return sorted(entry["name"] for entry in tree)

    # ------------------------------------------------------------ process

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def pids(self) -> set[int]:
        """The process started and its descendants (Debian's 1.19 runs a monitor process
        that starts the real syncthing as its child, even with --no-restart)."""
        if self.proc is None:
            return set()
        found = {self.proc.pid} | descendants(self.proc.pid)
        self.seen_pids |= found
        return found

    def stop(self) -> None:
        """SIGTERM by pid (the monitor passes it on), SIGKILL by pid whatever lingers."""
        proc = self.proc
        if proc is None:
            return
        self.pids()
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=STOP_TIMEOUT_S)
        with contextlib.suppress(AssertionError):  # the stragglers are killed below
            wait_until(
                lambda: not self.alive_pids(),
                what=f"syncthing {self.name}'s processes to end",
                timeout=STOP_TIMEOUT_S,
                interval=0.05,
            )
        for pid in self.alive_pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def alive_pids(self) -> set[int]:
        """Which of the daemon's processes ever seen still run (zombies count as gone)."""
        return {pid for pid in self.seen_pids if pid_alive(pid)}


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) from /proc, or None when there is no such process."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def descendants(root: int) -> set[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st is not None:
                parents.setdefault(st[1], []).append(int(entry))
    out: set[int] = set()
    todo = [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


def pid_alive(pid: int) -> bool:
    st = _stat(pid)
    return st is not None and st[0] not in ("Z", "X")


# ---------------------------------------------------------------- config.xml


def _set(parent: ET.Element, tag: str, value: str) -> None:
    """Exactly one ``<tag>value</tag>`` under ``parent``."""
    for old in parent.findall(tag):
        parent.remove(old)
    ET.SubElement(parent, tag).text = value


def generate(binary: str, daemon: Daemon) -> None:
    subprocess.run(
        [binary, "generate", f"--home={daemon.home}", "--no-default-folder"],
        check=True,
        capture_output=True,
        timeout=60,
        env=_daemon_env(),
    )
    root = ET.parse(daemon.home / "config.xml").getroot()
    first = root.find("device")
    key = root.find("gui/apikey")
    assert first is not None and key is not None and key.text, "unexpected config.xml"
    daemon.device_id, daemon.api_key = first.attrib["id"], key.text


def configure(daemon: Daemon, peer: Daemon, folder_id: str, *, dial: bool) -> None:
    """Patch config.xml as SYNCTHING.md says: loopback only, nothing phones home.

    Only one daemon dials the other (``dial``); the other knows the peer's device id
    but no address ("dynamic", and with discovery off nothing is looked up). When both
    dial at once, syncthing 1.19 sometimes hangs 20 s in the Hello exchange of the
    crossing connections before one of them is used."""
    path = daemon.home / "config.xml"
    tree = ET.parse(path)
    root = tree.getroot()
    gui = root.find("gui")
    opts = root.find("options")
    me = root.find("device")
    assert gui is not None and opts is not None and me is not None
    _set(gui, "address", f"127.0.0.1:{daemon.gui_port}")
    me.attrib["name"] = daemon.name
    for tag, value in {
        "listenAddress": f"tcp://127.0.0.1:{daemon.listen_port}",
        "globalAnnounceEnabled": "false",
        "localAnnounceEnabled": "false",
        "relaysEnabled": "false",
        "natEnabled": "false",
        "startBrowser": "false",
        "urAccepted": "-1",
        "crashReportingEnabled": "false",
        "autoUpgradeIntervalH": "0",
        "stunServer": "",
        "reconnectionIntervalS": "1",
    }.items():
        _set(opts, tag, value)

    other = ET.Element("device", dict(me.attrib, id=peer.device_id, name=peer.name))
    for child in me:
        ET.SubElement(other, child.tag, child.attrib).text = child.text
    _set(other, "address", f"tcp://127.0.0.1:{peer.listen_port}" if dial else "dynamic")
    root.insert(list(root).index(me) + 1, other)

    # The folder starts as a copy of <defaults><folder>: a <folder> that leaves out an
    # element gets Go's zero value, not the default, and maxConflicts=0 turns conflict
    # copies off (concurrent changes then silently overwrite each other).
    template = root.find("defaults/folder")
    assert template is not None, "config.xml has no <defaults><folder>"
    folder = copy.deepcopy(template)
    folder.attrib.update(
        {
            "id": folder_id,
            "label": folder_id,
            "path": str(daemon.folder),
            "type": "sendreceive",
            "rescanIntervalS": "1",
            "fsWatcherEnabled": "true",
            "fsWatcherDelayS": "1",
        }
    )
    for old in folder.findall("device"):
        folder.remove(old)
    for i, dev in enumerate((daemon, peer)):
        entry = ET.Element("device", {"id": dev.device_id, "introducedBy": ""})
        ET.SubElement(entry, "encryptionPassword").text = ""
        folder.insert(1 + i, entry)
    max_conflicts = folder.find("maxConflicts")
    assert max_conflicts is not None and max_conflicts.text != "0", "conflict copies are off"
    root.insert(0, folder)
    tree.write(path, encoding="unicode")


def _daemon_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.lower() not in _PROXY_VARS}
    env["STNOUPGRADE"] = "1"
    return env


def start(binary: str, daemon: Daemon) -> None:
    with open(daemon.log_path, "ab") as log:
        daemon.proc = subprocess.Popen(
            [binary, "serve", f"--home={daemon.home}", "--no-browser", "--no-restart"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=_daemon_env(),
            start_new_session=True,  # a Ctrl-C to pytest does not reach it; we stop it
        )


@contextlib.contextmanager
def syncthing_pair(
    root: Path,
    folder_id: str = "dutyboard",
    *,
    stignore: str | None = None,
    timeout: float = START_TIMEOUT_S,
) -> Iterator[tuple[Daemon, Daemon]]:
    """Two connected daemons sharing ``folder_id``: ``root/A`` on one, ``root/B`` on the other.

    ``stignore`` is written as ``.stignore`` in both folders before the daemons start.
    Both daemons are stopped by pid when the block ends, whatever happens in it.
    """
    binary = syncthing_binary()
    ports = free_ports(4)
    pair = (
        Daemon("A", root / "home-A", root / "A", ports[0], ports[1]),
        Daemon("B", root / "home-B", root / "B", ports[2], ports[3]),
    )
    for d in pair:
        d.folder.mkdir(parents=True)
        (d.folder / ".stfolder").mkdir()
        if stignore is not None:
            (d.folder / ".stignore").write_text(stignore, encoding="utf-8")
        generate(binary, d)
    configure(pair[0], pair[1], folder_id, dial=True)
    configure(pair[1], pair[0], folder_id, dial=False)

    def logs() -> str:
        return "\n".join(d.log_tail() for d in pair)

    def up(d: Daemon) -> bool:
        if not d.running():
            raise AssertionError(f"syncthing {d.name} exited while starting\n{logs()}")
        return d.responding()

    try:
        # The one that only listens first, so the first dial finds it (a failed dial is
        # retried only after reconnectionIntervalS, which syncthing raises to 5 s).
        for d in reversed(pair):
            start(binary, d)
            wait_until(
                functools.partial(up, d),
                what=f"syncthing {d.name}'s REST API",
                timeout=timeout,
                interval=POLL_S,
                detail=logs,
            )
        a, b = pair
        wait_until(
            lambda: a.connected_to(b) and b.connected_to(a),
            what="the two daemons to connect",
            timeout=timeout,
            interval=POLL_S,
            detail=logs,
        )
        wait_until(
            lambda: a.in_sync_with(b, folder_id) and b.in_sync_with(a, folder_id),
            what=f"folder {folder_id} idle on both",
            timeout=timeout,
            interval=POLL_S,
            detail=logs,
        )
        for d in pair:
            d.pids()
        yield pair
    finally:
        for d in pair:
            d.stop()
