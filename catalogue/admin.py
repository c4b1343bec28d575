from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from catalogue.models import Aanbieder, Contract, Tarief, Voorziening
from catalogue.validators import periods_overlap


class TariefFormSet(BaseInlineFormSet):
    """Tarief.clean() only sees saved rows; this also catches two new rows that overlap each other."""

    def clean(self) -> None:
        super().clean()
        periods = [
            (form.cleaned_data["valid_from"], form.cleaned_data.get("valid_to"))
            for form in self.forms
            if form.cleaned_data.get("valid_from") and not form.cleaned_data.get("DELETE")
        ]
        for index, (start, end) in enumerate(periods):
            for other_start, other_end in periods[index + 1 :]:
                if periods_overlap(start, end, other_start, other_end):
                    raise ValidationError(_("Twee tarieven overlappen; een dag heeft maar één tarief."))


class TariefInline(admin.TabularInline):
    model = Tarief
    formset = TariefFormSet
    extra = 0


class ContractInline(admin.TabularInline):
    model = Contract
    extra = 0
    autocomplete_fields = ("voorziening",)


@admin.register(Voorziening)
class VoorzieningAdmin(admin.ModelAdmin):
    """The catalogue is data: a municipality maintains its own voorzieningen and prices here."""

    list_display = ("name", "law", "kind", "product_category", "product_code", "unit", "active")
    list_filter = ("law", "kind", "active")
    search_fields = ("name", "product_code")
    inlines = [TariefInline]


@admin.register(Aanbieder)
class AanbiederAdmin(admin.ModelAdmin):
    list_display = ("name", "agb_code", "active")
    list_filter = ("active",)
    search_fields = ("name", "agb_code")
    inlines = [ContractInline]


@admin.register(Tarief)
class TariefAdmin(admin.ModelAdmin):
    list_display = ("voorziening", "amount", "valid_from", "valid_to")
    list_filter = ("voorziening__law",)


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ("aanbieder", "voorziening", "valid_from", "valid_to")
    list_filter = ("voorziening__law",)
    autocomplete_fields = ("aanbieder", "voorziening")
