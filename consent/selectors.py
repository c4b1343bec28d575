"""Read queries for consultations, consents and review items, always scoped to what the user may see."""

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Role, User
from consent.models import BreakGlass, Consent, Consultation, ReviewItem, active_q
from dossiers.models import Dossier
from dossiers.selectors import active_team_ids, with_staff_name


def consultations_of(dossier: Dossier) -> list[Consultation]:
    """Who looks (or looked) along, newest first, in one query, with the specialist's name and the consent.

    Only the columns the dossier page shows are read of the specialist (not the whole account row).
    """
    return list(
        Consultation.objects.filter(dossier=dossier)
        .select_related("specialist", "consent")
        .only(*with_staff_name(Consultation, "specialist"), "consent__recipient", "consent__purpose")
        .order_by("-starts_at", "-pk")
    )


def break_glass_of(dossier: Dossier) -> list[BreakGlass]:
    """Emergency accesses to the dossier, newest first, with the name of who used it (one query)."""
    return list(
        BreakGlass.objects.filter(dossier=dossier)
        .select_related("user")
        .only(*with_staff_name(BreakGlass, "user"))
        .order_by("-started_at", "-pk")
    )


def consent_count(dossier: Dossier) -> int:
    """How many consents the register holds: the dossier page links to it with this number."""
    return Consent.objects.filter(dossier=dossier).count()


def consents_of(dossier: Dossier) -> list[Consent]:
    """The register, each consent with `missing_today`: what it lacks to be a ground today (a child grew older)."""
    consents = list(
        Consent.objects.filter(dossier=dossier)
        .select_related("inwoner", "recorded_by", "withdrawn_by")
        .order_by("inwoner__pk", "-given_on", "-pk")
    )
    today = timezone.localdate()
    for consent in consents:
        consent.missing_today = consent.missing_on(today) if consent.is_given else None  # type: ignore[attr-defined]
    return consents


def my_consultations(user: User) -> QuerySet[Consultation]:
    """The consultations a specialist (or a consulted colleague) works in right now."""
    return (
        Consultation.objects.filter(active_q(), specialist=user)
        .select_related("dossier", "invited_by")
        .order_by("ends_at", "pk")
    )


def review_items_for(user: User) -> QuerySet[ReviewItem]:
    """The privacy officer sees every item; a teamleider the items of their own teams."""
    items = ReviewItem.objects.select_related("actor", "team", "reviewed_by", "break_glass", "dossier")
    if user.role == Role.PRIVACY_OFFICER:
        return items
    if user.role == Role.TEAMLEIDER:
        return items.filter(team_id__in=active_team_ids(user))
    return items.none()


def open_review_count(user: User) -> int:
    return review_items_for(user).filter(reviewed_at__isnull=True).count()


def active_break_glass(user: User, dossier: Dossier) -> BreakGlass | None:
    now = timezone.now()
    return (
        BreakGlass.objects.filter(user=user, dossier=dossier, started_at__lte=now, expires_at__gt=now)
        .order_by("-expires_at")
        .first()
    )
