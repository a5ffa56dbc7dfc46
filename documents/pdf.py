"""A document as a PDF: the HTML template laid out by WeasyPrint with the decree's page (pdf.css)."""

import logging
from pathlib import Path

from django.template.loader import render_to_string

from documents.content import Document

# WeasyPrint reports each step of every layout at INFO.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STYLESHEET = Path(__file__).with_name("pdf.css")


def build_pdf(doc: Document) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which the pages that never make a PDF need not pay for.
    from weasyprint import CSS, HTML

    html = render_to_string("documents/pdf/document.html", {"doc": doc})
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))], presentational_hints=True)
