"""Reading and writing the CSV files of the batch commands, with clear errors."""

from __future__ import annotations

import csv
import operator
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from kinhaven.tracing.engine.normalize import COLUMNS, Norm, normalize

MAX_FIELD = 100_000


def read_records(path: str) -> list[Norm]:
    """Read a UTF-8 CSV with a header and an `id` column; check and normalise every row.

    Errors name the file, the line and the column, never the value (it may be a child's name).
    """
    file = Path(path)
    if not file.is_file():
        raise CommandError(_("%(file)s: no such file.") % {"file": path})
    csv.field_size_limit(MAX_FIELD)
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [name.strip() for name in next(reader, [])]
            if "id" not in header:
                raise CommandError(
                    _("%(file)s: the first line must be a header with an id column.")
                    % {"file": path}
                )
            # The recognised columns and where they are (a column named twice: the last).
            wanted = {name: k for k, name in enumerate(header) if name in COLUMNS}
            names, take = list(wanted), _picker(list(wanted.values()))
            rows: list[Norm] = []
            seen: set[str] = set()
            for values in reader:
                if not values:
                    continue  # a blank line
                line = reader.line_num
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
                if rid in seen:
                    raise CommandError(
                        _("%(file)s, line %(line)d: the id appears twice.")
                        % {"file": path, "line": line}
                    )
                seen.add(rid)
                try:
                    rows.append(normalize(row))
                except ValueError as exc:
                    raise CommandError(
                        _("%(file)s, line %(line)d, column %(column)s: not a valid value.")
                        % {"file": path, "line": line, "column": exc.args[0]}
                    ) from None
    except UnicodeDecodeError:
        raise CommandError(_("%(file)s: not UTF-8 text.") % {"file": path}) from None
    except csv.Error as exc:
        raise CommandError(
            _("%(file)s: not a readable CSV file (%(reason)s).") % {"file": path, "reason": exc}
        ) from None
    return rows


def _picker(positions: list[int]) -> Callable[[list[str]], Sequence[str]]:
    """The values at `positions` of a row, as a tuple (itemgetter gives one value alone)."""
    if len(positions) == 1:
        return lambda values: (values[positions[0]],)
    return operator.itemgetter(*positions)


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
