"""How a Dutch name with a tussenvoegsel is written: in full, on its own, and for a list sorted by surname.

The BRP keeps the tussenvoegsel ("de", "van der", "'t") apart from the surname, in lower case. It is written
with a small letter when a first name or initial stands before it ("Sanne de Vries", "S. van der Berg") and
with a capital when nothing does ("Huishouden De Vries", "mevrouw Van der Berg"). An alphabetical list sorts
on the surname without it ("Vries, Sanne de"). Plain functions, so the rule lives in one place and needs
no database to test.
"""


def _words(text: str) -> list[str]:
    return text.split()


def _capitalised(tussenvoegsel: str) -> str:
    """'van der' -> 'Van der'; a word that starts with an apostrophe ('t, 's) keeps its small letter."""
    words = _words(tussenvoegsel.lower())
    for index, word in enumerate(words):
        if not word.startswith(("'", "’")):
            words[index] = word[0].upper() + word[1:]
            break
    return " ".join(words)


def full_name(voornamen: str, tussenvoegsel: str, achternaam: str) -> str:
    """'Sanne', 'de', 'Vries' -> 'Sanne de Vries'; without first names the tussenvoegsel gets its capital."""
    if not _words(voornamen):
        return surname(tussenvoegsel, achternaam)
    return " ".join([*_words(voornamen), *_words(tussenvoegsel.lower()), *_words(achternaam)])


def surname(tussenvoegsel: str, achternaam: str) -> str:
    """The surname on its own, as after 'Huishouden' or 'mevrouw': 'de', 'Vries' -> 'De Vries'."""
    return " ".join(word for word in (_capitalised(tussenvoegsel), " ".join(_words(achternaam))) if word)


def sort_name(voornamen: str, tussenvoegsel: str, achternaam: str) -> str:
    """The name as an alphabetical list shows it: 'Sanne', 'de', 'Vries' -> 'Vries, Sanne de'."""
    rest = " ".join([*_words(voornamen), *_words(tussenvoegsel.lower())])
    last = " ".join(_words(achternaam))
    if not last:
        return rest
    return f"{last}, {rest}" if rest else last
