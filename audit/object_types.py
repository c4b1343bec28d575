"""Words for the codes in `AccessLogEntry.object_type`, for the privacy officer's screen.

The log stores a short Dutch code ("dossier", "noodtoegang"): a record, never translated. The screen shows the word
for it in the reader's language; a code not listed here is shown as it is.
"""

from django.utils.translation import gettext_lazy as _

OBJECT_TYPES = {
    "aanvraag": _("aanvraag"),
    "actie": _("actie"),
    "authenticator": _("authenticator-app"),
    "bericht": _("bericht"),
    "berichttaak": _("berichttaak"),
    "berichttaken": _("berichttaken"),
    "beschikking": _("beschikking"),
    "betrokkenheid": _("betrokkenheid"),
    "bezwaar": _("bezwaar"),
    "brief": _("brief"),
    "budgetbesteding": _("budgetbesteding"),
    "consultatie": _("consultatie"),
    "doel": _("doel"),
    "dossier": _("dossier"),
    "indicatie": _("indicatie"),
    "inwoner": _("inwoner"),
    "inzage": _("inzage-overzicht"),
    "koppelcode": _("koppelcode"),
    "medewerker": _("medewerker"),
    "melding": _("melding"),
    "monitor": _("monitor (cijfers)"),
    "netwerkrelatie": _("netwerkrelatie"),
    "noodtoegang": _("noodtoegang"),
    "notitie": _("notitie"),
    "onderzoek": _("onderzoek"),
    "plan": _("plan"),
    "reflectiesessie": _("reflectiesessie"),
    "reflectiestelling": _("reflectiestelling"),
    "reflectiethema": _("reflectiethema"),
    "reviewlijst": _("reviewlijst"),
    "reviewpunt": _("reviewpunt"),
    "teamlidmaatschap": _("teamlidmaatschap"),
    "termijn": _("termijn"),
    "tijdlijn": _("tijdlijn"),
    "toegangslog": _("toegangslog"),
    "toestemming": _("toestemming"),
    "toewijzing": _("toewijzing"),
    "verbeteractie": _("verbeteractie"),
    "vernietiging": _("vernietiging"),
    "verstrekking": _("verstrekking"),
    "wachtwoord": _("wachtwoord"),
    "wijzigingsverzoek": _("wijzigingsverzoek"),
    "zrm_score": _("ZRM-score"),
}


def object_type_label(code: str) -> str:
    label = OBJECT_TYPES.get(code)
    return str(label) if label is not None else code
