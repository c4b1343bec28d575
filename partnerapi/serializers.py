"""The shapes of the partner API: what a partner sends, what it gets back. Field names are Dutch, like the
documented batch format of vroegsignalen (docs/vroegsignalering-import.md), because the partners' own
systems and the VNG standards name them so."""

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dossiers.models import Urgency
from partnerapi import status as api_status
from residents.bsn import is_valid_bsn

POSTCODE = re.compile(r"^[1-9][0-9]{3}\s?[A-Za-z]{2}$")
#: A batch larger than this is refused as a whole; send more calls (docs/api.md).
MAX_SIGNALS_PER_CALL = 1000


def _bsn(value: str) -> str:
    if value and not is_valid_bsn(value):
        raise serializers.ValidationError(_("Dit BSN klopt niet (elfproef)."), code="elfproef")
    return value


def _postcode(value: str) -> str:
    if value and not POSTCODE.match(value):
        raise serializers.ValidationError(
            _("Een postcode is vier cijfers en twee letters, bijv. 3511AB."), code="postcode"
        )
    return value.replace(" ", "").upper()


class MeldingInSerializer(serializers.Serializer):
    """A partner's worry about a resident; matched on BSN, else on address, surname and birth date."""

    kenmerk = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=_("Eigen kenmerk van de partner (uniek per partner)."),
    )
    bsn = serializers.CharField(required=False, allow_blank=True, max_length=9, validators=[_bsn])
    voornamen = serializers.CharField(required=False, allow_blank=True, max_length=200)
    voorletters = serializers.CharField(required=False, allow_blank=True, max_length=20)
    tussenvoegsel = serializers.CharField(required=False, allow_blank=True, max_length=20)
    achternaam = serializers.CharField(max_length=200)
    geboortedatum = serializers.DateField(required=False, allow_null=True)
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=7)
    huisnummer = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=99999)
    toevoeging = serializers.CharField(required=False, allow_blank=True, max_length=10)
    telefoon = serializers.CharField(required=False, allow_blank=True, max_length=30)
    omschrijving = serializers.CharField(max_length=5000, help_text=_("De zorg, in de woorden van de melder."))
    urgentie = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAAL)
    melder = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text=_("Naam van de medewerker bij de partner.")
    )

    def validate_postcode(self, value: str) -> str:
        return _postcode(value)


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[(value, value) for value in api_status.STATUSES])
    status_label = serializers.CharField(help_text=_("De status in woorden (Nederlands)."))
    ontvangen_op = serializers.DateTimeField()


class MeldingStatusSerializer(StatusSerializer):
    id = serializers.IntegerField()


class VroegsignaalInSerializer(serializers.Serializer):
    """One row, the same fields as the batch file (docs/vroegsignalering-import.md); numbers may be sent as JSON
    numbers or as text. The import checks each row on its own and answers per row."""

    partner = serializers.CharField(
        required=False, help_text=_("Leeg of de eigen code: de API neemt altijd de partner van de sleutel.")
    )
    kenmerk = serializers.CharField(max_length=64)
    soort = serializers.CharField(help_text=_("huur, energie, water of zorgverzekering"))
    gemeld_op = serializers.CharField(help_text=_("JJJJ-MM-DD"))
    bedrag = serializers.CharField(help_text=_("Achterstand in euro, bijv. 412,50"))
    maanden = serializers.CharField(help_text=_("Aantal maanden achterstand (1 tot 240)"))
    dreiging = serializers.CharField(required=False, allow_blank=True)
    bsn = serializers.CharField(required=False, allow_blank=True)
    voorletters = serializers.CharField(required=False, allow_blank=True)
    tussenvoegsel = serializers.CharField(required=False, allow_blank=True)
    achternaam = serializers.CharField()
    geboortedatum = serializers.CharField(required=False, allow_blank=True)
    postcode = serializers.CharField()
    huisnummer = serializers.CharField()
    toevoeging = serializers.CharField(required=False, allow_blank=True)


class VroegsignalenInSerializer(serializers.Serializer):
    signalen = serializers.ListField(
        child=serializers.DictField(), min_length=1, max_length=MAX_SIGNALS_PER_CALL, help_text=_("1 tot 1000 regels.")
    )

    def validate_signalen(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A NUL character is never a value (PostgreSQL cannot even store or compare it): refuse such a batch."""
        for number, row in enumerate(rows, start=1):
            if _holds_nul(row):
                raise serializers.ValidationError(
                    _("Regel %(row)s bevat een NUL-teken (\\u0000); dat is geen geldige waarde.") % {"row": number},
                    code="nul_teken",
                )
        return rows

    def to_representation(self, instance: Any) -> Any:  # pragma: no cover - only ever read
        return instance


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(inner) for key, inner in value.items())
    if isinstance(value, list):
        return any(_holds_nul(inner) for inner in value)
    return False


class VroegsignalenRequestSerializer(serializers.Serializer):
    """The batch as documented in the OpenAPI description (the rows' fields); VroegsignalenInSerializer checks only
    the envelope, so a wrong row is refused on its own instead of failing the whole batch."""

    signalen = serializers.ListField(child=VroegsignaalInSerializer(), min_length=1, max_length=MAX_SIGNALS_PER_CALL)


class FoutSerializer(serializers.Serializer):
    field = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class RegelResultaatSerializer(serializers.Serializer):
    regel = serializers.IntegerField(help_text=_("Het volgnummer in `signalen`, vanaf 1."))
    kenmerk = serializers.CharField(allow_blank=True)
    resultaat = serializers.ChoiceField(choices=["opgenomen", "al_ontvangen", "geweigerd"])
    fouten = FoutSerializer(many=True)


class VroegsignalenResultaatSerializer(serializers.Serializer):
    import_id = serializers.IntegerField()
    opgenomen = serializers.IntegerField()
    al_ontvangen = serializers.IntegerField()
    geweigerd = serializers.IntegerField()
    resultaten = RegelResultaatSerializer(many=True)


class VroegsignaalStatusSerializer(StatusSerializer):
    kenmerk = serializers.CharField()


class ProblemErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
    errors = ProblemErrorSerializer(many=True, required=False)
