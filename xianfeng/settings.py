"""Settings for Xianfeng, read from the environment with safe defaults for the demo."""

import datetime as dt
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# The demo runs with DEBUG on and a fixed key; production sets SECRET_KEY and DEBUG=false.
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is false")
    SECRET_KEY = "xianfeng-demo-key-not-for-production"  # noqa: S105 - demo only; refused when DEBUG is false

ALLOWED_HOSTS = [h for h in env_str("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env_str("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_htmx",
    "common",
    "xianfeng",
    "organizations",
    "people",
    "membership",
    "accounts",
    "exchange",
    "leadership",
    "evaluation",
    "supervision",
    "pairing",
    "village_affairs",
    "learning",
    "service_platform",  # P2 service platform; not "services", which every app uses for its write module
    "practice",
    "branch_life",
    "member_records",  # the national system's member records (党员信息): posts, rewards, family, difficulties
    "member_page",  # the mobile member page: a member's own records, signing in to a meeting by its QR code
    "points",
    "notifications",  # reminders and daily digests of each user's to-dos (common.todos)
    "rules",
    "reports",
    "portal",
    "api",  # the REST API (/api/v1/): docs/api.md
    "scenarios",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "common.middleware.SessionMiddleware",  # htmx fragments neither rewrite nor extend the session
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.ScopeMiddleware",
    "common.pickers.PickerMiddleware",
    "evaluation.campaign_calendar.CampaignMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "xianfeng.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "xianfeng" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.scope",
                "evaluation.campaign_calendar.campaign_context",
            ],
        },
    },
]

WSGI_APPLICATION = "xianfeng.wsgi.application"

# -- Database ---------------------------------------------------------------------------------
# DATABASE_URL is the application's connection: SQLite at var/xianfeng.sqlite3 unless it says
# otherwise. On PostgreSQL the application should connect as a role that owns no table
# (docs/operations.md, "Database roles"): MIGRATION_DATABASE_URL, when set, is the schema
# owner's connection to the same database; migrate, flush, grant_app_role and
# restore_database switch to it (common.database.as_owner), nothing else does.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'xianfeng.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
# The credentials the owner's connection replaces (same database, same NAME).
DATABASE_CREDENTIAL_KEYS = ("USER", "PASSWORD", "HOST", "PORT")
DATABASE_APP_ROLE = DATABASES["default"].get("USER") or ""
DATABASE_OWNER: dict[str, Any] | None = None  # USER, PASSWORD, HOST (str), PORT (str or int)
if env_str("MIGRATION_DATABASE_URL"):
    _owner = dj_database_url.parse(env_str("MIGRATION_DATABASE_URL"))
    if (
        DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
        or _owner["ENGINE"] != DATABASES["default"]["ENGINE"]
    ):
        raise RuntimeError("MIGRATION_DATABASE_URL is for PostgreSQL, with DATABASE_URL on PostgreSQL too")
    if _owner["NAME"] != DATABASES["default"]["NAME"]:
        raise RuntimeError("MIGRATION_DATABASE_URL must name the database DATABASE_URL names")
    DATABASE_OWNER = {key: _owner.get(key, "") for key in DATABASE_CREDENTIAL_KEYS}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent users on SQLite (docs/operations.md, "SQLite under concurrent users"):
    # - IMMEDIATE: a transaction takes the write lock when it begins, so it waits its turn
    #   (busy timeout) instead of failing with "database is locked" when it first writes
    #   after reading; ATOMIC_REQUESTS stays off (every GET would queue for the lock) since
    #   every service already runs in its own transaction;
    # - WAL: readers never wait for the writer, nor the writer for readers (the import
    #   progress poller reads while an import writes); synchronous=NORMAL spares an fsync per
    #   commit and never corrupts the file in WAL: a power cut may lose the last commits only;
    # - busy timeout: how long a writer waits for the lock, in the driver and in SQLite;
    # - recursive_triggers: REPLACE deletes a conflicting row, and only with this on do the
    #   DELETE triggers of village_affairs/triggers.py see it.
    SQLITE_TIMEOUT = env_int("SQLITE_TIMEOUT", 30)
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_TIMEOUT,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            f"PRAGMA busy_timeout={SQLITE_TIMEOUT * 1000}; PRAGMA recursive_triggers=ON"
        ),
    }

