"""The session store (SESSION_ENGINE): Django's database sessions, read by a statement built once per process.

Every request with a session cookie reads its row; see :mod:`accounts.rows` for why this read skips the ORM's
compilation. The rule is Django's own: a session is found only while its ``expire_date`` lies ahead (that is the
idle timeout, see core.middleware.SessionIdleTimeoutMiddleware), and an unknown or expired key is forgotten, so
the next save makes a fresh session instead of reviving the old key. Writes are Django's, unchanged.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import router
from django.utils import timezone

from accounts.rows import fetch_one


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> AbstractBaseSession | None:
        found = fetch_one(
            self.model,
            using=router.db_for_read(self.model),
            session_key=self.session_key,
            expire_date__gt=timezone.now(),
        )
        if found is None:
            self._session_key = None
        return found
