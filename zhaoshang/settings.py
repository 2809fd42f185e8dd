"""The one settings module. Everything that differs between machines comes from the environment.

DATABASE_URL     sqlite:///path or postgres://user@host/db (default: SQLite file under var/)
SECRET_KEY       default: generated once into var/secret_key (mode 0600)
DEBUG            off unless set to 1/true/yes/on
ALLOWED_HOSTS    comma-separated (default: localhost, 127.0.0.1, [::1])
ZHAOSHANG_VAR    where var/ lives (default: var/ beside the project)
ZHAOSHANG_HTTPS  on (1/true/yes/on) for a site served over HTTPS, directly or behind a proxy that
                 sets X-Forwarded-Proto: cookies only over HTTPS (Secure), HSTS for a year with
                 subdomains, plain-HTTP requests redirected. Off by default: a plain-HTTP intranet
                 works as it is.

Ledger uploads (zhaoshang/ledger/limits.py checks every file against these before it is read):
ZHAOSHANG_LEDGER_MAX_FILE_MB      size of an uploaded file (default 50); larger uploads are
                                  refused while they arrive, before they are stored
ZHAOSHANG_LEDGER_MAX_UNZIPPED_MB  what an .xlsx/.ods may inflate to, all parts together (500)
ZHAOSHANG_LEDGER_MAX_ROWS         rows of a sheet (500000)
ZHAOSHANG_LEDGER_MAX_COLUMNS      columns of a sheet (100)
ZHAOSHANG_LEDGER_MAX_CELLS        rows × columns of the sheets' data areas added up (20000000):
                                  the reader lays a sheet out densely, 32 bytes a cell
ZHAOSHANG_LEDGER_STALL_MINUTES    a running import with no sign of life for this long was
                                  interrupted (its worker killed): it is marked failed (10)
ZHAOSHANG_USD_CNY_RATE  yuan per US dollar for amounts in 美元 read from news (default 7.1)
Sign-in: ZHAOSHANG_LOGIN_ATTEMPTS, ZHAOSHANG_LOCKOUT_MINUTES, ZHAOSHANG_SESSION_HOURS,
ZHAOSHANG_TRUSTED_PROXIES, ZHAOSHANG_PROXY_HEADER (see the README's configuration table)
"""

import datetime as dt
import os
from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from zhaoshang.env import (
    env_bool,
    env_database,
    env_decimal,
    env_header,
    env_int,
    env_list,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ZHAOSHANG_VAR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key("SECRET_KEY", VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zhaoshang.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django_tasks",
    "zhaoshang.core.apps.TasksConfig",  # django_tasks_db, named in our languages
    # Before the apps: its sign-in signal handlers run first, so ours see the lockout it decided.
    "axes",
    "zhaoshang.core",
    "zhaoshang.org",
    "zhaoshang.companies",
    "zhaoshang.projects",
    "zhaoshang.fieldwork",
    "zhaoshang.stats",
    "zhaoshang.ledger",
    "zhaoshang.reports",
    "zhaoshang.targets",
    "zhaoshang.followup",
    "zhaoshang.chains",
    "zhaoshang.dashboard",
    "zhaoshang.ingest",
    "zhaoshang.demo",
    "zhaoshang.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise: static files keep their own far-future caching and need no policy.
    "csp.middleware.CSPMiddleware",
    "zhaoshang.core.headers.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Chinese unless the user chose English with the switch (not from the browser's languages).
    "zhaoshang.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "zhaoshang.core.middleware.RefuseNulCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view says otherwise (@login_not_required).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a sign-in refused for too many failures into the sign-in page saying so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhaoshang.urls"
# The refusal of a form without its CSRF token (a page left open across a sign-out, say): a page
# of the application in the user's language, not Django's English one.
CSRF_FAILURE_VIEW = "zhaoshang.core.errors.csrf_failure"
WSGI_APPLICATION = "zhaoshang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zhaoshang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhaoshang.org.context_processors.frame",
            ],
        },
    },
]

