"""The fixed demo accounts: one per role, printable by ``manage.py demo_logins``."""

import hashlib
from base64 import b32encode
from dataclasses import dataclass

from accounts.models import Role

#: One password for every demo account; passes the validators (length 12, not common, not numeric).
DEMO_PASSWORD = "Voorbeeldstad-2026!"


#: Prefix of the demo TOTP keys. Synthetic and public on purpose: anyone with the demo can compute the codes.
DEMO_TOTP_SEED = "open-wijkteam-demo-totp"


def demo_totp_key(username: str) -> bytes:
    """The fixed TOTP key of a demo account: SHA-1 of "open-wijkteam-demo-totp:<username>" (20 bytes).

    Documented so the demo stays usable: `manage.py demo_logins` prints the secret (base32) and the current
    code. Only demo accounts (User.is_synthetic) get such a key; real accounts enrol with a random one.
    """
    return hashlib.sha1(f"{DEMO_TOTP_SEED}:{username}".encode(), usedforsecurity=False).digest()


def demo_totp_secret(username: str) -> str:
    """The same key as an authenticator app wants it typed in (base32)."""
    return b32encode(demo_totp_key(username)).decode("ascii").rstrip("=")


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    first_name: str
    last_name: str
    #: Index of the team the account works in (0 = the first team), None for staff outside a team.
    team: int | None
    try_this: str


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        "generalist",
        Role.GENERALIST,
        "Sanne",
        "de Vries",
        0,
        "Werkvoorraad: eigen dossiers (ook verlopen termijnen) en nieuwe meldingen van het team.",
    ),
    DemoLogin(
        "generalist2",
        Role.GENERALIST,
        "Mohamed",
        "El Amrani",
        0,
        "Zelfde team: ziet de triage van het team, maar niet de dossiers van Sanne.",
    ),
    DemoLogin(
        "generalist_noord",
        Role.GENERALIST,
        "Lotte",
        "Bakker",
        1,
        "Ander team: ziet geen enkel dossier van het eerste team (need-to-know).",
    ),
    DemoLogin(
        "teamleider",
        Role.TEAMLEIDER,
        "Kees",
        "Jansen",
        0,
        "Alle dossiers van het eigen team (schakelaar in de werkvoorraad) en de triage van het team.",
    ),
    DemoLogin(
        "consulent",
        Role.CONSULENT,
        "Priya",
        "Ramdin",
        0,
        "Dossiers waarin de consulent is betrokken; beslist op aanvragen (mandaat Wmo tot € 25.000) onder Besluiten.",
    ),
    DemoLogin(
        "beleid",
        Role.BELEIDSMEDEWERKER,
        "Ahmet",
        "Yilmaz",
        None,
        "Reflectiesessies met het eerste team (scan en vervolgscan) met hun rapport; ziet geen persoonsgegevens.",
    ),
    DemoLogin(
        "beheer",
        Role.FUNCTIONEEL_BEHEERDER,
        "Ingrid",
        "Visser",
        None,
        "Beheer op /beheer/: teams, medewerkers, voorzieningen, mandaten, bewaartermijnen; berichtenuitwisseling.",
    ),
    DemoLogin(
        "privacy",
        Role.PRIVACY_OFFICER,
        "Sofie",
        "de Groot",
        None,
        "Toegangslog doorzoeken per persoon, inzage-export (AVG art. 15), reviewlijst en bewaartermijnen; geen dossierinhoud.",
    ),
    DemoLogin(
        "specialist",
        Role.SPECIALIST,
        "Ruben",
        "Hoekstra",
        None,
        "GGZ-specialist: kijkt mee in onderzoek en plan van een dossier van Sanne (met toestemming), verder niets.",
    ),
)
