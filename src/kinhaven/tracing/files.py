"""Reading and writing the CSV files of the batch commands, with clear errors."""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from kinhaven.tracing.engine.normalize import Norm, normalize

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
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "id" not in [f.strip() for f in reader.fieldnames]:
                raise CommandError(
                    _("%(file)s: the first line must be a header with an id column.")
                    % {"file": path}
                )
            rows: list[Norm] = []
            seen: set[str] = set()
            for line, raw in enumerate(reader, start=2):
                if None in raw:
                    raise CommandError(
                        _("%(file)s, line %(line)d: more values than columns.")
                        % {"file": path, "line": line}
                    )
                row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
                if not row.get("id"):
                    raise CommandError(
                        _("%(file)s, line %(line)d: the id is empty.")
                        % {"file": path, "line": line}
                    )
                if row["id"] in seen:
                    raise CommandError(
                        _("%(file)s, line %(line)d: the id appears twice.")
                        % {"file": path, "line": line}
                    )
                seen.add(row["id"])
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
