"""State the whole project shares; for now only which one-time form tokens were used (core.submissions)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A create form that was sent, by its one-time token: a second send of the same form does nothing.

    The unique constraint, not a check in Python, makes two simultaneous sends (a double click)
    safe: the second insert waits for the first transaction and then fails, and the view sends
    the user to what the first one created.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(_("formuliertoken"), max_length=64)
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now, db_index=True)
    result_url = models.CharField(_("resultaat"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("verstuurd formulier")
        verbose_name_plural = _("verstuurde formulieren")
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="unique_form_submission_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.token}"
