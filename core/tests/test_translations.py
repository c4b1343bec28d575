"""The English translation is complete: every text a screen can show is marked for translation and translated.

Four checks per app, each naming the file and the text that fails:
- no Dutch text in a template outside {% translate %} / {% blocktranslate %} (also in title, alt, aria-label);
- no bare text where Python hands a text to a screen (verbose_name, label, help_text, choices, messages,
  ValidationError) without gettext;
- every text the templates and the Python code ask to translate has an English translation in the committed
  catalogues (read as the template engine and gettext will ask for it, so a missing `make messages` fails too);
- the catalogues themselves: nothing fuzzy or empty, the same %(name)s placeholders in Dutch and English.
"""

import ast
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import engines
from django.template.base import Lexer, TokenType, Variable
from django.templatetags.i18n import BlockTranslateNode, TranslateNode

from core.translations import catalogues

BASE_DIR = Path(settings.BASE_DIR)
APPS = sorted(path.parent.name for path in BASE_DIR.glob("*/apps.py"))
# Names and codes that are the same in every language.
UNTRANSLATED = {"Open Wijkteam", "NL Design System", "DigiD", "BSN", "ZRM", "iWmo", "iJw", "AGB", "OK", "e-mail"}
TEXT_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "aria-description", "aria-roledescription"}
GETTEXT = {
    "_": ("msgid",),
    "gettext": ("msgid",),
    "gettext_lazy": ("msgid",),
    "gettext_noop": ("msgid",),
    "pgettext": ("msgctxt", "msgid"),
    "pgettext_lazy": ("msgctxt", "msgid"),
    "ngettext": ("msgid", "msgid_plural"),
    "ngettext_lazy": ("msgid", "msgid_plural"),
    "npgettext": ("msgctxt", "msgid", "msgid_plural"),
    "npgettext_lazy": ("msgctxt", "msgid", "msgid_plural"),
}
SCREEN_KEYWORDS = {"verbose_name", "verbose_name_plural", "help_text", "label", "empty_label", "empty_value_display"}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
WORD = re.compile(r"[^\W\d_]{2,}")
DYNAMIC = "\x00"  # stands in for {{ variables }} and template tags in the page skeleton


def _templates(app: str) -> list[Path]:
    return sorted((BASE_DIR / app / "templates").rglob("*.html")) + sorted(
        (BASE_DIR / app / "templates").rglob("*.txt")
    )


def _python_files(app: str) -> list[Path]:
    skipped = {"tests", "migrations", "management"}
    return [
        path for path in sorted((BASE_DIR / app).rglob("*.py")) if not skipped & set(path.relative_to(BASE_DIR).parts)
    ]


def _is_text(value: str) -> bool:
    text = value.replace(DYNAMIC, " ")
    for name in UNTRANSLATED:
        text = text.replace(name, " ")
    return bool(WORD.search(text))


class _Skeleton(HTMLParser):
    """Collects the visible text and text attributes of a page whose template parts are replaced by DYNAMIC."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._raw = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._raw += 1
        self.found += [
            f'{name}="{value}"' for name, value in attrs if name in TEXT_ATTRIBUTES and value and _is_text(value)
        ]

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._raw = max(0, self._raw - 1)

    def handle_data(self, data: str) -> None:
        if not self._raw and _is_text(data):
            self.found.append(" ".join(data.replace(DYNAMIC, " ").split()))


def untranslated_template_text(source: str) -> list[str]:
    """Text of a template that no translation tag covers."""
    parts, hidden = [], 0
    for token in Lexer(source).tokenize():
        name = token.contents.split(" ", 1)[0] if token.token_type == TokenType.BLOCK else ""
        if name in {"blocktranslate", "blocktrans", "comment"}:
            hidden += 1
        elif name in {"endblocktranslate", "endblocktrans", "endcomment"}:
            hidden -= 1
        if token.token_type == TokenType.TEXT:
            parts.append(DYNAMIC if hidden else token.contents)
        else:  # a tag may stand between attributes (<details {% if open %}open{% endif %}>): a space keeps the HTML
            parts.append(DYNAMIC if token.token_type == TokenType.VAR else " ")
    parser = _Skeleton()
    parser.feed("".join(parts))
    parser.close()
    return parser.found


def _literal(expression: object) -> str | None:
    var = getattr(expression, "var", None)
    if isinstance(var, Variable):
        return var.literal if isinstance(var.literal, str) else None
    return var if isinstance(var, str) else None


def template_messages(path: Path) -> Iterator[tuple[str | None, str, str | None]]:
    """(context, msgid, plural) of every translation the template asks for, exactly as it asks at runtime."""
    template = engines["django"].engine.from_string(path.read_text())
    for node in template.nodelist.get_nodes_by_type(TranslateNode):
        msgid = _literal(node.filter_expression)
        if msgid is not None:
            context = _literal(node.message_context) if node.message_context else None
            yield context, msgid, None
    for node in template.nodelist.get_nodes_by_type(BlockTranslateNode):
        singular, _vars = node.render_token_list(node.singular)
        plural = node.render_token_list(node.plural)[0] if node.plural else None
        context = _literal(node.message_context) if node.message_context else None
        yield context, singular, plural


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _string(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def python_messages(path: Path) -> Iterator[tuple[str | None, str, str | None]]:
    for call in (node for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.Call)):
        roles = GETTEXT.get(_called_name(call))
        if roles is None or len(call.args) < len(roles):
            continue
        values = dict(zip(roles, (_string(arg) for arg in call.args), strict=False))
        if values.get("msgid"):
            yield values.get("msgctxt"), values["msgid"], values.get("msgid_plural")


def _bare_text(node: ast.expr | None) -> str | None:
    value = _string(node) if node is not None else None
    return value if value and _is_text(value) else None


def bare_python_texts(path: Path) -> Iterator[str]:
    """Texts handed to a screen without gettext, as 'line: text'."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        found: list[ast.expr | None] = []
        if isinstance(node, ast.Call):
            name = _called_name(node)
            found += [keyword.value for keyword in node.keywords if keyword.arg in SCREEN_KEYWORDS]
            if name in MESSAGE_LEVELS and isinstance(node.func, ast.Attribute) and len(node.args) >= 2:
                found.append(node.args[1])
            if name == "ValidationError" and node.args:
                first = node.args[0]
                found += list(first.values) if isinstance(first, ast.Dict) else [first]
            if name == "add_error" and len(node.args) >= 2:
                found.append(node.args[1])
            for keyword in node.keywords:
                if keyword.arg == "choices" and isinstance(keyword.value, ast.List | ast.Tuple):
                    found += [pair.elts[-1] for pair in keyword.value.elts if isinstance(pair, ast.Tuple) and pair.elts]
        elif isinstance(node, ast.ClassDef):
            choices = any(_base_name(base).endswith("Choices") for base in node.bases)
            for statement in node.body:
                if not isinstance(statement, ast.Assign):
                    continue
                targets = {target.id for target in statement.targets if isinstance(target, ast.Name)}
                if node.name == "Meta" and targets & {"verbose_name", "verbose_name_plural"}:
                    found.append(statement.value)
                if choices and isinstance(statement.value, ast.Tuple) and len(statement.value.elts) >= 2:
                    found.append(statement.value.elts[-1])
        for value in found:
            text = _bare_text(value)
            if text is not None and value is not None:
                yield f"{value.lineno}: {text}"


