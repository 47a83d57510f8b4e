"""The book of abstracts (PDF and HTML), citations (BibTeX, CSL-JSON) and the
faculty's yearly report, each read back by a real reader."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from html.parser import HTMLParser

import pytest
from conftest import fails, ok, run
from hypothesis import given, settings
from hypothesis import strategies as st

pypdf = pytest.importorskip("pypdf", reason="pypdf (a test extra) reads the PDF back")

TITLES = ["The role of Kazakhstan's foreign policy in strengthening peace, harmony and sustainable development",
          "Multi-vector policy as a diplomatic style: the evolution of its conceptual framework",
          "Kazakhstan in the regional context: the Russia - Kazakhstan - China axis",
          "The evolution of bilateral cooperation between Kazakhstan and the USA",
          "Debatable issues on the future of the multi-vector policy",
          "Kazakhstan's role in global and regional security"]


def pdf_of(*args: str) -> pypdf.PdfReader:
    r = run("export", "-f", "pdf", *args)
    assert r.exit_code == 0, r.stderr
    return pypdf.PdfReader(io.BytesIO(r.stdout_bytes))


def pages(reader: pypdf.PdfReader) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in reader.pages]


@pytest.fixture
def program(kaznu):
    ok("session", "add", "Plenary session", "--start", "21.10.2016 10:00", "--end", "11:00", "--room", "Hall 301",
       "--chair", "Kukeeva")
    for talk, duration in (("1", "15"), ("2", "20")):
        ok("talk", "edit", talk, "--session", "1", "--duration", duration)
    ok("talk", "add", "Coffee break", "--type", "break", "--start", "21.10.2016 11:00", "--duration", "30",
       "--room", "Foyer", "--status", "confirmed")
    return kaznu


def test_the_pdf_book(program):
    reader = pdf_of()
    text = pages(reader)
    title_page = text[0]
    assert "Evolution of the conceptual foundations and practices of multi-vector foreign policy of Kazakhstan" \
        in title_page
    for said in ("International scientific-practical conference", "Al-Farabi Kazakh National University",
                 "Faculty of international relations", "Resource and information center on NATO",
                 "Almaty, 21 October 2016", "Devoted to the 25th anniversary of the independence"):
        assert said in title_page, said
    contents = text[1]
    assert contents.startswith("Evolution of the conceptual") and "Contents" in contents
    m = re.search(r"2\. Multi-vector policy as a diplomatic style: the evolution of its conceptual framework[ .]*(\d+)",
                  contents)
    assert m, contents
    abstract_page = int(m.group(1))
    assert "2. Multi-vector policy as a diplomatic style" in text[abstract_page - 1]  # the page it says
    program = next(t for t in text[2:] if "Program Friday, 21 October 2016" in t)
    assert "Plenary session 10:00–11:00, Hall 301" in program and "Chair: Professor F.T. Kukeeva" in program
    assert "11:00–11:30 Coffee break Foyer" in program  # the room under the title
    body = " ".join(text)
    for title in TITLES:
        assert title in body, title
    assert "Coffee break" not in " ".join(text[abstract_page - 1:-1])  # no abstract for a break
    index = text[-1]
    assert "Index of authors" in index
    entry = re.search(r"Kukeeva, F\.T\. [ .]*(\d+)", index)
    assert entry and int(entry.group(1)) == abstract_page
    assert index.index("Baizakova") < index.index("Kukeeva") < index.index("Zhakenov")  # by family name
    assert "Counselor, delegation of the Ministry of Foreign Affairs in Almaty" in body  # the position
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    assert reader.metadata.title.startswith("Evolution of the conceptual foundations")
    assert reader.metadata.author.startswith("Faculty of international relations")


@pytest.fixture
def two_days(program):
    """Talks 3 and 4 on a second day; 5 and 6 not yet scheduled."""
    ok("event", "edit", "kaznu-2016", "--end", "2016-10-22")
    for talk, start in (("3", "22.10.2016 10:00"), ("4", "22.10.2016 10:30")):
        ok("talk", "edit", talk, "--start", start, "--duration", "20")
    return program


def test_a_session_is_in_the_program_of_its_own_day_only(two_days):
    def program() -> tuple[str, str]:
        text = " ".join(pages(pdf_of()))
        days = text[text.index("Program Friday, 21 October 2016"):text.rindex("Index of authors")]
        friday, saturday = days.split("Saturday, 22 October 2016", 1)
        return friday, saturday.split("Abstracts", 1)[0]

    friday, saturday = program()
    assert "Plenary session 10:00–11:00, Hall 301" in friday and "3. Kazakhstan in the regional" in saturday
    assert "Plenary session" not in saturday
    ok("talk", "edit", "1", "--session", "")
    ok("talk", "edit", "2", "--session", "")  # no talks left in it: still on its own day's program
    friday, saturday = program()
    assert "Plenary session 10:00–11:00, Hall 301" in friday and "Plenary session" not in saturday


def test_a_long_room_name_stands_under_its_talk_s_title_not_across_it(program):
    """Real rooms have long names ('Assembly:CRYPTO Currency Assembly /
    Embassy'): the program sets the room after the speakers, on the line under
    the title, where it has the whole measure."""
    room = "Assembly:CRYPTO Currency Assembly / Embassy of the Multi-Vector Policy"
    ok("talk", "edit", "3", "--start", "21.10.2016 11:30", "--duration", "20", "--room", room)
    page = next(p for p in pdf_of().pages if "Chair: Professor F.T. Kukeeva" in p.extract_text())  # the program
    runs: list[tuple[str, float, float]] = []  # (text, x, y) of each piece of text set
    page.extract_text(visitor_text=lambda text, cm, tm, *_: text.strip() and runs.append(
        (text.strip(), cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3])))
    at = {text: (x, y) for text, x, y in runs}
    number, title, speakers = at["3."], at["Kazakhstan in the regional context: the Russia - Kazakhstan - China axis"], \
        at["Professor P. Shabal"]
    assert at[f"· {room}"][1] == speakers[1] and at[f"· {room}"][0] > speakers[0]  # whole, after the speakers
    assert speakers[0] == pytest.approx(number[0], abs=0.5) and speakers[1] < title[1]  # under the title, at its indent
    assert at["11:30–11:50"][1] == title[1]  # the time beside the title


def outline(reader: pypdf.PdfReader) -> list:
    """The PDF's bookmarks as (title, page, children) from the top."""
    def walk(items: list) -> list:
        out: list = []
        for x in items:
            if isinstance(x, list):
                out[-1] = (*out[-1][:2], walk(x))
            else:
                out.append((x.title, reader.get_destination_page_number(x) + 1, []))
        return out
    return walk(reader.outline)


FRI, SAT, LATER = "Friday, 21 October 2016", "Saturday, 22 October 2016", "Not yet scheduled"


def test_each_day_starts_a_page_in_the_program_and_among_the_abstracts(two_days):
    reader = pdf_of()
    text = pages(reader)
    marks = outline(reader)
    assert [(title, [day for day, _, _ in days]) for title, _, days in marks] == [
        ("Program", [FRI, SAT, LATER]), ("Abstracts", [FRI, SAT, LATER]), ("Index of authors", [])]
    (_, program_at, program), (_, abstracts_at, abstracts), (_, index_at, _) = marks
    # the program: Friday, then Saturday on a page of its own, the talks with no time under it
    assert [page for _, page, _ in program] == [program_at, program_at + 1, program_at + 1]
    assert "Coffee break" in text[program_at - 1] and SAT not in text[program_at - 1]
    saturday = text[program_at]
    assert saturday.index(SAT) < saturday.index("3. Kazakhstan in the regional context") \
        < saturday.index(LATER) < saturday.index("5. Debatable issues")
    assert "Plenary session" not in saturday  # Friday's session is not on Saturday's program
    # the abstracts: each day starts a page under its heading, its talks in the bookmarks beneath it
    assert [(day, page, [t.split(".")[0] for t, _, _ in talks]) for day, page, talks in abstracts] == [
        (FRI, abstracts_at, ["1", "2"]), (SAT, abstracts_at + 1, ["3", "4"]), (LATER, abstracts_at + 2, ["5", "6"])]
    for page, day, first in ((abstracts_at + 1, SAT, "3. Kazakhstan"), (abstracts_at + 2, LATER, "5. Debatable")):
        head = "Evolution of the conceptual foundations and practices of multi-vector foreign policy of Kazakhstan "
        assert text[page - 1].startswith(f"{head}{day} {first}"), text[page - 1]  # the running head, then the day
        assert text[page - 1].endswith(f" {page}"), text[page - 1]  # its number at the foot, not in the head
    assert index_at == abstracts_at + 3 == len(text)
    index = text[-1]
    assert re.search(rf"Shabal, P\. [ .]*{abstracts_at + 1}", index) and \
        re.search(rf"McDermott, R\. [ .]*{abstracts_at + 2}", index), index


def test_the_contents_list_every_abstract_up_to_a_limit_and_the_days_beyond(two_days, monkeypatch):
    from confrec.exporters import book

    def contents() -> str:
        return pages(pdf_of())[1]

    def html_contents() -> str:
        html = ok("export", "-f", "html").stdout
        return html[html.index('<nav id="contents">'):html.index("</nav>")]

    monkeypatch.setattr(book, "CONTENTS_EACH_ABSTRACT", 6)  # six abstracts: each is listed
    listed = contents()
    assert re.search(r"Abstracts[ .]*\d+ Friday, 21 October 2016[ .]*\d+ 1\. The role of Kazakhstan", listed), listed
    assert "6. Kazakhstan's role in global and regional security" in listed
    assert '<a href="#talk-6">6. Kazakhstan&#39;s role' in html_contents()
    monkeypatch.setattr(book, "CONTENTS_EACH_ABSTRACT", 5)  # one more than the limit: the days only
    short = contents()
    assert re.search(r"Abstracts[ .]*\d+ Friday, 21 October 2016[ .]*\d+ Saturday, 22 October 2016[ .]*\d+ "
                     r"Not yet scheduled[ .]*\d+ Index of authors", short), short
    assert "1. The role" not in short
    nav = html_contents()
    assert '<a href="#abstracts-2">Saturday, 22 October 2016</a>' in nav and "#talk-" not in nav


def test_the_html_book_groups_the_abstracts_by_day_as_the_pdf_does(two_days):
    html = ok("export", "-f", "html").stdout
    section = html[html.index('<section id="abstracts">'):html.index('<section id="index">')]
    heads = re.findall(r'<h3 id="(abstracts-\d)">([^<]*)</h3>|<article class="talk" id="(talk-\d)">', section)
    assert [x[1] or x[2] for x in heads] == [FRI, "talk-1", "talk-2", SAT, "talk-3", "talk-4", LATER, "talk-5",
                                            "talk-6"]
    assert "#abstracts h3 ~ h3, #program h3 ~ h3:not(#unscheduled) { break-before: page; }" in html


def test_letter_paper_and_one_abstract_a_page(program):
    box = pdf_of("--paper", "letter").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert len(pdf_of("--one-per-page").pages) >= len(pdf_of().pages) + 4
    fails("export", "-f", "pdf", "--paper", "A5", db=program, error="invalid paper 'A5': choose one of a4, letter")


def test_the_same_record_gives_the_same_pdf(program, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1477036800")
    one, two = run("export", "-f", "pdf").stdout_bytes, run("export", "-f", "pdf").stdout_bytes
    assert one == two and one.startswith(b"%PDF")
    assert "D:20161021" in str(pypdf.PdfReader(io.BytesIO(one)).metadata.get("/CreationDate"))


def test_kazakh_and_diacritics_are_typeset(db):
    ok("event", "add", "Қазақстан, Әл-Фараби, Ümlaut", "--slug", "kk-1", "--start", "2016-10-21",
       "--host", "Әл-Фараби атындағы Қазақ ұлттық университеті")
    ok("speaker", "add", "Кукеева Ф.Т.")
    ok("talk", "add", "Ғ Қ Ң Ө Ұ Ү Һ І ә ғ қ ң ө ұ ү һ і", "-s", "1", "--abstract", "Привет, Ümlaut, ğ.")
    text = " ".join(pages(pdf_of("--lang", "kk")))
    for said in ("Қазақстан, Әл-Фараби, Ümlaut", "Ғ Қ Ң Ө Ұ Ү Һ І ә ғ қ ң ө ұ ү һ і", "Привет, Ümlaut, ğ.",
                 "Кукеева, Ф.Т.", "Баяндамалар тезистері", "Авторлар көрсеткіші"):
        assert said in text, said


TYPST_MARKUP = ["#set page(width: 1cm)", "*bold*", "$x$", "<label>", "@ref", "\\", "#import \"x\"", "]#["]


@pytest.mark.parametrize("value", TYPST_MARKUP)
def test_typst_markup_in_user_text_is_text(db, value):
    ok("event", "add", f"E {value}", "--slug", "e-1", "--start", "2016-10-21")
    ok("speaker", "add", f"A {value}")
    ok("talk", "add", f"T {value}", "-s", "1", "--abstract", f"Abstract {value} end.")
    reader = pdf_of()
    text = " ".join(pages(reader))
    assert f"T {value}" in text and f"Abstract {value} end." in text
    assert round(float(reader.pages[0].mediabox.width)) == 595  # '#set page(width: 1cm)' did not run


def test_the_html_book_prints_as_a_book(program):
    html = ok("export", "-f", "html").stdout

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.ids: list[str] = []
            self.links: list[str] = []
            self.h4: list[str] = []
            self._in_h4 = False

        def handle_starttag(self, tag: str, attrs: list) -> None:
            d = dict(attrs)
            if "id" in d:
                self.ids.append(d["id"])
            if tag == "a" and d.get("href", "").startswith("#"):
                self.links.append(d["href"][1:])
            self._in_h4 = tag == "h4"

        def handle_data(self, data: str) -> None:
            if self._in_h4 and data.strip():
                self.h4.append(data.strip())
                self._in_h4 = False

    r = Reader()
    r.feed(html)
    assert {"contents", "program", "abstracts", "index", "talk-2"} <= set(r.ids)
    assert set(r.links) <= set(r.ids)  # every link in the contents and index lands
    assert "2. Multi-vector policy as a diplomatic style: the evolution of its conceptual framework" in r.h4
    assert "size: A4;" in html and "@bottom-center { content: counter(page);" in html
    assert "article.talk + article.talk { break-before: page; }" not in html  # abstracts flow
    assert "article.talk + article.talk { break-before: page; }" in ok("export", "-f", "html", "--one-per-page").stdout
    assert '@page :first { @top-left { content: ""; }' in html  # no browser header on the title page either
    assert "Kukeeva, F.T. — <a href=\"#talk-2\">2</a>" in html
    assert 'id="talk-4"' in html and "Coffee break" in html and "talk-8" not in html
    assert "None" not in html  # a break has no number: it is left out, not printed


def test_an_author_of_several_talks_is_linked_to_each(program):
    ok("talk", "add", "A second talk", "-s", "Kukeeva", "--status", "confirmed")
    html = ok("export", "-f", "html").stdout
    assert '    <li>Kukeeva, F.T. — <a href="#talk-2">2</a>, <a href="#talk-8">8</a></li>\n' in html


def test_the_html_template_is_compiled_once(program, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    first = ok("export", "-f", "html").stdout
    cached = list((tmp_path / "xdg-cache" / "confrec" / "templates").iterdir())
    assert len(cached) == 1 and cached[0].stat().st_size > 1000
    assert ok("export", "-f", "html").stdout == first  # read from the cache: the same page
    cached[0].write_bytes(b"not bytecode")  # a damaged entry is compiled again
    assert ok("export", "-f", "html").stdout == first


def test_the_html_book_without_a_cache_folder(program, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    first = ok("export", "-f", "html").stdout
    shutil.rmtree(tmp_path / "xdg-cache")
    (tmp_path / "xdg-cache").write_text("a file where the cache folder would be")
    r = run("export", "-f", "html")
    assert (r.exit_code, r.stderr, r.stdout) == (0, "", first)


def test_a_running_head_cannot_leave_its_css_string(db):
    ok("event", "add", 'E"; } body { display: none } </style><script>x</script>', "--slug", "e-1",
       "--start", "2016-10-21")
    html = ok("export", "-f", "html").stdout
    style = html[html.index("<style>"):html.index("</style>")]
    assert "display: none" not in style and "<script>" not in html


def test_bibtex_is_read_by_a_bibtex_parser(program):
    from pybtex.database import parse_string

    ok("talk", "edit", "3", "--title", "Braces } { \\ % & $ # _ ~ ^ survive")
    bib = parse_string(ok("export", "-f", "bibtex").stdout, "bibtex")
    assert list(bib.entries) == ["kaznu-2016-1-zhakenov", "kaznu-2016-2-kukeeva", "kaznu-2016-3-shabal",
                                 "kaznu-2016-4-brennan", "kaznu-2016-5-mcdermott", "kaznu-2016-6-baizakova"]
    e = bib.entries["kaznu-2016-2-kukeeva"]
    assert e.type == "inproceedings"
    assert [(p.last_names, p.first_names) for p in e.persons["author"]] == [(["Kukeeva"], ["F.T."])]
    assert e.fields["booktitle"].startswith("Evolution of the conceptual foundations")
    assert (e.fields["year"], e.fields["month"], e.fields["address"], e.fields["organization"]) == (
        "2016", "October", "Almaty, Kazakhstan", "Al-Farabi Kazakh National University")
    assert e.fields["title"] == "Multi-vector policy as a diplomatic style: the evolution of its conceptual framework"
    # every special character as its LaTeX command: the field (and the file) parse, and nothing runs
    hostile = bib.entries["kaznu-2016-3-shabal"].fields["title"]
    assert hostile == (r"Braces \textbraceright{} \textbraceleft{} \textbackslash{} \% \& \$ \# \_ "
                       r"\textasciitilde{} \textasciicircum{} survive")
    assert "Coffee break" not in ok("export", "-f", "bibtex").stdout  # not a talk


def test_csl_json_is_rendered_by_citeproc(program):
    import citeproc
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(ok("export", "-f", "csl-json").stdout)
    assert [i["type"] for i in items] == ["paper-conference"] * 6
    assert items[1]["author"] == [{"family": "Kukeeva", "given": "F.T."}]
    assert items[1]["issued"] == {"date-parts": [[2016, 10, 21]]}
    assert items[1]["event-place"] == "Almaty, Kazakhstan"
    style = CitationStylesStyle(os.path.join(os.path.dirname(citeproc.__file__), "data", "styles",
                                             "harvard-cite-them-right.csl"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(b) for b in bibliography.bibliography()]
    assert any(r.startswith("Kukeeva, F.T. (2016) “Multi-vector policy as a diplomatic style: the evolution of its "
                            "conceptual framework”, Evolution of the conceptual foundations") for r in rendered)


@pytest.fixture
def years(db):
    """Three events in two years: the record a faculty reports from."""
    ok("event", "add", "Spring school", "--slug", "spring-2016", "--start", "2016-04-12", "--country", "Kazakhstan")
    ok("event", "add", "Autumn conference", "--slug", "autumn-2016", "--start", "2016-10-21", "--end", "2016-10-22",
       "--country", "Kazakhstan")
    ok("event", "add", "Winter forum", "--slug", "winter-2017", "--start", "2017-02-01", "--country", "Kazakhstan")
    people = [("Ana", "Kazakhstan"), ("Pierre", "France"), ("Sean", "USA"), ("Dana", None), ("Pierre Two", "france")]
    for name, country in people:
        ok("speaker", "add", name, *(("--country", country) if country else ()))
    for event, speakers, lang in (("spring-2016", [1, 2], "ru"), ("spring-2016", [2], "kk"),
                                  ("autumn-2016", [3, 4], "en"), ("autumn-2016", [5], None),
                                  ("winter-2017", [2, 3], "en")):
        ok("talk", "add", f"Talk at {event}", "-e", event, *[x for s in speakers for x in ("-s", str(s))],
           *(("--language", lang) if lang else ()))
    ok("talk", "add", "Lunch", "-e", "autumn-2016", "--type", "break")
    return db


def test_the_yearly_report(years):
    stats = json.loads(ok("stats", "--year", "2016", "--json").stdout)
    assert [(e["event"], e["talks"], e["speakers"], e["foreign_speakers"], e["foreign_countries"])
            for e in stats["events"]] == [
        ("spring-2016", 2, 2, 1, ["France"]), ("autumn-2016", 2, 3, 2, ["USA", "france"])]
    assert stats["totals"] == {"events": 2, "talks": 4, "speakers": 5, "foreign_speakers": 3}
    assert stats["speakers_by_country"] == {"France": 2, "(none)": 1, "Kazakhstan": 1, "USA": 1}
    assert stats["talks_by_language"] == {"(none)": 1, "en": 1, "kk": 1, "ru": 1}
    report = ok("report", "--year", "2016").stdout
    assert "Conferences of 2016" in report and "Winter forum" not in report
    assert "2 event(s), 4 talks, 5 speakers, 3 from abroad" in report
    md = ok("export", "--year", "2016", "-f", "md").stdout
    assert "| Autumn conference | 2016-10-21 – 2016-10-22 | 2 | 3 | 2 | USA, france |" in md
    assert "- Kazakh: 1" in md
    html = ok("export", "--year", "2016", "-f", "html").stdout
    assert "<td>Spring school</td>" in html
    text = " ".join(pages(pypdf.PdfReader(io.BytesIO(run("export", "--year", "2017", "-f", "pdf").stdout_bytes))))
    assert "Conferences of 2017" in text and "Winter forum" in text
    fails("export", "--year", "2016", "-f", "csv", db=years,
          error="the yearly report is written as md, html or pdf, not 'csv'")
    fails("export", "--year", "2016", "-o", str(years.parent / "year.csv"), db=years,
          error="the yearly report is written as md, html or pdf, not 'csv'")
    ok("export", "--year", "2016", "-o", str(years.parent / "year.html"))  # the extension says the format
    assert "<td>Spring school</td>" in (years.parent / "year.html").read_text(encoding="utf-8")
    fails("report", "spring-2016", "--year", "2016", db=years, error="give an event or --year, not both")
    assert "No events in 1999." in ok("report", "--year", "1999").stdout


def test_a_country_counts_as_one_however_it_is_written(db):
    """A Kazakh university's record holds 'Kazakhstan', 'Казахстан',
    'Қазақстан', 'KZ' and 'Республика Казахстан': one country, and not abroad
    at an event in Kazakhstan. Each is kept as typed."""
    ok("event", "add", "Forum", "--slug", "forum-2016", "--start", "2016-10-21", "--country", "Kazakhstan")
    for i, country in enumerate(["Казахстан", "Қазақстан", "KZ", "Республика Казахстан", "kazakhstan",
                                 "Russia", "Россия", "Russian Federation", "USA", "United States", "Atlantis"]):
        ok("speaker", "add", f"Person {i}", "--country", country)
        ok("talk", "add", f"Talk {i}", "-s", str(i + 1))
    stats = json.loads(ok("stats", "--year", "2016", "--json").stdout)
    (event,) = stats["events"]
    assert (event["speakers"], event["foreign_speakers"]) == (11, 6)
    assert event["foreign_countries"] == ["Atlantis", "Russia", "United States"]
    assert list(stats["speakers_by_country"].items()) == [
        ("kazakhstan", 5), ("Russia", 3), ("United States", 2), ("Atlantis", 1)]
    assert json.loads(ok("speaker", "show", "3", "--json").stdout)["country"] == "KZ"


def test_stats_count_a_country_once_and_an_event_without_one_counts_nobody_abroad(db):
    ok("event", "add", "Forum", "--slug", "forum-2016", "--start", "2016-10-21")  # (no country)
    for i, country in enumerate(["Казахстан", "Kazakhstan", "France", None]):
        ok("speaker", "add", f"Person {i}", *(("--country", country) if country else ()))
        ok("talk", "add", f"Talk {i}", "-s", str(i + 1))
    stats = json.loads(ok("stats", "forum-2016", "--json").stdout)
    assert stats["speakers_by_country"] == {"Kazakhstan": 2, "(none)": 1, "France": 1}
    shown = [line.strip("│ ") for line in ok("stats", "forum-2016").stdout.splitlines()]
    rows = shown[shown.index("Speakers by country") + 1:][:3]
    assert [(r.split()[0], r.split()[-1]) for r in rows] == [("Kazakhstan", "2"), ("(none)", "1"), ("France", "1")]
    (event,) = json.loads(ok("stats", "--year", "2016", "--json").stdout)["events"]
    assert (event["foreign_speakers"], event["foreign_countries"]) == (0, [])


COUNTRIES = {"KZ": ["Kazakhstan", "Казахстан", "Қазақстан", "KZ"], "RU": ["Russia", "Россия", "Ресей", "RU"],
             "US": ["United States", "USA", "Соединенные Штаты", "US"], "GB": ["United Kingdom", "UK", "GB"],
             "DE": ["Germany", "Deutschland", "Германия", "DE"], "KG": ["Kyrgyzstan", "Кыргызстан", "KG"]}


@settings(max_examples=100)
@given(st.sampled_from(sorted(COUNTRIES)), st.data())
def test_a_countrys_names_in_any_case_spacing_or_official_form_are_that_country(code, data):
    from confrec.countries import country_key

    name = data.draw(st.sampled_from(COUNTRIES[code]))
    typed = data.draw(st.sampled_from([name, name.upper(), name.lower(), f"  {name} ", name.replace(" ", "  ")]))
    if len(name) > 3 and data.draw(st.booleans()):
        typed = data.draw(st.sampled_from([f"Republic of {typed}", f"Республика {typed}"]))
    assert country_key(typed) == code, typed
    others = {c for c in COUNTRIES if c != code}
    assert country_key(data.draw(st.sampled_from(sorted(others)))) != code


def test_a_country_cldr_does_not_know_counts_with_its_own_spellings_only():
    from confrec.countries import by_country, country_key
    from confrec.views.stats import ranked

    assert country_key("Atlántida") == country_key(" ATLANTIDA ") != country_key("Atlantis")
    assert ranked(by_country(["Atlántida", "ATLANTIDA", "Atlantis", "Казахстан", "Kazakhstan", "KZ", "Kazakhstan"])) == [
        ("Kazakhstan", 4), ("ATLANTIDA", 2), ("Atlantis", 1)]  # (a tie: shown in code point order)


def test_a_pdf_is_not_written_to_a_terminal_and_that_is_said_before_anything_is_done(kaznu):
    """export -f pdf with a terminal for stdout stops at once, before the record
    is read or anything typeset (even naming an event that does not exist):
    the PDF's bytes would fill the screen."""
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    try:
        for args in (["export", "-f", "pdf"], ["export", "no-such-event", "-f", "pdf"]):
            r = subprocess.run([sys.executable, "-m", "confrec", "--db", str(kaznu), *args], stdout=follower,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=120)
            assert (r.returncode, r.stderr.decode()) == (
                1, "Error: a PDF is not for the terminal: give -o FILE, or send it to a file or a program\n")
    finally:
        os.close(follower)
        os.close(leader)
