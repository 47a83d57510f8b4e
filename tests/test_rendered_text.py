"""User text is data, whatever it holds: for any title, abstract, room and
name, each published format read back by its own reader (markdown-it, an
HTML parser, a BibTeX parser) gives the text as typed, not markup run."""

from __future__ import annotations

import re
import tempfile
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_round_trips import _bundle as bundle_of
from test_round_trips import _record
from test_round_trips import text as any_text

from confrec.bundle import load_bundle
from confrec.exporters import Options, export
from confrec.record.models import Event, Speaker, Talk
from confrec.record.store import open_store

# what can be typed into a record (no controls, surrogates or bidi controls), with
# markup's favourite characters drawn often
MARKUP = "\\`*_[]<>|~&{}#=+-!().:;,\"'%$^@/ \n"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
text = st.text(st.one_of(st.sampled_from(MARKUP), st.sampled_from("1aZü Ж"),
                         st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=BIDI)),
               min_size=1, max_size=30).filter(lambda s: s.strip())
line = text.map(lambda s: " ".join(s.split())).filter(bool)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


def _bundle(title: str, abstract: str, room: str, name: str, event_name: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.json"
        with open_store(path, write=True) as s:
            s.add_event(Event(slug="t-2024", name=event_name, start="2024-05-06", timezone="Europe/Berlin",
                              city=room, description=abstract))
            s.add_speaker(Speaker(name=name, affiliation=room))
            s.add_talk(Talk(event="t-2024", title=title, abstract=abstract, speakers=[1], room=room,
                            start="2024-05-06 10:00", duration=30, status="confirmed"))
        with open_store(path) as s:
            return load_bundle(s, "t-2024")


def _out(fmt: str, *values: str) -> str:
    return export(fmt, _bundle(*values), Options(generated=datetime(2024, 1, 1)))


def _flat(s: str) -> str:
    return " ".join(s.split())


class _Text(HTMLParser):
    """The text an HTML page shows (entities decoded), outside <style> and <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        self.hidden += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _shown(html: str) -> tuple[str, list[str]]:
    p = _Text()
    p.feed(html)
    p.close()
    return _flat(" ".join(p.parts)), p.tags


@SETTINGS
@given(title=line, abstract=text, room=line, name=line)
def test_markdown_renders_any_text_as_that_text(title, abstract, room, name):
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(_out("md", title, abstract, room, name, title))
    shown, tags = _shown(html)
    for value in (title, room, name):
        assert _flat(value) in shown, value
    for paragraph in re.split(r"\n\s*\n", abstract.strip()):  # paragraphs are kept, lines joined
        assert _flat(paragraph) in shown, paragraph
    # only the export's own structure: no link, image, raw HTML or code from the text
    assert set(tags) <= {"h1", "h2", "h3", "h4", "p", "em", "strong", "ul", "ol", "li", "hr", "br"}, tags


@SETTINGS
@given(title=line, abstract=text, room=line, name=line)
def test_the_html_book_shows_any_text_as_that_text(title, abstract, room, name):
    html = _out("html", title, abstract, room, name, title)
    shown, tags = _shown(html)
    for value in (title, abstract, room, name):
        assert _flat(value) in shown, value
    assert "script" not in tags


@SETTINGS
@given(any_text)
def test_the_html_books_own_escape_is_the_templates(value):
    """The program's rows and the abstracts are escaped in Python, the rest
    of the page by the template: both the same way."""
    from markupsafe import escape

    from confrec.exporters.html import escaped

    assert escaped(value) == str(escape(value))


class _Places(HTMLParser):
    """The text of an HTML page by where it stands: 'parent child', each
    named by its tag and class ('div.abstract p', 'p.authors b')."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)
        if tag not in ("br", "meta"):  # (no end tag)
            self.stack.append(".".join([tag, *(dict(attrs).get("class") or "").split()]))

    def handle_endtag(self, tag: str) -> None:
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if data.strip() and self.stack:
            self.texts.setdefault(" ".join(self.stack[-2:]), []).append(data)


def test_every_piece_of_a_talk_in_the_html_book_is_shown_as_typed():
    """Each value in its place, in the program's row and the abstract,
    as the text typed: no tag, entity or template syntax in it runs."""
    v = '<b>x</b> & "q" \'s\' <script>alert(1)</script> {{ j }} &amp;'
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.json"
        with open_store(path, write=True) as s:
            s.add_event(Event(slug="t-2024", name="E", start="2024-05-06", timezone="Europe/Berlin"))
            s.add_speaker(Speaker(name=f"{v} Name", affiliation=f"{v} aff"))
            s.add_talk(Talk(event="t-2024", title=f"{v} title", subtitle=f"{v} sub", abstract=f"{v} one\n\n{v} two",
                            speakers=[1], room=f"{v} room", start="2024-05-06 10:00", duration=30,
                            status="confirmed"))
        with open_store(path) as s:
            html = export("html", load_bundle(s, "t-2024"), Options(generated=datetime(2024, 1, 1)))
    places = _Places()
    places.feed(html)
    texts = places.texts
    assert texts["tr td.time"] == ["10:00–10:30"]
    assert texts["tr td.room"] == [f"{v} room"]
    assert texts["a b"] == ["1."] and texts["td a"] == [f" {v} title"]
    assert texts["td span.speakers"] == [f"{v} Name"]
    assert texts["article.talk h4"] == [f"1. {v} title"]
    assert texts["p i"] == [f"{v} sub"]
    assert texts["p.authors b"] == [f"{v} Name"] and texts["p.authors span.details"] == [f"{v} aff"]
    assert texts["article.talk p.when"] == [f"6 May 2024, 10:00–10:30 · {v} room"]
    assert texts["div.abstract p"] == [f"{v} one", f"{v} two"]
    assert "script" not in places.tags


# The inverse of the exporter's escapes, written out here (a reference that
# shares no code with what it checks).
_UNLATEX = [(r"\textbackslash{}", "\\"), (r"\textbraceleft{}", "{"), (r"\textbraceright{}", "}"),
            (r"\textasciitilde{}", "~"), (r"\textasciicircum{}", "^"), (r"\%", "%"), (r"\&", "&"),
            (r"\$", "$"), (r"\#", "#"), (r"\_", "_")]
_UNLATEX_RE = re.compile("|".join(re.escape(k) for k, _ in _UNLATEX))


def _unlatex(value: str) -> str:
    return _UNLATEX_RE.sub(lambda m: dict(_UNLATEX)[m.group(0)], value)


def _words(name: str) -> list[str]:
    return sorted(re.sub(r"[{},]", " ", name).split())


@SETTINGS
# (an institution's name holds 'and', the word BibTeX splits authors at)
@given(title=line, abstract=text, room=line, name=st.one_of(line, st.tuples(line, line, line).map("{0[0]} and {0[1]} {0[2]}".format)))
def test_bibtex_fields_read_back_as_the_text(title, abstract, room, name):
    from pybtex.database import parse_string

    entry = next(iter(parse_string(_out("bibtex", title, abstract, room, name, title), "bibtex").entries.values()))
    assert _unlatex(entry.fields["title"]) == title
    assert _unlatex(entry.fields["abstract"]) == _flat(abstract)
    assert _unlatex(entry.fields["booktitle"]) == title
    (author,) = entry.persons["author"]  # one speaker is one author, whatever the name holds
    assert _words(_unlatex(str(author))) == _words(name)


def test_an_institution_as_author_stays_one_author():
    from pybtex.database import parse_string

    out = _out("bibtex", "T", "A", "R", "Institute of Peace and Security Studies", "E")
    assert "  author = {{Institute of Peace and Security Studies}},\n" in out
    (author,) = next(iter(parse_string(out, "bibtex").entries.values())).persons["author"]
    assert str(author) == "{Institute of Peace and Security Studies}"


VIEWS = [["talk", "list"], ["talk", "show", "1"], ["speaker", "list"], ["speaker", "show", "1"],
         ["event", "show", "t-2024"], ["session", "show", "1"], ["report", "t-2024"], ["schedule", "t-2024"]]


def _bare(s: str) -> str:
    """Without whitespace or the box and rule lines Rich draws: a long value may wrap."""
    return re.sub(r"[\s│─┃━┏┓┗┛┡┩└┘┌┐├┤┬┴┼═║╭╮╰╯]", "", s)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=line, room=line, name=line)
