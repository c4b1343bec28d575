"""Settings for Open Wijkteam.

Everything that differs per installation comes from the environment, so one
build runs as the embedded demo (SQLite) and in production (PostgreSQL).
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent

#: The test suite imports these settings; it works on synthetic data only.
TESTING = "pytest" in sys.modules

# The `.env` that `make run` writes (demo/envfile.py): the demo as production serves it (DEBUG off) without
# typing variables. It never overrides the real environment, and the test suite ignores it, so a developer's
# demo settings cannot change what the tests see.
# `ENV_FILE` names another file; `ENV_FILE=` (empty) reads none, as `make serve` does: a production-like run
# must not pick up the demo's DEMO_ENABLED from a `.env` that `make run` left on the same machine.
_ENV_FILE = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if not TESTING and _ENV_FILE:
    load_env_file(Path(_ENV_FILE))

DEBUG = env_bool("DEBUG", default=False)

# A weak key (short, an example, 'django-insecure-...') stops manage.py and the WSGI server when DEBUG is off:
# config/secret_key.py.
SECRET_KEY = env_str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG and not TESTING:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Demo/development only: a fresh key per process is safe, sessions just don't survive a restart.
    SECRET_KEY = get_random_secret_key()

# The key of the access log's hash chain (audit/chain.py). It must live outside the database: whoever
# can write to the database but lacks this key cannot rewrite the log unnoticed. Changing it makes the
# rows written with the old key fail `audit_verify`, so keep it as long as the log.
AUDIT_CHAIN_KEY = env_str("AUDIT_CHAIN_KEY", default="")
if not AUDIT_CHAIN_KEY:
    # The type checker (django-stubs) reads these settings too; it writes no log.
    if not DEBUG and not {"pytest", "mypy"} & sys.modules.keys():
        raise ImproperlyConfigured("AUDIT_CHAIN_KEY must be set when DEBUG is off.")
    # Development, tests and type checking only: a fixed, public key, so a demo database verifies after a restart.
    AUDIT_CHAIN_KEY = "development-only-audit-chain-key-not-secret"
elif len(AUDIT_CHAIN_KEY) < 32:
    raise ImproperlyConfigured("AUDIT_CHAIN_KEY must be at least 32 characters long.")
#: How many hash chains (lanes) writers on PostgreSQL spread over, so they append side by side
#: (docs/adr/0012-concurrent-access-log-chain.md); about the number of web threads that write at once.
AUDIT_CHAIN_LANES = env_int("AUDIT_CHAIN_LANES", default=8)

#: The synthetic demo municipality (`seed_demo`) and logging in with its accounts (User.is_synthetic).
#: On with DEBUG and in the test suite; a production installation never has it unless asked for explicitly.
DEMO_ENABLED = env_bool("DEMO_ENABLED", default=DEBUG or TESTING)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "core",
    "accounts",
    "organisation",
    "residents",
    "deadlines",
    "dossiers",
    "assessments",
    "plans",
    "catalogue",
    "decisions",
    "allocations",
    "consent",
    "retention",
    "audit",
    "reflection",
    "monitor",
    "portal",
    # The DigiD login's settings for residents, edited in /beheer/ (docs/adr/0020-digid-oidc.md).
    "digid",
    "messaging",
    "surveys",
    # Issue 15: every way in and up (docs/adr/0021-partner-api.md for the partner API)
    "partners",
    "partnerapi",
    "vroegsignalering",
    "outreach",
    "regie",
    # Not "rest_framework": the partner API renders JSON only and needs none of its templates, and its Dutch
    # catalogue would override Django's own form messages on every staff page ("Dit veld is vereist.").
    "drf_spectacular",
    "jobs",
    "demo",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id and the staff user's id (core/log_context.py).
    "core.log_context.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files stay cacheable; every page from a view is no-store.
    "core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before the idle renewal: a session past its absolute age ends, whatever the activity.
    "core.middleware.SessionAbsoluteAgeMiddleware",
    "core.middleware.SessionIdleTimeoutMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A session of a synthetic demo account ends when the demo is not enabled.
    "core.middleware.DemoAccountMiddleware",
    # django-otp's OTPMiddleware (request.user.is_verified()), its TOTP device read by a statement built once.
    "accounts.middleware.SecondFactorDeviceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the password, only the second-factor steps, logout and public pages until the code is given.
    "core.middleware.SecondFactorMiddleware",
    # Last: turns a login that django-axes refused into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Before the apps' own templates, so /beheer/ gets the product's look (admin/base_site.html).
        "DIRS": [BASE_DIR / "core" / "admin_templates"],
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

# Django's widget markup without its per-widget and per-option includes (core/form_renderer.py).
FORM_RENDERER = "core.form_renderer.FormRenderer"

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent requests on the embedded database: wait for a lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The open-terms index carries the id as an INCLUDE column on PostgreSQL (an index-only scan for the daily
    # scan); SQLite builds the same index without it, which is all it can do. Not worth a warning on every command.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# django-axes first: it refuses locked-out credentials before any backend checks them (it logs nobody in itself).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, refusing synthetic demo accounts unless DEMO_ENABLED.
    "accounts.backends.StaffModelBackend",
]

# ASVS V2.1: at least 12 characters, not a known common password, not only digits, not like the username.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
# The home view sends each role to its own start page (casework roles to their werkvoorraad).
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# The monitor shows counts below this as "< 5" and hides what would give them away (monitor/suppression.py).
MONITOR_SMALL_CELL_THRESHOLD = int(os.environ.get("MONITOR_SMALL_CELL_THRESHOLD", "5"))
# The capacity forecast's caseload norm: open dossiers one FTE generalist can carry (docs/adr/0018-capacity-forecast.md).
MONITOR_CASELOAD_NORM = int(os.environ.get("MONITOR_CASELOAD_NORM", "40"))

LANGUAGE_CODE = "nl"
# Each of our apps keeps its own catalogue in <app>/locale/; `make messages` extracts them (makemessages puts
# each file's texts in the first of these folders that lies above it, else in core's), `make translations`
# compiles them (core/translations.py).
LOCALE_PATHS = [BASE_DIR / app / "locale" for app in INSTALLED_APPS if (BASE_DIR / app / "apps.py").exists()]
# Only a language with a real translation of our own texts is offered. Otherwise a browser asking for
# English would get lang="en" and Django's English form errors around Dutch text. English is offered
# once its catalogues are compiled (at set-up: `make run`, `make test`, the Dockerfile).
LANGUAGES = [("nl", _("Nederlands"))]
if (BASE_DIR / "core" / "locale" / "en" / "LC_MESSAGES" / "django.mo").exists():
    LANGUAGES.append(("en", _("Engels")))
# One way to write dates in each language (config/formats/): "30 november 2026".
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# The NL Design System CSS and htmx come from npm (installed by `make run`), never committed.
STATICFILES_DIRS = [
    ("vendor/utrecht-css", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/utrecht-tokens", NODE_MODULES / "@utrecht" / "design-tokens" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
# Without DEBUG, `collectstatic` fingerprints every file (a content hash in its name) and writes .gz and .br
# variants; WhiteNoise serves those compressed with a ten-year, immutable Cache-Control (ADR 0010). The manifest
# stays strict: `{% static %}` of a file that was not collected is an error, not an unhashed link. That needs
# `collectstatic` first (`make serve` and `make bench` run it), so `make run` (DEBUG) and the test suite (which
# runs with DEBUG off straight from the source tree) use the plain storage; the same TESTING flag that relaxes
# SECRET_KEY above, so no setting can put the plain storage in production. core/tests/test_static_files.py
# collects with the production storage and checks the hashed, compressed result.
STATIC_FINGERPRINTS = not DEBUG and not TESTING
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "core.staticfiles.ProductionStaticFilesStorage"
        if STATIC_FINGERPRINTS
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The official iWmo/iJw XSDs ({wmo,jw}/xsd/) are read from this folder, never copied into the project.
ISTANDAARDEN_XSD_DIR = env_str("ISTANDAARDEN_XSD_DIR", default=str(BASE_DIR.parent / "shared" / "istandaarden"))
# File-based message exchange (`manage.py berichten uitwisselen`): providers' messages arrive in the inbox,
# ours are written to the outbox. A GGk/VECOZO connector would replace this adapter.
BERICHTEN_INBOX = Path(env_str("BERICHTEN_INBOX", default=str(BASE_DIR / "var" / "berichten" / "in")))
BERICHTEN_OUTBOX = Path(env_str("BERICHTEN_OUTBOX", default=str(BASE_DIR / "var" / "berichten" / "uit")))

# Municipal service norms (werknormen) where no law sets a term (deadlines/norms.py): the onderzoek after a
# Jeugdwet melding, and the first contact after a worry or vroegsignaal ("nog geen hulpvraag").
NORM_JEUGD_ONDERZOEK_WEKEN = env_int("NORM_JEUGD_ONDERZOEK_WEKEN", default=6)
NORM_CONTACT_DAGEN = env_int("NORM_CONTACT_DAGEN", default=14)
# Vroegsignalering (vroegsignalering/norms.py): contact and analysis after the first signal of a casus; with a
# threatening situation (eviction, disconnection) contact within a few working days instead.
NORM_VROEGSIGNAAL_CONTACT_DAGEN = env_int("NORM_VROEGSIGNAAL_CONTACT_DAGEN", default=14)
NORM_VROEGSIGNAAL_ANALYSE_DAGEN = env_int("NORM_VROEGSIGNAAL_ANALYSE_DAGEN", default=28)
NORM_VROEGSIGNAAL_CONTACT_DREIGEND_WERKDAGEN = env_int("NORM_VROEGSIGNAAL_CONTACT_DREIGEND_WERKDAGEN", default=3)
# Outreach on a casus (vroegsignalering.services): closing it as "niet bereikt" needs this many attempts without
# contact (a werknorm; no law sets it).
VROEGSIGNAAL_POGINGEN = env_int("VROEGSIGNAAL_POGINGEN", default=3)
# Signals that led to no debt help (refused, not reached, already helped, never matched) are removed this many months
# after they were received (Wgs art. 5; AP, Handreiking Wgs §7.6 Bewaartermijnen; vroegsignalering/retention.py).
VROEGSIGNALEN_BEWAARTERMIJN_MAANDEN = env_int("VROEGSIGNALEN_BEWAARTERMIJN_MAANDEN", default=12)
# Drop folder for batch files of vroegsignalen (`manage.py import_vroegsignalen`); handled files move to
# verwerkt/ or geweigerd/ inside it.
VROEGSIGNALEN_INBOX = Path(env_str("VROEGSIGNALEN_INBOX", default=str(BASE_DIR / "var" / "vroegsignalen" / "in")))
# Partner meldingen the team turned down are removed this many months after the rejection (partners/retention.py).
PARTNERMELDINGEN_BEWAARTERMIJN_MAANDEN = env_int("PARTNERMELDINGEN_BEWAARTERMIJN_MAANDEN", default=12)
# The national vroegsignalering delivery (DDAS, VNG Realisatie; vroegsignalering/ddas.py): the supplier code CBS
# knows us by, and optionally the delivering organisation's KvK number and one contact person (empty: left out).
DDAS_CODE_GEGEVENSLEVERANCIER = env_str("DDAS_CODE_GEGEVENSLEVERANCIER", default="OPEN-WIJKTEAM")
DDAS_KVK_NUMMER = env_str("DDAS_KVK_NUMMER")
DDAS_CONTACT_NAAM = env_str("DDAS_CONTACT_NAAM")
DDAS_CONTACT_TELEFOON = env_str("DDAS_CONTACT_TELEFOON")
DDAS_CONTACT_EMAIL = env_str("DDAS_CONTACT_EMAIL")
DDAS_CONTACT_FUNCTIE = env_str("DDAS_CONTACT_FUNCTIE")

# Sessions end after SESSION_COOKIE_AGE seconds of inactivity (every request renews the cookie)
# and when the browser closes.
#: Django's database sessions, read with a statement built once per process (accounts/sessions.py).
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", default=30 * 60)
# Renew the expiry at most once a minute (core.middleware.SessionIdleTimeoutMiddleware) instead of a write per request.
SESSION_RENEW_AFTER = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
#: Absolute lifetime (ASVS V3.3): this many seconds after the login the session ends, however active
#: (core.middleware.SessionAbsoluteAgeMiddleware). The idle timeout above still applies within it.
SESSION_ABSOLUTE_AGE = env_int("SESSION_ABSOLUTE_AGE", default=10 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# The language switch (core.views.set_language) remembers the choice in a cookie that scripts cannot read.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    if SESSION_COOKIE_SECURE:
        # The __Host- prefix makes the browser refuse these cookies unless Secure, path / and without a
        # domain, so a sibling subdomain or a plain-HTTP page cannot plant or overwrite them.
        SESSION_COOKIE_NAME = "__Host-sessionid"
        CSRF_COOKIE_NAME = "__Host-csrftoken"
        LANGUAGE_COOKIE_NAME = "__Host-django_language"
        SESSION_COOKIE_PATH = CSRF_COOKIE_PATH = LANGUAGE_COOKIE_PATH = "/"
        SESSION_COOKIE_DOMAIN = CSRF_COOKIE_DOMAIN = LANGUAGE_COOKIE_DOMAIN = None
    # Browsers remember to use HTTPS only; 0 switches HSTS off (e.g. while testing without HTTPS).
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
# Behind a reverse proxy that terminates HTTPS: trust its X-Forwarded-Proto header (only then!).
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
# Health probes (core/health.py) come from inside the cluster over plain HTTP: answer them, never redirect.
SECURE_REDIRECT_EXEMPT = [r"^health/"]

# Content-Security-Policy (django-csp 4): only our own scripts, styles and images; no inline code,
# no framing, forms post only to us. htmx runs with includeIndicatorStyles off (meta tag in the base template).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
#: Powerful browser features the application never uses (core.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)

# Second factor (django-otp, TOTP). Mandatory for every account: core.middleware.SecondFactorMiddleware.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", default="Open Wijkteam")
#: The admin never shows a device's secret key (functioneel beheer may only remove a lost device).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
#: Wrong codes in one session before the user is logged out and has to give the password again.
OTP_MAX_FAILURES_PER_SESSION = 5

# Brute-force lockout (django-axes): 5 failed attempts (password or code) per username + IP address
# lock that combination for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_SENSITIVE_PARAMETERS = ["otp_token"]
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
#: Behind a reverse proxy: the request header (as in request.META, e.g. HTTP_X_REAL_IP) the proxy sets
#: to the client's address. Empty: the direct peer (REMOTE_ADDR).
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", default="")

# Optional login through the municipality's identity provider (OpenID Connect, mozilla-django-oidc).
# Mail: Mijn Wijkteam's invitations and its notices "u hebt een nieuw bericht" (never with content). SMTP in
# production, set by the environment; in development and the demo the mails are printed in the server's log.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG or DEMO_ENABLED
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="Mijn Wijkteam <noreply@localhost>")

# Off unless OIDC_RP_CLIENT_ID is set; then the OIDC_OP_* endpoints are required too.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", default="")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", default="")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", default="")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", default="")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", default="")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", default="RS256")
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", default="openid email profile")
    missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if missing:
        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set, so these are needed too: {', '.join(missing)}")
    #: The claim that holds our username; the e-mail claim is tried when no user has that username.
    OIDC_USERNAME_CLAIM = env_str("OIDC_USERNAME_CLAIM", default="preferred_username")
    # Unknown people are never created: an account (with its role) is made by functioneel beheer first.
    OIDC_CREATE_USER = False
    OIDC_USE_PKCE = True
    LOGIN_REDIRECT_URL_FAILURE = "accounts:login"
    AUTHENTICATION_BACKENDS.append("accounts.oidc.StaffOIDCBackend")
#: true: a login through the identity provider counts as two-factor (the IdP enforces MFA), so our TOTP
#: step is skipped for it. false (default): our TOTP step follows the OIDC login as well.
OIDC_TRUSTS_IDP_MFA = env_bool("OIDC_TRUSTS_IDP_MFA", default=False)

# The cache holds rate-limit counters (reflection join codes). The database cache is shared by every
# worker process and host, so a limit cannot be bypassed by landing on another worker; its table is made by
# core/migrations (createcachetable). Per-process caches (locmem) would multiply every limit by the workers.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "owt_cache",
    }
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- The partner API (partnerapi/, docs/api.md, docs/adr/0021-partner-api.md) ----------------------------------
# Partner systems log in with an API key or an IdP token only (no sessions, so no CSRF to ride on); JSON in and
# out; every error an RFC 9457 problem; rate limits per partner (Partner.rate_limit_per_minute) in the cache above.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partnerapi.authentication.ApiKeyAuthentication",
        "partnerapi.oauth.IdpTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["partnerapi.permissions.IsPartner"],
    "DEFAULT_THROTTLE_CLASSES": ["partnerapi.throttling.PartnerRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "partnerapi.problems.exception_handler",
    "UNICODE_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Open Wijkteam partner-API",
    "DESCRIPTION": "Meldingen en vroegsignalen insturen en hun status lezen (docs/api.md).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # No Swagger UI or ReDoc: they load scripts from a CDN, which the CSP and the offline installation forbid.
}
# OAuth2 client credentials through the municipality's identity provider (partnerapi/oauth.py): off unless the
# issuer is set. The token's azp (or client_id) claim must be a partner's code; RS256/ES256/PS256 only.
PARTNER_API_IDP_ISSUER = env_str("PARTNER_API_IDP_ISSUER", default="")
PARTNER_API_IDP_JWKS_URL = env_str("PARTNER_API_IDP_JWKS_URL", default="")
PARTNER_API_IDP_AUDIENCE = env_str("PARTNER_API_IDP_AUDIENCE", default="")
if PARTNER_API_IDP_ISSUER and not PARTNER_API_IDP_JWKS_URL:
    raise ImproperlyConfigured("PARTNER_API_IDP_ISSUER needs PARTNER_API_IDP_JWKS_URL (the IdP's published keys).")
# --- end of the partner API ---------------------------------------------------------------------------------

# --- Logging (issue 11: the production process model) -------------------------------------------------
# One line per event on stderr. LOG_FORMAT=json (the default without DEBUG): one JSON object per line with
# timestamp, level, logger, message, request_id and user_id (a staff account's number, never a name; nothing
# about residents, core/log_context.py). LOG_FORMAT=text: readable lines for development.
LOG_FORMAT = env_str("LOG_FORMAT", default="text" if DEBUG else "json").strip().lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'text'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "core.log_context.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "core.log_context.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [request %(request_id)s user %(user_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_context"], "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="WARNING")},
}
# --- end of logging ---------------------------------------------------------------------------------------

# --- Background jobs (Celery; each app's jobs.py, the records in jobs/; docs/adr/0011-background-jobs.md) ----------
# With a broker (Redis in production, e.g. redis://127.0.0.1:6379/0) a worker runs the jobs and
# `celery -A config beat` starts the periodic ones. Without one (make run, the tests: the embedded mode) a job
# runs in-process, at once, when something calls it; its outcome is recorded all the same (jobs.JobRun), and
# nothing schedules it: use the management commands (berichten uitwisselen, bewaartermijnen) by hand.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# A failing job in the embedded mode must not break the page or command that started it: jobs.JobRun has it.
CELERY_TASK_EAGER_PROPAGATES = False
# The outcome is in jobs.JobRun; no result backend to run or clean up.
CELERY_TASK_IGNORE_RESULT = True
# A job is acknowledged when done, not when taken: a worker that dies mid-job leaves it for another.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# The LOGGING above decides how the worker logs, like the web processes.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
#: Keep stdout/stderr as they are: redirected, a traceback turns into many one-character warning lines.
CELERY_WORKER_REDIRECT_STDOUTS = False
CELERY_BEAT_SCHEDULER = "config.celery:Scheduler"
CELERY_BEAT_SCHEDULE_FILENAME = env_str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "var" / "celerybeat-schedule")
)
CELERY_BEAT_SCHEDULE = {
    "berichten-uitwisselen": {"task": "allocations.exchange_messages", "schedule": timedelta(minutes=5)},
    "vroegsignalen-inlezen": {"task": "vroegsignalering.import_drop_folder", "schedule": timedelta(minutes=5)},
    "toegangslog-verzegelen": {"task": "audit.seal_access_log", "schedule": timedelta(minutes=5)},
    "termijnen-bijwerken": {"task": "dossiers.refresh_deadline_states", "schedule": crontab(hour=2, minute=0)},
    "bewaartermijnen": {"task": "retention.report_past_retention", "schedule": crontab(hour=3, minute=0)},
    "vroegsignalen-opruimen": {
        "task": "vroegsignalering.remove_expired_signals",
        "schedule": crontab(hour=3, minute=15),
    },
    "partnermeldingen-opruimen": {"task": "partners.remove_expired_meldingen", "schedule": crontab(hour=3, minute=20)},
    "erop-af-opschonen": {"task": "outreach.clear_old_contacts", "schedule": crontab(hour=3, minute=25)},
    "idempotentie-opruimen": {"task": "partnerapi.clear_idempotency_records", "schedule": crontab(hour=3, minute=40)},
    "inzage-exports-opruimen": {"task": "audit.expire_inzage_exports", "schedule": crontab(hour=3, minute=30)},
    "taakuitvoeringen-opruimen": {"task": "jobs.prune_runs", "schedule": crontab(hour=4, minute=0)},
    "monitor-herberekenen": {"task": "monitor.rebuild_facts", "schedule": crontab(hour=4, minute=30)},
}
#: Records of successful runs are kept this many days; failed runs stay until removed in the database.
JOB_RUNS_KEEP_DAYS = env_int("JOB_RUNS_KEEP_DAYS", default=90)
# --- end of background jobs -------------------------------------------------------------------------------------
