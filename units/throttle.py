"""Login throttling: after repeated failures, a username (from an address) is locked out for a while.

Rule: 5 failed logins for one username from one IP address within 15 minutes lock
that username from that address for 15 minutes; 20 failures from one address (any
usernames) lock the address. Counters live in the cache (shared in production).
A successful login clears the username's counter.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.dispatch import receiver

WINDOW_SECONDS = 15 * 60
MAX_PER_USERNAME = 5
MAX_PER_ADDRESS = 20


def _address(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "unknown") if request else "unknown"


def _keys(request, username: str) -> tuple[str, str]:
    address = _address(request)
    return f"login-fail:{address}:{(username or '').lower()}", f"login-fail:{address}"


def _bump(key: str) -> int:
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def is_locked(request, username: str) -> bool:
    user_key, address_key = _keys(request, username)
    return (
        cache.get(user_key, 0) >= MAX_PER_USERNAME
        or cache.get(address_key, 0) >= MAX_PER_ADDRESS
    )


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    user_key, address_key = _keys(request, credentials.get("username", ""))
    _bump(user_key)
    _bump(address_key)


@receiver(user_logged_in)
def clear_failures(sender, request, user, **kwargs):
    cache.delete(_keys(request, user.get_username())[0])


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin login form, refusing to even try while the username is locked out."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": "登录失败次数过多，请 15 分钟后再试。",
    }

    def clean(self):
        if is_locked(self.request, self.data.get("username", "")):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        return super().clean()
