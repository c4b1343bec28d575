"""Ways in without a dossier: erop-af contacts of a team, and the informatiepunt's anonymous questions.

Neither record is about a person. An erop-af contact is the team's note that it went out (where, which wijk, which
topics, whether someone was reached); only when it becomes a melding does a person enter, and then through the
melding, which the dossier owns. An informatiepunt question is counted, never kept as a case: it has no person,
no staff member and no free text by construction (docs/toegang.md), so it cannot turn into a personal record later.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import Kind, Voorziening
from organisation.models import Team, Wijk


class Topic(models.TextChoices):
    """The life domain a contact or question is about: few enough to pick in one tap."""

    GELD = "geld", _("Geld en schulden")
    WONEN = "wonen", _("Wonen")
    EENZAAMHEID = "eenzaamheid", _("Eenzaamheid en meedoen")
    OPVOEDEN = "opvoeden", _("Opvoeden en opgroeien")
    GEZONDHEID = "gezondheid", _("Gezondheid")
    WERK = "werk", _("Werk en inkomen")
    OVERIG = "overig", _("Overig")


class Setting(models.TextChoices):
    """Where the team went out to."""

    DEUR_AAN_DEUR = "deur_aan_deur", _("Deur aan deur")
    BUURTHUIS = "buurthuis", _("Buurthuis of wijkcentrum")
    SCHOOL = "school", _("School")
    STRAAT = "straat", _("Markt of straat")
    OVERIG = "overig", _("Elders")


#: The algemene voorzieningen a team can point to: open to anyone, no beschikking.
ALGEMENE_VOORZIENINGEN = models.Q(kind=Kind.ALGEMEEN)


class EropAfContact(models.Model):
    """One outreach contact of a team: the team's own record, not a dossier's.

    The note is free text but must never name anyone (the form says so). After OUTREACH_CONTACT_RETENTION_DAYS
    (default a year) the note and the link to the melding are cleared (outreach.services.clear_old_contacts); what
    stays names nobody and keeps the monitor's history. `melding_made_on` outlives the link, so the count does not
    change when the melding's dossier is destroyed either.
    """

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("team"))
    wijk = models.ForeignKey(Wijk, on_delete=models.PROTECT, related_name="+", verbose_name=_("wijk"))
    contact_on = models.DateField(_("datum"))
    setting = models.CharField(_("waar"), max_length=16, choices=Setting.choices)
    #: The Topic values the contact was about (one or more).
    topics = models.JSONField(_("onderwerpen"), default=list)
    reached = models.BooleanField(_("inwoner bereikt"))
    note = models.CharField(_("korte notitie"), max_length=300, blank=True)
    melding = models.ForeignKey(
        "dossiers.Melding",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("melding"),
    )
    melding_made_on = models.DateField(_("melding gemaakt op"), null=True, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("erop-af-contact")
        verbose_name_plural = _("erop-af-contacten")
        ordering = ["-contact_on", "-pk"]
        indexes = [models.Index(fields=["team", "contact_on"])]

    def __str__(self) -> str:
        return f"{self.get_setting_display()}, {self.contact_on:%d-%m-%Y}"

    def topic_labels(self) -> list[str]:
        return [str(Topic(topic).label) for topic in self.topics if topic in Topic.values]

    def clean(self) -> None:
        unknown = [topic for topic in self.topics if topic not in Topic.values]
        if not self.topics or unknown:
            raise ValidationError({"topics": _("Kies een of meer onderwerpen uit de lijst.")})


class Channel(models.TextChoices):
    BALIE = "balie", _("Aan de balie")
    TELEFOON = "telefoon", _("Telefoon")
    INLOOP = "inloop", _("Inloopspreekuur")
    EMAIL = "email", _("E-mail")


class Answer(models.TextChoices):
    """How the question was answered."""

    INFORMATIE = "informatie", _("Informatie gegeven")
    ALGEMENE_VOORZIENING = "algemene_voorziening", _("Verwezen naar een algemene voorziening")
    ANDERE_ORGANISATIE = "andere_organisatie", _("Verwezen naar een andere organisatie")
    MELDING = "melding", _("Toch een melding gemaakt")


class InformatieVraag(models.Model):
    """A question answered at once at the informatiepunt, counted and nothing more.

    Anonymous by construction: every field is a choice, a date, or a link to the team, the wijk or the catalogue.
    No person, household, dossier or melding, no staff member (who answered is their own personal data, and counting
    per team is enough) and no free text, so nothing typed can name anyone (outreach/tests/test_anonymity.py).
    """

    asked_on = models.DateField(_("datum"), default=timezone.localdate)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("team"))
    wijk = models.ForeignKey(Wijk, on_delete=models.PROTECT, related_name="+", verbose_name=_("wijk"))
    topic = models.CharField(_("onderwerp"), max_length=16, choices=Topic.choices)
    channel = models.CharField(_("kanaal"), max_length=12, choices=Channel.choices)
    answer = models.CharField(_("hoe beantwoord"), max_length=24, choices=Answer.choices)
    voorziening = models.ForeignKey(
        Voorziening,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=ALGEMENE_VOORZIENINGEN,
        verbose_name=_("algemene voorziening"),
    )

    class Meta:
        verbose_name = _("vraag aan het informatiepunt")
        verbose_name_plural = _("vragen aan het informatiepunt")
        ordering = ["-asked_on", "-pk"]
        indexes = [models.Index(fields=["team", "asked_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer="algemene_voorziening", voorziening__isnull=False)
                | (~models.Q(answer="algemene_voorziening") & models.Q(voorziening__isnull=True)),
                name="outreach_voorziening_only_when_referred",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()}, {self.asked_on:%d-%m-%Y}"
