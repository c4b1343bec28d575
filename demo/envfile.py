"""The `.env` that `make run` writes once: the demo served as production serves it, on this machine only.

Why a file: `make run` is one command, and the `python manage.py ...` commands in the README must work
after it without typing variables. Why these values: DEBUG off shows the Dutch error pages instead of
Django's debug page (which lists every URL) and serves the fingerprinted static files through WhiteNoise,
as in production; DEMO_ENABLED keeps the demo accounts usable. The SECRET_KEY is generated here and never
committed (`.env` is git- and docker-ignored). config/env.py reads the file and never lets it override the
real environment.

    python -m demo.envfile .env      # writes the file unless it exists
"""

import secrets
import sys
from pathlib import Path

#: The public audit chain key the demo is seeded with (config/settings.py uses it too when DEBUG is on), so
#: the demo's access log verifies whichever way it was started. Demo only: it is published.
DEMO_AUDIT_CHAIN_KEY = "development-only-audit-chain-key-not-secret"

#: What `make run` serves with, besides the generated SECRET_KEY.
DEMO_RUN_ENV: dict[str, str] = {
    "DEBUG": "false",
    "DEMO_ENABLED": "true",
    "AUDIT_CHAIN_KEY": DEMO_AUDIT_CHAIN_KEY,
    # Readable lines in the terminal of `make run`; production logs JSON.
    "LOG_FORMAT": "text",
}

HEADER = """\
# Written by `make run` (demo/envfile.py) for the demo on THIS MACHINE ONLY: never commit it, never use it in
# production. The real environment always wins over these lines. Remove the file (or `make clean`) to start over.
"""


def render() -> str:
    lines = [f"{key}={value}" for key, value in DEMO_RUN_ENV.items()]
    lines.append(f"SECRET_KEY={secrets.token_urlsafe(50)}")
    return HEADER + "\n".join(lines) + "\n"


def write(path: Path) -> bool:
    """Write the file when it is absent; an existing one (and its SECRET_KEY, so sessions survive) is kept."""
    if path.exists():
        return False
    path.touch(mode=0o600)
    path.write_text(render(), encoding="utf-8")
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".env")
    if write(target):
        print(f"{target} geschreven: de demo draait zoals in productie (DEBUG uit), met een eigen SECRET_KEY.")
