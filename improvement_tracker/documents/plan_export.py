"""A plan's export as its tracker page's address asks for it (the date and filters): the
one build that the export page and the API's export share, so that both give the same
file for the same address (documents/services.py: document_export caches and audits it).
"""

import datetime as dt
from collections.abc import Callable

from django.contrib.auth.models import User
from django.http import QueryDict

from improvement_tracker.documents import services
from improvement_tracker.documents.selectors import tracker_document
from improvement_tracker.plans.forms import TrackerFilterForm
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.plan_document import PlanDocument
from improvement_tracker.plans.selectors.filters import filter_tracker
from improvement_tracker.plans.selectors.tracker import plan_tracker
from improvement_tracker.plans.tracker_query import read_tracker_query


def plan_export(
    *,
    plan: Plan,
    file_format: str,
    as_of: dt.date | None,
    params: QueryDict,
    by: User | None,
    refused: Callable[[TrackerFilterForm], None] | None = None,
) -> bytes:
    """The file's bytes for these parameters, audited. Filters the form refuses are not
    applied, as on the page, and such a file is made but not kept; unless `refused` is
    given, which is called with the form and may raise instead (the API's 422)."""
    # The filters written one way, as the tracker's cache keys them (plans/tracker_query.py):
    # parameters no export reads make no new file.
    query = read_tracker_query(params)
    data = params if query is None else query.data()
    invalid = query is None

    def build() -> PlanDocument:
        nonlocal invalid
        # What the tracker page shows with the same address: its date and its filters.
        filtering = any(key in data for key in TrackerFilterForm.KEYS)
        # Words, not links; and the leads only if the filters may need them.
        whole = plan_tracker(plan=plan, as_of=as_of, references=False, leads=filtering)
        if not filtering:
            return tracker_document(whole, as_of=as_of)
        form = TrackerFilterForm(data, tracker=whole)
        if not form.is_valid():
            invalid = True
            if refused is not None:
                refused(form)
        return tracker_document(filter_tracker(whole, form.filters), as_of=as_of)

    return services.document_export(
        plan=plan,
        file_format=file_format,
        by=by,
        as_of=as_of,
        filters=None if query is None else query.filters,
        build=build,
        keep=lambda: not invalid,
    )
