"""Benchmark: a 2 GB interview recording uploaded, sealed and read back. Prints its figures.

Usage: .venv/bin/python bench/recordings.py [GIB]   (default 2)
Builds a fresh SQLite database in a temporary folder and sends the file, generated on the fly
(never kept whole), through the same service as the API's PATCH: 64 MiB requests, one of them
cut short by a dropped connection, then resumed from the offset the recording reports. The last
request seals the recording (SHA-256 through the decrypted segments). Then reads it back by
range requests (sequential 8 MiB ranges, and random 64 KiB ones), as a player would.
"""

from __future__ import annotations

import functools
import hashlib
import os
import random
import resource
import shutil
import sys
import tempfile
import time

GIB = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
SIZE = int(GIB * 1024**3)
REQUEST = 64 * 1024 * 1024
MIB = 1024 * 1024
BLOCK = random.Random(1).randbytes(MIB)  # noqa: S311  # benchmark data, not a secret


@functools.lru_cache(maxsize=4)
def block(index: int) -> bytes:
    """MiB `index` of the generated file: the same random block with its index in front, and an
    MP4 header at byte 0."""
    data = index.to_bytes(8, "big") + BLOCK[8:]
    return b"\x00\x00\x00\x20ftypisom" + data[12:] if index == 0 else data


def plaintext(start: int, length: int) -> bytes:
    """Bytes [start, start + length) of the generated file."""
    out = bytearray()
    position = start
    while position < start + length:
        index, within = divmod(position, MIB)
        take = min(MIB - within, start + length - position)
        out += block(index)[within : within + take]
        position += take
    return bytes(out)


class Body:
    """A request body generated as it is read; `drop_after` bytes in, the connection drops."""

    def __init__(self, start: int, length: int, drop_after: int | None = None) -> None:
        self.position, self.end, self.drop = start, start + length, drop_after
        self.sent = 0

    def read(self, size: int = -1) -> bytes:
        if self.drop is not None and self.sent >= self.drop:
            raise OSError("connection reset by peer")
        size = min(size, self.end - self.position)
        data = plaintext(self.position, size)
        self.position += len(data)
        self.sent += len(data)
        return data


def rss_mib() -> float:
    """The process's peak resident memory since start, or since peak_reset (Linux: VmHWM)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_reset() -> None:
    """Start the peak anew, so that set-up (migrations) does not hide the upload's own peak."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="kinhaven-bench-")
    os.environ["KINHAVEN_VAR_DIR"] = workdir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinhaven.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from kinhaven.cases.services import case_open
    from kinhaven.children.schemas import ChildIn
    from kinhaven.children.services import child_register
    from kinhaven.conftest import World
    from kinhaven.core import time as ktime
    from kinhaven.interviews.recordings import recording_create, recording_receive, segment_store
    from kinhaven.interviews.schemas import InterviewPlanIn, RecordingCreateIn
    from kinhaven.interviews.services import interview_plan

    call_command("migrate", verbosity=0)
    world = World()
    worker = world.caseworker
    child = child_register(actor=worker, data=ChildIn(given_name="Bench"))
    case_open(actor=worker, child=child)
    interview = interview_plan(
        actor=worker,
        child=child,
        data=InterviewPlanIn(
            matter="Bench",
            purpose="Bench",
            planned_at=ktime.now(),
            room="Bench",
            interviewer_name="Bench",
            interviewer_role="police",
            interviewer_training="Bench",
            interviewer_trained_on="2025-01-01",
        ),
    )
    recording = recording_create(
        actor=worker,
        interview=interview,
        data=RecordingCreateIn(size=SIZE, media_type="video/mp4"),
    )
    expected = hashlib.sha256()
    for start in range(0, SIZE, MIB):
        expected.update(plaintext(start, min(MIB, SIZE - start)))
    peak_reset()
    baseline = rss_mib()
    print(f"file: {SIZE:,} bytes, generated on the fly; baseline RSS {baseline:.0f} MiB")

    started = time.perf_counter()
    requests, dropped = 0, False
    sealed_at = 0.0
    while recording.received < SIZE:
        offset = recording.received
        length = min(REQUEST, SIZE - offset)
        # One request, a third of the way in, loses its connection 40 MiB + 5 bytes into it.
        drop = 40 * MIB + 5 if not dropped and offset >= SIZE // 3 else None
        dropped = dropped or drop is not None
        last = offset + length == SIZE
        before = time.perf_counter()
        recording = recording_receive(
            actor=worker,
            recording=recording,
            offset=offset,
            length=length,
            body=Body(offset, length, drop),
        )
        if last:
            sealed_at = time.perf_counter() - before
        requests += 1
        if drop is not None:
            print(
                f"dropped at byte {offset + drop:,}; "
                f"the recording resumes at {recording.received:,}"
            )
    upload = time.perf_counter() - started
    if recording.status != "complete" or recording.sha256 != expected.hexdigest():
        raise SystemExit("the recording is not complete, or its sealed hash differs")
    peak_upload = rss_mib()
    peak_reset()

    store = segment_store(recording)
    started = time.perf_counter()
    recomputed = store.sha256()
    hashing = time.perf_counter() - started
    if recomputed != recording.sha256:
        raise SystemExit("the hash recomputed differs")

    started = time.perf_counter()
    for start in range(0, SIZE, 8 * MIB):
        end = min(start + 8 * MIB, SIZE) - 1
        for _piece in store.plaintext(start, end):
            pass
    sequential = time.perf_counter() - started
    rng = random.Random(2)  # noqa: S311  # benchmark ranges
    latencies = []
    for _ in range(200):
        start = rng.randrange(0, SIZE - 65536)
        before = time.perf_counter()
        got = b"".join(store.plaintext(start, start + 65535))
        latencies.append(time.perf_counter() - before)
        if got != plaintext(start, 65536):
            raise SystemExit("a range read back differs")
    latencies.sort()
    on_disk = sum(
        os.path.getsize(os.path.join(root, name))
        for root, _dirs, files in os.walk(os.path.join(workdir, "private"))
        for name in files
    )
    print(
        f"upload: {requests} requests in {upload:.1f} s = {SIZE / MIB / upload:.0f} MiB/s "
        f"(encryption, storage and the final seal included; last request {sealed_at:.1f} s)"
    )
    print(
        f"hash (SHA-256 through the decrypted segments): {hashing:.1f} s = "
        f"{SIZE / MIB / hashing:.0f} MiB/s"
    )
    print(f"read back, 8 MiB ranges: {sequential:.1f} s = {SIZE / MIB / sequential:.0f} MiB/s")
    print(
        f"random 64 KiB ranges: median {1000 * latencies[100]:.1f} ms, "
        f"p95 {1000 * latencies[190]:.1f} ms"
    )
    print(f"stored: {on_disk:,} bytes ({on_disk - SIZE:,} of GCM tags)")
    print(
        f"peak RSS: upload {peak_upload:.0f} MiB, hash and read-back {rss_mib():.0f} MiB "
        f"(before the upload {baseline:.0f} MiB)"
    )
    shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
