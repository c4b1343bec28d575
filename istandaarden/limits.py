"""Bounds on the work one received message may cause, checked before XSD validation.

Why: validating with ``xmlschema`` costs more than linear time for some shapes of document (a
207 KB file with 20,000 undeclared attributes took 40 seconds), and every error it reports costs
extra. A provider's file is untrusted, so a file outside these bounds is refused before the
validator sees it. The values are far above real iWmo/iJw 3.2 messages:

- a prestatie in a 323 is 17 elements and about 1 KB, so even a 323 of 10 MB (some 10,000
  prestaties, far more than a monthly declaration of one provider) has about 170,000 elements;
  the element bound is reached only past some 17,500 prestaties (about 18 MB);
- the deepest path in the 3.2 messages is 8 elements (Bericht/Declaratie/Clienten/Client/
  Prestaties/Prestatie/ProductReferentie/ReferentieNummer);
- the messages declare no attributes at all; a file carries only its namespace declarations
  (2 or 3 on the root) and perhaps ``xsi:schemaLocation``.
"""

from __future__ import annotations

import math

#: iStandaarden: one message file is at most 25 MB (the exchange refuses larger ones).
MAX_MESSAGE_BYTES = 25 * 1024 * 1024
#: Elements in one file (a 10 MB declaration has about 170,000). Validation costs roughly 50 µs
#: per element, also for elements the XSD does not know, so this bounds a file to some 15 seconds.
MAX_ELEMENTS = 300_000
#: Nesting depth (the 3.2 messages need 8).
MAX_DEPTH = 32
#: Attributes plus namespace declarations on one element (real files: at most 4, on the root).
MAX_ATTRIBUTES_PER_ELEMENT = 32
#: Attributes plus namespace declarations in the whole file (real files: at most 4).
MAX_ATTRIBUTES = 1_000
#: Validation stops after this many errors: the first ones say what is wrong, more only cost time.
MAX_REASONS = 20


def megabytes(size: int) -> str:
    """A size for a Dutch reason: ``26214400`` → ``"25"``, one byte more → ``"25,1"``.

    Rounded *up*, so a file over the limit never reads as the limit itself.
    """
    value = size / (1024 * 1024)
    if value == int(value):
        return str(int(value))
    return f"{math.ceil(value * 10) / 10:.1f}".replace(".", ",")