def test_the_terminal_shows_any_text_as_that_text(tmp_path_factory, monkeypatch, title, room, name):
    from conftest import ok

    monkeypatch.setenv("CONFREC_DB", str(tmp_path_factory.mktemp("views") / "r.json"))
    monkeypatch.setenv("COLUMNS", "200")
    ok("event", "add", "--slug", "t-2024", "--start", "2024-05-06", "--venue", room, "--", "E " + title)
    ok("speaker", "add", "--affiliation", room, "--", "S " + name)
    ok("session", "add", "--start", "2024-05-06 10:00", "--end", "11:00", "--room", room, "--chair", "1",
       "--", "Session " + title)
    ok("talk", "add", "--speaker", "1", "--room", room, "--start", "2024-05-06 10:00", "--duration", "30",
       "--session", "1", "--status", "confirmed", "--", "T " + title)
    for view in VIEWS:
        shown = _bare(ok(*view).stdout)
        for value in {"talk": [title, name], "speaker": [name, room], "event": [title, room],
                      "session": [title, room, name], "report": [title, name], "schedule": [title, room]}[view[0]]:
            assert _bare(value) in shown, (view, value)


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "id" and v:
                self.ids.append(v)
            if k == "href" and v and v.startswith("#"):
                self.links.add(v[1:])


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_every_link_in_any_records_html_book_lands_on_one_place(data):
    """Random records (text of any kind, a session with chairs or none, talks
    on two days): the book's contents, program and index link only to
    targets the page holds, each held once, and every published talk is reached."""
    with tempfile.TemporaryDirectory() as tmp:
        path = _record(Path(tmp), lambda: data.draw(any_text), data)
        with open_store(path, write=True) as s:
            for t in s.talks():
                s.update_talk(t.__class__.from_dict({**t.to_dict(), "status": "confirmed"}))
        bundle = bundle_of(path)
    page = _Anchors()
    page.feed(export("html", bundle, Options(generated=datetime(2024, 1, 1))))
    assert len(page.ids) == len(set(page.ids))
    assert page.links <= set(page.ids), page.links - set(page.ids)
    assert {f"talk-{t.id}" for t in bundle.talks} <= page.links
