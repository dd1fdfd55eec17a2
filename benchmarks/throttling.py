"""A slower phone and network for benchmarks/bench_calculator.py: the profiles (data), and how
they are put on a page and on everything it starts.

Network: Chromium's DevTools throttling (`Network.emulateNetworkConditions`), on the page's
target and on every target it starts: `Target.setAutoAttach` on the page with
`waitForDebuggerOnStart`, so each dedicated worker and service worker is held before its first
line runs, given the same conditions, then let go (`Runtime.runIfWaitingForDebugger`). The
session is Playwright's CDP session to the page; Playwright's Python API cannot address a
flattened child session, so the children are driven in the non-flattened mode
(`Target.sendMessageToTarget`). What Chromium 156 does with it (measured, `bench_calculator.py
--verify`): the page's conditions already cover its dedicated workers' requests (a worker's own
target answers "Not supported"; its 2.8 MB fetch takes the expected 16 s on Slow 4G); a service
worker's fetches, its own and so those it makes for the pages it controls, are throttled only
through its own target, which the page's auto-attach reaches (left out, its 2.8 MB fetch took
53 ms under the page's Fast 4G). Packet-level shaping (a network namespace,
`tc`) was the other way: this machine's kernel has tbf and htb but no netem, so no added delay.

The values are DevTools' presets, as its Network panel sends them
(front_end/core/sdk/NetworkManager.ts; the same in Puppeteer's PredefinedNetworkConditions):
request-level throttling, so the packet-level targets (Fast 4G: 9 Mbps down, 1.5 Mbps up,
60 ms round trip; Slow 4G: 1.6 Mbps, 750 kbps, 150 ms, Lighthouse's mobile network) are sent as
90 % of the throughput and the round trip times 2.75 / 3.75, DevTools' (and Lighthouse's)
allowance for what request-level throttling leaves out (connection set-up, slow start).

CPU: Chromium refuses `Emulation.setCPUThrottlingRate` on a worker's target ("Operation is only
supported for pages, not workers", InspectorEmulationAgent::AssertPage), and the page's rate
leaves its workers at full speed (measured: a loop in a worker takes as long at rate 4 as at 1).
Lighthouse's mobile profile throttles that way, so with it the Pyodide boot, which runs in a
worker, would not be slowed at all. Instead each thread of this browser's renderer processes
(the page's main thread, its dedicated and service workers, V8's compile and GC helpers) is put
in a cgroup (v1 `cpu`) of its own with a CFS quota of 1/rate of a core (2.5 ms per 10 ms for
4x): every thread runs at most a quarter of the time, the same for the calculator and the bare
page. The browser and GPU processes and the network service are not slowed. Needs root and the
cgroup v1 cpu controller at /sys/fs/cgroup/cpu.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

# DevTools' presets (bytes per second, milliseconds), as DevTools computes them.
FAST_4G = {"downloadThroughput": 9_000_000 / 8 * 0.9, "uploadThroughput": 1_500_000 / 8 * 0.9, "latency": 60 * 2.75}
SLOW_4G = {"downloadThroughput": 1_600_000 / 8 * 0.9, "uploadThroughput": 750_000 / 8 * 0.9, "latency": 150 * 3.75}


@dataclass(frozen=True)
class Profile:
    network: dict | None = None   # Network.emulateNetworkConditions values; None: unthrottled
    cpu: int = 1                  # each renderer thread slowed this many times
    first_page: str | None = None  # a page visited first in the same tab (the calculator's side)
    repeat: bool = False          # also measure a repeat visit (and the longest task)

    @property
    def bare_key(self) -> tuple:
        """Profiles whose bare baseline is the same visit (docs-first compares with a first visit)."""
        return (json.dumps(self.network, sort_keys=True), self.cpu)


PROFILES = {
    "unthrottled": Profile(repeat=True),
    "fast-4g": Profile(FAST_4G),
    "slow-4g": Profile(SLOW_4G),
    "fast-4g-cpu4": Profile(FAST_4G, cpu=4),
    "docs-first": Profile(FAST_4G, first_page="index.html"),
}


class Throttle:
    """Network conditions on a page and on every worker and service worker it starts, each
    held at its start until they are set. Keep it until the visit ends; answers to the
    commands sent to the children are kept in `answers` (target type, method, error or None)."""

    def __init__(self, ctx, page, network: dict | None):
        self.network = {"offline": False, **network} if network else None
        self.ids = itertools.count(1)
        self.sent: dict[int, tuple[str, str]] = {}
        self.answers: list[tuple[str, str, str | None]] = []
        self.cdp = ctx.new_cdp_session(page)
        self.cdp.on("Target.attachedToTarget", self._attached)
        self.cdp.on("Target.receivedMessageFromTarget", self._received)
        if self.network:
            self.cdp.send("Network.emulateNetworkConditions", self.network)
        self.cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False})

    def _send(self, session: str, kind: str, method: str, params: dict | None = None) -> None:
        n = next(self.ids)
        self.sent[n] = (kind, method)
        self.cdp.send("Target.sendMessageToTarget", {"sessionId": session, "message": json.dumps(
            {"id": n, "method": method, "params": params or {}})})

    def _attached(self, event: dict) -> None:
        kind, session = event["targetInfo"]["type"], event["sessionId"]
        if self.network:
            self._send(session, kind, "Network.emulateNetworkConditions", self.network)
        self._send(session, kind, "Runtime.runIfWaitingForDebugger")

    def _received(self, event: dict) -> None:
        message = json.loads(event["message"])
        if message.get("id") in self.sent:
            kind, method = self.sent.pop(message["id"])
            self.answers.append((kind, method, message.get("error", {}).get("message")))


CGROUP_CPU = Path("/sys/fs/cgroup/cpu")
PERIOD_US = 10_000


def renderer_pids() -> list[int]:
    """This process's descendants that are Chromium renderers."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = Path(entry.path, "stat").read_text()
                children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    found, todo = [], list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        with contextlib.suppress(OSError):
            if b"--type=renderer" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
    return found


@contextlib.contextmanager
def cpu_slowdown(rate: int, every: float = 0.01):
    """While inside: every thread of this browser's renderers capped at 1/rate of a core, each in
    a cgroup of its own (new threads are caught within `every` seconds). rate 1: nothing."""
    if rate == 1:
        yield
        return
    if not os.access(CGROUP_CPU, os.W_OK):
        raise SystemExit(f"CPU throttling needs root and the cgroup v1 cpu controller at {CGROUP_CPU}")
    root = CGROUP_CPU / f"xm-bench-{os.getpid()}"
    root.mkdir(exist_ok=True)
    placed: set[str] = set()
    stop = threading.Event()

    def place_new_threads() -> None:
        for pid in renderer_pids():
            with contextlib.suppress(OSError):
                for tid in os.listdir(f"/proc/{pid}/task"):
                    if tid not in placed:
                        group = root / tid
                        group.mkdir(exist_ok=True)
                        (group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
                        (group / "cpu.cfs_quota_us").write_text(str(PERIOD_US // rate))
                        (group / "tasks").write_text(tid)
                        placed.add(tid)

    def watch() -> None:
        while not stop.wait(every):
            place_new_threads()

    place_new_threads()
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()
        for group in root.iterdir():
            if group.is_dir():
                for tid in (group / "tasks").read_text().split():
                    with contextlib.suppress(OSError):   # back to full speed
                        (CGROUP_CPU / "tasks").write_text(tid)
                group.rmdir()
        root.rmdir()
