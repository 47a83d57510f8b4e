"""pdf: the book of abstracts, typeset by Typst (the ``typst`` wheel: no TeX,
no browser, no network).

The layout is ``templates/book.typ``; the content reaches it as one JSON
string in ``sys.inputs``, so no user text is ever read as Typst markup. Only
the fonts inside Typst are used (Libertinus Serif covers Latin with
diacritics and Cyrillic with the Kazakh letters), never the machine's: the
same record gives the same bytes on every machine, dated by the record's
last change or SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

from importlib import resources

from confrec.bundle import EventBundle
from confrec.errors import ConfrecError
from confrec.exporters import Options
from confrec.exporters.book import book
from confrec.record.jsoncodec import pretty

PAPERS = {"a4": "a4", "letter": "us-letter"}


def render(bundle: EventBundle, options: Options) -> bytes:
    import typst

    data = book(bundle, options)
    data["paper"] = PAPERS[options.paper]
    data["one_per_page"] = options.one_per_page
    template = resources.files("confrec") / "templates" / "book.typ"
    with resources.as_file(template) as path:
        try:
            return typst.compile(
                str(path), sys_inputs={"data": pretty(data)}, ignore_system_fonts=True,
                timestamp=int(options.generated.timestamp()),
            )
        except typst.TypstError as e:  # a bug in the template, not in the record: say so plainly
            raise ConfrecError(f"the PDF could not be typeset: {e}") from None
