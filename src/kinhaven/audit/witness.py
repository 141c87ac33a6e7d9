"""The witness: every signed checkpoint, also appended to a file outside the database.

Someone with the database's rights can remove entries and checkpoints together and leave a
shorter log that verifies on its own. The witness file (`KINHAVEN_AUDIT_WITNESS_FILE`, made
append-only by the operator, or shipped to the auditor) keeps what was signed: verification holds
the database to it. Lines are only ever appended, one JSON object per checkpoint.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from kinhaven.audit import chain

_FIELDS = {f.name for f in dataclasses.fields(chain.Checkpoint)}


def witness_path() -> Path:
    return Path(settings.KINHAVEN_AUDIT_WITNESS_FILE)


def checkpoint_line(checkpoint: chain.Checkpoint) -> bytes:
    """Return the witness line of a checkpoint."""
    data = dataclasses.asdict(checkpoint)
    return (json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n").encode()


@contextmanager
def witness_locked() -> Iterator[int]:
    """Open the witness for appending, locked against other writers on this host.

    Checkpoints are signed and witnessed under this lock, so their lines come in increasing
    tree size. The file is opened with O_APPEND: nothing here can rewrite what it holds.
    """
    path = witness_path()
    created = not path.exists()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"KINHAVEN_AUDIT_WITNESS_FILE ({path}) cannot be opened to append: {exc.strerror}"
        ) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        if created:
            _sync_directory(path.parent)
        yield fd
    finally:
        os.close(fd)  # also releases the lock


def witness_append(fd: int, checkpoint: chain.Checkpoint) -> None:
    """Append one checkpoint and wait until it is on disk."""
    data = checkpoint_line(checkpoint)
    while data:
        data = data[os.write(fd, data) :]
    os.fsync(fd)


def _sync_directory(directory: Path) -> None:
    # A new file's name is durable only once its directory is.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class WitnessRead:
    """The checkpoints the witness files hold, merged by tree size, and what was wrong with them."""

    checkpoints: list[chain.Checkpoint] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def witness_read(copies: Sequence[Path] = ()) -> WitnessRead:
    """Read the witness file and any further copies (the auditor's), merged.

    A missing witness file reads as empty (a log that never had a checkpoint); a copy that was
    named but is missing, an unreadable line, a tree size that does not increase within a file,
    or two files that disagree about one checkpoint are problems.
    """
    read = WitnessRead()
    merged: dict[int, chain.Checkpoint] = {}
    for path, required in [(witness_path(), False), *((Path(c), True) for c in copies)]:
        try:
            data = _read_locked(path)
        except FileNotFoundError:
            if required:
                read.problems.append(f"witness {path}: not found")
            continue
        except OSError as exc:
            read.problems.append(f"witness {path}: cannot be read ({exc.strerror or exc})")
            continue
        last = 0
        for number, line in enumerate(data.splitlines(), 1):
            if not line.strip():
                continue
            try:
                checkpoint = _parse(line)
            except (ValueError, TypeError):
                read.problems.append(f"witness {path} line {number}: unreadable")
                continue
            if checkpoint.tree_size <= last:
                read.problems.append(
                    f"witness {path} line {number}: tree size {checkpoint.tree_size} "
                    "does not increase"
                )
            last = max(last, checkpoint.tree_size)
            known = merged.setdefault(checkpoint.tree_size, checkpoint)
            if known != checkpoint:
                read.problems.append(
                    f"witness {path} line {number}: checkpoint {checkpoint.tree_size} "
                    "differs from another witness line"
                )
    read.checkpoints = [merged[size] for size in sorted(merged)]
    return read


def _read_locked(path: Path) -> bytes:
    # A shared lock: a line being appended under the exclusive lock is read whole or not at all.
    with path.open("rb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
        return handle.read()


def _parse(line: bytes) -> chain.Checkpoint:
    data = json.loads(line)
    if not isinstance(data, dict) or set(data) != _FIELDS:
        raise ValueError("not a witness line")
    size = data["tree_size"]
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise ValueError("bad tree size")
    texts = {name: data[name] for name in _FIELDS - {"tree_size"}}
    if not all(isinstance(value, str) for value in texts.values()):
        raise ValueError("bad field")
    return chain.Checkpoint(
        size, texts["root_hash"], texts["signed_at"], texts["key_id"], texts["signature"]
    )
