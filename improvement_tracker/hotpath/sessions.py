"""Django's database sessions, each request's session read in SQL written once.

Plain twin: Django's own `_get_session_from_db` (a queryset built afresh on every
request). The rest (saving, creating, deleting, clearing expired sessions) is Django's
in both. SESSION_ENGINE names this module.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from improvement_tracker import hotpath
from improvement_tracker.hotpath.rows import Selected, fetch_one


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        if not hotpath.enabled():
            # Django's own read, which django-stubs leaves out.
            plain: Session | None = super()._get_session_from_db()  # type: ignore[misc]
            return plain
        session = Selected(Session, "s")
        sql = (
            f"SELECT {session.columns} FROM {session.table}"  # noqa: S608 - names from the model
            f" WHERE {session.col('session_key')} = %s AND {session.col('expire_date')} > %s"
        )
        found = fetch_one(sql, [self.session_key, timezone.now()], session)
        if found is None:
            self._session_key = None  # as Django's: an unknown or expired key is dropped
            return None
        stored = found[0]
        assert isinstance(stored, Session)  # noqa: S101 - narrows the type: the row is there
        return stored
