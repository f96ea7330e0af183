"""The local SQLite default takes concurrent writers: WAL, IMMEDIATE transactions, a busy timeout.

The test database of a SQLite run is in memory and shared by the test's threads
in a way a file is not, so the writers run in a child process against a
temporary database file, with the settings a local installation gets.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

WRITERS = 6

# Each writer reads, then writes, in one transaction: the pattern of every
# transition service (select_for_update, then save). In a deferred SQLite
# transaction the second writer to upgrade its read lock fails at once with
# "database is locked", whatever the timeout; IMMEDIATE makes it wait instead.
CHILD = """
import json, sys, threading, time
import django
django.setup()
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction

with connection.schema_editor() as editor:
    editor.create_model(ContentType)
mode = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
connection.close()

writers = int(sys.argv[1])
barrier = threading.Barrier(writers)
done, errors = [], []

def write(i):
    try:
        barrier.wait()
        with transaction.atomic():
            seen = ContentType.objects.filter(app_label="load").count()
            time.sleep(0.2)
            ContentType.objects.create(app_label="load", model=f"writer{i}-{seen}")
        done.append(i)
    except Exception as error:
        errors.append(repr(error))
    finally:
        connections.close_all()

threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
rows = ContentType.objects.filter(app_label="load").count()
print(json.dumps({"mode": mode, "done": len(done), "errors": errors, "rows": rows}))
"""


def run_child(database_url: str, **env) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(WRITERS)],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise AssertionError(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


class SqliteConcurrentWritesTests(SimpleTestCase):
    def test_six_concurrent_read_then_write_transactions_all_succeed(self):
        with tempfile.TemporaryDirectory() as directory:
            url = f"sqlite:///{Path(directory) / 'db.sqlite3'}"

            outcome = run_child(url)

        self.assertEqual(outcome["errors"], [])
        self.assertEqual(outcome["done"], WRITERS)
        self.assertEqual(outcome["rows"], WRITERS)
        self.assertEqual(outcome["mode"], "wal")


class SqliteOptionsTests(SimpleTestCase):
    def options(self, database_url: str) -> dict:
        code = (
            "import json, django; django.setup(); from django.conf import settings; "
            "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=settings.BASE_DIR,
            env={**os.environ, "DATABASE_URL": database_url},
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout.strip().splitlines()[-1])

    def test_sqlite_gets_wal_immediate_transactions_and_a_busy_timeout(self):
        options = self.options("sqlite:////tmp/unused.sqlite3")
        self.assertIn("journal_mode=WAL", options["init_command"])
        self.assertEqual(options["transaction_mode"], "IMMEDIATE")
        self.assertEqual(options["timeout"], 20)

    def test_postgresql_gets_none_of_the_sqlite_options(self):
        options = self.options("postgres://jsgk:secret@db:5432/jsgk")
        self.assertNotIn("init_command", options)
        self.assertNotIn("transaction_mode", options)
