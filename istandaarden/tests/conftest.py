from pathlib import Path

import pytest

from istandaarden.schemas import SchemaSet
from testsupport import istandaarden as official


@pytest.fixture(scope="session")
def xsd_root() -> Path:
    official.skip_without_istandaarden()
    return official.xsd_root()


@pytest.fixture(scope="session")
def schemas(xsd_root: Path) -> SchemaSet:
    return SchemaSet(xsd_root)


@pytest.fixture(scope="session")
def example(xsd_root: Path):
    return official.example
