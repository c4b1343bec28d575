"""The official XSDs of the iStandaarden release, loaded lazily from a configured folder."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import xmlschema

from istandaarden.kinds import STANDARDS, MessageKind

_XSD_NAME = re.compile(r"^(WMO|JW)(\d{3})\.xsd$")


class SchemaSet:
    """The message schemas under ``root/{wmo,jw}/xsd/{WMO,JW}<code>.xsd``.

    Loading one schema (with its basisschema) takes a fraction of a second, so each is built
    on first use and kept for the life of the process.
    """

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._paths: dict[str, Path] = {}
        for standard in STANDARDS:
            folder = self.root / standard.lower() / "xsd"
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                match = _XSD_NAME.match(path.name)
                if match and match.group(1) == standard:
                    self._paths[path.stem] = path
        self._loaded: dict[str, xmlschema.XMLSchema] = {}
        self._lock = threading.Lock()

    def available(self) -> list[str]:
        """Message types with an XSD, Wmo first, e.g. ["WMO301", ..., "JW325"]."""
        return sorted(self._paths, key=lambda name: (not name.startswith("WMO"), name))

    def has(self, kind: MessageKind | str) -> bool:
        return str(kind) in self._paths

    def path(self, kind: MessageKind | str) -> Path:
        try:
            return self._paths[str(kind)]
        except KeyError:
            raise KeyError(f"Geen XSD voor {kind} in {self.root}") from None

    def schema(self, kind: MessageKind | str) -> xmlschema.XMLSchema:
        name = str(kind)
        with self._lock:
            if name not in self._loaded:
                # The XSD folder is trusted configuration, but its imports may still only come from
                # that folder: no network, no other files, no DTD or entity tricks.
                self._loaded[name] = xmlschema.XMLSchema(str(self.path(name)), allow="sandbox", defuse="always")
            return self._loaded[name]
