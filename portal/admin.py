"""Legal representation in /beheer/: the functioneel beheerder records a parent with authority, a curator, a
mentor or a bewindvoerder, who then uses Mijn Wijkteam for the person (portal.principal, portal.minors).

Why this way:
- Residents are found by BSN, never picked from a list: the admin lists no residents.
- Only the legal kinds are recorded here. An invitation (a gemachtigde) is the resident's own: it is shown
  here read-only, and only the resident ends it (Mijn Wijkteam, "Wie mag meekijken").
- Nothing is deleted, and an ended representation is read-only: the history of who could look stays.
  Ending one is the action "Beëindigen", which sets ``revoked_at``/``revoked_by``.
- Every save and every ending is a line in the access log (basis: functioneel beheer), an event on the
  household's timeline, and an item on the privacy officer's review list: it lets someone into a household.
"""

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.services import is_account_admin
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from consent.minors import ADULT_AGE, OWN_CONSENT_AGE
from consent.models import ReviewItem, ReviewKind
from core.translations import in_record_language
from portal.invitations import add_to_timeline
from portal.models import LEGAL_KINDS, PortalScope, Representation, RepresentationKind, RepresentationSource
from residents.bsn import is_valid_bsn
from residents.models import Inwoner

OBJECT_TYPE = "vertegenwoordiging"
#: Fields a beheerder may still change on a recorded representation (the people and the kind stay).
CHANGEABLE_FIELDS = ("scopes", "child_agreed_on", "valid_until")


def _bsn_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        min_length=9,
        max_length=9,
        help_text=gettext_lazy("Negen cijfers; het nummer moet de elfproef doorstaan."),
    )


