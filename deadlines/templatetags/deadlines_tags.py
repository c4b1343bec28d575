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

from deadlines.atw import AtwCalendar
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
    reason = _calendar(context).provisional_reason(counted_from, due)
    if not reason:
        return ""
    return format_html(
        '<br><span class="utrecht-badge-status state-provisional">{}</span> <span class="app-muted">{}</span>',
        _("voorlopig"),
        reason,
    )
