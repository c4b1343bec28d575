"""Configuration a functioneel beheerder maintains: mandates and the teams' free budgets (no personal data)."""

from django.contrib import admin

from decisions.models import Mandate, TeamBudget


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["role", "law", "product_category", "max_amount", "active"]
    list_filter = ["role", "law", "active"]


@admin.register(TeamBudget)
class TeamBudgetAdmin(admin.ModelAdmin):
    list_display = ["team", "year", "amount", "max_per_spend"]
    list_filter = ["year", "team"]