AUTH_USER_MODEL = "org.User"
# New passwords (one's own or set by an admin); the demo loader's `demo` is set directly.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "zhaoshang.org.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Sign-in lockout (django-axes): after LOGIN_ATTEMPTS failures within LOCKOUT_MINUTES a username
# is locked whatever the address, and an address whatever the username, until LOCKOUT_MINUTES
# after the last failure or until an admin lifts it (/accounts/, `zhaoshang axes_reset_username`).
# The backend needs the request in authenticate(): tests sign in with force_login, or pass one.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_ATTEMPTS = env_int("ZHAOSHANG_LOGIN_ATTEMPTS", 5, minimum=1, maximum=10)
LOCKOUT_MINUTES = env_int("ZHAOSHANG_LOCKOUT_MINUTES", 30, minimum=1, maximum=24 * 60)
AXES_FAILURE_LIMIT = LOGIN_ATTEMPTS
AXES_COOLOFF_TIME = dt.timedelta(minutes=LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Attempts refused during a lock do not push its end further: it ends when the page says.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Not reset by a success: that would clear the address's failures against other usernames too.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "zhaoshang.org.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "zhaoshang.core.addresses.client_address"
AXES_ENABLE_ADMIN = False  # locks are lifted on /accounts/, where it is audited
AXES_VERBOSE = False
# Behind a reverse proxy: how many proxies append to PROXY_HEADER (default none: the header is
# ignored and the address is the connection's, so a client cannot spoof it).
TRUSTED_PROXIES = env_int("ZHAOSHANG_TRUSTED_PROXIES", 0, minimum=0, maximum=10)
PROXY_HEADER = env_header("ZHAOSHANG_PROXY_HEADER", "X-Forwarded-For")

# A session ends when the browser closes, and at the latest SESSION_HOURS after signing in.
SESSION_COOKIE_AGE = env_int("ZHAOSHANG_SESSION_HOURS", 12, minimum=1, maximum=24 * 30) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Background work (big imports, report builds) through Django's tasks API; the database backend
# needs no broker. `make run` starts its worker (`zhaoshang db_worker`) beside the server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Uploaded ledger files are kept this many days (for the error sheet and the confirmation), then
# emptied; the record of each upload stays.
LEDGER_UPLOAD_KEEP_DAYS = env_int("ZHAOSHANG_LEDGER_KEEP_DAYS", 30, minimum=1)
MEGABYTE = 1024 * 1024
LEDGER_MAX_FILE_BYTES = env_int("ZHAOSHANG_LEDGER_MAX_FILE_MB", 50, minimum=1) * MEGABYTE
LEDGER_MAX_EXPANDED_BYTES = env_int("ZHAOSHANG_LEDGER_MAX_UNZIPPED_MB", 500, minimum=1) * MEGABYTE
LEDGER_MAX_ROWS = env_int("ZHAOSHANG_LEDGER_MAX_ROWS", 500_000, minimum=1)
LEDGER_MAX_COLUMNS = env_int("ZHAOSHANG_LEDGER_MAX_COLUMNS", 100, minimum=1)
LEDGER_MAX_CELLS = env_int("ZHAOSHANG_LEDGER_MAX_CELLS", 20_000_000, minimum=1)
LEDGER_STALL_SECONDS = env_int("ZHAOSHANG_LEDGER_STALL_MINUTES", 10, minimum=1) * 60
# Django's FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) stays: a larger upload goes to a temporary file
# as it arrives, never whole into memory, and the ledger page refuses one past
# LEDGER_MAX_FILE_BYTES while it arrives (ledger/uploads.py).
# Yuan per US dollar, for amounts in 美元 read from news (ingest): a fixed rate, not a quote.
INGEST_USD_CNY_RATE = env_decimal("ZHAOSHANG_USD_CNY_RATE", "7.1")
# Files read on /ingest/: a news page or report is some kilobytes; a .docx may not inflate past
# INGEST_MAX_UNZIPPED_BYTES (a zip bomb is refused before python-docx opens it).
INGEST_MAX_FILE_BYTES = env_int("ZHAOSHANG_INGEST_MAX_FILE_MB", 10, minimum=1) * MEGABYTE
INGEST_MAX_UNZIPPED_BYTES = env_int("ZHAOSHANG_INGEST_MAX_UNZIPPED_MB", 100, minimum=1) * MEGABYTE

# "Today" for every business rule is the date in Asia/Shanghai (zhaoshang.core.dates.today).
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True
USE_I18N = True
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "zhaoshang" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "zhaoshang" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Every cookie we set is out of reach of scripts and stays home on cross-site requests; the
# messages cookie follows the session cookie's settings. Our scripts read the CSRF token from the
# page, never from its cookie.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Served over HTTPS (ZHAOSHANG_HTTPS=1): cookies travel only over HTTPS, browsers remember to use
# nothing else (HSTS, a year, subdomains included), plain HTTP is redirected, and a proxy that
# ends TLS says so with X-Forwarded-Proto (it must set that header itself, dropping the client's).
# The preload token only consents: a domain enters browsers' preload lists when its owner submits
# it. `zhaoshang check --deploy` is silent with it.
HTTPS = env_bool("ZHAOSHANG_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None

# Scripts only from our own files: no inline <script>, no onclick=…, no eval (htmx's is off in
# base.html), so markup that slipped into a page could not run. Styles allow inline: ECharts writes
# its tooltips with style attributes and progress bars take their width from the data; a style
# cannot send anything away, as images, fonts and connections stay on this site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
