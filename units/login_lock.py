"""What django-axes counts failed logins by (settings: AXES_USERNAME_CALLABLE,
AXES_CLIENT_IP_CALLABLE).

The lock must be keyed on the name authentication actually looks up, or a locked
name could be reached by a variant spelling. The login form strips the field and
NFKC-normalises it (`UsernameField`), as `AbstractBaseUser.normalize_username`
does on save, so "ｖｉｃｔｉｍ" and "victim " authenticate as "victim"; they are
counted as "victim" here too.
"""

import unicodedata

from django.conf import settings


def normalize_username(raw) -> str:
    return unicodedata.normalize("NFKC", str(raw or "").strip())


def username_from_request(request, credentials=None) -> str:
    """The username of a login attempt, as the authentication backend sees it."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        raw = credentials[field]
    elif request is not None and request.method == "POST":
        raw = request.POST.get(field, "")
    else:
        raw = ""
    return normalize_username(raw)


def client_ip(request) -> str | None:
    """The client address recorded with each attempt.

    Behind the reverse proxy (BEHIND_PROXY) every request comes from the proxy;
    the client is the address the proxy appended last to X-Forwarded-For. Entries
    before it come from the client and can be forged, so they are ignored.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")
