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
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stats import percentile
from tests.databases import create_database, drop_database, server_engine
from tests.slack.slack_harness import ServeProcess, event_callback
from tests.slack.slack_standin import BOT_USER, SlackStandIn, sign

SECRET = "bench-signing-secret"
#: The channel of ``--burst``: everyone pastes the same error there at once.
BURST_CHANNEL = "CBURST"
#: Slack retries an event it has no ack for within 3 seconds.
SLACK_ACK_DEADLINE = 3.0
#: Slack redelivers an event whose POST failed up to three times (after about 1 s, 1 min,
#: 5 min; shortened here so a run stays short).
SLACK_RETRY_DELAYS = (1.0, 5.0, 10.0)

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


def mention_channel(n: int) -> str:
    return f"CMENTION{n:03d}"


def auto_channel(n: int) -> str:
    return f"CAUTO{n:03d}"


def event_for(n: int, base: int, channels: int) -> dict[str, Any]:
    """The n-th event: even ones mention the bot, odd ones are plain auto-triaged messages,
    spread over ``channels`` channels (half of each kind), as a help desk's load is."""
    ts = f"{base}.{n:06d}"
    paste = PASTES[(n // 2) % len(PASTES)]
    common = {"user": f"U{n % 997}", "ts": ts, "event_ts": ts}
    place = (n // 2) % max(1, channels // 2)
    if n % 2 == 0:
        return common | {
            "type": "app_mention",
            "channel": mention_channel(place),
            "text": f"<@{BOT_USER}> {paste}",
        }
    return common | {
        "type": "message",
        "channel": auto_channel(place),
        "channel_type": "channel",
        "text": paste,
    }


def burst_event(n: int, base: int) -> dict[str, Any]:
    """The n-th of a burst: a different person each time, the same error, one channel."""
    ts = f"{base + 1}.{n:06d}"
    return {
        "type": "app_mention",
        "channel": BURST_CHANNEL,
        "user": f"UBURST{n}",
        "ts": ts,
        "event_ts": ts,
        "text": f"<@{BOT_USER}> {PASTES[0]}",
    }


def callback(event: dict[str, Any], event_id: str) -> bytes:
    """The Events API body Slack POSTs for ``event``."""
    return json.dumps(event_callback(event, event_id=event_id)).encode()


@dataclass
class Acks:
    """Every event POST: its response time, those that failed, and Slack's redeliveries."""

    seconds: list[float] = field(default_factory=list)
    failed: Counter[str] = field(default_factory=Counter)
    #: Events redelivered (a POST failed or took over 3 s), and those never acknowledged.
    redelivered: int = 0
    refused: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def deliver(self, route: Callable[[int], int], body: bytes, ts: str) -> None:
        """POST ``body`` to the port ``route(attempt)`` gives, as Slack does: a failed or
        late answer is redelivered (to whichever instance the route gives then) up to three
        times, with Slack's retry headers."""
        for attempt in range(len(SLACK_RETRY_DELAYS) + 1):
            retry = {"X-Slack-Retry-Num": str(attempt)} if attempt else {}
            outcome = self.post(route(attempt), body, retry)
            if outcome == "ok":
                return
            if attempt < len(SLACK_RETRY_DELAYS):
                with self.lock:
                    self.redelivered += 1
                time.sleep(SLACK_RETRY_DELAYS[attempt])
            if outcome == "late":
                return  # it was taken, only late: the redelivery above is Slack's only
        with self.lock:
            self.refused.add(ts)

    def post(self, port: int, body: bytes, retry: dict[str, str]) -> str:
        """One POST signed like Slack, on a fresh connection as Slack's are: "ok", "late"
        (answered 200 after Slack's deadline) or "failed"."""
        headers = {"Content-Type": "application/json", **sign(body, SECRET), **retry}
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
            return "failed"
        elapsed = time.perf_counter() - started
        with self.lock:
            self.seconds.append(elapsed)
            if status != 200:
                self.failed[f"HTTP {status}"] += 1
                return "failed"
        return "late" if elapsed > SLACK_ACK_DEADLINE else "ok"


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


@contextmanager
def fresh_database(url: str | None, work: Path) -> Iterator[str]:
    """A new empty database for one run: a SQLite file in ``work``, or a database created
    beside the one ``url`` names (its role needs CREATEDB) and dropped afterwards, so that
    nothing a run leaves (waiting replies, threads of an incident) changes the next."""
    if not url:
        yield f"sqlite:///{work / 'bench.db'}"
        return
    server, name = server_engine(url), f"bench_load_{os.getpid()}"
    try:
        yield create_database(server, name)
    finally:
        drop_database(server, name)
        server.dispose()


def start_servers(
    args: argparse.Namespace, slack: SlackStandIn, work: Path, database: str
) -> list[ServeProcess]:
    env = {
        "SLACK_SIGNING_SECRET": SECRET,
        "DATABASE_URL": database,
        "TRIAGE_CHANNELS": ",".join(auto_channel(n) for n in range(max(1, args.channels // 2))),
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
    """How many replies went through in each thread (by the ``ts`` the reply threads under)."""
    with slack.lock:
        delivered = list(slack.delivered)
    return Counter(str(call.params.get("thread_ts", "")) for call in delivered)


def api_outage(slack: SlackStandIn, seconds: float) -> None:
    """The Web API fails for ``seconds``: a third answering 500, a third refusing
    connections, a third answering 429 with ``Retry-After: 5``."""
    third = seconds / 3
    print(f"Web API outage for {seconds:.0f} s: 500s ...", file=sys.stderr)
    slack.outage("500", third)
    time.sleep(third)
    print("... refused connections ...", file=sys.stderr)
    slack.refuse(third)
    time.sleep(third + 0.2)
    print("... 429 with Retry-After: 5 ...", file=sys.stderr)
    slack.outage("429", third, retry_after="5")
    time.sleep(third)
    print("... the Web API is back", file=sys.stderr)


class Scenario(threading.Thread):
    """Things that happen during the run at a given second: an outage, a burst, a SIGTERM."""

    def __init__(self, at: float, action: Callable[[], None]) -> None:
        super().__init__(daemon=True)
        self.at = at
        self.action = action

    def run(self) -> None:
        time.sleep(self.at)
        self.action()


def run(args: argparse.Namespace) -> None:
    if args.sigterm_at is not None and args.instances < 2:
        raise SystemExit("--sigterm-at needs --instances 2")
    slack = SlackStandIn()
    if args.channel_limit:
        slack.limit_channels(args.channel_limit)
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    with fresh_database(args.database_url, work) as database:
        run_on(args, slack, work, database)


def run_on(args: argparse.Namespace, slack: SlackStandIn, work: Path, database: str) -> None:
    fanout = args.fanout or ("both" if args.instances > 1 else "round-robin")
    print(f"starting {args.instances} server(s) ...", file=sys.stderr)
    servers = start_servers(args, slack, work, database)
    ports = [int(server.url.rsplit(":", 1)[1]) for server in servers]
    alive = list(ports)  # where a load balancer sends events now
    memory = MemoryWatch([server.process.pid for server in servers])
    memory.start()
    acks = Acks()
    total = round(args.rate * args.seconds)
    base = int(time.time())
    run_id = f"{base:x}"
    expected: dict[str, str] = {}  # ts -> the code pasted
    pool = ThreadPoolExecutor(max_workers=args.concurrency)

    def send(event: dict[str, Any], event_id: str, turn: int) -> None:
        expected[event["ts"]] = event["text"].split(">")[-1].split(":")[0].strip()
        body = callback(event, event_id)
        if fanout == "both" and args.sigterm_at is None:
            for port in ports:
                pool.submit(acks.deliver, lambda _a, port=port: port, body, event["ts"])
        else:
            route = lambda attempt: alive[(turn + attempt) % len(alive)]  # noqa: E731
            pool.submit(acks.deliver, route, body, event["ts"])

    def burst() -> None:
        print(f"burst: {args.burst} mentions in {BURST_CHANNEL} at once", file=sys.stderr)
        for n in range(args.burst):
            send(burst_event(n, base), f"Ev{run_id}B{n:06d}", n)

    def sigterm() -> None:
        print(f"SIGTERM to instance 1 (pid {servers[0].process.pid})", file=sys.stderr)
        servers[0].terminate()
        time.sleep(1.0)  # a load balancer takes a moment to stop sending it events
        alive.remove(ports[0])

    scenarios = []
    if args.api_outage:
        scenarios.append(Scenario(args.api_outage_at, lambda: api_outage(slack, args.api_outage)))
    if args.burst:
        scenarios.append(Scenario(args.burst_at, burst))
    if args.sigterm_at is not None:
        scenarios.append(Scenario(args.sigterm_at, sigterm))
    print(
        f"sending {total} events at {args.rate}/s over {args.channels} channels to "
        f"{len(ports)} instance(s) ({fanout}) ...",
        file=sys.stderr,
    )
    lateness = 0.0  # how far the sending fell behind its schedule, at worst
    started = time.monotonic()
    for scenario in scenarios:
        scenario.start()
    try:
        for n in range(total):
            due = started + n / args.rate
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            lateness = max(lateness, -wait)
            send(event_for(n, base, args.channels), f"Ev{run_id}{n:07d}", n)
        for scenario in scenarios:
            scenario.join()
        pool.shutdown(wait=True)
        sent_for = time.monotonic() - started

        deadline = time.monotonic() + args.drain
        while time.monotonic() < deadline:
            if set(expected) <= set(replies_by_ts(slack)):
                break
            time.sleep(0.2)
        time.sleep(args.settle)  # late duplicates
        drained_for = time.monotonic() - started - sent_for
        memory.stop()
    finally:
        stop_servers(servers)
        slack.close()

    replies = replies_by_ts(slack)
    answered = {ts: count for ts, count in replies.items() if ts in expected}
    missing = set(expected) - set(answered)
    lost_refused = len(acks.refused & missing)
    duplicated = sum(1 for count in answered.values() if count > 1)
    stray = sum(count for ts, count in replies.items() if ts not in expected)
    with slack.lock:
        delivered = list(slack.delivered)
        attempts = len([c for c in slack.calls if c.method == "chat.postMessage"])
        limited = len(slack.limited)
    naming = sum(
        1
        for call in delivered
        if expected.get(str(call.params.get("thread_ts")), "?") in call.all_text()
    )
    late = sum(1 for s in acks.seconds if s > SLACK_ACK_DEADLINE)
    ms = [s * 1000 for s in acks.seconds]

    kind = database.split(":", 1)[0].split("+")[0]
    print(
        f"setup: {args.instances} instance(s) x {args.workers} worker(s) x {args.threads} "
        f"threads, {kind}, fanout {fanout}, {args.channels} channels"
        + (
            f" (Slack's limit: one post per {args.channel_limit:g} s per channel)"
            if args.channel_limit
            else ""
        )
    )
    happened = [
        f"Web API outage {args.api_outage:g} s at {args.api_outage_at:g} s"
        if args.api_outage
        else "",
        f"burst of {args.burst} in one channel at {args.burst_at:g} s" if args.burst else "",
        f"SIGTERM to instance 1 at {args.sigterm_at:g} s" if args.sigterm_at is not None else "",
    ]
    if any(happened):
        print("during the run:     " + "; ".join(h for h in happened if h))
    print(
        f"events sent:        {len(expected)} in {sent_for:.1f} s, {len(ms)} POSTs answered, "
        f"failed: {dict(acks.failed) or 0}, redelivered as Slack would: {acks.redelivered}"
    )
    if ms:
        print(
            f"ack latency:        p50 {percentile(ms, 0.5):.1f} ms, "
            f"p99 {percentile(ms, 0.99):.1f} ms, max {max(ms):.1f} ms, "
            f"over {SLACK_ACK_DEADLINE:.0f} s: {late}"
        )
    print(
        f"replies delivered:  {len(delivered)} ({naming} name the pasted error; stray: {stray}); "
        f"{attempts} chat.postMessage attempts, {limited} refused by the channel limit"
    )
    print(
        f"lost:               {len(missing)} (no reply {drained_for:.1f} s after the last send; "
        f"drain {args.drain:.0f} s at most); {lost_refused} of them never acknowledged "
        "after Slack's redeliveries"
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
    parser.add_argument("--threads", type=int, default=4, help="THREADS (default 4)")
    parser.add_argument(
        "--drain", type=float, default=120, help="seconds to wait for the last replies"
    )
    parser.add_argument(
        "--settle", type=float, default=2, help="seconds to wait for late duplicates"
    )
    parser.add_argument(
        "--concurrency", type=int, default=256, help="event POSTs in flight at most"
    )
    parser.add_argument(
        "--channels", type=int, default=100, help="channels the events are spread over"
    )
    parser.add_argument(
        "--channel-limit",
        type=float,
        default=1.0,
        help="the stand-in refuses (429) a post sooner than this after the last one in its "
        "channel, as Slack does (0: no limit; default 1 s)",
    )
    parser.add_argument(
        "--api-outage", type=float, default=0, help="seconds the Web API fails (500, refused, 429)"
    )
    parser.add_argument("--api-outage-at", type=float, default=10, help="when it starts")
    parser.add_argument(
        "--burst", type=int, default=0, help="this many mentions in one channel at once"
    )
    parser.add_argument("--burst-at", type=float, default=5, help="when the burst comes")
    parser.add_argument(
        "--sigterm-at", type=float, help="SIGTERM instance 1 at this second (--instances 2)"
    )
    run(parser.parse_args())


if __name__ == "__main__":
    main()
