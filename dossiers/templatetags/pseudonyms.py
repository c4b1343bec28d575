from django import template

from dossiers.pseudonyms import NameMask

register = template.Library()


@register.filter
def masked(text: str, mask: NameMask | None) -> str:
    """`{{ text|masked:name_mask }}`: the text with household names replaced; unchanged without a mask."""
    if mask is None:
        return text
    return mask.apply(str(text))
