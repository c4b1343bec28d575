from decimal import Decimal

from django.template import Context, Template

from core.templatetags.money import euro


def test_the_euro_filter_writes_amounts_the_dutch_way() -> None:
    rendered = Template("{% load money %}{{ amount|euro }}").render(Context({"amount": Decimal("46185.6")}))

    assert rendered == "€ 46.185,60"


def test_the_euro_filter_writes_nothing_for_a_missing_amount() -> None:
    assert euro(None) == ""
