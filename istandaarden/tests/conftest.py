from pathlib import Path

import pytest
from django.conf import settings

from istandaarden.schemas import SchemaSet


@pytest.fixture(scope="session")
def xsd_root() -> Path:
    root = Path(settings.ISTANDAARDEN_XSD_DIR)
    if not (root / "wmo" / "xsd").is_dir():
        pytest.skip(f"iStandaarden-XSD's niet gevonden in {root}; zet ISTANDAARDEN_XSD_DIR naar de officiële map")
    return root


@pytest.fixture(scope="session")
def schemas(xsd_root: Path) -> SchemaSet:
    return SchemaSet(xsd_root)


@pytest.fixture(scope="session")
def example(xsd_root: Path):
    def load(name: str) -> bytes:
        path = xsd_root / "wmo" / "examples" / f"{name}.xml"
        if not path.is_file():
            pytest.skip(f"voorbeeldbericht {path} ontbreekt")
        return path.read_bytes()

    return load
