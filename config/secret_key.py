"""Refuse to start with a SECRET_KEY that an attacker could guess.

The key signs sessions, CSRF tokens and password-reset links; a guessable key lets anyone forge a logged-in
session. Django itself only warns (``check --deploy``), so a short or example key would go live unnoticed.

The refusal runs where the application *starts*: ``manage.py`` (every command, from ``runserver`` and
``migrate`` to ``seed_demo``) and the WSGI entry point (``config/wsgi.py``). Tools that only import the settings,
such as pytest and mypy, do not start the application and keep working with their short throwaway keys.
With ``DEBUG`` on there is no real data, so any key (or the random one settings.py makes) is accepted.
"""

from django.core.exceptions import ImproperlyConfigured

MIN_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5
#: Django's generated development keys; a key with this prefix came from `startproject` and is in a repository.
INSECURE_PREFIX = "django-insecure-"
#: Keys that appear in this repository, its documentation or common examples: never secret.
KNOWN_VALUES = frozenset(
    {
        "test-only-not-secret",
        "bench-only-not-secret",
        "x",
        "secret",
        "changeme",
        "change-me",
        "...lang en willekeurig...",
    }
)


def weakness(key: str) -> str | None:
    """Why this key is not good enough for a running installation, or None when it is."""
    if not key:
        return "SECRET_KEY is empty"
    if key in KNOWN_VALUES:
        return "SECRET_KEY is a published example or test value"
    if key.startswith(INSECURE_PREFIX):
        return f"SECRET_KEY starts with '{INSECURE_PREFIX}' (a development key)"
    if len(key) < MIN_LENGTH:
        return f"SECRET_KEY is shorter than {MIN_LENGTH} characters"
    if len(set(key)) < MIN_UNIQUE_CHARACTERS:
        return f"SECRET_KEY has fewer than {MIN_UNIQUE_CHARACTERS} different characters"
    return None


def refuse_weak_secret_key() -> None:
    """Stop the process with a clear message when DEBUG is off and the configured key is weak."""
    from django.conf import settings

    if settings.DEBUG:
        return
    problem = weakness(settings.SECRET_KEY)
    if problem:
        raise ImproperlyConfigured(
            f"{problem}. With DEBUG off the application does not start with a weak key: set SECRET_KEY to at "
            f"least {MIN_LENGTH} random characters, for example the output of "
            '`python -c "import secrets; print(secrets.token_urlsafe(50))"`.'
        )
