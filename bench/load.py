"""Load benchmark: the real HTTP server under a steady stream of signed Slack events.

    python bench/load.py --rate 50 --seconds 60
    python bench/load.py --rate 100 --seconds 20 --instances 2 \\
        --database-url postgresql://user:pw@127.0.0.1/bench   # needs pip install '.[postgres]'

Starts ``python -m bot serve`` (HTTP mode, gunicorn) as subprocesses, with ``SLACK_API_URL``
pointing at the Web API stand-in of ``tests/slack/slack_standin.py`` running in this process,
and sends Events API callbacks signed like Slack's on loopback at ``--rate`` events per
second: alternately an ``app_mention`` and a plain message in a ``TRIAGE_CHANNELS`` channel,
each holding a real AADSTS error and its own ``ts``. With two instances each event goes to
both (``--fanout both``, the same ``event_id``: Slack's redelivery to another dyno, so the
bot must answer it exactly once) or to one of them in turn (``--fanout round-robin``).

It prints the ack latency (HTTP response time of each event POST), events sent, replies
delivered (``chat.postMessage`` calls the stand-in saw), lost events (no reply after the
drain period), duplicated events (more than one reply) and the peak memory of the server
processes (RSS from /proc). Run it with the Python the bot is installed in; SQLite (the default)
lives in a temporary directory shared by the instances. A benchmark, not a test: it prints
figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.slack.slack_harness import ServeProcess
from tests.slack.slack_standin import BOT_USER, SlackStandIn, sign

SECRET = "bench-signing-secret"
MENTION_CHANNEL = "CBENCH1"
AUTO_CHANNEL = "CBENCHAUTO"
#: Slack retries an event it has no ack for within 3 seconds.
SLACK_ACK_DEADLINE = 3.0

#: Real errors as people paste them, each answered confidently from knowledge/.
PASTES = [
    "AADSTS50011: The redirect URI 'https://app.example.com/cb' specified in the request does "
    "not match the redirect URIs configured for the application "
    "'0f4211a6-4d87-4d2d-99f2-76101fca1191'. Trace ID: 968cca79-936b-4330-81c2-c1d4799d741b "
    "Correlation ID: 1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f Timestamp: 2024-06-15 15:17:46Z",
    "AADSTS700016: Application with identifier 'a1b2c3d4-0000-1111-2222-333344445555' was not "
    "found in the directory 'Contoso'. This can happen if the application has not been "
    "installed by the administrator of the tenant or consented to by any user in the tenant.",
    "AADSTS65001: The user or administrator has not consented to use the application with ID "
    "'a1b2c3d4-0000-1111-2222-333344445555' named 'Payroll'. Send an interactive "
    "authorization request for this user and resource.",
    "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the "
    "request is the client secret value, not the client secret ID, for a secret added to app "
    "'a1b2c3d4-0000-1111-2222-333344445555'.",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def event_for(n: int, base: int) -> dict[str, Any]:
    """The n-th event: even ones mention the bot, odd ones are plain auto-triaged messages."""
    ts = f"{base}.{n:06d}"
    paste = PASTES[(n // 2) % len(PASTES)]  # the same order as code_of
    common = {"user": "U1", "ts": ts, "event_ts": ts}
    if n % 2 == 0:
        return common | {
            "type": "app_mention",
            "channel": MENTION_CHANNEL,
            "text": f"<@{BOT_USER}> {paste}",
        }
    return common | {
        "type": "message",
        "channel": AUTO_CHANNEL,
        "channel_type": "channel",
        "text": paste,
    }


def code_of(ts: object) -> str:
    """The AADSTS code pasted in the event with ``ts`` (``base.n``)."""
    n = int(str(ts).rpartition(".")[2] or 0)
    return PASTES[(n // 2) % len(PASTES)].split(":")[0]


def callback(event: dict[str, Any], event_id: str) -> bytes:
    """The Events API body Slack POSTs for ``event``."""
    body = {
        "token": "unused",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T1", "user_id": BOT_USER, "is_bot": True}],
        "event": event,
    }
    return json.dumps(body).encode()


@dataclass
class Acks:
    """Every event POST: its response time, and those that failed."""

    seconds: list[float] = field(default_factory=list)
    failed: Counter[str] = field(default_factory=Counter)
    #: The ``ts`` of events a POST of which was not acknowledged with 200.
    refused: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def post(self, port: int, body: bytes, ts: str) -> None:
        """POST ``body`` signed like Slack, on a fresh connection as Slack's are."""
        headers = {"Content-Type": "application/json", **sign(body, SECRET)}
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request("POST", "/slack/events", body, headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            finally:
                connection.close()
        except OSError as err:
            with self.lock:
                self.failed[type(err).__name__] += 1
                self.refused.add(ts)
            return
        elapsed = time.perf_counter() - started
        with self.lock:
            self.seconds.append(elapsed)
            if status != 200:
                self.failed[f"HTTP {status}"] += 1
                self.refused.add(ts)


def server_pids(group: int) -> list[int]:
    """The processes of a server's process group (gunicorn's arbiter and its workers)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == group:  # pgrp
            found.append(int(entry))
    return found


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far, 0 once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def status_kib(pid: int, name: str) -> int:
    """A ``kB`` field of /proc/<pid>/status (VmRSS, VmHWM), 0 once the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemoryWatch(threading.Thread):
    """Samples the summed RSS of the servers' processes; keeps the peak."""

    def __init__(self, groups: list[int], interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.groups = groups
        self.interval = interval
        self.peak_total_kib = 0
        self.peak_process_kib = 0  # the kernel's high-water mark, read by ``high_water``
        self.processes = 0
        #: CPU seconds the servers used while watched (start-up excluded), set by ``stop``.
        self.cpu = -sum(cpu_seconds(p) for group in groups for p in server_pids(group))
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def sample(self) -> None:
        pids = [pid for group in self.groups for pid in server_pids(group)]
        self.processes = max(self.processes, len(pids))
        self.peak_total_kib = max(self.peak_total_kib, sum(status_kib(p, "VmRSS") for p in pids))

    def stop(self) -> None:
        self._halt.set()
        self.join()
        self.sample()
        pids = [pid for group in self.groups for pid in server_pids(group)]
        self.peak_process_kib = max((status_kib(p, "VmHWM") for p in pids), default=0)
        self.cpu += sum(cpu_seconds(p) for p in pids)


def start_servers(args: argparse.Namespace, slack: SlackStandIn, work: Path) -> list[ServeProcess]:
    env = {
        "SLACK_SIGNING_SECRET": SECRET,
        "DATABASE_URL": args.database_url or f"sqlite:///{work / 'bench.db'}",
        "TRIAGE_CHANNELS": AUTO_CHANNEL,
        "WEB_CONCURRENCY": str(args.workers),
        "THREADS": str(args.threads),
        "ESCALATION_CHANNEL": "",
    }
    servers: list[ServeProcess] = []
    try:
        for n in range(args.instances):
            home = work / f"instance{n + 1}"
            home.mkdir()
            servers.append(ServeProcess(slack, home, **env))
    except BaseException:
        stop_servers(servers)
        raise
    return servers


def stop_servers(servers: list[ServeProcess]) -> None:
    for server in servers:
        if server.process.poll() is None:
            os.killpg(server.process.pid, signal.SIGTERM)
    for server in servers:
        try:
            server.process.wait(timeout=30)
        except Exception:
            server.kill()


def replies_by_ts(slack: SlackStandIn) -> Counter[str]:
    """How many replies were posted in each thread (by the ``ts`` the reply threads under)."""
    return Counter(str(call.params.get("thread_ts", "")) for call in slack.posts())


def run(args: argparse.Namespace) -> None:
    fanout = args.fanout or ("both" if args.instances > 1 else "round-robin")
    slack = SlackStandIn()
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    print(f"starting {args.instances} server(s) ...", file=sys.stderr)
    servers = start_servers(args, slack, work)
    ports = [int(server.url.rsplit(":", 1)[1]) for server in servers]
    memory = MemoryWatch([server.process.pid for server in servers])
    memory.start()
    acks = Acks()
    total = round(args.rate * args.seconds)
    base = int(time.time())
    run_id = f"{base:x}"
    targets = ports if fanout == "both" else None
    print(
        f"sending {total} events at {args.rate}/s to {len(ports)} instance(s) ({fanout}) ...",
        file=sys.stderr,
    )
    pool = ThreadPoolExecutor(max_workers=args.concurrency)
    lateness = 0.0  # how far the sending fell behind its schedule, at worst
    started = time.monotonic()
    try:
        for n in range(total):
            due = started + n / args.rate
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            lateness = max(lateness, -wait)
            event = event_for(n, base)
            body = callback(event, f"Ev{run_id}{n:07d}")
            for port in targets or [ports[n % len(ports)]]:
                pool.submit(acks.post, port, body, event["ts"])
        pool.shutdown(wait=True)
        sent_for = time.monotonic() - started

        expected = {f"{base}.{n:06d}" for n in range(total)}
        deadline = time.monotonic() + args.drain
        while time.monotonic() < deadline:
            if expected <= set(replies_by_ts(slack)):
                break
            time.sleep(0.1)
        time.sleep(args.settle)  # late duplicates
        drained_for = time.monotonic() - started - sent_for
        memory.stop()
    finally:
        stop_servers(servers)
        slack.close()

    replies = replies_by_ts(slack)
    answered = {ts: count for ts, count in replies.items() if ts in expected}
    lost = len(expected) - len(answered)
    lost_refused = len(acks.refused & (expected - set(answered)))
    duplicated = sum(1 for count in answered.values() if count > 1)
    stray = sum(count for ts, count in replies.items() if ts not in expected)
    naming = sum(
        1 for call in slack.posts() if code_of(call.params.get("thread_ts")) in call.all_text()
    )
    late = sum(1 for s in acks.seconds if s > SLACK_ACK_DEADLINE)
    ms = [s * 1000 for s in acks.seconds]

    database = (args.database_url or "sqlite").split(":", 1)[0]
    print(
        f"setup: {args.instances} instance(s) x {args.workers} worker(s) x {args.threads} "
        f"threads, {database}, fanout {fanout}"
    )
    print(
        f"events sent:        {total} in {sent_for:.1f} s ({total / sent_for:.1f}/s), "
        f"{len(ms)} POSTs answered, failed: {dict(acks.failed) or 0}"
    )
    if ms:
        print(
            f"ack latency:        p50 {percentile(ms, 0.5):.1f} ms, "
            f"p99 {percentile(ms, 0.99):.1f} ms, max {max(ms):.1f} ms, "
            f"over {SLACK_ACK_DEADLINE:.0f} s: {late}"
        )
    print(
        f"replies delivered:  {sum(replies.values())} chat.postMessage calls "
        f"({naming} name the pasted error; stray: {stray})"
    )
    print(
        f"lost:               {lost} (no reply {drained_for:.1f} s after the last send; "
        f"drain {args.drain:.0f} s at most); {lost_refused} of them had a POST refused, "
        "which Slack would redeliver (this benchmark does not)"
    )
    print(f"duplicated:         {duplicated} (events with more than one reply)")
    print(
        f"peak memory:        {memory.peak_total_kib / 1024:.0f} MiB RSS summed over "
        f"{memory.processes} server processes (sampled every {memory.interval} s); "
        f"largest process high-water mark {memory.peak_process_kib / 1024:.0f} MiB"
    )
    mine = os.times()
    print(
        f"cpu:                servers {memory.cpu:.1f} s, this process "
        f"{mine.user + mine.system:.1f} s (imports included), on {os.cpu_count()} CPUs; "
        f"sending fell behind its schedule by {lateness * 1000:.0f} ms at worst"
    )
    keep = False
    for n, server in enumerate(servers, 1):
        errors = [line for line in server.output().splitlines() if "Traceback" in line]
        if errors:
            print(f"instance {n}: {len(errors)} tracebacks in {server.log} (kept)")
            keep = True
    if not keep:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=50, help="events per second (default 50)")
    parser.add_argument("--seconds", type=float, default=60, help="how long to send (default 60)")
    parser.add_argument("--instances", type=int, default=1, choices=(1, 2))
    parser.add_argument(
        "--fanout",
        choices=("both", "round-robin"),
        help="with two instances: each event to both (default) or to each in turn",
    )
    parser.add_argument(
        "--database-url", help="shared by the instances (default: SQLite in a temporary dir)"
    )
    parser.add_argument("--workers", type=int, default=1, help="WEB_CONCURRENCY (default 1)")
    parser.add_argument("--threads", type=int, default=8, help="THREADS (default 8)")
    parser.add_argument(
        "--drain", type=float, default=30, help="seconds to wait for the last replies"
    )
    parser.add_argument(
        "--settle", type=float, default=2, help="seconds to wait for late duplicates"
    )
    parser.add_argument(
        "--concurrency", type=int, default=256, help="event POSTs in flight at most"
    )
    run(parser.parse_args())


if __name__ == "__main__":
    main()
