"""Benchmark: a burst of public reports over HTTP. Every report is stored once or clearly refused
by the rate limit; none is lost, none is stored twice. Prints throughput and latency.

The server is gunicorn with WORKERS processes on the embedded SQLite database, counting the rate
limit in Redis (a shared cache, as `check --deploy` demands for more than one process), behind a
trusted "proxy" so that clients can stand for many addresses. The client process sends the burst
from concurrent connections, as browsers would: one GET for the form, then POSTs.

Usage: .venv/bin/python bench/public_reports_burst.py [REPORTS] [CONNECTIONS] [WORKERS]
       (default 10000 reports from 16 connections to 2 workers)
"""

from __future__ import annotations

import asyncio
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from urllib.parse import urlencode

REPORTS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
CONNECTIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 16
WORKERS = int(sys.argv[3]) if len(sys.argv) > 3 else 2
CACHE_URL = "redis://127.0.0.1:6379/15"
PER_ADDRESS = 5  # under the limit of 10 an hour
ABUSER_SHARE = 0.02  # one address sends 2% of the burst and meets the rate limit
RETRIES = 100  # reports sent twice with the same client token (a reload)
PROXY = "127.0.0.1"


def prepare() -> None:
    """Migrate the fresh database, load the demo agencies and empty the rate-limit cache."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("demo", children=0, stdout=quiet)
    cache.clear()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Browser:
    """The cookie and CSRF token a browser gets with the form, and the POSTs it sends.

    The client is one asyncio loop with raw HTTP/1.1, so that it costs the machine little of
    what the server needs.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/report/")
        response = conn.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie", "")
        self.cookie = cookie.split(";", 1)[0]
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if match is None:
            raise SystemExit("no CSRF token on the form")
        self.csrf = match.group(1)
        conn.close()

    def request(self, address: str, token: str, index: int) -> bytes:
        fields = {
            "csrfmiddlewaretoken": self.csrf,
            "client_token": token,
            "what_happened": f"Benchmark report {index}: a child begging at night.",
            "location": "Central station",
            "child_age_estimate": str(8 + index % 10),
            "child_sex": "FMU"[index % 3],
            "accompanied": "unknown",
        }
        # As a browser sends them: ticked boxes only.
        if index % 10 == 0:
            fields["immediate_danger"] = "on"
        if index % 3 == 0:
            fields["exploitation_types"] = "ForcedBegging"
        body = urlencode(fields).encode()
        head = (
            f"POST /report/ HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nCookie: {self.cookie}\r\n"
            f"X-Forwarded-For: {address}\r\n"
            f"Referer: http://127.0.0.1:{self.port}/report/\r\nConnection: close\r\n\r\n"
        )
        return head.encode() + body

    async def post(self, address: str, token: str, index: int) -> tuple[int, str, float]:
        payload = self.request(address, token, index)
        start = time.perf_counter()
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write(payload)
        await writer.drain()
        answer = await reader.read()
        writer.close()
        elapsed = time.perf_counter() - start
        status = int(answer[9:12])
        found = re.search(rb'id="reference">(R-\d{4}-\d+)<', answer)
        return status, found.group(1).decode() if found else "", elapsed


