"""A logging filter that lets one of each repeated error through per interval (issue #15, faults).

In an outage every request fails the same way: a traceback for each of them filled 43-56 MB of
log in 20 s. Records at WARNING and above that repeat one already logged in the last
`interval` seconds are dropped; the next one let through after the interval says how many
were dropped. "The same" is the same logger, level and message template and, with an
exception, the same exception type raised at the same line (so an outage on every page is one
error, whatever the path); without an exception, the same message text.
"""

import logging
import threading
import time
import traceback

MAX_KINDS = 1000


class RepeatedErrorsFilter(logging.Filter):
    def __init__(self, interval: float = 60.0):
        super().__init__()
        self.interval = float(interval)
        self._lock = threading.Lock()
        self._seen: dict[tuple, list] = {}  # kind -> [first let through at, dropped since]

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        kind = self._kind(record)
        now = time.monotonic()
        with self._lock:
            seen = self._seen.get(kind)
            if seen is not None and now - seen[0] < self.interval:
                seen[1] += 1
                return False
            dropped = seen[1] if seen is not None else 0
            if len(self._seen) >= MAX_KINDS:
                self._seen.clear()
            self._seen[kind] = [now, 0]
        if dropped:
            record.msg = f"{record.msg} [and {dropped} more like it in the last {self.interval:.0f} s]"
        return True

    @staticmethod
    def _kind(record: logging.LogRecord) -> tuple:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            frames = traceback.extract_tb(exc.__traceback__)
            where = (frames[-1].filename, frames[-1].lineno) if frames else None
            return (record.name, record.levelno, str(record.msg), type(exc).__qualname__, where)
        return (record.name, record.levelno, record.getMessage())
