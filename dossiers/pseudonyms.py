"""Hide the names and BSNs of a household in free text for a pseudonymised consultation.

Staff write free text (a melding, a goal, a note) in the household's words, so names end up in it.
Each member's first names, surname (with and without tussenvoegsel) and BSN are replaced by the
member's pseudonym. This catches what the platform knows; a name it does not know (a neighbour
mentioned in passing) stays, which the consultation form says when pseudonymisation is chosen.

Matching happens on a *folded* copy of the text, not on the text itself. Case-insensitive
matching of the original breaks on characters whose lower or case-folded form has another
length (a Turkish "İ" folds to two characters, "ß" to "ss", a ligature "ﬁ" is one character
for "fi"): offsets no longer line up and a matched word is no longer found back in the table
of replacements. Folding every character on its own, and remembering from which original
character each folded character came, keeps the mapping exact whatever the text contains. The
folding also drops accents and compatibility forms, so "Jose" in a note still hides "José"
and a full-width BSN is still a BSN: a mask that hides too much is safe, one that hides too
little is not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from residents.models import Inwoner

#: Shown when a matched word cannot be traced back to one member: still hidden, never left in.
FALLBACK_PSEUDONYM = "[naam]"

#: A name shorter than this (after folding) would mask ordinary words ("A", "Ö").
MIN_WORD_LENGTH = 2


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character in its comparison form: compatibility-decomposed, accents dropped, case-folded."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", char).casefold())
    # The dotless ı has no case-folded partner, but "YILDIZ" is how "Yıldız" is written in capitals.
    return "".join(part for part in folded if not unicodedata.combining(part)).replace("ı", "i")


def fold(text: str) -> str:
    """The comparison form of a whole string (a name), the same way the text is folded."""
    return "".join(fold_char(char) for char in text)


def _fold_with_origins(text: str) -> tuple[str, list[int]]:
    """The folded text and, per folded character, the index of the original character it came from."""
    parts: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char)
        parts.append(folded)
        origins.extend([index] * len(folded))
    return "".join(parts), origins


@dataclass(frozen=True)
class NameMask:
    pattern: re.Pattern[str]
    replacements: dict[str, str]

    def apply(self, text: str) -> str:
        """`text` with every known name replaced; never raises on what staff typed."""
        if not text:
            return text
        folded, origins = _fold_with_origins(text)
        pieces: list[str] = []
        position = 0
        for match in self.pattern.finditer(folded):
            start = origins[match.start()]
            end = origins[match.end() - 1] + 1
            # A combining accent after the name belongs to its last letter; it folds to nothing.
            while end < len(text) and not fold_char(text[end]):
                end += 1
            if start < position:  # two matches inside one original character (a ligature)
                start = position
            pieces.append(text[position:start])
            key = _whitespace_key(match.group(0))
            pieces.append(self.replacements.get(key, FALLBACK_PSEUDONYM))
            position = end
        pieces.append(text[position:])
        return "".join(pieces)


def _whitespace_key(folded_word: str) -> str:
    return " ".join(folded_word.split())


def _alternative(key: str) -> str:
    """A regex for a folded name: any run of whitespace between its words."""
    return r"\s+".join(re.escape(part) for part in key.split(" "))


def build_mask(members: Iterable[tuple[Inwoner, str]]) -> NameMask | None:
    """A mask for (person, pseudonym) pairs; None when there is nothing to hide."""
    replacements: dict[str, str] = {}
    for inwoner, pseudonym in members:
        words = [*inwoner.voornamen.split(), inwoner.achternaam]
        if inwoner.tussenvoegsel:
            words.append(f"{inwoner.tussenvoegsel} {inwoner.achternaam}")
        if inwoner.bsn:
            words.append(inwoner.bsn)
        for word in words:
            key = _whitespace_key(fold(word))
            if len(key) >= MIN_WORD_LENGTH:
                replacements.setdefault(key, pseudonym)
    if not replacements:
        return None
    # Longest first, so "van Beek" is replaced before "Beek". Not inside a longer word ("Jan" in
    # "januari"), but a name that starts or ends with punctuation ("Jr.") still matches.
    alternatives = sorted(replacements, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(_alternative(key) for key in alternatives) + r")(?!\w)")
    return NameMask(pattern, replacements)