def main() -> None:
    var = tempfile.mkdtemp(prefix="kinhaven-bench-")
    env = {
        **os.environ,
        "KINHAVEN_VAR_DIR": var,
        "DJANGO_SETTINGS_MODULE": "kinhaven.config.settings",
        "KINHAVEN_TRUSTED_PROXIES": PROXY,
        "KINHAVEN_PUBLIC_REPORT_RATE": "10/h",
        # Notifications are e-mailed by the console backend by default; keep the terminal quiet.
        "KINHAVEN_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "KINHAVEN_CACHE_URL": CACHE_URL,
        # Each server process keeps its database connection, as a production server would.
        "KINHAVEN_DB_CONN_MAX_AGE": "600",
    }
    env.pop("DATABASE_URL", None)
    os.environ.update(env)
    prepare()
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603  # gunicorn from this virtualenv, fixed arguments
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "kinhaven.config.wsgi:application",
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{port}",
            "--backlog=1024",
            "--log-level=warning",
        ],
        env=env,
    )
    try:
        _wait_for(port)
        run(port, var)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(port: int) -> None:
    for _attempt in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def run(port: int, var: str) -> None:
    abusive = int(REPORTS * ABUSER_SHARE)
    plan: list[tuple[str, str]] = []
    for index in range(REPORTS - abusive):
        n = index // PER_ADDRESS
        address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        plan.append((address, str(uuid.uuid4())))
    plan += [("192.0.2.66", str(uuid.uuid4())) for _ in range(abusive)]
    # Some reporters reload the thank-you page: the same token comes again.
    plan += plan[:RETRIES]
    order = list(range(len(plan)))
    # Interleave so the abusive address and retries arrive throughout the burst.
    order.sort(key=lambda i: (i * 7919) % len(plan))
    browser = Browser(port)
    gate = asyncio.Semaphore(CONNECTIONS)

    async def send(i: int) -> tuple[int, str, float, str]:
        address, token = plan[i]
        async with gate:
            status, reference, elapsed = await browser.post(address, token, i)
        return status, reference, elapsed, token

    async def burst() -> list[tuple[int, str, float, str]]:
        return await asyncio.gather(*(send(i) for i in order))

    started = time.perf_counter()
    client_cpu = time.process_time()
    results = asyncio.run(burst())
    wall = time.perf_counter() - started
    client_cpu = time.process_time() - client_cpu

    statuses: dict[int, int] = {}
    for status, *_rest in results:
        statuses[status] = statuses.get(status, 0) + 1
    latencies = sorted(r[2] for r in results)
    by_token: dict[str, set[str]] = {}
    for status, reference, _elapsed, token in results:
        if status == 200:
            by_token.setdefault(token, set()).add(reference)
    stored_references = {ref for refs in by_token.values() for ref in refs}

    import sqlite3

    db = sqlite3.connect(os.path.join(var, "kinhaven.sqlite3"))
    rows, distinct_tokens = db.execute(
        "SELECT COUNT(*), COUNT(DISTINCT client_token) FROM intake_report"
        " WHERE client_token IS NOT NULL"
    ).fetchone()
    # The reference is the year received and the row's number.
    db_references = {
        f"R-{received[:4]}-{pk:06d}"
        for pk, received in db.execute(
            "SELECT id, received_at FROM intake_report WHERE client_token IS NOT NULL"
        )
    }
    db.close()

    sent = len(results)
    unique_reports = len({token for _address, token in plan})
    print(
        f"sent {sent} POSTs ({unique_reports} distinct reports, {RETRIES} resent) "
        f"from {CONNECTIONS} connections"
    )
    print(f"answers: {dict(sorted(statuses.items()))}")
    print(f"throughput {sent / wall:.0f} reports/s over {wall:.1f} s")
    print(f"client CPU {client_cpu / sent * 1000:.2f} ms per report (the rest is the server's)")
    print(
        f"latency median {statistics.median(latencies) * 1000:.1f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms"
    )
    refused = statuses.get(429, 0)
    other = sent - statuses.get(200, 0) - refused
    print(f"stored {rows} rows; refused by the rate limit {refused}; other answers {other}")
    lost = stored_references - db_references
    duplicated = rows - distinct_tokens
    one_reference_per_token = all(len(refs) == 1 for refs in by_token.values())
    print(
        f"lost {len(lost)}, stored twice {duplicated}, "
        f"every resend answered with its first reference: {one_reference_per_token}"
    )
    ok = (
        not lost
        and duplicated == 0
        and other == 0
        and one_reference_per_token
        and rows == len(by_token)
        and sent / wall >= 200
    )
    print(
        "target (>= 200 reports/s, none lost, none duplicated, rest refused 429):",
        "met" if ok else "NOT met",
    )


if __name__ == "__main__":
    main()
