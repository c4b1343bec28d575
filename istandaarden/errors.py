"""Why a document is not accepted as a message: one exception family with readable reasons.

Every way a received file can fail (not XML, too large, unknown type, not valid against its XSD,
a value that cannot be converted) is a ``MessageError``, so a caller needs exactly one ``except``
to turn any bad file into a rejection with reasons, and never a crash.
"""

from __future__ import annotations


class MessageError(ValueError):
    """The document cannot be accepted; ``reasons`` are readable (Dutch) explanations."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class MalformedXml(MessageError):
    """Not well-formed XML, or XML with parts we never process (a DTD, entities)."""


class MessageTooLarge(MessageError):
    """The document exceeds a bound of ``istandaarden.limits``; it was not validated."""


class UnknownMessageType(MessageError):
    pass


class InvalidMessage(MessageError):
    pass
