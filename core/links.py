"""Links to many records of one kind without resolving the URL pattern once per record."""

from collections.abc import Callable

from django.urls import reverse

#: A number no record has, so it cannot be confused with another part of the reversed path.
_PLACEHOLDER = 987654321


def url_for_pk(viewname: str) -> Callable[[int], str]:
    """The path of `viewname` for a record's primary key, reversed once: for a table of 50 rows, not 50 times.

    The pattern must take exactly one integer argument (the pk). The result is the same as
    ``reverse(viewname, args=[pk])`` for every pk, including the script prefix.
    """
    head, found, tail = reverse(viewname, args=[_PLACEHOLDER]).partition(str(_PLACEHOLDER))
    if not found:
        raise ValueError(f"{viewname} does not put its argument in the path")

    def url(pk: int) -> str:
        return f"{head}{int(pk)}{tail}"

    return url
