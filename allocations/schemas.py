"""The official iWmo/iJw XSDs the allocation services validate against (``ISTANDAARDEN_XSD_DIR``)."""

from functools import lru_cache

from django.conf import settings

from istandaarden.schemas import SchemaSet


@lru_cache(maxsize=4)
def _schema_set(root: str) -> SchemaSet:
    return SchemaSet(root)


def current_schemas() -> SchemaSet:
    """One ``SchemaSet`` per configured folder, so the XSDs load once per process (tests may change the setting)."""
    return _schema_set(str(settings.ISTANDAARDEN_XSD_DIR))
