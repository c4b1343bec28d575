"""Configuration a functioneel beheerder maintains: mandates, the teams' free budgets and the wijkbudgets (no
personal data)."""

from django.contrib import admin

from decisions.models import Mandate, TeamBudget, WijkBudget


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["role", "law", "product_category", "max_amount", "active"]
    list_filter = ["role", "law", "active"]


@admin.register(TeamBudget)
class TeamBudgetAdmin(admin.ModelAdmin):
    list_display = ["team", "year", "amount", "max_per_spend"]
    list_filter = ["year", "team"]


@admin.register(WijkBudget)
class WijkBudgetAdmin(admin.ModelAdmin):
    """The budget per wijk and year that the monitor sets the beschikte costs against (indicator 9)."""

    list_display = ["wijk", "year", "amount"]
    list_filter = ["year", "wijk"]
