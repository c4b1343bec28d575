"""What the consent app holds about a person, for the inzage export (dossiers.records).

Its rows go with a dossier through destruction's sweep of every row that points at the dossier or a
person who goes (`retention.destruction`), so it declares no destruction step of its own.
"""

from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db import models

from core.translations import in_record_language
from dossiers.records import Data, Holdings, InzageList, iso_day, iso_moment
from residents.models import Inwoner


def _plain_value(instance: models.Model, field: "models.Field[Any, Any]") -> Any:
    if field.choices:
        return str(getattr(instance, f"get_{field.name}_display")())
    if field.is_relation:
        related = getattr(instance, field.name)
        return str(related) if related is not None else None
    value = field.value_from_object(instance)
    if isinstance(value, datetime):
        return iso_moment(value)
    if isinstance(value, date):
        return iso_day(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def about_person_models() -> list[type[models.Model]]:
    """The consent app's models with a field naming a person: their rows are about that person."""
    return [
        model
        for model in apps.get_app_config("consent").get_models()
        if any(field.is_relation and field.related_model is Inwoner for field in model._meta.concrete_fields)
    ]


def consents(inwoner: Inwoner) -> list[Data]:
    """Rows of the consent register about this person, whatever its exact shape, every field as plain text.

    In Dutch whatever the screen shows: the inzage export goes to the resident and its names are those of the record.
    """
    with in_record_language():
        return _consent_rows(inwoner)


def _consent_rows(inwoner: Inwoner) -> list[Data]:
    rows: list[Data] = []
    for model in about_person_models():
        person_fields = [
            field.name for field in model._meta.concrete_fields if field.is_relation and field.related_model is Inwoner
        ]
        condition = models.Q()
        for name in person_fields:
            condition |= models.Q(**{name: inwoner})
        for instance in model._default_manager.filter(condition).order_by("pk"):
            row: Data = {"soort": str(model._meta.verbose_name)}
            for field in model._meta.concrete_fields:
                if field.primary_key:
                    continue
                row[str(field.verbose_name)] = _plain_value(instance, field)
            rows.append(row)
    return rows


def holdings() -> Holdings:
    """Made in ``ready`` (the models it lists are known only then)."""
    return Holdings(
        app="consent",
        inzage=(InzageList("toestemmingen", order=40, rows=consents, models=tuple(about_person_models())),),
    )
