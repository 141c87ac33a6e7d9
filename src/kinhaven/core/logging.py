"""Logging filters that keep personal data out of log lines."""

from __future__ import annotations

import logging
import re

_QUERY = re.compile(r"\?[^\s\"]*")


class StripQueryStringFilter(logging.Filter):
    """Drop query strings (which may carry searched names) from request log lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _QUERY.sub("?…", record.msg)
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(_QUERY.sub("?…", a) if isinstance(a, str) else a for a in args)
        return True
