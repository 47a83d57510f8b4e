"""The yearly report (``confrec.views.yearly``) as md, html or pdf."""

from __future__ import annotations

import html as html_escape
from collections.abc import Callable
from importlib import resources
from typing import Any

from confrec.errors import ConfrecError, InvalidValue
from confrec.exporters import Options
from confrec.exporters.book import plain
from confrec.exporters.markdown import one_line
from confrec.languages import language_name
from confrec.record.jsoncodec import pretty
from confrec.textutil import for_terminal
from confrec.views.stats import NONE

FORMATS = ("md", "html", "pdf")
HEADERS = ["event", "dates", "talks", "speakers", "from abroad", "their countries"]


def _dates(row: dict[str, Any]) -> str:
    return row["start"] if row["start"] == row["end"] else f"{row['start']} – {row['end']}"


def _rows(stats: dict[str, Any]) -> list[list[str]]:
    return [[row["name"], _dates(row), str(row["talks"]), str(row["speakers"]), str(row["foreign_speakers"]),
             ", ".join(row["foreign_countries"])] for row in stats["events"]]


def _totals(stats: dict[str, Any]) -> list[str]:
    t = stats["totals"]
    return [f"{t['events']} event(s)", "", str(t["talks"]), str(t["speakers"]), str(t["foreign_speakers"]), ""]


def _languages(stats: dict[str, Any]) -> list[tuple[str, int]]:
    return [(language_name(tag) if tag != NONE else tag, n) for tag, n in stats["talks_by_language"]]


def render(stats: dict[str, Any], fmt: str, options: Options) -> str | bytes:
    if fmt not in FORMATS:
        raise InvalidValue(f"the yearly report is written as md, html or pdf, not {fmt!r}")
    write: dict[str, Callable[[dict[str, Any], Options], str | bytes]] = {"md": markdown, "html": html, "pdf": pdf}
    return write[fmt](stats, options)


def markdown(stats: dict[str, Any], options: Options) -> str:
    def cell(v: str) -> str:
        return one_line(v).replace("|", "\\|") if v else ""

    lines = [f"# Conferences of {stats['year']}", "", "| " + " | ".join(HEADERS) + " |",
             "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in _rows(stats)]
    lines += ["| " + " | ".join(f"**{v}**" if v else "" for v in _totals(stats)) + " |", ""]
    lines += ["## Speakers by country", ""] + [f"- {cell(c)}: {n}" for c, n in stats["speakers_by_country"]]
    lines += ["", "## Talks by language", ""] + [f"- {cell(lang)}: {n}" for lang, n in _languages(stats)]
    return "\n".join(lines) + "\n"


def html(stats: dict[str, Any], options: Options) -> str:
    def esc(v: object) -> str:
        return html_escape.escape(for_terminal(str(v)))

    head = "".join(f"<th>{esc(h)}</th>" for h in HEADERS)
    body = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>" for row in _rows(stats))
    total = "<tr class='total'>" + "".join(f"<td>{esc(v)}</td>" for v in _totals(stats)) + "</tr>"
    def ranking(pairs: list[tuple[str, int]]) -> str:
        return "<ul>" + "".join(f"<li>{esc(k)}: {n}</li>" for k, n in pairs) + "</ul>"
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>Conferences of {stats['year']}</title>\n<style>\n"
        "body { font-family: Georgia, serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; }\n"
        "table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ccc; "
        "text-align: left; padding: .3rem; vertical-align: top; } tr.total td { font-weight: bold; }\n"
        "@page { size: A4; margin: 2cm; }\n</style>\n</head>\n<body>\n"
        f"<h1>Conferences of {stats['year']}</h1>\n<table><thead><tr>{head}</tr></thead><tbody>{body}{total}"
        f"</tbody></table>\n<h2>Speakers by country</h2>\n{ranking(stats['speakers_by_country'])}\n"
        f"<h2>Talks by language</h2>\n{ranking(_languages(stats))}\n</body>\n</html>\n"
    )


def pdf(stats: dict[str, Any], options: Options) -> bytes:
    import typst

    data = plain({"year": stats["year"], "headers": HEADERS, "rows": _rows(stats), "totals": _totals(stats),
            "countries": [[c, str(n)] for c, n in stats["speakers_by_country"]],
            "languages": [[lang, str(n)] for lang, n in _languages(stats)],
            "paper": {"a4": "a4", "letter": "us-letter"}[options.paper]})
    template = resources.files("confrec") / "templates" / "year.typ"
    with resources.as_file(template) as path:
        try:
            return typst.compile(
                str(path), sys_inputs={"data": pretty(data)}, ignore_system_fonts=True,
                timestamp=int(options.generated.timestamp()))
        except typst.TypstError as e:
            raise ConfrecError(f"the PDF could not be typeset: {e}") from None
