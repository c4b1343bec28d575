from typing import TYPE_CHECKING

from django.contrib import admin

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


class EquatedDayInline(_EquatedDayInlineBase):
    model = EquatedDay
    extra = 3


@admin.register(EquatedDayDecree)
class EquatedDayDecreeAdmin(_DecreeAdminBase):
    """A beheerder adds each new decree with its days in one form, as published in the Staatscourant."""

    list_display = ("reference", "first_year", "last_year", "title")
    search_fields = ("reference", "title")
    inlines = (EquatedDayInline,)


@admin.register(EquatedDay)
class EquatedDayAdmin(_EquatedDayAdminBase):
    list_display = ("date", "name", "decree")
    list_filter = ("decree",)
    search_fields = ("name",)
    date_hierarchy = "date"
