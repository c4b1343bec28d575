"""The retention terms are configuration: the functioneel beheerder keeps them in step with the selectielijst."""

from django.contrib import admin
from django.http import HttpRequest

from retention.models import RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["key", "years", "counted_from", "active"]
    list_filter = ["active", "counted_from"]
    fields = ["key", "years", "counted_from", "basis", "active"]

    def has_delete_permission(self, request: HttpRequest, obj: RetentionRule | None = None) -> bool:
        # Switching a rule off is the safe way to stop using it; a deleted rule would orphan past requests.
        return False
