import os
import shutil
import tempfile

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure():
    from django.conf import settings

    # Fast hashing: the suite creates many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Publication snapshots go to a throwaway media directory, one per test
    # session, set before any class-level test data is frozen.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="jsgk-test-media-")


def pytest_unconfigure():
    from django.conf import settings

    if "jsgk-test-media-" in str(settings.MEDIA_ROOT):
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _public_cache():
    """Each test starts with an empty cache and re-reads the public generation."""
    from django.core.cache import cache

    from disclosure import public_cache

    cache.clear()
    public_cache.forget()
