from typing import TYPE_CHECKING

from django.contrib import admin

from deadlines.models import EquatedDay

# ModelAdmin is generic only in the type stubs; subscripting it at runtime fails.
if TYPE_CHECKING:
    _EquatedDayAdminBase = admin.ModelAdmin[EquatedDay]
else:
    _EquatedDayAdminBase = admin.ModelAdmin


@admin.register(EquatedDay)
class EquatedDayAdmin(_EquatedDayAdminBase):
    list_display = ("date", "name", "active")
    list_filter = ("active",)
    search_fields = ("name",)
    date_hierarchy = "date"
