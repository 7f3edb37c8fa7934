"""Write a plan as a PDF board pack: the Word pack's content, laid out by WeasyPrint.

The HTML is a Django template (documents/board_pack.html); WeasyPrint repeats each
table's header row on every page and prints on landscape A4.
"""

from django.template.loader import render_to_string

from improvement_tracker.documents.colours import STATUS_FILLS, STATUS_TEXT
from improvement_tracker.documents.plan_document import PlanDocument
from improvement_tracker.plans.rag import Status


def write_pdf(document: PlanDocument) -> bytes:
    from weasyprint import HTML  # heavy: loaded only when a PDF is asked for

    html = board_pack_html(document)
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def board_pack_html(document: PlanDocument) -> str:
    colours = {
        status: {"fill": STATUS_FILLS.get(status, "FFFFFF"), "text": STATUS_TEXT[status]}
        for status in Status
    }
    key = [
        (status, document.rag_key[status], colours[status])
        for status in Status.rated()
        if status in document.rag_key
    ]
    table1_rows: list[tuple[str, list[int | None]]] = []
    if document.reported is not None:
        table1 = document.reported.table1
        for row in next(iter(table1.values()), {}):
            table1_rows.append((row, [table1[column].get(row) for column in table1]))
    domains = [
        (domain, [(action, colours[action.status]) for action in domain.actions])
        for domain in document.domains
    ]
    return render_to_string(
        "documents/board_pack.html",
        {
            "document": document,
            "key": key,
            "table1_columns": list(document.reported.table1) if document.reported else [],
            "table1_rows": table1_rows,
            "table2": document.reported.table2 if document.reported else None,
            "domains": domains,
        },
    )
