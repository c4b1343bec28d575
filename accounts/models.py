from django.contrib.auth.models import AbstractUser
from django.db import models
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

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def does_casework(self) -> bool:
        return self.role in CASEWORK_ROLES
