"""The SQLite writer queue: a second writer waits for the first, then goes on without error."""

import threading
import time

from django.db import connections

from kinhaven.core.db.sqlite.base import DatabaseWrapper


def _wrapper(path) -> DatabaseWrapper:
    settings = {**connections["default"].settings_dict, "NAME": str(path), "TEST": {}}
    settings["ENGINE"] = "kinhaven.core.db.sqlite"
    # The embedded database's own options, whatever database the suite runs on.
    settings["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;PRAGMA busy_timeout=100;",
    }
    return DatabaseWrapper(settings, alias=f"writers-{id(path)}")


def test_writers_queue_instead_of_failing(tmp_path, django_db_blocker) -> None:
    with django_db_blocker.unblock():
        _two_writers(tmp_path / "queue.sqlite3")


def _two_writers(path) -> None:
    first = _wrapper(path)
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n INTEGER)")
    order: list[str] = []
    first.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")

    def later_writer() -> None:
        second = _wrapper(path)
        second.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
        order.append("second began")
        with second.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (2)")
        second.commit()
        second.set_autocommit(True)
        second.close()

    thread = threading.Thread(target=later_writer)
    thread.start()
    # Longer than SQLite's own busy timeout (100 ms): without the queue the second would fail.
    time.sleep(0.5)
    order.append("first committed")
    first.commit()
    first.set_autocommit(True)
    thread.join(timeout=10)
    with first.cursor() as cursor:
        cursor.execute("SELECT n FROM t ORDER BY n")
        assert [row[0] for row in cursor.fetchall()] == [1, 2]
    first.close()
    assert order == ["first committed", "second began"]