def _base_name(base: ast.expr) -> str:
    return base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else ""


def _english() -> dict[tuple[str | None, str], polib.POEntry]:
    entries: dict[tuple[str | None, str], polib.POEntry] = {}
    for path in catalogues(BASE_DIR):
        if path.parts[-3] == "en":
            for entry in polib.pofile(str(path)):
                if entry.translated():
                    entries[(entry.msgctxt or None, entry.msgid)] = entry
    return entries


ENGLISH = _english()


@pytest.mark.parametrize("app", APPS)
def test_templates_have_no_text_outside_translation_tags(app: str) -> None:
    problems = [
        f"{path.relative_to(BASE_DIR)}: {text!r}"
        for path in _templates(app)
        for text in untranslated_template_text(path.read_text())
    ]
    assert problems == [], "Tekst zonder {% translate %} of {% blocktranslate %}:\n" + "\n".join(problems)


@pytest.mark.parametrize("app", APPS)
def test_python_hands_no_bare_text_to_a_screen(app: str) -> None:
    problems = [
        f"{path.relative_to(BASE_DIR)}:{line}" for path in _python_files(app) for line in bare_python_texts(path)
    ]
    assert problems == [], "Tekst zonder gettext:\n" + "\n".join(problems)


@pytest.mark.parametrize("app", APPS)
def test_every_text_asked_for_has_an_english_translation(app: str) -> None:
    asked = [(path, message) for path in _templates(app) for message in template_messages(path)]
    asked += [(path, message) for path in _python_files(app) for message in python_messages(path)]
    missing = sorted(
        {
            f"{path.relative_to(BASE_DIR)}: {msgid!r}"
            for path, (context, msgid, _plural) in asked
            if (context, msgid) not in ENGLISH
        }
    )
    assert missing == [], "Geen Engelse vertaling (make messages, dan vertalen):\n" + "\n".join(missing)


@pytest.mark.parametrize("path", catalogues(BASE_DIR), ids=lambda path: str(path.relative_to(BASE_DIR)))
def test_catalogue_is_complete_and_keeps_the_placeholders(path: Path) -> None:
    problems = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        if not entry.translated():
            problems.append(f"onvertaald of fuzzy: {entry.msgid!r}")
            continue
        expected = set(PLACEHOLDER.findall(entry.msgid))
        if not entry.msgid_plural:
            problems += _placeholder_problems(entry.msgid, [entry.msgstr], expected.__eq__)
        else:  # a singular may leave out the count
            allowed = expected | set(PLACEHOLDER.findall(entry.msgid_plural))
            problems += _placeholder_problems(entry.msgid, list(entry.msgstr_plural.values()), allowed.issuperset)
    assert problems == []


def _placeholder_problems(
    msgid: str, translations: list[str], fits: Callable[[set[tuple[str, str]]], bool]
) -> list[str]:
    return [
        f"andere plaatshouders: {msgid!r} -> {translation!r}"
        for translation in translations
        if not fits(set(PLACEHOLDER.findall(translation)))
    ]


def test_the_english_catalogues_are_compiled() -> None:
    """Without the .mo files English is not offered, and every test of an English screen would prove nothing."""
    assert "en" in dict(settings.LANGUAGES), "De Engelse catalogi zijn niet gecompileerd: make translations"
