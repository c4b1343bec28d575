"""Tables that scroll sideways inside `.app-table-wrap` can be reached and named (WCAG 1.4.10 and 2.1.1, issue 12).

On a phone a wide table scrolls inside its wrapper instead of widening the page. A keyboard user can only scroll
such a region when it takes the focus, and a screen reader announces it by its name, so every wrapper in every
template is `tabindex="0" role="region"` with an aria-label or an aria-labelledby that points into the same file.
"""

import re
from pathlib import Path

from django.conf import settings

WRAPPER = re.compile(r"<div\b[^>]*\bclass=\"[^\"]*\bapp-table-wrap\b[^\"]*\"[^>]*>")


def _templates() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return sorted(p for p in root.glob("*/templates/**/*.html") if ".venv" not in p.parts)


def _problems(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = []
    for tag in WRAPPER.findall(text):
        labelledby = re.search(r'aria-labelledby="([^"]+)"', tag)
        named = re.search(r'aria-label="[^"]+"', tag) or (
            labelledby is not None and f'id="{labelledby.group(1)}"' in text
        )
        if 'tabindex="0"' not in tag or 'role="region"' not in tag or not named:
            found.append(f"{path.relative_to(settings.BASE_DIR)}: {tag}")
    return found


def test_every_table_wrapper_is_a_focusable_named_region() -> None:
    wrappers = sum(len(WRAPPER.findall(p.read_text(encoding="utf-8"))) for p in _templates())
    assert wrappers > 30  # the check reads the real templates
    problems = [problem for path in _templates() for problem in _problems(path)]
    assert not problems, "\n".join(problems)
