"""The inzage export and destruction learn from the apps which records they hold (dossiers.records)."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from audit import inzage
from dossiers import policy, records
from dossiers.models import Dossier
from residents.models import Huishouden, Inwoner
from retention import destruction

#: The apps built on top of the dossier: the inzage export and destruction must not import them.
APPS_ABOVE = {"plans", "assessments", "decisions", "allocations", "consent", "reflection", "istandaarden"}
#: decisions.letter is the PDF/UA renderer every letter and report uses, not a record of the app.
PDF_TOOL = "decisions.letter"

#: Registered record types that the inzage export leaves out on purpose, and why.
NOT_IN_INZAGE: dict[str, str] = {
    "dossiers.Involvement": "which professionals are involved: staff, not the resident's data; regisseur and team are given",
    "dossiers.DossierDeadline": "legal terms of the procedure, computed from the meldingen and aanvragen that are given",
    "consent.Consultation": "who looks along: staff access, given in the access history (toegangshistorie)",
    "consent.BreakGlass": "emergency access: staff access, given one by one in the access history",
    "decisions.Letter": "the letter's PDF; the beschikking it renders is given under aanvragen",
    "allocations.Bericht": "iWmo/iJw messages carry the toewijzing, which is given under toewijzingen",
    "allocations.BerichtTaak": "a term to answer a message: the gemeente's work, not the resident's data",
    "decisions.BudgetSpend": "gap in schema version 1: a small spend from the team budget; add it with version 2",
    "decisions.OtherLawIndication": "gap in schema version 1: a Wlz or other-law indication; add it with version 2",
    "consent.Disclosure": "gap in schema version 1: data given to a third party (AVG art. 15 lid 1c); version 2",
}

_PERSONAL = (Inwoner, Huishouden, Dossier)


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }


def test_the_inzage_export_and_destruction_import_none_of_the_apps_above_the_dossier() -> None:
    base = Path(settings.BASE_DIR)
    for module in (base / "audit" / "inzage.py", base / "retention" / "destruction.py"):
        above = {name for name in _imported_modules(module) if name.split(".")[0] in APPS_ABOVE}
        assert above <= {PDF_TOOL}, f"{module.name} imports {above}"


def _covered_by_sweep(model: type[models.Model]) -> bool:
    """Destruction removes every row of an unhandled model that points at the dossier, household or a person."""
    return model._meta.app_label not in destruction.KEPT_APPS and any(
        field.concrete and field.is_relation and (field.many_to_one or field.one_to_one)
        for field in model._meta.get_fields()
        if getattr(field, "related_model", None) in _PERSONAL
    )


def _cascades_from_handled(model: type[models.Model], handled: frozenset[type[models.Model]]) -> bool:
    first = policy.record_type(model).owner.split("__")[0]
    field = model._meta.get_field(first)
    return field.related_model in handled and field.remote_field.on_delete is models.CASCADE  # type: ignore[union-attr]


def test_every_registered_record_type_is_in_the_inzage_export_or_left_out_with_a_reason() -> None:
    exported = records.in_inzage() | inzage.OWN_MODELS
    forgotten = [
        model._meta.label
        for model in policy.registered()
        if model not in exported and model._meta.label not in NOT_IN_INZAGE
    ]
    assert not forgotten, (
        f"{forgotten} hold data about a household but reach no inzage export: declare them in the app's "
        "dossiers.records Holdings (or say in NOT_IN_INZAGE why not)."
    )
    assert not {label for label in NOT_IN_INZAGE if apps.get_model(label) in exported}, "listed as left out"


def test_every_registered_record_type_goes_with_its_dossier() -> None:
    handled = destruction.HANDLED_MODELS
    forgotten = [
        model._meta.label
        for model in policy.registered()
        if model not in handled and not _covered_by_sweep(model) and not _cascades_from_handled(model, handled)
    ]
    assert not forgotten, f"{forgotten} would outlive their dossier: declare a Destruction step in dossiers.records"


def test_the_apps_above_the_dossier_declare_what_they_hold() -> None:
    assert {holdings.app for holdings in records.registered()} >= {
        "plans",
        "assessments",
        "decisions",
        "allocations",
        "consent",
    }


def test_the_export_keeps_the_keys_and_order_of_schema_version_1() -> None:
    assert [listing.key for listing in records.inzage_lists()] == [
        "zelfredzaamheid",
        "aanvragen",
        "toewijzingen",
        "toestemmingen",
        "vragenlijst_uitnodigingen",
        "mijn_wijkteam",
        "vroegsignalen",
    ]
    assert [part.key for part in records.inzage_dossier_parts()] == [
        "onderzoeken",
        "plan",
        "persoonlijke_plannen",
        "berichten",
        "regie",
    ]


def test_the_apps_steps_remove_the_toewijzingen_before_the_decisions_they_protect() -> None:
    apps_in_order = [step.remove.__module__.split(".")[0] for step in records.destructions()]
    assert apps_in_order.index("allocations") < apps_in_order.index("decisions")
