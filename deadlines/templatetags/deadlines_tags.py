"""``{% provisional_note start due %}``: say next to a stored date that it is provisional, and why.

A view that already loaded the calendar passes it as ``atw_calendar`` so the page reads it once.

Computed on display, not stored: whether a date depends on a year without a known Royal
Decree (Atw art. 3 lid 3) changes the moment a beheerder adds the decree, and every screen
should then stop calling it provisional without a migration of stored rows.
"""

from datetime import date

from django import template
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from deadlines.atw import ATW_ART_3_LID_3, AtwCalendar
from deadlines.calendar_source import current_calendar

register = template.Library()

_CALENDAR_KEY = "deadlines.atw_calendar"


def _calendar(context: Context) -> AtwCalendar:
    """One calendar per page render, however many dates the page shows; the view's own when it passes one."""
    given = context.get("atw_calendar")
    if isinstance(given, AtwCalendar):
        return given
    cached = context.render_context.get(_CALENDAR_KEY)
    if cached is None:
        cached = current_calendar()
        context.render_context[_CALENDAR_KEY] = cached
    return cached  # type: ignore[no-any-return]


@register.simple_tag(takes_context=True)
def provisional_note(context: Context, counted_from: date | None, due: date | None) -> SafeString | str:
    if counted_from is None or due is None:
        return ""
    calendar = _calendar(context)
    # The same words as AtwCalendar.provisional_reason (kept in Dutch there, as the rules stay free of Django),
    # here in the language of the screen.
    open_years = calendar.undecreed_years(counted_from, due)
    if not open_years:
        return ""
    if calendar.awaits_next_decree(open_years):
        text = _("gelijkgestelde dagen voor %(years)s nog niet vastgesteld bij Koninklijk Besluit (%(basis)s)")
    else:
        text = _("gelijkgestelde dagen voor %(years)s niet bekend uit een Koninklijk Besluit (%(basis)s)")
    reason = text % {"years": _(" en ").join(str(year) for year in open_years), "basis": ATW_ART_3_LID_3}
    return format_html(
        '<br><span class="utrecht-badge-status state-provisional">{}</span> <span class="app-muted">{}</span>',
        _("voorlopig"),
        reason,
    )
