"""Settings for development, tests and the demo; production overrides live in settings_production.

Everything that differs between machines comes from environment variables (README, "Configuration").
"""

import os
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from logistics import embedded_db

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-development-key-do-not-use-in-production-3b1f0c9e")
DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")


def public_base_url(value: str) -> str:
    """The address people reach the system at, without a trailing slash ("" when unset)."""
    value = value.strip().rstrip("/")
    parts = urlsplit(value)
    if value and (parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment):
        raise ImproperlyConfigured(
            f"DJANGO_PUBLIC_BASE_URL must look like https://haucan.catinh.vn (optionally with a path), not {value!r}."
        )
    return value


#: What printed QR labels and emailed links point at (logistics.links.absolute_url). Unset, a page
#: uses the address its own request came to, which is right only on the machine that serves it.
PUBLIC_BASE_URL = public_base_url(os.environ.get("DJANGO_PUBLIC_BASE_URL", ""))
#: The place written on documents the force signs ("Hải Dương, ngày … tháng … năm …").
DOCUMENT_PLACE = os.environ.get("LOGISTICS_DOCUMENT_PLACE", "Hải Dương")
PUBLIC_HOST = urlsplit(PUBLIC_BASE_URL).hostname or ""
# A form posted from the public address is from a trusted origin even when the proxy forwards
# another Host header.
CSRF_TRUSTED_ORIGINS = env_list(
    "DJANGO_CSRF_TRUSTED_ORIGINS", "{0.scheme}://{0.netloc}".format(urlsplit(PUBLIC_BASE_URL)) if PUBLIC_HOST else ""
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "django_tables2",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "treebeard",
    "pgtrigger",
    "pghistory",
    "axes",
    # The job queue (Procrastinate, on this PostgreSQL): before the apps whose tasks it finds.
    "procrastinate.contrib.django",
    "logistics",
    "budget",
    "assets",
    "construction",
    "medical",
    "oversight",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "logistics.middleware.RequestHistoryMiddleware",
    "logistics.replica.ReplicaMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "logistics.urls"
WSGI_APPLICATION = "logistics.wsgi.application"

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
                "logistics.context_processors.navigation",
                "logistics.context_processors.notifications",
            ],
        },
    },
]
FORM_RENDERER = "logistics.widgets.BootstrapFormRenderer"


def _database_urls() -> tuple[str, str]:
    """The application's login and the tables' owner (logistics/database_roles.py).

    ``DATABASE_URL`` is the role the application connects as; ``DATABASE_OWNER_URL``, when set, the
    role that owns the tables and runs the migrations. Without ``DATABASE_URL`` the embedded server
    provides both roles, except under pytest: the test runner creates its own databases, which only
    the server's superuser may, so tests run as the superuser there as they do on CI's server.
    """
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url, os.environ.get("DATABASE_OWNER_URL", "").strip()
    if "pytest" in sys.modules:
        return embedded_db.superuser_url(), ""
    return embedded_db.database_url(), embedded_db.owner_url()


def database_settings(url: str) -> dict:
    """One connection's settings from its URL, with what every connection of the project sets.

    pgtrigger's triggers read the setting ``pgtrigger.ignore`` and fall into an exception block
    (a subtransaction per row) while it is undefined; defining it for every connection keeps bulk
    writes fast. '{}' ignores no trigger: history and protections stay on.
    JIT compilation is off: the change log's query over every event table is estimated costly
    enough to be compiled, which takes seconds, while it reads only a page (measured: 3 s → 60 ms).
    """
    database = dj_database_url.parse(
        url,
        # A connection opened per request cost about 6 ms of every page; a kept one is checked
        # before reuse (conn_health_checks), so a restarted server costs one failed check, no error.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    database.setdefault("OPTIONS", {})
    database["OPTIONS"]["options"] = (
        database["OPTIONS"].get("options", "") + " -c pgtrigger.ignore={} -c jit=off"
    ).strip()
    return database


def replica_databases(databases: dict, replica_url: str) -> tuple[dict, list[str]]:
    """``databases`` with the read replica ``DATABASE_REPLICA_URL`` names, and the routers it needs
    (logistics/replica.py); unchanged, and no router, without one."""
    if not replica_url:
        return databases, []
    replica = database_settings(replica_url)
    # The test databases have no replica: tests that use the alias read the test database itself.
    replica["TEST"] = {"MIRROR": "default"}
    return {**databases, "replica": replica}, ["logistics.replica.ReplicaRouter"]


_app_database_url, DATABASE_OWNER_URL = _database_urls()
DATABASES, DATABASE_ROUTERS = replica_databases(
    {"default": database_settings(_app_database_url)}, os.environ.get("DATABASE_REPLICA_URL", "").strip()
)
#: After a request that may have written, the same browser reads the primary this many seconds
#: (its own writes show at once while the replica catches up).
DATABASE_REPLICA_PIN_SECONDS = float(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "5"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "logistics.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login lockout (django-axes): five failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0")) or None

