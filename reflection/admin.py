"""Themes, their texts and statements are data: a municipality edits the defaults and adds its own."""

from django.contrib import admin

from reflection.models import Statement, Theme


class StatementInline(admin.TabularInline):
    model = Statement
    extra = 1


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "gemeente", "order"]
    list_filter = ["gemeente"]
    ordering = ["gemeente", "order"]
    inlines = [StatementInline]
