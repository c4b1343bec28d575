"""What typed text may contain: a length bound for free text and no invisible control characters.

A text box without a limit lets one request store a 100,000-character "note" that every later
page, export and letter has to carry. Invisible control characters are worse: a right-to-left
override (U+202E) in a name makes "Jansen" display as something else on a worklist, a letter
or the access log, and other invisible characters make two names that look the same differ
(or one name look like another). `core.forms.UtrechtFormMixin` applies these validators to
every text field of every form, so a new form cannot forget them.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

#: Free text (a melding, a note, a motivation): room for a long report, not for a dump.
FREE_TEXT_MAX_LENGTH = 10_000

#: Directional embeddings, overrides and isolates: they reorder how the text after them is shown.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Invisible joiners that some scripts need inside a word (Persian, Indic names; emoji sequences).
ALLOWED_FORMAT_CHARACTERS = frozenset("\u200c\u200d")
#: Line breaks and tabs belong in free text.
ALLOWED_IN_FREE_TEXT = frozenset("\n\r\t")


def _code_points(characters: list[str]) -> str:
    return ", ".join(f"U+{ord(char):04X}" for char in dict.fromkeys(characters))


def _refuse(characters: list[str]) -> None:
    if characters:
        raise ValidationError(
            _(
                "Dit veld bevat een onzichtbaar stuurteken (%(characters)s), bijvoorbeeld een teken dat de "
                "leesrichting omdraait. Typ de tekst opnieuw zonder zulke tekens."
            ),
            code="control_characters",
            params={"characters": _code_points(characters)},
        )


def _is_control(char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cf":
        return char not in ALLOWED_FORMAT_CHARACTERS
    return category in {"Cc", "Cs", "Co", "Zl", "Zp"}


def validate_single_line_text(value: str) -> None:
    """Names and identifiers: no control or format character at all (bidi marks included)."""
    _refuse([char for char in str(value) if _is_control(char)])


def validate_free_text(value: str) -> None:
    """Free text: line breaks and the left-to-right/right-to-left marks are fine, overrides are not."""
    _refuse(
        [
            char
            for char in str(value)
            if char in BIDI_CONTROLS
            or (unicodedata.category(char) in {"Cc", "Cs"} and char not in ALLOWED_IN_FREE_TEXT)
        ]
    )


@deconstructible
class MaxLengthInCharacters:
    """A length limit that tells the user, in Dutch, how long the text is and how long it may be."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, value: str) -> None:
        count = len(str(value))
        if count > self.limit:
            raise ValidationError(
                ngettext_lazy(
                    "Deze tekst is te lang: hij mag hoogstens %(limit)s teken bevatten en heeft er nu %(count)s. "
                    "Maak hem korter.",
                    "Deze tekst is te lang: hij mag hoogstens %(limit)s tekens bevatten en heeft er nu %(count)s. "
                    "Maak hem korter.",
                    "limit",
                ),
                code="max_length",
                params={"limit": self.limit, "count": count},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MaxLengthInCharacters) and other.limit == self.limit

    def __hash__(self) -> int:
        return hash(self.limit)
