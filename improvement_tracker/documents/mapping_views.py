"""The upload page's mapping step (issue 19, ADRs 0050, 0051): how a Word, Excel or CSV file
is read, proposed for the person to change, then previewed and confirmed as any upload is."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from improvement_tracker.accounts.access import own_object
from improvement_tracker.documents.importers.grid import read_grid_bytes
from improvement_tracker.documents.importers.proposal import propose_mapping
from improvement_tracker.documents.mapped_upload import kept_mapping, mappable, mapping_to_keep
from improvement_tracker.documents.mapping_forms import MappingForm
from improvement_tracker.documents.uploads import (
    forget,
    keep_mapping,
    pending,
    refused_upload,
    stored_bytes,
)
from improvement_tracker.plans.plan_document import ImportProblem


@own_object
@require_http_methods(["GET", "POST"])
def import_mapping(request: HttpRequest, token: str) -> HttpResponse:
    upload = pending(request, token)
    name, kept = upload["name"], upload.get("mapping", "")
    if not mappable(name):
        raise Http404("Only a Word, Excel or CSV file is read through a mapping.")
    try:
        grid = read_grid_bytes(stored_bytes(upload), name=name)
        # Checked by mapping_json each time it is read, never trusted as it stands.
        mapping = kept_mapping(kept, name=name) if kept else propose_mapping(grid)
    except ImportProblem as problem:
        return refused_upload(request, token, name, str(problem))
    except BaseException:
        forget(request, token)  # as import_confirm: nothing left behind by a fault of ours
        request.session.save()
        raise
    rows = {table.number: len(table.rows) for table in grid.tables}
    proposal = propose_mapping(grid) if kept else None  # rows made actions are offered again
    form = MappingForm(request.POST or None, mapping=mapping, rows=rows, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            written, _ = mapping_to_keep(grid, form.mapping())
        except ImportProblem as problem:
            for line in str(problem).splitlines():
                form.add_error(None, line.removeprefix("- "))
        else:
            keep_mapping(request, token, written)
            return redirect("documents:import_confirm", token=token)
    context = {
        "form": form,
        "token": token,
        "name": name,
        "mapping": mapping,
        "changed": bool(kept),
        "closest": (
            f"We found no table of actions in this file: {mapping.closest}. Choose the table "
            "that holds the actions, and what its columns hold."
            if mapping.closest
            else ""
        ),
    }
    return render(request, "documents/import_mapping.html", context)
