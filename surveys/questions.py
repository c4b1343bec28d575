"""The questions of the cliëntervaringsonderzoek, defined once: the form, the answer model and the monitor read them.

Uitvoeringsregeling Wmo 2015 art. 8 asks the municipality to report on the residents' experience of
- the **toegang**: could they find and reach us, were they helped quickly;
- the **kwaliteit**: were they taken seriously, does the help fit what they need;
- the **effect** on their zelfredzaamheid and participatie: do they manage better, do they take part more.

Each question is a statement with a 5-point scale (1 = helemaal mee oneens ... 5 = helemaal mee eens), close to
the VNG's standard set, in B1 Dutch. A 4 or a 5 counts as positive in the monitor. One open question is optional;
it is never shown in the monitor.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Theme:
    key: str
    title: StrOrPromise


@dataclass(frozen=True)
class Question:
    #: The name of the answer's field on surveys.models.Answer and of the form field.
    key: str
    theme: str
    text: StrOrPromise
    #: The short name in the monitor's tables.
    short: StrOrPromise


TOEGANG = Theme("toegang", _("Toegang"))
KWALITEIT = Theme("kwaliteit", _("Kwaliteit"))
EFFECT = Theme("effect", _("Wat de hulp u oplevert"))
THEMES: tuple[Theme, ...] = (TOEGANG, KWALITEIT, EFFECT)

QUESTIONS: tuple[Question, ...] = (
    Question(
        "found_us",
        TOEGANG.key,
        _("Ik wist waar ik met mijn vraag terecht kon."),
        _("Wist waar hij of zij terecht kon"),
    ),
    Question("helped_quickly", TOEGANG.key, _("Ik werd snel geholpen."), _("Werd snel geholpen")),
    Question(
        "taken_seriously",
        KWALITEIT.key,
        _("De medewerker nam mij serieus."),
        _("Voelde zich serieus genomen"),
    ),
    Question(
        "help_fits",
        KWALITEIT.key,
        _("De hulp past bij wat ik nodig heb."),
        _("Hulp past bij wat nodig is"),
    ),
    Question(
        "manage_better",
        EFFECT.key,
        _("Door de hulp kan ik mijn dagelijkse dingen beter zelf doen."),
        _("Redt zich beter (zelfredzaamheid)"),
    ),
    Question(
        "take_part_more",
        EFFECT.key,
        _(
            "Door de hulp doe ik meer mee. Bijvoorbeeld met familie, vrienden, in de buurt, met vrijwilligerswerk of werk."
        ),
        _("Doet meer mee (participatie)"),
    ),
)

#: The 5-point scale, from 1 to 5.
SCALE: tuple[tuple[int, StrOrPromise], ...] = (
    (1, _("Helemaal mee oneens")),
    (2, _("Mee oneens")),
    (3, _("Niet mee eens en niet mee oneens")),
    (4, _("Mee eens")),
    (5, _("Helemaal mee eens")),
)
SCALE_MIN, SCALE_MAX = 1, 5
#: The lowest answer the monitor counts as positive.
POSITIVE_FROM = 4
#: The longest open answer we keep.
OPEN_TEXT_MAX = 2000


def themed() -> list[tuple[Theme, list[Question]]]:
    """The questions grouped by theme, in order, for the form."""
    return [(theme, [question for question in QUESTIONS if question.theme == theme.key]) for theme in THEMES]
