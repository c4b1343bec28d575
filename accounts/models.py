from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a staff member does; access rules are stated in these terms."""

    GENERALIST = "generalist", _("Generalist")
    TEAMLEIDER = "teamleider", _("Teamleider")
    CONSULENT = "consulent", _("Consulent")
    BELEIDSMEDEWERKER = "beleidsmedewerker", _("Beleidsmedewerker")
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", _("Functioneel beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris")
    SPECIALIST = "specialist", _("Specialist (consultatie)")


#: Roles that work with households and may, when involved, see personal data.
CASEWORK_ROLES = frozenset({Role.GENERALIST, Role.TEAMLEIDER, Role.CONSULENT})


class User(AbstractUser):
    """A Medewerker (GGM): a staff member of the municipality or a wijkteam."""

    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    organisation = models.CharField(
        _("organisatie"),
        max_length=120,
        blank=True,
        help_text=_("Voor een specialist van een partnerorganisatie, bijv. de GGZ-instelling."),
    )
    is_synthetic = models.BooleanField(
        _("synthetisch"), default=False, help_text=_("Demo-account, geen echte medewerker.")
    )
    password_set_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wachtwoord ingesteld door"),
        help_text=_("Wie het wachtwoord in het beheer instelde; die persoon mag geen koppelcode uitgeven."),
    )

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def does_casework(self) -> bool:
        return self.role in CASEWORK_ROLES


class EnrolmentCode(models.Model):
    """A koppelcode: one-time permission to link a new authenticator app to one account.

    Why: without it, whoever knows an account's password (or set it) could enrol their own phone on the
    next login (trust on first use). The code is made by someone other than the one who set the password,
    shown once and handed over in person; only its hash is stored. See docs/adr/0008-hardening.md.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="enrolment_codes", verbose_name=_("medewerker")
    )
    code_hash = models.CharField(_("hash van de code"), max_length=64, unique=True)
    issued_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uitgegeven door"),
        help_text=_("Leeg: uitgegeven op de server (manage.py koppelcode)."),
    )
    issued_at = models.DateTimeField(_("uitgegeven op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("vervallen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("koppelcode")
        verbose_name_plural = _("koppelcodes")

    def __str__(self) -> str:
        return str(_("Koppelcode voor %(user)s") % {"user": self.user})

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and timezone.now() < self.expires_at


class ChangeRequestStatus(models.TextChoices):
    OPEN = "open", _("Wacht op goedkeuring")
    APPROVED = "goedgekeurd", _("Goedgekeurd")
    REJECTED = "afgewezen", _("Afgewezen")


class AccountChangeRequest(models.Model):
    """A change that widens someone's access, waiting for a second person (four-eyes).

    Why: a role or a team membership decides which households someone sees. One functioneel beheerder
    alone must not be able to hand that out (also not to a second account of their own), so the admin
    records the request here and it takes effect only when another beheerder or a superuser approves.
    Either `changes` holds account fields (role, username, e-mail) or `team` + `membership` describe a
    new team membership.
    """

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="change_requests", verbose_name=_("medewerker")
    )
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)
    team = models.ForeignKey(
        "organisation.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("team")
    )
    membership = models.JSONField(_("teamlidmaatschap"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("aangevraagd door")
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=12, choices=ChangeRequestStatus.choices, default=ChangeRequestStatus.OPEN
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("besloten door")
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("wijziging ter goedkeuring")
        verbose_name_plural = _("wijzigingen ter goedkeuring")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        """One Dutch sentence for the admin, the access log and the review list."""
        if self.team_id is not None:
            leader = _(" als teamleider") if self.membership.get("is_leader") else ""
            return str(
                _("%(user)s lid maken van team %(team)s%(leader)s vanaf %(start)s")
                % {"user": self.user, "team": self.team, "leader": leader, "start": self.membership.get("start")}
            )
        parts = [f"{field}: {value}" for field, value in sorted(self.changes.items())]
        return str(_("%(user)s wijzigen: %(changes)s") % {"user": self.user, "changes": ", ".join(parts)})
