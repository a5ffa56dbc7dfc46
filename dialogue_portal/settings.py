"""Settings for the Dialogue Portal, read from environment variables (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEV_SECRET_KEY = "insecure-development-key-do-not-use-in-production"

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or DEV_SECRET_KEY
if not DEBUG and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is off but DJANGO_SECRET_KEY is missing, is the development key or is shorter than "
        "50 characters. Set DJANGO_SECRET_KEY to a long random value, for example the output of: "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "core.third_party.AxesConfig",
    "csp",
    "simple_history",
    "django_tasks",
    "core.third_party.TasksDatabaseConfig",
    "ninja",
    "core",
    "conferences",
    "questions",
    "accounts",
    "documents",
    "satisfaction",
    "notifications",
    "search",
    "polls",
    "initiatives",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before every middleware that changes the body; compresses anonymous responses only (see the class).
    "core.middleware.PublicGZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "core.mail.site_url_middleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dialogue_portal.urls"
WSGI_APPLICATION = "dialogue_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "conferences.context_processors.permissions_context",
                "questions.context_processors.permissions_context",
                "polls.context_processors.permissions_context",
                "accounts.context_processors.permissions_context",
                "core.context_processors.permissions_context",
                "documents.context_processors.organization",
                "notifications.context_processors.unread",
                "initiatives.context_processors.permissions_context",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (psycopg2) through DATABASE_URL in production.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# SQLite shared by several processes: write-ahead log, waiting for a lock instead of failing at once, and write
# transactions that take their lock when they begin (no "database is locked" half-way through a transaction).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        }
    )

# Cache: Redis when REDIS_URL is set; otherwise the database (one cache for every process and server), except
# on a developer's machine with DEBUG on, where each process's own memory is enough. Nothing that processes must
# agree on depends on the cache: the live feed's version and the submission limit are read from the database.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # A Redis outage is a cache miss, not a 500 (core/cache.py); a Redis that hangs is given up on after 2 s.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"}}

# The live feed answers its pollers from the cache (no query) only when every process shares that cache.
LIVE_FEED_CACHED_STATE = "locmem" not in CACHES["default"]["BACKEND"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Loads the session's user with its unread notification count (the header's badge) in one query.
    "notifications.auth.ModelBackendWithUnreadCount",
    # Sessions opened before the backend above existed stay valid.
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout after repeated failed logins for the same username from the same address, with a cool-off.
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DJANGO_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# The portal's own catalogue first; then the Vietnamese it gives Django and the third-party apps where they have none.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "overrides"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["dialogue_portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default="") or BASE_DIR / "media")
# In production a web server serves MEDIA_ROOT at MEDIA_URL; the app does it only when this is on.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Seconds before a mail server that does not answer is given up on (the message is retried later).
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=30)
# The portal's public address, for links in e-mails sent outside a request (cron jobs, management commands).
SITE_URL = env.str("DJANGO_SITE_URL", default="")
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Cổng đối thoại <no-reply@localhost>")

# Background work (e-mail): Django's Tasks API through the django-tasks backport. The database backend by default,
# so the embedded setup needs no other service; `manage.py db_worker` runs the tasks.
TASKS = {"default": {"BACKEND": env.str("DJANGO_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    # Tasks wait in Redis (`pip install ".[rq]"`); RQ's worker runs them:
    # `manage.py rqworker --job-class django_tasks_rq.Job default`.
    if not REDIS_URL:
        raise ImproperlyConfigured("DJANGO_TASKS_BACKEND=django_tasks_rq.RQBackend needs REDIS_URL.")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS["default"]["QUEUES"] = ["default"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
# How often an e-mail is tried before it is marked failed (a permanent refusal fails at once).
OUTBOX_MAX_ATTEMPTS = env.int("DJANGO_OUTBOX_MAX_ATTEMPTS", default=8)
# The scheduler (`manage.py run_scheduler`) sends the daily directive reminders from this local time on.
REMINDERS_AT = env.str("DJANGO_REMINDERS_AT", default="07:00")
# /readyz answers 503 when an e-mail has waited longer than this for the worker (seconds).
READYZ_MAX_QUEUE_SECONDS = env.int("DJANGO_READYZ_MAX_QUEUE_SECONDS", default=900)

# Abuse limit: how many concerns one member may submit per hour (counted from the concerns in the database).
QUESTIONS_PER_HOUR = env.int("DJANGO_QUESTIONS_PER_HOUR", default=5)
# How many days after rating an answer its author may still change the rating.
RATING_CHANGE_DAYS = env.int("DJANGO_RATING_CHANGE_DAYS", default=14)
# The public API: requests per client address (counted in the cache, so shared through Redis), and how many proxies
# in front of the app append to X-Forwarded-For (0: the client address is REMOTE_ADDR, which a client cannot forge).
API_RATE_LIMIT = env.str("DJANGO_API_RATE_LIMIT", default="120/min")
NINJA_NUM_PROXIES = env.int("DJANGO_API_NUM_PROXIES", default=0)

# Conference photos: JPEG, PNG or WebP, at most this many bytes and pixels each.
PHOTO_MAX_BYTES = env.int("DJANGO_PHOTO_MAX_MB", default=8) * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
# Evidence attached to a directive's progress update: PDF, Word, Excel, JPEG or PNG, at most this many bytes.
EVIDENCE_MAX_BYTES = env.int("DJANGO_EVIDENCE_MAX_MB", default=10) * 1024 * 1024
# The conference page posts one row of fields per agenda item, participant and photo.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Behind a TLS-terminating proxy, set DJANGO_SECURE_PROXY_SSL_HEADER=1 so Django trusts X-Forwarded-Proto.
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Security headers on every response. Scripts and styles come only from our own origin: no inline code (CSP).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    "camera": [],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads these cookies: forms carry the CSRF token in a hidden field.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Off only for a load test over plain HTTP on loopback; a real deployment keeps cookies HTTPS-only.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env.bool(
        "DJANGO_SECURE_COOKIES", default=True
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
