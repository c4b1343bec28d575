"""Accounts in the admin (/beheer/), where a functioneel beheerder manages colleagues without seeing residents.

Why so restricted: whoever can hand out roles, teams, passwords or authenticator apps can give themselves
(or a second account of theirs) access to every household. So a functioneel beheerder (not a superuser):
- never changes superuser, staff, groups or permissions, nor any superuser's account or their own;
- never sets a password (only a superuser does; who did is remembered, and that person cannot also
  issue the koppelcode for the second factor);
- replaces a lost authenticator app only by issuing a koppelcode for the colleague (accounts.services);
- changes a role, username or e-mail address only through a second person (AccountChangeRequest).
Every change is logged and put on the privacy officer's review list by accounts.services.
"""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import services
from accounts.models import AccountChangeRequest, EnrolmentCode, User
from audit.services import log_denied

#: Shown, never editable, to a functioneel beheerder.
SECURITY_FIELDS = ("is_staff", "is_superuser", "groups", "is_synthetic", "password_set_by", "last_login", "date_joined")


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@admin.register(User)
class MedewerkerAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "first_name", "last_name")
    superuser_fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (gettext_lazy("Rol"), {"fields": ("role", "organisation", "is_synthetic", "password_set_by")}),
    )
    beheer_fieldsets = (
        (None, {"fields": ("username",)}),
        (gettext_lazy("Persoonlijke gegevens"), {"fields": ("first_name", "last_name", "email")}),
        (
            gettext_lazy("Rol en status"),
            {
                "fields": ("role", "organisation", "is_active"),
                "description": gettext_lazy(
                    "Een nieuwe rol, gebruikersnaam of e-mailadres gaat pas in als een tweede beheerder (of een "
                    "superuser) de wijziging goedkeurt onder 'Wijzigingen ter goedkeuring'."
                ),
            },
        ),
        (
            gettext_lazy("Beveiliging (alleen een superuser wijzigt dit)"),
            {"fields": SECURITY_FIELDS},
        ),
    )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return super().get_fieldsets(request, obj)  # the add form: username and password
        return self.superuser_fieldsets if _actor(request).is_superuser else self.beheer_fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if _actor(request).is_superuser:
            return ("password_set_by",)
        return SECURITY_FIELDS

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or _actor(request).is_superuser:
            return allowed
        # Their own account and a superuser's are read-only for a functioneel beheerder.
        return bool(obj.pk != request.user.pk and not obj.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Accounts are deactivated, not deleted: their history in logs and dossiers stays readable."""
        return bool(_actor(request).is_superuser and super().has_delete_permission(request, obj))

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        actor = _actor(request)
        if not change:
            super().save_model(request, obj, form, change)
            services.record_account_changes(request, actor=actor, user=obj, before={}, created=True)
            if obj.has_usable_password():
                services.record_password_set(request, user=obj, by=actor)
            return
        original = User.objects.get(pk=obj.pk)
        fields = (*services.FOUR_EYES_FIELDS, *services.REVIEWED_FIELDS)
        before = {field: getattr(original, field) for field in fields}
        wanted = {
            field: getattr(obj, field)
            for field in services.FOUR_EYES_FIELDS
            if field in form.changed_data and getattr(obj, field) != before[field]
        }
        if wanted and services.needs_second_person(actor):
            for field in wanted:
                setattr(obj, field, before[field])
            change_request = services.request_change(request, actor=actor, user=obj, changes=wanted)
            messages.warning(
                request,
                _("Deze wijziging wacht op goedkeuring door een tweede persoon: %(what)s")
                % {"what": change_request.describe()},
            )
        super().save_model(request, obj, form, change)
        services.record_account_changes(request, actor=actor, user=obj, before=before)

    # --- Passwords: only a superuser sets one -------------------------------------------------------

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        actor = _actor(request)
        if not actor.is_superuser:
            log_denied(request, object_type="wachtwoord", object_id=unquote(id), detail="admin password form")
            raise PermissionDenied
        response: HttpResponse = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=unquote(id))
            if user.pk != actor.pk:
                services.record_password_set(request, user=user, by=actor)
        return response

    # --- Koppelcode: a new authenticator app, never trust on first use -----------------------------

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "<id>/koppelcode/",
                self.admin_site.admin_view(self.enrolment_code_view),
                name="accounts_user_enrolment_code",
            )
        ]
        return extra + super().get_urls()  # type: ignore[operator]

    def enrolment_code_view(self, request: HttpRequest, id: str) -> HttpResponseBase:
        """Confirm, then show a new koppelcode once. The code is never stored in plain text or shown again."""
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        actor = _actor(request)
        if not self.has_change_permission(request, user):
            log_denied(request, object_type="koppelcode", object_id=user.pk)
            raise PermissionDenied
        refusal = services.may_issue_enrolment_code(user, actor)
        code = None
        if request.method == "POST" and refusal is None:
            try:
                code = services.issue_enrolment_code(request, user=user, by=actor)
            except ValidationError as error:
                refusal = " ".join(error.messages)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": user,
            "title": _("Koppelcode uitgeven voor %(user)s") % {"user": user},
            "refusal": refusal,
            "code": code,
            "hours": services.enrolment_code_hours(),
        }
        response = TemplateResponse(request, "admin/accounts/user/enrolment_code.html", context)
        add_never_cache_headers(response)
        return response


@admin.register(AccountChangeRequest)
class AccountChangeRequestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The four-eyes list: another beheerder or a superuser approves or rejects."""

    list_display = ("describe", "status", "requested_by", "requested_at", "decided_by", "decided_at")
    list_filter = ("status",)
    actions = ["approve_selected", "reject_selected"]
    readonly_fields = (
        "user",
        "changes",
        "team",
        "membership",
        "requested_by",
        "requested_at",
        "status",
        "decided_by",
        "decided_at",
    )

    @admin.display(description=gettext_lazy("wijziging"))
    def describe(self, obj: AccountChangeRequest) -> str:
        return obj.describe()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _decide(self, request: HttpRequest, queryset: "QuerySet[AccountChangeRequest]", approve: bool) -> None:
        for change in queryset:
            try:
                if approve:
                    services.approve(request, change, by=_actor(request))
                else:
                    services.reject(request, change, by=_actor(request))
            except ValidationError as error:
                self.message_user(request, f"{change.describe()}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done = _("goedgekeurd") if approve else _("afgewezen")
                self.message_user(request, f"{change.describe()}: {done}", messages.SUCCESS)

    @admin.action(description=gettext_lazy("Goedkeuren (u bent de tweede persoon)"), permissions=["change"])
    def approve_selected(self, request: HttpRequest, queryset: "QuerySet[AccountChangeRequest]") -> None:
        self._decide(request, queryset, approve=True)

    @admin.action(description=gettext_lazy("Afwijzen"), permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: "QuerySet[AccountChangeRequest]") -> None:
        self._decide(request, queryset, approve=False)


@admin.register(EnrolmentCode)
class EnrolmentCodeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Which koppelcodes were issued, by whom, and whether they were used. Only a hash is stored."""

    list_display = ("user", "issued_by", "issued_at", "expires_at", "used_at", "revoked_at")
    fields = ("user", "issued_by", "issued_at", "expires_at", "used_at", "revoked_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
