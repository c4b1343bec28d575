from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts import services as account_services
from accounts.models import User
from core.translations import in_record_language
from organisation.models import Buurt, Gemeente, Team, TeamMembership, Wijk


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ("name", "cbs_code")


@admin.register(Wijk)
class WijkAdmin(admin.ModelAdmin):
    list_display = ("name", "cbs_code", "gemeente")
    list_filter = ("gemeente",)


@admin.register(Buurt)
class BuurtAdmin(admin.ModelAdmin):
    list_display = ("name", "cbs_code", "wijk", "inhabitants")
    list_filter = ("wijk",)
    list_select_related = ("wijk",)


#: Fields of an existing membership that only a superuser changes: they decide who sees which households.
WIDENING_FIELDS = ("user", "is_leader", "start")


class TeamMembershipForm(forms.ModelForm):
    """A membership row in the team admin, knowing who edits it.

    Why: a membership gives access to the team's households. A functioneel beheerder may end one (or
    change fte and home organisation) at once, but a new membership, a leader flag, an earlier start or a
    later or removed end widens access and goes through a second person; their own rows they cannot touch.
    """

    actor: ClassVar[User | None] = None

    class Meta:
        model = TeamMembership
        fields = ("user", "fte", "home_organisation", "is_leader", "start", "end")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self._actor_is_superuser():
            for name in WIDENING_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True

    def _actor_is_superuser(self) -> bool:
        return self.actor is None or self.actor.is_superuser

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if self._actor_is_superuser():
            return cleaned
        assert self.actor is not None
        user = cleaned.get("user") if not self.instance.pk else self.instance.user
        touched = self.has_changed() or cleaned.get("DELETE")
        if user is not None and user.pk == self.actor.pk and touched:
            raise forms.ValidationError(_("Uw eigen teamlidmaatschap wijzigt een andere beheerder."))
        if self.instance.pk and "end" in self.changed_data and not cleaned.get("DELETE"):
            old, new = self.instance.end, cleaned.get("end")
            if old is not None and (new is None or new > old):
                raise forms.ValidationError(
                    {
                        "end": _(
                            "Een einddatum weghalen of later zetten geeft weer toegang. Voeg een nieuw "
                            "lidmaatschap toe; dat gaat na goedkeuring door een tweede persoon in."
                        )
                    }
                )
        return cleaned


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    form = TeamMembershipForm
    extra = 0
    autocomplete_fields = ("user",)

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        kwargs["form"] = type("TeamMembershipFormFor", (TeamMembershipForm,), {"actor": request.user})
        return super().get_formset(request, obj, **kwargs)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "gemeente")
    list_filter = ("kind",)
    filter_horizontal = ("wijken",)
    inlines = [TeamMembershipInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Memberships go through accounts.services: logged, reviewed, and new ones four-eyes."""
        if formset.model is not TeamMembership:
            super().save_formset(request, form, formset, change)
            return
        actor: User = request.user  # type: ignore[assignment]
        formset.save(commit=False)
        for membership in formset.deleted_objects:
            with in_record_language():  # part of the stored audit summary
                what = _("verwijderd")
            account_services.record_membership_change(request, actor=actor, membership=membership, what=what)
            membership.delete()
        for membership, fields in formset.changed_objects:
            membership.save()
            with in_record_language():
                what = _("gewijzigd (%(fields)s)") % {"fields": ", ".join(fields)}
            account_services.record_membership_change(request, actor=actor, membership=membership, what=what)
        for membership in formset.new_objects:
            if account_services.needs_second_person(actor):
                pending = account_services.request_change(
                    request,
                    actor=actor,
                    user=membership.user,
                    team=membership.team,
                    membership=account_services.membership_data(membership),
                )
                messages.warning(
                    request,
                    _("Wacht op goedkeuring door een tweede persoon: %(what)s") % {"what": pending.describe()},
                )
            else:
                membership.save()
                with in_record_language():
                    what = _("toegevoegd")
                account_services.record_membership_change(request, actor=actor, membership=membership, what=what)
        formset.save_m2m()
