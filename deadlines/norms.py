"""Municipal service norms (werknormen): terms no law sets, with the length this installation chose.

A norm is a `LegalTerm` with ``statutory=False`` in ``deadlines.terms``; its length comes from the
settings ``NORM_JEUGD_ONDERZOEK_WEKEN`` and ``NORM_CONTACT_DAGEN``, so a municipality sets its own
norm without a code change. Legal terms are returned as they are: their length is the law's.
"""

from dataclasses import replace

from django.conf import settings

from deadlines.terms import NORM_CONTACT, NORM_JEUGD_ONDERZOEK, LegalTerm, get_term


def _norm_basis(term: LegalTerm) -> str:
    return f"{term.basis}; norm: {term.duration_label}"


def effective_term(code: str) -> LegalTerm:
    """The term to compute a deadline with: the law's term, or the norm with the configured length."""
    term = get_term(code)
    if code == NORM_JEUGD_ONDERZOEK.code:
        term = replace(term, weeks=settings.NORM_JEUGD_ONDERZOEK_WEKEN, days=0)
    elif code == NORM_CONTACT.code:
        term = replace(term, weeks=0, days=settings.NORM_CONTACT_DAGEN)
    if not term.statutory:
        term = replace(term, basis=_norm_basis(term))
    return term


def is_service_norm(code: str) -> bool:
    """True for a werknorm; unknown codes are not norms."""
    try:
        return not get_term(code).statutory
    except ValueError:
        return False