# -- Read replica (docs/deployment.md, "Read replicas"): REPLICA_DATABASE_URL, when set, is a streaming
# replica of DATABASE_URL's database, as the application role. common.db_router sends the reads of
# the views below (url names, fnmatch patterns), of exports (?format=xlsx) and of views marked
# @reads_from_replica there; everything else, every write, and every read for REPLICA_PIN_SECONDS
# after the user's own write, goes to the primary. The replica's sessions are read-only too, so a
# write sent there by mistake is refused even if the URL names a primary.
if env_str("REPLICA_DATABASE_URL"):
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError("REPLICA_DATABASE_URL is for PostgreSQL, with DATABASE_URL on PostgreSQL too")
    DATABASES["replica"] = dj_database_url.parse(
        env_str("REPLICA_DATABASE_URL"), conn_max_age=env_int("CONN_MAX_AGE", 0)
    )
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["replica"].get("OPTIONS", {}),
        "options": "-c default_transaction_read_only=on",
    }
DATABASE_ROUTERS = ["common.db_router.ReplicaRouter"]
# Dashboards and the campaign report (reports:*), the public village pages (not the feedback form).
REPLICA_READ_VIEWS = ["reports:*", "portal:village_list", "portal:village", "portal:qr", "portal:poster"]
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 30)

