"""Which iWmo/iJw message a document is, and the BerichtCode that belongs to it."""

from __future__ import annotations

from dataclasses import dataclass

STANDARDS = ("WMO", "JW")

# BerichtCode per standard and message number (iWmo / iJw 3.2, see the iStandaarden release).
BERICHTCODES: dict[str, dict[str, int]] = {
    "WMO": {
        "301": 414,
        "302": 415,
        "305": 418,
        "306": 419,
        "307": 420,
        "308": 421,
        "315": 444,
        "316": 445,
        "317": 480,
        "318": 481,
        "319": 482,
        "320": 483,
        "323": 484,
        "325": 485,
    },
    "JW": {
        "301": 436,
        "302": 437,
        "305": 438,
        "306": 439,
        "307": 440,
        "308": 441,
        "315": 446,
        "316": 447,
        "317": 486,
        "318": 487,
        "319": 488,
        "320": 489,
        "323": 490,
        "325": 491,
    },
}

# The retour message the receiver sends back on each message (302 on 301 ...), and the
# declaratie-antwoord on a declaratie (325 on 323, a message of its own with a different header).
RETOUR_OF: dict[str, str] = {"301": "302", "305": "306", "307": "308", "315": "316", "317": "318", "319": "320"}
ANTWOORD_OF: dict[str, str] = {"323": "325"}


@dataclass(frozen=True)
class MessageKind:
    """A message type such as WMO301 (standard "WMO", code "301")."""

    standard: str
    code: str

    @property
    def name(self) -> str:
        return f"{self.standard}{self.code}"

    @property
    def berichtcode(self) -> int | None:
        return BERICHTCODES.get(self.standard, {}).get(self.code)

    @property
    def prefix(self) -> str:
        """The conventional namespace prefix, e.g. "wmo301" or "jw301"."""
        return f"{self.standard.lower()}{self.code}"

    @property
    def basisschema_prefix(self) -> str:
        return f"i{self.standard.lower()}"

    @property
    def namespace(self) -> str:
        return f"http://www.istandaarden.nl/{self.basisschema_prefix}/3_2/{self.prefix}/schema"

    @property
    def basisschema_namespace(self) -> str:
        return f"http://www.istandaarden.nl/{self.basisschema_prefix}/3_2/basisschema/schema"

    @property
    def retour(self) -> MessageKind | None:
        """The retour message on this one (WMO302 for WMO301), or None when there is none."""
        code = RETOUR_OF.get(self.code)
        return None if code is None else MessageKind(self.standard, code)

    @classmethod
    def from_name(cls, name: str) -> MessageKind:
        for standard in STANDARDS:
            code = name[len(standard) :]
            if name.startswith(standard) and len(code) == 3 and code.isdigit():
                return cls(standard, code)
        raise ValueError(f"Onbekend berichttype: {name!r}")

    def __str__(self) -> str:
        return self.name
