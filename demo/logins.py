"""The fixed demo accounts: one per role, printable by ``manage.py demo_logins``."""

from dataclasses import dataclass

from accounts.models import Role

#: One password for every demo account; passes the validators (length 12, not common, not numeric).
DEMO_PASSWORD = "Voorbeeldstad-2026!"


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
        "Ziet geen persoonsgegevens: dossierschermen geven een weigering (de monitor volgt later).",
    ),
    DemoLogin(
        "beheer",
        Role.FUNCTIONEEL_BEHEERDER,
        "Ingrid",
        "Visser",
        None,
        "Beheer op /beheer/: teams, medewerkers, instrumenten en gelijkgestelde dagen.",
    ),
)
