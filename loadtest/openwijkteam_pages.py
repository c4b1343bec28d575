"""What the load test knows about Open Wijkteam without importing Django or Locust: URLs, demo logins, HTML.

Kept apart from locustfile.py because importing Locust patches the standard library (gevent); the tests
import this module directly and check it against the application (core/tests/test_bench_loadtest.py).
"""

import hashlib
import hmac
import re
import struct
import time

#: demo/logins.py: the password of every demo account and the seed of their TOTP keys (tests check both).
DEMO_PASSWORD = "Voorbeeldstad-2026!"  # noqa: S105 - the public password of the synthetic demo accounts
DEMO_TOTP_SEED = "open-wijkteam-demo-totp"
TOTP_STEP = 30
TOTP_DIGITS = 6

#: The URLs this test requests (tests check they resolve to the intended views).
PATHS = {
    "login": "/account/inloggen/",
    "second_factor": "/account/inloggen/code/",
    "werkvoorraad": "/dossiers/",
    "triage": "/dossiers/triage/",
    "search": "/dossiers/zoeken/",
    "dossier": "/dossiers/{pk}/",
    "household": "/dossiers/{pk}/onderdeel/huishouden/",
    "besluiten": "/besluiten/",
    "berichttaken": "/berichten/",
    "logboek": "/privacy/logboek/",
}

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DOSSIER_LINK = re.compile(r'href="/dossiers/(\d+)/"')
#: The members table of a dossier's household tab: name in the row header, then role, age, BSN and address cells.
MEMBER_ROW = re.compile(
    r'<th scope="row" class="utrecht-table__header-cell">([^<]+)</th>\s*'
    r'<td class="utrecht-table__cell">[^<]*</td>\s*<td class="utrecht-table__cell">\d+</td>\s*'
    r'<td class="utrecht-table__cell">(\d{9}|–)</td>\s*<td class="utrecht-table__cell">([^<]*)</td>'
)
POSTCODE_WITH_NUMBER = re.compile(r"\s(\d+)\S*\s(\d{4}[A-Z]{2})\b")


def totp_key(username: str) -> bytes:
    """The demo account's TOTP key, derived as demo.logins.demo_totp_key does."""
    return hashlib.sha1(f"{DEMO_TOTP_SEED}:{username}".encode(), usedforsecurity=False).digest()


def totp_code(key: bytes, step: int) -> str:
    """RFC 6238 (HMAC-SHA-1, 6 digits), what the authenticator app shows during ``step``."""
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**TOTP_DIGITS
    return f"{value:0{TOTP_DIGITS}d}"


def current_step() -> int:
    return int(time.time() // TOTP_STEP)


def harvest_members(html: str) -> list[dict[str, str]]:
    """Search terms a generalist could type, from the members table of a dossier they may open (its household tab)."""
    members = []
    for name, bsn, address in MEMBER_ROW.findall(html):
        found = POSTCODE_WITH_NUMBER.search(f" {address} ")
        members.append(
            {
                "surname": name.split()[-1] if name.split() else "",
                "bsn": bsn if bsn.isdigit() else "",
                "postcode": f"{found.group(2)} {found.group(1)}" if found else "",
            }
        )
    return members
