from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _

from deadlines.models import EquatedDay, EquatedDayDecree

# ModelAdmin and TabularInline are generic only in the type stubs; subscripting them at runtime fails.
if TYPE_CHECKING:
    _EquatedDayAdminBase = admin.ModelAdmin[EquatedDay]
    _DecreeAdminBase = admin.ModelAdmin[EquatedDayDecree]
    _EquatedDayInlineBase = admin.TabularInline[EquatedDay, EquatedDayDecree]
else:
    _EquatedDayAdminBase = admin.ModelAdmin
    _DecreeAdminBase = admin.ModelAdmin
    _EquatedDayInlineBase = admin.TabularInline


def _recompute(request: HttpRequest, years: Iterable[int], reason: str) -> None:
    """Recompute the open stored terms the change touches and tell the beheerder what moved.

    Stored terms live in ``dossiers``; they are computed again from their inputs (ADR 0009). Imported
    here, not at module level, so the calendar app does not load the dossier app at import time.
    """
    from dossiers.recompute import recompute_open_deadlines

    user = request.user if request.user.is_authenticated else None
    result = recompute_open_deadlines(years, reason, user)  # type: ignore[arg-type]
    if result.checked:
        _message(request, result.checked, result.moved, result.refused)


def _message(request: HttpRequest, checked: int, moved: int, refused: int) -> None:
    from django.contrib import messages

    text = _("%(checked)s open termijnen herberekend; %(moved)s met een andere uiterste datum.") % {
        "checked": checked,
        "moved": moved,
    }
    if refused:
        text += " " + _("%(refused)s termijnen konden niet worden herberekend; zie het logboek.") % {"refused": refused}
    messages.info(request, text)


def _decree_years(decree: EquatedDayDecree) -> set[int]:
    return set(range(decree.first_year, decree.last_year + 1))


def _decree_reason(decree: EquatedDayDecree, *, deleted: bool = False) -> str:
    if deleted:
        return _("verwijderen van Koninklijk Besluit %(reference)s") % {"reference": decree.reference}
    return _("Koninklijk Besluit %(reference)s") % {"reference": decree.reference}


class EquatedDayInline(_EquatedDayInlineBase):
    model = EquatedDay
    extra = 3


@admin.register(EquatedDayDecree)
class EquatedDayDecreeAdmin(_DecreeAdminBase):
    """A beheerder adds each new decree with its days in one form, as published in the Staatscourant."""

    list_display = ("reference", "first_year", "last_year", "title")
    search_fields = ("reference", "title")
    inlines = (EquatedDayInline,)

    # Each change recomputes the open stored terms of the years it covers, before and after the change
    # (dossiers.recompute). The admin runs a change or delete in one transaction; so does the recompute.

    def save_related(self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        decree = form.instance
        if change and not form.has_changed() and not any(formset.has_changed() for formset in formsets):
            return
        years = _decree_years(decree)
        first, last = form.initial.get("first_year"), form.initial.get("last_year")
        if change and first is not None and last is not None:
            years |= set(range(first, last + 1))
        _recompute(request, years, _decree_reason(decree))

    def delete_model(self, request: HttpRequest, obj: EquatedDayDecree) -> None:
        years, reason = _decree_years(obj), _decree_reason(obj, deleted=True)
        with transaction.atomic():
            super().delete_model(request, obj)
            _recompute(request, years, reason)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[EquatedDayDecree]) -> None:
        decrees = list(queryset)
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            for decree in decrees:
                _recompute(request, _decree_years(decree), _decree_reason(decree, deleted=True))


@admin.register(EquatedDay)
class EquatedDayAdmin(_EquatedDayAdminBase):
    list_display = ("date", "name", "decree")
    list_filter = ("decree",)
    search_fields = ("name",)
    date_hierarchy = "date"

    # A changed day changes its decree: the open stored terms of its year (old and new) are recomputed.

    def save_model(self, request: HttpRequest, obj: EquatedDay, form: ModelForm[Any], change: bool) -> None:
        before = EquatedDay.objects.filter(pk=obj.pk).values_list("date", flat=True).first() if change else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and not form.has_changed():
                return
            years = {obj.date.year} | ({before.year} if before is not None else set())
            _recompute(request, years, _decree_reason(obj.decree))

    def delete_model(self, request: HttpRequest, obj: EquatedDay) -> None:
        year, reason = obj.date.year, _decree_reason(obj.decree)
        with transaction.atomic():
            super().delete_model(request, obj)
            _recompute(request, {year}, reason)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[EquatedDay]) -> None:
        days = list(queryset.select_related("decree"))
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            for decree in {day.decree for day in days}:
                years = {day.date.year for day in days if day.decree_id == decree.pk}
                _recompute(request, years, _decree_reason(decree))