# The cache of rendered public pages (common.public_pages; docs/deployment.md "Public page cache"). Each page's
# key holds its data version, read from the database, so a stale page is never served whatever holds them:
# by default each process's memory; with CACHE_REDIS_URL a Redis all web workers share (needs the redis package).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "xianfeng",
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 2000)},
    }
}
if env_str("CACHE_REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("CACHE_REDIS_URL"),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# -- authentication (T-TRUST; GB/T 22239-2019 level 3, 8.1.4): docs/security.md "Login and accounts"
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
# django-otp marks request.user verified right after authentication; the gate then holds a user who
# must enter a code, set up two-factor or change their password. Axes turns lockouts into its response.
_AUTHENTICATION = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
MIDDLEWARE[_AUTHENTICATION + 1 : _AUTHENTICATION + 1] = [
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.AccountGateMiddleware",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked account or address before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS: list[dict[str, Any]] = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "accounts.passwords.ProductNameValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule on the characters: records when each password was set (expiry, forced change).
    {"NAME": "accounts.passwords.PasswordAgeValidator"},
]
# Days a password stays valid; 0 means it never expires.
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout: 5 failures (wrong passwords or wrong codes) lock the account, and separately the client
# address, for 30 minutes; every further failure while locked starts the 30 minutes again.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "common.client_address.client_address"
# How many reverse proxies in front of gunicorn append to X-Forwarded-For; 0 means trust REMOTE_ADDR only.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Idle timeout: a session ends after this many minutes without a request, and when the browser closes.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Two-factor (TOTP): required for county admins, the three administrator roles and superusers.
OTP_TOTP_ISSUER = "Xianfeng"

# Demo accounts (scenarios/demo.py, published password and two-factor secret) are exempt from the forced
# password change and expiry, and their demo secret is accepted, only when this is true (`make run`).
DEMO_ACCOUNTS = env_bool("DEMO_ACCOUNTS", False)
# The campaign's today (common.clock): unset in production (the real date); a demonstration of a
# past campaign sets it (YYYY-MM-DD) so that its periods are current and its deadlines fall due.
# Records, sessions and the security log keep the real time whatever it says.
XIANFENG_TODAY = env_str("XIANFENG_TODAY", "")
if XIANFENG_TODAY:
    try:
        dt.date.fromisoformat(XIANFENG_TODAY)
    except ValueError:
        raise RuntimeError(f"XIANFENG_TODAY must be a date as YYYY-MM-DD, not {XIANFENG_TODAY!r}") from None
# -- end of authentication

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Reminders (notifications app, manage.py send_reminders): the channels every daily digest goes
# through (notifications.backends: InAppBackend, ConsoleBackend, FileBackend; SMS or WeChat
# would be one more class), where FileBackend writes, and how many days before its deadline a
# to-do is reminded of.
NOTIFICATION_BACKENDS = env_str(
    "NOTIFICATION_BACKENDS", "notifications.backends.InAppBackend,notifications.backends.FileBackend"
).split(",")
NOTIFICATION_FILE_DIR = Path(env_str("NOTIFICATION_FILE_DIR", str(BASE_DIR / "var" / "notifications")))
NOTIFICATION_DUE_SOON_DAYS = env_int("NOTIFICATION_DUE_SOON_DAYS", 3)
# The site's address, e.g. https://xianfeng.example.gov.cn: digests sent outside the site (file, console,
# SMS) give full links with it; empty, they give paths.
NOTIFICATION_SITE_URL = env_str("NOTIFICATION_SITE_URL", "").rstrip("/")

LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Off: with it on, every integer a template prints is grouped in English, ids and years included — a
# record id of 6023 went into links, form values and data attributes as "6,023" and the year as "2,010".
# A figure meant to be read is grouped where it is shown (``intcomma``, ``format_number``, ``yuan``).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("TESTING")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Excel imports larger than this are refused before parsing.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

SITE_TITLE = _("先锋 · 农村创先争优")

# -- HTTP security -------------------------------------------------------------------------
# GB/T 22239-2019 level 3, T-TRUST: what the server tells the browser. docs/security.md
# ("HTTP and the browser") explains each header; the README lists the variables.
# Production defaults are on when DEBUG is false; a county intranet on plain HTTP sets
# SECURE_SSL_REDIRECT=false, SECURE_HSTS_SECONDS=0 and SECURE_COOKIES=false.

_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def env_switch(name: str, default: bool) -> bool:
    """A security switch: unset means the default; anything but a clear yes or no stops start-up."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in _TRUE | _FALSE:
        raise RuntimeError(f"{name} must be true or false (1/0, yes/no, on/off), not {value!r}")
    return value in _TRUE


def env_seconds(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise RuntimeError(f"{name} must be a whole number of seconds (0 turns it off), not {value!r}")
    return int(value)


def env_request_header(name: str) -> str:
    """A request header as Django's META names it (HTTP_X_FORWARDED_PROTO), or empty when unset."""
    value = os.environ.get(name, "").strip()
    if value and not (value.startswith("HTTP_") and value.isupper() and value[5:].replace("_", "").isalnum()):
        raise RuntimeError(f"{name} must name a request header as Django's META does, e.g. HTTP_X_FORWARDED_PROTO")
    return value


# Send plain-HTTP requests to HTTPS; and tell browsers to use nothing but HTTPS for a year.
SECURE_SSL_REDIRECT = env_switch("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_seconds("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_switch("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Only when the operator says the TLS proxy sets this header (and strips it from clients):
# trusting it otherwise would let any client claim HTTPS.
if _proxy_ssl_header := env_request_header("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# No script reads the CSRF cookie: htmx sends the token from the page (hx-headers in base.html).
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# SESSION_COOKIE_SAMESITE stays Django's "Lax"; the session settings belong to the authentication block.

# Content-Security-Policy (django-csp 4): everything from this origin, no inline script or
# style, no eval, no plugins, no framing. Templates use classes and static/xianfeng/site.js
# instead of style="…" and onclick="…"; ECharts draws its tooltips itself (renderMode
# "richText"); htmx's injected styles and eval are off (htmx-config in base.html).
INSTALLED_APPS.append("csp")  # its system checks
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],  # QR codes are inline SVG and ECharts draws SVG: no data: URI needed
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Permissions-Policy: no page uses any of these browser features, so none may (common/middleware.py).
MIDDLEWARE.insert(MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1, "common.middleware.PermissionsPolicyMiddleware")
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "autoplay",
    "bluetooth",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]

SILENCED_SYSTEM_CHECKS = [
    *globals().get("SILENCED_SYSTEM_CHECKS", []),  # whatever another block silenced, with its reasons
    # security.W021 asks for SECURE_HSTS_PRELOAD. Preloading puts a registrable domain (all of
    # it, irrevocably for months) into the browsers' built-in list; a county application on a
    # host under a government domain is not the one to submit it. HSTS itself is on.
    "security.W021",
]
# -- Personal data at rest (docs/security.md, "Personal data") ----------------------------
# ID numbers and phones are stored as Fernet tokens (common.encryption). FIELD_ENCRYPTION_KEY
# holds Fernet keys, comma-separated, newest first: the first encrypts, all decrypt (rotate with
# `manage.py rotate_field_keys`). FIELD_HASH_KEY is the separate secret of the keyed hashes that
# look the values up and keep ID numbers unique. Like SECRET_KEY: fixed demo values only when
# DEBUG is on; without them a DEBUG=false start fails.
FIELD_ENCRYPTION_KEYS = tuple(k.strip() for k in env_str("FIELD_ENCRYPTION_KEY", "").split(",") if k.strip())
FIELD_HASH_KEY = env_str("FIELD_HASH_KEY", "")
if not FIELD_ENCRYPTION_KEYS or not FIELD_HASH_KEY:
    if not DEBUG:
        raise RuntimeError("FIELD_ENCRYPTION_KEY and FIELD_HASH_KEY must be set when DEBUG is false")
    FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or ("eGlhbmZlbmctZGVtby1maWVsZC1rZXktMzItYnl0ZXM=",)  # demo only
    FIELD_HASH_KEY = FIELD_HASH_KEY or "xianfeng-demo-hash-key-not-for-production"  # noqa: S105 - demo only

# -- security log --------------------------------------------------------------------------
# GB/T 22239-2019 level 3, 8.1.4.3 (安全审计), T-TRUST: docs/security.md "Security log".
# An append-only, hash-chained log of sign-ins, account changes, downloads, views of unmasked
# personal data and imports; the audit administrator reads it at /security-log/.
INSTALLED_APPS.insert(INSTALLED_APPS.index("common") + 1, "security")
# Records every attachment download and lets services know the request being served.
MIDDLEWARE.insert(
    MIDDLEWARE.index("accounts.middleware.ScopeMiddleware") + 1, "security.middleware.SecurityLogMiddleware"
)
# Days the log keeps its events; purge_security_log deletes older ones. At least 180 (the minimum the
# database triggers allow deleting at), checked here and again when the app starts (security/apps.py).
_retention = os.environ.get("SECURITY_LOG_RETENTION_DAYS", "").strip() or "180"
if not _retention.isdigit() or int(_retention) < 180:
    raise RuntimeError(f"SECURITY_LOG_RETENTION_DAYS must be a whole number of days, at least 180, not {_retention!r}")
SECURITY_LOG_RETENTION_DAYS = int(_retention)
# -- end of security log

# -- files and forms -----------------------------------------------------------------------
# GB/T 22239-2019 level 3, T-TRUST: what comes in by file and form cannot hurt. docs/security.md
# ("Files and forms") explains each limit; the README lists the variables. IMPORT_MAX_ROWS stays
# above, with the other import settings.
# An import file may hold at most this many cells (formatted empty ones count), and unpack to at
# most 100 bytes per allowed cell (exchange/limits.py); a preview or commit stops after this many seconds.
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 1_000_000)
IMPORT_MAX_SECONDS = env_int("IMPORT_MAX_SECONDS", 300)
# A running import job whose runner has given no sign of life for this long (and never less than
# IMPORT_MAX_SECONDS plus a minute) is marked failed and may be run again (exchange/recovery.py).
IMPORT_STALE_MINUTES = env_int("IMPORT_STALE_MINUTES", 10)
# -- end of files and forms

# Last, so that only the view reads from the replica, never another middleware (common.db_router).
MIDDLEWARE.append("common.db_router.ReadReplicaMiddleware")

# -- background work -------------------------------------------------------------------------
# docs/deployment.md ("Background work"): imports, PDF and Word reports, reminders and digests run as
# tasks (django-tasks) queued in the database and run by worker processes (`manage.py run_worker`,
# started by `make run` beside the server). The tests run them inline (xianfeng/test_settings.py).
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A running report job whose worker has given no sign of life for this long is marked failed (reports/jobs.py).
REPORT_STALE_MINUTES = env_int("REPORT_STALE_MINUTES", 10)
# Finished tasks' rows are deleted by the worker after this many days (their jobs keep the results).
TASK_RESULT_DAYS = env_int("TASK_RESULT_DAYS", 7)
# -- end of background work

# The REST API (api/, docs/api.md): a browser's session (with CSRF) or a personal access token;
# every endpoint builds the caller's Scope as the pages do. Throttled per token (else per user).
INSTALLED_APPS += ["rest_framework", "drf_spectacular", "drf_spectacular_sidecar"]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.SignedInWithinToken"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": os.environ.get("API_THROTTLE_RATE", "600/minute")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.handle",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Xianfeng API",
    "DESCRIPTION": "The records of the campaign, in the caller's scope, through the same services as the pages (docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # vendored (drf-spectacular-sidecar): no CDN, under the site's CSP
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_error_responses"],
    "ENUM_NAME_OVERRIDES": {
        "AssessmentStatusEnum": "evaluation.models.Status",
        "MembershipStatusEnum": "people.models.MembershipStatus",
        "OrganizationKindEnum": "organizations.models.OrganizationKind",
        "DisclosureKindEnum": "village_affairs.models.DisclosureKind",
        "PostKindEnum": "practice.models.PostKind",
        "DisclosureStatusEnum": "village_affairs.models.DisclosureStatus",
        "ClaimStatusEnum": "practice.models.ClaimStatus",
        "AttendanceStatusEnum": "branch_life.models.AttendanceStatus",
        "MeetingKindEnum": "branch_life.models.MeetingKind",
        "FacilityStatusEnum": "service_platform.models.FacilityStatus",
        "PointEntryKindEnum": "points.models.EntryKind",
        "ReachEnum": "membership.models.Reach",
        "GroupRoleEnum": "leadership.models.GroupRole",
        "WorkKindEnum": "leadership.models.WorkKind",
        "PairingKindEnum": "pairing.models.PairingKind",
        "OutcomeTypeEnum": "pairing.models.OutcomeType",
        "TrainingChannelEnum": "learning.models.Channel",
        "FacilityKindEnum": "service_platform.models.FacilityKind",
        "ProjectStatusEnum": "service_platform.models.ProjectStatus",
        "LoanStatusEnum": "service_platform.models.LoanStatus",
        "CadenceMonthsEnum": "branch_life.models.CADENCE_CHOICES",
        "CaseStatusEnum": "village_affairs.models.CaseStatus",
    },
}
