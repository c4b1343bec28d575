"""The production storage of static files: WhiteNoise's compressed, fingerprinted storage (ADR 0010).

`collectstatic` gives every file a content hash in its name (``app.3f2a....css``) and writes ``.gz`` and ``.br``
variants next to it, so WhiteNoise can serve them with a cache lifetime of ten years and compressed.
"""

import logging
import re
from collections.abc import Callable
from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class ProductionStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """CompressedManifestStaticFilesStorage that leaves a ``url()`` to a missing file as it is.

    The NL Design System CSS from npm references files its package does not ship (e.g. the design tokens'
    ``background-image-icon.css`` points at ``pijltje.svg``). The manifest storage stops `collectstatic` on such a
    reference; we keep it unchanged (the browser gets the same 404 it gets without fingerprinting) and log a
    warning. Every reference that does resolve is fingerprinted as usual, and `{% static %}` stays strict: a
    template naming a file that was not collected is an error, not a silently unhashed link.
    """

    def url_converter(
        self, name: str, hashed_files: dict[str, Any], template: str | None = None
    ) -> Callable[[re.Match[str]], str]:
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj: re.Match[str]) -> str:
            try:
                return convert(matchobj)
            except ValueError:  # whitenoise.storage.MissingFileError is one
                logger.warning("Static file %s references a missing file: %s", name, matchobj.group("url"))
                return matchobj.group("matched")

        return converter