# Email (reminders, the commanders' weekly digest): SMTP from the environment; nothing is sent while
# EMAIL_HOST is unset (logistics.services.email_is_configured).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "haucan@localhost")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["logistics.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    # Attachments are served only through a view that checks scope, never from a public URL.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise expects the folder even before collectstatic

# Attachments: size and type limits.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_MB", "20")) * 1024 * 1024
ATTACHMENT_EXTENSIONS = env_list("ATTACHMENT_EXTENSIONS", "pdf,jpg,jpeg,png,doc,docx,xls,xlsx,odt,ods,txt,zip")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# History (django-pghistory): every tracked table records inserts, updates and deletes by trigger.
PGHISTORY_APPEND_ONLY = True
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# Background jobs (logistics/jobs.py) on Procrastinate's queue in this database. A worker runs with
# `manage.py procrastinate worker`; it sends a heartbeat every JOBS_HEARTBEAT_SECONDS, and a job whose
# worker has sent none for JOBS_STALLED_SECONDS (a worker killed or its machine gone) is put back on
# the queue by a periodic task and run again from the start.
JOBS_HEARTBEAT_SECONDS = float(os.environ.get("JOBS_HEARTBEAT_SECONDS", "10"))
JOBS_STALLED_SECONDS = float(os.environ.get("JOBS_STALLED_SECONDS", "60"))
#: How often a running job writes its progress, at most (seconds).
JOBS_PROGRESS_SECONDS = float(os.environ.get("JOBS_PROGRESS_SECONDS", "0.5"))
#: A report file asked for with more rows than this is produced in the background.
JOBS_REPORT_ROWS_THRESHOLD = int(os.environ.get("JOBS_REPORT_ROWS_THRESHOLD", "300"))
PROCRASTINATE_WORKER_DEFAULTS = {
    "update_heartbeat_interval": JOBS_HEARTBEAT_SECONDS,
    "stalled_worker_timeout": JOBS_STALLED_SECONDS,
    # On Ctrl-C or SIGTERM a worker finishes its jobs for this long, then stops; what it leaves
    # unfinished is rolled back and retried.
    "shutdown_graceful_timeout": float(os.environ.get("JOBS_SHUTDOWN_SECONDS", "30")),
}
# When the periodic tasks run (cron, with an optional sixth field for seconds): the put-back of the
# jobs of stopped workers, and the monthly reports (as the user JOBS_MONTHLY_REPORTS_USER).
JOBS_RECOVERY_CRON = os.environ.get("JOBS_RECOVERY_CRON", "* * * * *")
JOBS_MONTHLY_REPORTS_CRON = os.environ.get("JOBS_MONTHLY_REPORTS_CRON", "0 2 1 * *")
JOBS_MONTHLY_REPORTS_USER = os.environ.get("JOBS_MONTHLY_REPORTS_USER", "admin")
# The day's reminders and their email (06:00), and the commanders' weekly digest (Monday 07:00).
JOBS_REMINDERS_CRON = os.environ.get("JOBS_REMINDERS_CRON", "0 6 * * *")
JOBS_DIGEST_CRON = os.environ.get("JOBS_DIGEST_CRON", "0 7 * * 1")
# Extra modules of tasks (comma-separated), besides each app's tasks.py.
PROCRASTINATE_IMPORT_PATHS = env_list("JOBS_TASK_MODULES", "")

