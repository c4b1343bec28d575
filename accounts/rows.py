"""The rows every request reads (its session, its user, the device that verified it), by a statement built once.

Why: on every page Django loads the session, the logged-in user and the second-factor device. Compiling those
three ORM queries costs about 0.35 ms of CPU each, three times what sending them and reading the answer costs;
on a 2-core server that is a noticeable share of a page that itself needs a few milliseconds. The statements
never change, so :func:`fetch_one` builds each once per process and per database and afterwards only sends it.

The result is the same model instance the ORM would give: every concrete column, converted by the database
backend's and the field's own converters (SQLite's text dates, booleans stored as integers), made with
``Model.from_db``. Only lookups on a single row (a unique column, possibly with one extra condition such as the
session's expiry) belong here; anything else is a job for the ORM.
"""

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from django.db import connections, models

ModelT = TypeVar("ModelT", bound=models.Model)

#: The comparisons a condition may use: ``column=value`` and ``column__gt=value``.
_OPERATORS = {"exact": "=", "gt": ">"}

Converter = Callable[[Any, Any, Any], Any]


@cache
def _statement(
    model: type[models.Model], conditions: tuple[str, ...], alias: str
) -> tuple[str, list[str], list["models.Field[Any, Any]"], list[tuple[list[Converter], Any]]]:
    """SELECT of every concrete column with one placeholder per condition; the fields; their converters."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    table = model._meta.db_table
    fields = list(model._meta.concrete_fields)
    where = []
    condition_fields = []
    for condition in conditions:
        name, _sep, lookup = condition.partition("__")
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field) and field.concrete, condition
        where.append(f"{quote(field.column)} {_OPERATORS[lookup or 'exact']} %s")
        condition_fields.append(field)
    columns = ", ".join(f"{quote(table)}.{quote(field.column)}" for field in fields)
    # Table, column names and operators come from the model and the table above; every value is a parameter.
    sql = f"SELECT {columns} FROM {quote(table)} WHERE {' AND '.join(where)} LIMIT 1"  # noqa: S608
    converters = []
    for field in fields:
        column = field.get_col(table)
        converters.append((connection.ops.get_db_converters(column) + column.get_db_converters(connection), column))
    return sql, [field.attname for field in fields], condition_fields, converters


def fetch_one(model: type[ModelT], *, using: str = "default", **conditions: Any) -> ModelT | None:
    """The one row of `model` that meets every condition (``field=value``, ``field__gt=value``), or None."""
    names = tuple(conditions)
    sql, attnames, condition_fields, converters = _statement(model, names, using)
    connection = connections[using]
    params = [
        field.get_db_prep_value(conditions[name], connection, prepared=False)
        for name, field in zip(names, condition_fields, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, (field_converters, column) in enumerate(converters):
        for convert in field_converters:
            values[index] = convert(values[index], column, connection)
    return model.from_db(using, attnames, values)
