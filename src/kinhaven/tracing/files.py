"""Reading and writing the CSV files of the batch commands, with clear errors."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import operator
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinhaven.tracing.engine.normalize import (
    COLUMNS,
    CONTROL,
    Norm,
    Record,
    normalize,
    normalize_lenient,
    reading_day,
)

MAX_FIELD = 100_000
LISTED = 10  # values treated as unknown listed one by one, per file; the rest are counted


class Unknowns:
    """The values of a file that could not be read (an impossible date, a sex that is not F, M
    or X, an age that is not a number), each treated as unknown: where they were (line and
    column), never what they were (a value may be part of a child's name or date of birth)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.places: list[tuple[int, str]] = []
        self.records = 0  # how many records the file holds, where it was read through

    def add(self, line: int, column: str) -> None:
        self.places.append((line, column))

    def __len__(self) -> int:
        return len(self.places)

    def lines(self) -> list[str]:
        """The first LISTED, one a line, then how many more there are."""
        out = [
            _("%(file)s, line %(line)d, column %(column)s: not a valid value, treated as unknown.")
            % {"file": self.path, "line": line, "column": column}
            for line, column in self.places[:LISTED]
        ]
        more = len(self.places) - LISTED
        if more > 0:
            out.append(
                ngettext(
                    "%(file)s: %(count)s more value treated as unknown.",
                    "%(file)s: %(count)s more values treated as unknown.",
                    more,
                )
                % {"file": self.path, "count": f"{more:,}"}
            )
        return out

    def summary(self) -> str:
        """How many values were treated as unknown, by column; empty if none."""
        if not self.places:
            return ""
        columns = Counter(column for _line, column in self.places)
        return ngettext(
            "%(file)s: %(count)s value treated as unknown (%(columns)s).",
            "%(file)s: %(count)s values treated as unknown (%(columns)s).",
            len(self.places),
        ) % {
            "file": self.path,
            "count": f"{len(self.places):,}",
            "columns": ", ".join(f"{column} {n:,}" for column, n in sorted(columns.items())),
        }


def read_records(path: str, *, unknowns: Unknowns | None = None) -> list[Norm]:
    """Read a UTF-8 CSV with a header and an `id` column; check and normalise every row
    (`records`)."""
    return list(records(path, unknowns=unknowns))


def records(
    path: str, *, unknowns: Unknowns | None = None, one_line: bool = False
) -> Iterator[Norm]:
    """Read a UTF-8 CSV with a header and an `id` column; check and normalise every row.

    A value that cannot be read is treated as unknown and noted in `unknowns`; without
    `unknowns` (strict), the file is refused at the first. A file whose rows cannot be told
    apart (no header, an id empty, twice or with a control character, more values than
    columns, not UTF-8) is refused either way; so is, where `one_line`, a record whose values
    span lines. Errors name the file, the line and the column, never the value (it may be a
    child's name). Dates are checked against the day the file is read (normalize's `today`).
    """
    today = reading_day()
    file = Path(path)
    if file.is_dir():
        raise CommandError(_("%(file)s: a folder, not a file.") % {"file": path})
    if not file.is_file():
        raise CommandError(_("%(file)s: no such file.") % {"file": path})
    csv.field_size_limit(MAX_FIELD)
    before = 0  # the lines read before the current record
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            # Strict: a quote left open would otherwise take the rest of the file as one value.
            reader = csv.reader(handle, strict=True)
            header = [name.strip() for name in next(reader, [])]
            if "id" not in header:
                raise CommandError(
                    _("%(file)s: the first line must be a header with an id column.")
                    % {"file": path}
                )
            # The recognised columns and where they are (a column named twice: the last).
            wanted = {name: k for k, name in enumerate(header) if name in COLUMNS}
            names, take = list(wanted), _picker(list(wanted.values()))
            seen: set[str] = set()
            before = reader.line_num  # the lines read so far
            for values in reader:
                line = reader.line_num
                spans, before = line - before > 1, line
                if not values:
                    continue  # a blank line
                if one_line and spans:
                    raise CommandError(
                        _("%(file)s, line %(line)d: a value spans lines, which --engine spark "
                          "cannot read.") % {"file": path, "line": line}
                    )  # fmt: skip
                if len(values) > len(header):
                    raise CommandError(
                        _("%(file)s, line %(line)d: more values than columns.")
                        % {"file": path, "line": line}
                    )
                if len(values) < len(header):
                    values += [""] * (len(header) - len(values))  # missing values are blank
                row = dict(zip(names, map(str.strip, take(values)), strict=True))
                rid = row.get("id", "")
                if not rid:
                    raise CommandError(
                        _("%(file)s, line %(line)d: the id is empty.")
                        % {"file": path, "line": line}
                    )
                if CONTROL.search(rid):
                    raise CommandError(
                        _("%(file)s, line %(line)d: the id holds a control character.")
                        % {"file": path, "line": line}
                    )
                if rid in seen:
                    raise CommandError(
                        _("%(file)s, line %(line)d: the id appears twice.")
                        % {"file": path, "line": line}
                    )
                seen.add(rid)
                try:
                    norm = _normalize(row, line, unknowns, today)
                except ValueError as exc:
                    raise CommandError(
                        _("%(file)s, line %(line)d, column %(column)s: not a valid value.")
                        % {"file": path, "line": line, "column": exc.args[0]}
                    ) from None
                yield norm
    except UnicodeDecodeError:
        raise CommandError(_("%(file)s: not UTF-8 text.") % {"file": path}) from None
    except csv.Error as exc:
        raise CommandError(
            _("%(file)s, line %(line)d: not readable as CSV (%(reason)s).")
            % {"file": path, "line": before + 1, "reason": exc}
        ) from None


ENGINE_HELP = (
    "default: this machine; spark: Apache Spark (pip install 'kinhaven[spark]'; Java 17 or "
    "later), at --spark-master."
)
MASTER_HELP = "A Spark master URL (local[*]: every core of this machine)."
# The forms of master URL Spark takes (its documentation, "Master URLs").
SPARK_MASTER = re.compile(
    r"local(\[(\*|[1-9][0-9]*)(,[1-9][0-9]*)?\])?|local-cluster\[[^\]]+\]"
    r"|(spark|mesos|k8s)://\S+|yarn"
)


@contextlib.contextmanager
def spark_for_command(master: str) -> Iterator[Any]:
    """A Spark session for a batch command, stopped at the end if the command started it; or
    CommandError saying what is missing."""
    if not SPARK_MASTER.fullmatch(master.strip()):
        raise CommandError(
            _("--spark-master: not a Spark master URL (local[*], local[4], spark://HOST:PORT, "
              "yarn, k8s://HOST:PORT).")
        )  # fmt: skip
    try:
        from pyspark.sql import SparkSession

        from kinhaven.tracing.engine.spark import spark_session
    except ImportError:
        raise CommandError(
            _("--engine spark needs PySpark: pip install 'kinhaven[spark]'.")
        ) from None
    running = SparkSession.getActiveSession()
    try:
        session = running or spark_session(master.strip())
    except Exception as exc:  # Spark's own errors: a JVM that did not start, a bad master URL
        raise CommandError(
            _("Spark could not start (%(reason)s); it needs Java 17 or later.")
            % {"reason": type(exc).__name__}
        ) from None
    try:
        yield session
    finally:
        if running is None:
            session.stop()


STRICT_HELP = (
    "Refuse a file with a value that cannot be read (an impossible date, say), instead of "
    "treating the value as unknown."
)


def read_for_command(
    path: str, *, strict: bool, errors: Callable[[str], object]
) -> tuple[list[Norm], Unknowns]:
    """A file's records for a batch command: its values that cannot be read treated as unknown
    and listed to `errors` (or, if `strict`, the file refused at the first)."""
    unknowns = Unknowns(path)
    rows = read_records(path, unknowns=None if strict else unknowns)
    for line in unknowns.lines():
        errors(line)
    return rows, unknowns


def check_for_command(path: str, *, strict: bool, errors: Callable[[str], object]) -> Unknowns:
    """Read a file through as a batch command would (read_for_command), keeping none of its
    records: for an engine that reads the file itself, one line a record (a value that spans
    lines is refused)."""
    unknowns = Unknowns(path)
    for _norm in records(path, unknowns=None if strict else unknowns, one_line=True):
        unknowns.records += 1
    for line in unknowns.lines():
        errors(line)
    return unknowns


def _normalize(row: Record, line: int, unknowns: Unknowns | None, today: dt.date) -> Norm:
    """The row normalised; each value that cannot be read blanked and noted in `unknowns`, or,
    without them, ValueError naming its column."""
    if unknowns is None:
        return normalize(row, today=today)
    norm, blanked = normalize_lenient(row, today=today)
    for column in blanked:
        unknowns.add(line, column)
    return norm


def _picker(positions: list[int]) -> Callable[[list[str]], Sequence[str]]:
    """The values at `positions` of a row, as a tuple (itemgetter gives one value alone)."""
    if len(positions) == 1:
        return lambda values: (values[positions[0]],)
    return operator.itemgetter(*positions)


def output_for_command(out: str, inputs: Sequence[str]) -> None:
    """Refuse, before any work, an output file that cannot be written or would overwrite an
    input."""
    path = Path(out)
    if path.is_dir():
        raise CommandError(_("--out: a folder, not a file."))
    folder = path.parent
    if not folder.is_dir():
        raise CommandError(_("--out: the folder does not exist."))
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CommandError(_("--out: the file cannot be written here."))
    if any(path.resolve() == Path(name).resolve() for name in inputs):
        raise CommandError(_("--out: this is an input file; name another."))


def write_rows(path: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    try:
        with Path(path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    except OSError as exc:
        raise CommandError(
            _("%(file)s: cannot write (%(reason)s).") % {"file": path, "reason": exc.strerror}
        ) from None


class Progress:
    """Progress on standard error: a line at every tenth of the work."""

    def __init__(self, what: str, total: int) -> None:
        self.what, self.total, self.done, self.next = what, total, 0, max(total // 10, 1)

    def __call__(self, n: int, total: int | None = None) -> None:
        if total is not None and total != self.total:
            self.total, self.next = total, max(total // 10, 1)
        self.done += n
        if self.done >= self.next or self.done == self.total:
            share = self.done / max(self.total, 1)
            print(
                _("%(what)s: %(done)s of %(total)s (%(share)s)")
                % {
                    "what": self.what,
                    "done": f"{self.done:,}",
                    "total": f"{self.total:,}",
                    "share": f"{share:.0%}",
                },
                file=sys.stderr,
            )
            while self.next <= self.done:
                self.next += max(self.total // 10, 1)
