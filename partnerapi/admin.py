"""API keys in /beheer/ for the functioneel beheerder: issue, rotate, revoke. The secret is shown once.

The full key exists only in the response that shows it: it is not stored (only its hash), not put in a message
(messages live in the session store) and not logged. A lost key is not recovered but replaced (rotation): the
old key keeps working until the beheerder revokes it, so the partner can switch without an outage.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from partnerapi import services
from partnerapi.models import ApiKey


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("partner", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at", "is_valid")
    list_filter = ("partner",)
    search_fields = ("prefix", "partner__name", "partner__code", "name")
    readonly_fields = ("prefix", "created_at", "created_by", "revoked_at", "last_used_at", "replaces")
    actions = ("rotate", "revoke")
    fields = ("partner", "name", "expires_at", "prefix", "created_at", "created_by", "revoked_at", "last_used_at")

    @admin.display(boolean=True, description=gettext_lazy("geldig"))
    def is_valid(self, key: ApiKey) -> bool:
        return key.is_valid_at(timezone.now())

    def get_readonly_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> Any:
        if obj is not None:
            # The partner of a key never changes: a key for another partner is a new key.
            return (*self.readonly_fields, "partner")
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: ApiKey | None = None) -> bool:
        return False  # revoke instead: the access log keeps naming the key's prefix

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        issued = services.issue_key(
            obj.partner, actor=_actor(request), name=obj.name, expires_at=obj.expires_at, request=request
        )
        obj.pk = issued.key.pk
        obj.prefix = issued.key.prefix
        obj.created_at = issued.key.created_at
        request._partnerapi_issued = issued  # type: ignore[attr-defined]

    def response_add(self, request: HttpRequest, obj: ApiKey, post_url_continue: str | None = None) -> HttpResponse:
        issued = getattr(request, "_partnerapi_issued", None)
        if issued is None:  # pragma: no cover - save_model always sets it
            return super().response_add(request, obj, post_url_continue)
        return self._show_once(request, [issued])

    @admin.action(description=gettext_lazy("Nieuwe sleutel maken (roteren); de oude blijft geldig tot intrekken"))
    def rotate(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> HttpResponse | None:
        usable = [key for key in queryset.select_related("partner") if key.revoked_at is None]
        if not usable:
            self.message_user(request, _("Een ingetrokken sleutel kan niet worden vervangen."), messages.ERROR)
            return None
        issued = [services.rotate_key(key, actor=_actor(request), request=request) for key in usable]
        return self._show_once(request, issued)

    @admin.action(description=gettext_lazy("Sleutels intrekken (werkt direct)"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for key in queryset.select_related("partner"):
            services.revoke_key(key, actor=_actor(request), request=request)
        self.message_user(request, _("De sleutels zijn ingetrokken."), messages.SUCCESS)

    def _show_once(self, request: HttpRequest, issued: list[services.IssuedKey]) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": _("Nieuwe API-sleutel"),
            "issued": issued,
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "partnerapi/admin/key_issued.html", context)
        response["Cache-Control"] = "no-store"
        return response
