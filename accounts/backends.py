"""The password login backend: Django's ModelBackend plus the rule that demo accounts are for the demo only."""

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from accounts.models import User
from accounts.rows import fetch_one


def demo_account_refused(user: Any) -> bool:
    """True for a synthetic demo account (User.is_synthetic) while the demo is not enabled (DEMO_ENABLED).

    Demo accounts have a published password and second-factor secret (`manage.py demo_logins`); if such an
    account ever exists in a real installation, nobody may log in with it.
    """
    return bool(getattr(user, "is_synthetic", False)) and not getattr(settings, "DEMO_ENABLED", False)


class StaffModelBackend(ModelBackend):
    """Checks username and password like ModelBackend; refuses demo accounts when the demo is off.

    ``user_can_authenticate`` is also asked when a session is loaded (``get_user``), so a demo session that
    was open when the demo was switched off is no longer logged in either.
    """

    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and not demo_account_refused(user)

    def get_user(self, user_id: Any) -> User | None:
        """The session's user, as ModelBackend finds it, by a statement built once (see accounts.rows): every
        page asks this. Still refused when inactive or a demo account outside the demo (user_can_authenticate)."""
        user = fetch_one(User, id=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
