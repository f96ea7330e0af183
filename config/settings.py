"""Settings for the 决算公开 platform, read from the environment.

Every variable is documented in `.env.example`. Without any environment the
project runs as in production (DEBUG off, so SECRET_KEY is required) on a SQLite
file under `var/`; `scripts/dev.sh` turns debug mode on for local development.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

# Off unless asked for: a forgotten variable must not expose tracebacks.
DEBUG = env.bool("DEBUG", default=False)
# The fallback key is only acceptable for local debug runs; production must set one.
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="django-insecure-local-development-key-only"
    if DEBUG
    else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# True when a reverse proxy terminates TLS, sets X-Forwarded-Proto and appends the
# client address to X-Forwarded-For.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "import_export",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "units",
    "disclosure",
    "performance",
    "jobs",
    # Demo and synthetic data generators (manage.py load_demo, generate_synthetic).
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what the middleware below and the views return, so it comes
    # before any middleware that reads or changes the body. Below whitenoise,
    # which serves its own precompressed static files.
    "config.middleware.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers on the local SQLite file: WAL lets readers go on during a
    # write, IMMEDIATE takes the write lock when a transaction starts (a deferred
    # transaction that later upgrades fails at once with "database is locked"),
    # and the timeout makes a writer wait for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )


def cache_from_url(url: str) -> dict:
    """A CACHES entry from CACHE_URL; redis:// is always Django's own RedisCache.

    django-environ maps redis:// (and rediss://, rediscache://) to
    django_redis.cache.RedisCache whenever that package is importable, so a
    dependency pulling it in would silently change the backend and the spelling
    of its options. The project uses Django's built-in backend (requirements:
    redis), in a subclass that treats an unreachable Redis as an empty cache
    (config/cache.py).
    """
    if url.partition("://")[0] not in ("redis", "rediss", "rediscache"):
        return environ.Env.cache_url_config(url)
    # Named as Django's own so that django-environ passes URL options in the
    # lower case that backend expects.
    config = environ.Env.cache_url_config(
        url, backend="django.core.cache.backends.redis.RedisCache"
    )
    # A Redis that does not answer must cost a request a second at most, not the
    # system's TCP timeout (the URL's own options take precedence).
    options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    options.update(config.get("OPTIONS", {}))
    return {**config, "BACKEND": "config.cache.TolerantRedisCache", "OPTIONS": options}


# Local default: a cache per process (locmem). Several processes share one with
# CACHE_URL=redis://host:6379/0.
CACHES = {"default": cache_from_url(env.str("CACHE_URL", default="locmemcache://"))}
# With a per-process cache (locmem), how long a process may serve public pages
# cached under an older public generation after a publication; a shared cache
# (Redis) sees a publication at once (disclosure/public_cache.py).
PUBLIC_GENERATION_SECONDS = env.float("PUBLIC_GENERATION_SECONDS", default=2.0)

# Background jobs (jobs/): freezing at publication, batch and scheduled
# publication, reminders. The queue is a table of the project's own database
# (django-tasks-db), worked by `manage.py db_worker`: a scheduled publication
# is data that must survive any restart, it commits or rolls back with the
# decision that made it, and the local run needs no other service.
# TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs each job
# inside the request instead (the test suite does), without scheduling.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": [],
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes checks every login before the other backends (it must come first).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: 5 failed logins for one username lock that username for 15
# minutes, from every address. The lock is per username only: failures under other
# names (a scan of random names from one address, which behind the reverse proxy
# may be the whole office) never lock anyone else out, and a locked name stays
# locked from any other address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address in the lock because a lock keyed on user agent or
# cookie can be dodged by changing them; a lock keyed on the username alone cannot
# (and adding the address would let guesses from many addresses, or forged
# X-Forwarded-For entries, go past the limit).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# The name is counted as authentication reads it: NFKC-normalised like
# AbstractBaseUser.normalize_username, and stripped like the login form's field,
# so "ｖｉｃｔｉｍ" and "victim " share the lock of "victim".
AXES_USERNAME_CALLABLE = "units.login_lock.username_from_request"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The address is only recorded (it locks nothing, see above).
AXES_CLIENT_IP_CALLABLE = "units.login_lock.client_ip"
# Attempts are kept in the database (also readable in the admin) and shared by
# every worker process.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Published reports (disclosure/snapshots.py), the years' open-data zips and
# pending Excel imports go to the default storage. The local file system under
# MEDIA_ROOT suits one machine; web and worker processes on several must share
# one S3-compatible bucket (AWS S3, MinIO, …), chosen by naming it. Without a
# bucket nothing of boto3 is loaded.
s3_bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if s3_bucket:
    media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": s3_bucket,
            # Empty for AWS itself; the server's URL for MinIO and the like.
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            # Empty: boto3 looks for credentials itself (instance role, ~/.aws).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # MinIO serves a bucket under the server's path (host/bucket/key), not
            # under a host name of its own as AWS prefers ("virtual").
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path"),
            # A key prefix, so that one bucket can hold several installations.
            "location": env.str("AWS_LOCATION", default=""),
            # A published file is never replaced: a name taken gets a suffix, as on
            # the file system, instead of overwriting what another report stored.
            "file_overwrite": False,
            # Objects stay private (no public-read ACL): the site serves them
            # itself, and any URL of an object the storage hands out is signed.
            "default_acl": None,
            "querystring_auth": True,
            # A file read is downloaded whole before it is served: past 10 MB
            # (a year's open-data zip) into a temporary file, not into memory.
            "max_memory_size": 10 * 1024 * 1024,
        },
    }
else:
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": media_storage,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

LOGIN_URL = "admin:login"

# Only bench/public_site.py sets this: it adds /bench/ping, the benchmarks' ceiling.
BENCH_PING = env.bool("BENCH_PING", default=False)

# A TrueType font with Chinese glyphs, embedded in every PDF export (reportlab
# cannot embed OpenType/CFF fonts; a .ttc collection contributes its first face).
# The default (also when the variable is empty) ships with the project
# (disclosure/fonts/README.md), so a machine without Chinese fonts renders PDFs.
PDF_FONT_PATH = env.str("PDF_FONT_PATH", default="") or str(
    BASE_DIR / "disclosure" / "fonts" / "NotoSansSC-Regular.ttf"
)

# The flat imports (django-import-export) keep the uploaded file between the
# preview and the confirmation in the default storage (the object store when
# one is configured), not in the web machine's /tmp: the confirmation may be
# served by another machine.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"

# Uploads (Excel imports) larger than this are refused before they are parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

# EMAIL_URL (e.g. smtp+tls://user:password@mail.example.org:587) configures the
# backend, host, port, credentials and TLS in one variable; the console by default.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")
# 催办: a draft whose publication deadline (批复 + 20 days) is this many days
# away or nearer gets a daily automatic reminder (manage.py send_reminders), and
# shows as due in its preparers' and reviewers' 待办事项.
REMINDER_DAYS_BEFORE_DEADLINE = env.int("REMINDER_DAYS_BEFORE_DEADLINE", default=5)
if not 0 <= REMINDER_DAYS_BEFORE_DEADLINE <= 20:
    raise ImproperlyConfigured(
        "REMINDER_DAYS_BEFORE_DEADLINE 应为 0 到 20 之间的整数。"
    )

# Production hardening: every flag `manage.py check --deploy` asks about.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# The health check is probed over plain HTTP inside the container network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: every script, style, font and image comes from this
# site (ECharts and its data included: the data travels in a json_script block,
# which is never executed). No inline script, no style attribute, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
