"""The reflection tool: themes with their texts, sessions, participants and their scores.

Theme texts are data, not code: the national defaults are seeded by a migration and a
municipality may add or edit its own copy (``gemeente`` set) without touching the defaults.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Unambiguous characters only (no 0/O, 1/I/L) so a code read aloud or from a screen is typed right.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6

SCORE_MIN = 1
SCORE_MAX = 10
POSITION_MIN = 1
POSITION_MAX = 5


class Theme(models.Model):
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("naam"), max_length=100)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    scale_question = models.TextField(
        _("schaalvraag"), help_text=_("Beantwoord op een schaal van 1 (heel weinig) tot 10 (heel vaak).")
    )
    introduction = models.TextField(_("inleiding"), blank=True)
    points_of_attention = models.TextField(_("aandachtspunten"), blank=True)
    case_text = models.TextField(_("casus"), blank=True)
    dilemma = models.TextField(_("dilemma"), blank=True)
    solution_directions = models.TextField(_("oplossingsrichtingen en goede voorbeelden"), blank=True)
    gemeente = models.ForeignKey(
        "organisation.Gemeente",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reflection_themes",
        verbose_name=_("gemeente"),
        help_text=_("Leeg: landelijk standaardthema. Gevuld: eigen of aangepast thema van deze gemeente."),
    )

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["order", "name"]
        constraints = [
            # A code is unique per scope: once nationally, and once per municipality (its edited copy).
            models.UniqueConstraint(
                fields=["code"], condition=Q(gemeente__isnull=True), name="reflection_theme_national_code"
            ),
            models.UniqueConstraint(fields=["gemeente", "code"], name="reflection_theme_gemeente_code"),
        ]

    def __str__(self) -> str:
        return self.name


class Statement(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="statements", verbose_name=_("thema"))
    text = models.TextField(_("stelling"))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("stelling")
        verbose_name_plural = _("stellingen")
        ordering = ["theme", "order"]

    def __str__(self) -> str:
        return self.text


class Mode(models.TextChoices):
    KWALITEITSSCAN = "kwaliteitsscan", _("Kwaliteitsscan")
    DOMPELSESSIE = "dompelsessie", _("Dompelsessie")


class Session(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    gemeente = models.ForeignKey(
        "organisation.Gemeente",
        on_delete=models.PROTECT,
        related_name="reflection_sessions",
        verbose_name=_("gemeente"),
    )
    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reflection_sessions",
        verbose_name=_("team"),
    )
    mode = models.CharField(_("vorm"), max_length=20, choices=Mode.choices, default=Mode.KWALITEITSSCAN)
    date = models.DateField(_("datum"))
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="facilitated_reflection_sessions",
        verbose_name=_("begeleider"),
    )
    join_code = models.CharField(_("deelnamecode"), max_length=JOIN_CODE_LENGTH, unique=True)
    themes: "models.ManyToManyField[Theme, SessionTheme]" = models.ManyToManyField(
        Theme, through="SessionTheme", related_name="sessions", verbose_name=_("thema's")
    )
    scoring_open = models.BooleanField(_("scoren open"), default=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    previous_session = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("vorige sessie"),
        help_text=_("Voor een vervolgsessie: de sessie waarmee de scores worden vergeleken."),
    )

    class Meta:
        verbose_name = _("reflectiesessie")
        verbose_name_plural = _("reflectiesessies")
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return self.title


class SessionTheme(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="session_themes")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="session_themes")
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("sessiethema")
        verbose_name_plural = _("sessiethema's")
        ordering = ["session", "order"]
        constraints = [models.UniqueConstraint(fields=["session", "theme"], name="reflection_sessiontheme_unique")]

    def __str__(self) -> str:
        return f"{self.session} – {self.theme}"


class Perspective(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    BELEID = "beleid", _("Beleid")
    MANAGEMENT_BESTUUR = "management_bestuur", _("Management en bestuur")
    INWONER_CLIENT = "inwoner_client", _("Inwoner of cliënt(vertegenwoordiger)")


class Participant(models.Model):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="participants", verbose_name=_("sessie")
    )
    perspective = models.CharField(_("perspectief"), max_length=20, choices=Perspective.choices)
    display_name = models.CharField(
        _("naam"), max_length=100, blank=True, help_text=_("Optioneel: leeg laten om anoniem mee te doen.")
    )
    # Identifies the participant's device; never shown, so it must be hard to guess.
    token = models.CharField(_("token"), max_length=64, unique=True)
    joined_at = models.DateTimeField(_("deelgenomen op"), auto_now_add=True)

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["joined_at"]

    def __str__(self) -> str:
        return self.display_name or str(_("Anonieme deelnemer"))


class Score(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="scores")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=SCORE_MIN, value__lte=SCORE_MAX), name="reflection_score_value_range"
            ),
            # A second submit replaces the first; one participant never counts twice for a theme.
            models.UniqueConstraint(fields=["participant", "theme"], name="reflection_score_once_per_theme"),
        ]

    def __str__(self) -> str:
        return f"{self.theme}: {self.value}"


class StatementPosition(models.Model):
    """Position on a statement: 1 (helemaal oneens) to 5 (helemaal eens)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="statement_positions")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="positions")
    value = models.PositiveSmallIntegerField(_("standpunt"))
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("standpunt")
        verbose_name_plural = _("standpunten")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=POSITION_MIN, value__lte=POSITION_MAX), name="reflection_position_value_range"
            ),
            models.UniqueConstraint(fields=["participant", "statement"], name="reflection_position_once_per_statement"),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.value}"


class SessionStatement(models.Model):
    """A statement put to the room: participants take a position while it is open; the spread shows once revealed."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="session_statements")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="session_statements")
    opened_at = models.DateTimeField(_("geopend op"), default=timezone.now)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    revealed_at = models.DateTimeField(_("spreiding getoond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("stelling in een sessie")
        verbose_name_plural = _("stellingen in een sessie")
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "statement"], name="reflection_sessionstatement_unique")
        ]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ThemeNote(models.Model):
    """What the group said about a theme, written down by the facilitator."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="notes")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField(_("notitie"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("notitie bij een thema")
        verbose_name_plural = _("notities bij thema's")
        ordering = ["created_at", "id"]


class Stage(models.TextChoices):
    """Plan-do-check-act: where an improvement action stands."""

    PLAN = "plan", _("Plan")
    DO = "do", _("Do")
    CHECK = "check", _("Check")
    ACT = "act", _("Act")


class Action(models.Model):
    """An improvement the group agreed on, followed up in later sessions (PDCA)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="actions")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(_("actie"))
    owner = models.CharField(_("eigenaar"), max_length=120)
    due_on = models.DateField(_("klaar op"), null=True, blank=True)
    stage = models.CharField(_("fase"), max_length=5, choices=Stage.choices, default=Stage.PLAN)
    done = models.BooleanField(_("afgerond"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("verbeteractie")
        verbose_name_plural = _("verbeteracties")
        ordering = ["done", "due_on", "id"]