class RepresentationForm(forms.ModelForm):
    represented_bsn = _bsn_field(gettext_lazy("BSN van de inwoner (voor wie)"))
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("wat mag deze persoon zien"),
        choices=PortalScope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(PortalScope.values),
        help_text=gettext_lazy(
            "Bij een kind van 12 tot 16 ziet een ouder het onderzoek, de besluiten, de inzage en de download pas als "
            "het kind akkoord is. Vanaf 16 jaar ziet een ouder niets zonder akkoord van de jongere."
        ),
    )

    class Meta:
        model = Representation
        fields = (
            "kind",
            "representative_bsn",
            "representative_name",
            "scopes",
            "child_agreed_on",
            "valid_from",
            "valid_until",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields.pop("represented_bsn")
            for name in list(self.fields):
                if name not in CHANGEABLE_FIELDS:
                    self.fields[name].disabled = True
        else:
            kind_field = self.fields["kind"]
            assert isinstance(kind_field, forms.ChoiceField)
            kind_field.choices = [(value, label) for value, label in RepresentationKind.choices if value in LEGAL_KINDS]
        if "representative_bsn" in self.fields:
            self.fields["representative_bsn"].required = True
            self.fields["representative_bsn"].help_text = _("Negen cijfers; het nummer moet de elfproef doorstaan.")

    def clean_represented_bsn(self) -> Inwoner:
        bsn = str(self.cleaned_data.get("represented_bsn") or "").strip()
        if not is_valid_bsn(bsn):
            raise forms.ValidationError(_("Dit is geen geldig BSN (elfproef)."))
        person = Inwoner.objects.filter(bsn=bsn).first()
        if person is None:
            raise forms.ValidationError(_("Er is geen inwoner met dit BSN."))
        return person

    def clean_representative_bsn(self) -> str:
        bsn = str(self.cleaned_data.get("representative_bsn") or "").strip()
        if not is_valid_bsn(bsn):
            raise forms.ValidationError(_("Dit is geen geldig BSN (elfproef)."))
        return bsn

    def clean_kind(self) -> str:
        kind = str(self.cleaned_data.get("kind") or "")
        if not self.instance.pk and kind not in LEGAL_KINDS:
            raise forms.ValidationError(_("Een gemachtigde nodigt de inwoner zelf uit in Mijn Wijkteam."))
        return kind

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        person = cleaned.get("represented_bsn") if not self.instance.pk else self.instance.represented
        if not isinstance(person, Inwoner):
            return cleaned
        today = timezone.localdate()
        age = person.age_on(today)
        kind = cleaned.get("kind") or self.instance.kind
        if cleaned.get("representative_bsn") and cleaned["representative_bsn"] == person.bsn:
            self.add_error("representative_bsn", _("Iemand kan niet zijn eigen vertegenwoordiger zijn."))
        if kind == RepresentationKind.OUDER_MET_GEZAG and age >= ADULT_AGE:
            self.add_error("kind", _("Ouderlijk gezag eindigt als het kind 18 wordt."))
        agreed: date | None = cleaned.get("child_agreed_on")
        if agreed is not None:
            if kind != RepresentationKind.OUDER_MET_GEZAG or not OWN_CONSENT_AGE <= age < ADULT_AGE:
                self.add_error(
                    "child_agreed_on", _("Alleen voor een ouder met gezag van een kind van 12 tot en met 17 jaar.")
                )
            elif agreed > today:
                self.add_error("child_agreed_on", _("Deze datum ligt in de toekomst."))
        valid_from, valid_until = cleaned.get("valid_from"), cleaned.get("valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error("valid_until", _("Deze datum ligt voor de begindatum."))
        return cleaned


@admin.register(Representation)
class RepresentationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = RepresentationForm
    # Never the represented resident (their name, or a link to them): the beheerder records a legal representation
    # by BSN and sees only what they recorded, not whom residents invited (core/tests/test_admin_matrix.py).
    list_display = ("representative_name", "kind", "source", "valid_from", "valid_until", "ended")
    list_filter = ("kind", "source")
    search_fields = ("representative_name",)
    search_help_text = gettext_lazy("Zoek op de naam van de vertegenwoordiger.")
    actions = ("end_selected",)
    readonly_history = (
        "source",
        "invited_email",
        "accepted_at",
        "revoked_at",
        "revoked_by",
        "created_at",
        "recorded_by",
    )

    @admin.display(description=gettext_lazy("beëindigd op"))
    def ended(self, obj: Representation) -> str:
        return timezone.localtime(obj.revoked_at).strftime("%d-%m-%Y") if obj.revoked_at else "–"

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("represented_bsn", *RepresentationForm.Meta.fields)
        return (*RepresentationForm.Meta.fields, *self.readonly_history)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return self.readonly_history

    def get_queryset(self, request: HttpRequest) -> QuerySet[Representation]:
        return (
            super().get_queryset(request).filter(source=RepresentationSource.REGISTRATIE).order_by("-created_at", "-pk")
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_account_admin(request.user)  # type: ignore[arg-type]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_account_admin(request.user)  # type: ignore[arg-type]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_account_admin(request.user)  # type: ignore[arg-type]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """An invitation is the resident's, an ended representation history: both read-only."""
        if not is_account_admin(request.user):  # type: ignore[arg-type]
            return False
        return obj is None or (obj.source == RepresentationSource.REGISTRATIE and obj.revoked_at is None)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> Any:
        found = super().get_actions(request)
        found.pop("delete_selected", None)
        return found

    def save_model(self, request: HttpRequest, obj: Representation, form: forms.ModelForm, change: bool) -> None:
        actor: User = request.user  # type: ignore[assignment]
        with transaction.atomic():
            if not change:
                obj.represented = form.cleaned_data["represented_bsn"]
                obj.source = RepresentationSource.REGISTRATIE
                obj.recorded_by = actor
                obj.accepted_at = None
            super().save_model(request, obj, form, change)
            changed = sorted(name for name in form.changed_data if name != "represented_bsn")
            with in_record_language():
                if change:
                    summary = _("Vertegenwoordiging %(what)s gewijzigd door %(actor)s: %(fields)s") % {
                        "what": obj,
                        "actor": actor,
                        "fields": ", ".join(changed) or "-",
                    }
                else:
                    summary = _("Vertegenwoordiging %(what)s vastgelegd door %(actor)s") % {"what": obj, "actor": actor}
            self._record(request, actor, obj, AccessAction.UPDATE if change else AccessAction.CREATE, summary)

    @admin.action(description=gettext_lazy("Beëindigen (de persoon kan meteen niet meer meekijken)"))
    def end_selected(self, request: HttpRequest, queryset: QuerySet[Representation]) -> None:
        actor: User = request.user  # type: ignore[assignment]
        ended = 0
        for obj in queryset.select_related("represented"):
            if obj.source != RepresentationSource.REGISTRATIE or obj.revoked_at is not None:
                continue
            with transaction.atomic():
                row = Representation.objects.select_for_update().get(pk=obj.pk)
                if row.revoked_at is not None:
                    continue
                row.revoked_at = timezone.now()
                row.revoked_by = actor.get_full_name() or actor.get_username()
                row.save(update_fields=["revoked_at", "revoked_by"])
                with in_record_language():
                    summary = _("Vertegenwoordiging %(what)s beëindigd door %(actor)s") % {"what": obj, "actor": actor}
                self._record(request, actor, obj, AccessAction.UPDATE, summary)
            ended += 1
        messages.success(request, _("%(count)d vertegenwoordiging(en) beëindigd.") % {"count": ended})
        if ended < queryset.count():
            messages.warning(
                request,
                _("Uitnodigingen en wat al beëindigd was, zijn overgeslagen. Een uitnodiging stopt de inwoner zelf."),
            )

    @staticmethod
    def _record(request: HttpRequest, actor: User, obj: Representation, action: str, summary: str) -> None:
        """Access log (no BSN), the household's timeline, the privacy officer's review list."""
        log_access(
            request,
            action=action,
            basis=AccessBasis.BEHEER,
            object_type=OBJECT_TYPE,
            object_id=obj.pk,
            detail=(
                f"vertegenwoordiging {obj.pk} ({obj.kind}) voor inwoner {obj.represented_id}; "
                f"onderdelen {','.join(obj.scopes)}; {'beëindigd' if obj.revoked_at else 'actief'}"
            ),
        )
        add_to_timeline(obj.represented, summary, actor=actor, vertegenwoordiging=obj.pk)
        ReviewItem.objects.create(kind=ReviewKind.ACCOUNT, actor=actor, summary=summary[:300])
