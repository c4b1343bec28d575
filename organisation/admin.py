from django.contrib import admin

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


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "gemeente")
    filter_horizontal = ("wijken",)
    inlines = [TeamMembershipInline]
