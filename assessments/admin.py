from django.contrib import admin

from assessments.models import Instrument, InstrumentDomain, InstrumentLevel


class DomainInline(admin.TabularInline):
    model = InstrumentDomain
    extra = 0


class LevelInline(admin.TabularInline):
    model = InstrumentLevel
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    """An instrument is data: a municipality adds e.g. Positieve Gezondheid here, without code."""

    list_display = ("name", "code", "is_default")
    inlines = [DomainInline, LevelInline]
