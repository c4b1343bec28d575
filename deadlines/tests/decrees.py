"""The Royal Decrees known today (Atw art. 3 lid 3), for the pure-Python tests.

The application reads them from the database (migration ``deadlines.0003_known_decrees``);
``test_equated_days_db`` checks that both lists say the same.
"""

from datetime import date

from deadlines.atw import AtwCalendar, Decree

DECREE_2023_2025 = Decree(
    reference="KB gelijkstelling 2023–2025",
    first_year=2023,
    last_year=2025,
    days={
        date(2023, 4, 28): "Vrijdag na Koningsdag",
        date(2023, 5, 19): "Vrijdag na Hemelvaartsdag",
        date(2024, 5, 10): "Vrijdag na Hemelvaartsdag",
        date(2024, 12, 27): "Vrijdag na Tweede Kerstdag",
        date(2025, 5, 30): "Vrijdag na Hemelvaartsdag",
    },
)
DECREE_2026_2028 = Decree(
    reference="Stcrt. 2025, 24713",
    first_year=2026,
    last_year=2028,
    days={
        date(2026, 1, 2): "Vrijdag na Nieuwjaarsdag",
        date(2026, 5, 15): "Vrijdag na Hemelvaartsdag",
        date(2027, 5, 7): "Vrijdag na Hemelvaartsdag",
        date(2028, 4, 28): "Vrijdag na Koningsdag",
        date(2028, 5, 26): "Vrijdag na Hemelvaartsdag",
    },
)
KNOWN_DECREES = (DECREE_2023_2025, DECREE_2026_2028)


def known_calendar() -> AtwCalendar:
    return AtwCalendar(decrees=KNOWN_DECREES)


def calendar_with(days: dict[date, str], year: int = 2026) -> AtwCalendar:
    """A calendar whose only decree covers ``year`` and equates exactly ``days``."""
    return AtwCalendar(decrees=[Decree(reference="Testbesluit", first_year=year, last_year=year, days=days)])