# Lists count their rows exactly up to this many and give the planner's estimate beyond it
# (logistics/paging.py); a list shows its totals row at once only under it, on demand beyond it.
LIST_COUNT_THRESHOLD = int(os.environ.get("LIST_COUNT_THRESHOLD", "10000"))
# Web lists link pages by number up to this page, and by position (next/previous) beyond it.
LIST_NUMBERED_PAGES = int(os.environ.get("LIST_NUMBERED_PAGES", "10"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["logistics.api.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "logistics.api.filters.FilterBackend",
        "logistics.api.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "logistics.api.pagination.ListPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "logistics.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "logistics.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
    "URL_FORMAT_OVERRIDE": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Logistics management API — provincial police",
    "DESCRIPTION": (
        "REST API of the logistics management system. Every list takes the same filters as the "
        "web list, including the accent-insensitive text search `q`, and exports its filtered rows "
        "with `export=csv` or `export=xlsx`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name across models get their own schema names.
    "ENUM_NAME_OVERRIDES": {
        "OversightKindEnum": "oversight.choices.ProgrammeKind",
        "OversightScheduleEnum": "oversight.choices.Schedule",
        "OversightIssuingBodyEnum": "oversight.choices.IssuingBody",
        "OversightAreaEnum": "oversight.choices.Area",
        "InspectionFormEnum": "oversight.choices.InspectionForm",
        "InspectionStatusEnum": "oversight.choices.InspectionStatus",
        "OversightTargetKindEnum": "oversight.choices.TargetKind",
        "TeamRoleEnum": "oversight.choices.TeamRole",
        "FindingSeverityEnum": "oversight.choices.Severity",
        "RecommendationStatusEnum": "oversight.choices.RecommendationStatus",
        "DisciplineLevelEnum": "oversight.choices.DisciplineLevel",
        "UnitKindEnum": "logistics.models.units.UnitKind",
        "SupplierKindEnum": "logistics.models.people.SupplierKind",
        "RankEnum": "logistics.models.people.Rank",
        "ProjectStatusEnum": "construction.choices.ProjectStatus",
        "WorkKindEnum": "construction.choices.WorkKind",
        "MilestoneStepEnum": "construction.choices.Step",
        "FundingSourceKindEnum": "budget.choices.SourceKind",
        "AllocationStatusEnum": "budget.choices.AllocationStatus",
        "SpendingKindEnum": "budget.choices.SpendingKind",
        "SpendingEntryKindEnum": "budget.choices.ENTRY_KIND_CHOICES",
        "AdvanceClearingKindEnum": "budget.choices.CLEARING_KIND_CHOICES",
        "BalanceDispositionKindEnum": "budget.choices.DispositionKind",
        # Spending entries and vouchers share one set: Nháp / Đã ghi sổ.
        "PostingStatusEnum": "budget.choices.SpendingStatus",
        "TrackingEnum": "assets.choices.Tracking",
        "ItemOriginEnum": "assets.choices.Origin",
        "ItemConditionEnum": "assets.choices.Condition",
        "ItemStatusEnum": "assets.choices.ItemStatus",
        "VoucherKindEnum": "assets.choices.VoucherKind",
        "StocktakeStatusEnum": "assets.choices.StocktakeStatus",
        "PatientKindEnum": "medical.choices.PatientKind",
        "ExposureStatusEnum": "medical.choices.ExposureStatus",
        "HealthCheckPurposeEnum": "medical.choices.HealthCheckPurpose",
    },
}

DJANGO_TABLES2_TEMPLATE = "generic/table.html"
FILTERS_EMPTY_CHOICE_LABEL = _("All")
FILTERS_NULL_CHOICE_LABEL = _("None")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Demo accounts get this password; set DEMO_PASSWORD before `make run` to choose another.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "HauCan@2025")
