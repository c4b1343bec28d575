"""`{{ amount|euro }}`: an amount as it reads everywhere in the platform, "€ 46.185,60" (core.formatting.euro).

{% load money %}
{{ total|euro }}
{% blocktranslate with amount=total|euro %}Totaal {{ amount }}{% endblocktranslate %}
"""

from decimal import Decimal

from django import template

from core.formatting import euro as format_euro

register = template.Library()


@register.filter
def euro(amount: Decimal | int | None) -> str:
    """The amount as "€ 46.185,60"; nothing for an amount that is not there (None or an empty string)."""
    if amount is None or amount == "":
        return ""
    return format_euro(amount)
