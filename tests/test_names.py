"""Names as conference programs write them, read into family and given names:
the book's index, citations and every list of people go by the family name."""

from __future__ import annotations

import json

import pytest
from anyascii import anyascii
from conftest import ok
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from confrec.names import split_name
from confrec.textutil import search_finds, search_keys


@pytest.mark.parametrize(
    "written, family, given",
    [
        ("F.T. Kukeeva", "Kukeeva", "F.T."),
        ("Kukeeva F.T.", "Kukeeva", "F.T."),
        ("Kukeeva, Farida", "Kukeeva", "Farida"),
        ("Farida Kukeeva", "Kukeeva", "Farida"),
        ("Кукеева Ф.Т.", "Кукеева", "Ф.Т."),
        ("Ф. Т. Кукеева", "Кукеева", "Ф. Т."),
        ("Sh. Brennan", "Brennan", "Sh."),
        ("K. I. Baizakova", "Baizakova", "K. I."),
        ("Jean-Paul de Vries", "de Vries", "Jean-Paul"),
        ("Ludwig van Beethoven", "van Beethoven", "Ludwig"),
        ("Madonna", "Madonna", ""),
        ("  Farida   Kukeeva ", "Kukeeva", "Farida"),
        # a full Russian or Kazakh name is read by its patronymic, in either order
        ("Кукеева Фарида Тураровна", "Кукеева", "Фарида Тураровна"),
        ("Фарида Тураровна Кукеева", "Кукеева", "Фарида Тураровна"),
        ("Назарбаев Нұрсұлтан Әбішұлы", "Назарбаев", "Нұрсұлтан Әбішұлы"),
        ("Nursultan Abishuly Nazarbayev", "Nazarbayev", "Nursultan Abishuly"),
        ("Baizakova Kuralay Ismagulovna", "Baizakova", "Kuralay Ismagulovna"),
        ("Ivan Ilyich Petrov", "Petrov", "Ivan Ilyich"),
        ("Anna Maria Smith", "Smith", "Anna Maria"),
        # titles and degrees written into the name are neither family nor given name
        ("Prof. F.T. Kukeeva", "Kukeeva", "F.T."),
        ("Dr Ana Müller", "Müller", "Ana"),
        ("Prof. Dr. Hans Meier", "Meier", "Hans"),
        ("Assoc. Prof. Ana Berg", "Berg", "Ana"),
        ("Ana Berg, PhD", "Berg", "Ana"),
        ("Berg, Ana, PhD", "Berg", "Ana"),
        ("проф. Кукеева Ф.Т.", "Кукеева", "Ф.Т."),
        ("Д.Т. Жакенов, д.и.н., профессор", "Жакенов", "Д.Т."),
        ("д.полит.н. Кукеева Ф.Т.", "Кукеева", "Ф.Т."),
        ("Lin Ma", "Ma", "Lin"),  # (Ma is a name here, not a master's degree)
        ("Dr", "Dr", ""),  # a name that is only a title stays a name
        # given names after initials; a handle or an organisation after the name (the congress's schedules)
        ("J. Alex Halderman", "Halderman", "J. Alex"),
        ("A. de Vries", "de Vries", "A."),
        ("Leonid Evdokimov (darkk)", "Evdokimov", "Leonid (darkk)"),
        ("Prof. Ana Berg [KazNU]", "Berg", "Ana [KazNU]"),
        ("Ana Berg, PhD (KazNU)", "Berg", "Ana (KazNU)"),
        ("Claudia Frick - @FuzzyLeapfrog", "Frick", "Claudia - @FuzzyLeapfrog"),
        ("Caro (NSU-Watch)", "Caro (NSU-Watch)", ""),
        ("(darkk)", "(darkk)", ""),
        # a handle that is all there is after the comma: the index's own 'Frick, @FuzzyLeapfrog' read back
        ("Frick, @FuzzyLeapfrog", "Frick", "@FuzzyLeapfrog"),
        ("@sveckert Eckert", "Eckert", "@sveckert"),
    ],
)
def test_a_name_is_read_as_programs_write_it(written, family, given):
    name = split_name(written)
    assert (name.family, name.given) == (family, given)
    assert name.inverted() == (f"{family}, {given}" if given else family)


def test_a_speaker_list_files_handles_under_their_letters(db):
    """Real schedules name people with handles: the speaker list (and the
    book's index) file them by the name, not by the bracket or the '@'."""
    for name in ("Leonid Evdokimov (darkk)", "@sveckert", "Andreea Belu (EDRi)", "_Adora_Belle_", "Caro (NSU-Watch)",
                 "Claudia Frick - @FuzzyLeapfrog", "J. Alex Halderman", "Saar Amar"):
        ok("speaker", "add", name)
    assert [s["name"] for s in json.loads(ok("speaker", "list", "--json").stdout)] == [
        "_Adora_Belle_", "Saar Amar", "Andreea Belu (EDRi)", "Caro (NSU-Watch)", "Leonid Evdokimov (darkk)",
        "Claudia Frick - @FuzzyLeapfrog", "J. Alex Halderman", "@sveckert"]
    ok("event", "add", "E", "--slug", "e-1", "--start", "2018-12-27")
    ok("talk", "add", "Tor", "-s", "Evdokimov", "-s", "Halderman", "--status", "confirmed", "--abstract", "x")
    assert "author = {Evdokimov, Leonid (darkk) and Halderman, J. Alex}" in ok("export", "-f", "bibtex").stdout
    html = ok("export", "-f", "html").stdout
    assert html.index("<li>Evdokimov, Leonid (darkk) —") < html.index("<li>Halderman, J. Alex —")


def test_names_in_two_scripts_file_together():
    names = ["Кукеева Ф.Т.", "Sh. Brennan", "Baizakova, K.", "Жакенов Д.Т.", "R. McDermott"]
    ordered = sorted(names, key=lambda n: split_name(n).sort_key())
    assert ordered == ["Baizakova, K.", "Sh. Brennan", "Кукеева Ф.Т.", "R. McDermott", "Жакенов Д.Т."]


def test_the_book_index_and_the_citations_read_a_patronymic(db):
    ok("event", "add", "E", "--slug", "e-1", "--start", "2016-10-21", "--city", "Almaty")
    ok("speaker", "add", "Кукеева Фарида Тураровна")
    ok("speaker", "add", "Aigerim Baizakova")
    ok("talk", "add", "Тезис", "-s", "Кукеева", "-s", "Baizakova", "--status", "confirmed", "--abstract", "x")
    assert '<li>Кукеева, Фарида Тураровна — <a href="#talk-1">1</a></li>' in ok("export", "-f", "html").stdout
    bib = ok("export", "-f", "bibtex").stdout
    assert "author = {Кукеева, Фарида Тураровна and Baizakova, Aigerim}" in bib
    csl = json.loads(ok("export", "-f", "csl-json").stdout)
    assert csl[0]["author"][0] == {"family": "Кукеева", "given": "Фарида Тураровна"}
    assert [s["name"] for s in json.loads(ok("speaker", "list", "--json").stdout)] == [
        "Aigerim Baizakova", "Кукеева Фарида Тураровна"]


NAMES = st.sampled_from(["Ruslan Makhmutov", "Виктор Цой", "Dana Zhakenova", "Щукина Анна", "K.I. Baizakova",
                         "Кукеева Фарида Тураровна", "Nurlan Tsoy-Khan", "Әбішұлы Нұрсұлтан", "José Núñez"])


@settings(max_examples=100)
@given(NAMES, st.data())
def test_any_part_of_a_name_as_written_finds_it(name, data):
    """What a user types to name a speaker is any part of the name, in any
    case: it finds the name whatever the folding of spellings does to it."""
    start = data.draw(st.integers(0, len(name) - 1))
    part = name[start:data.draw(st.integers(start + 1, len(name)))]
    assume(part.strip(" .-"))
    typed = data.draw(st.sampled_from([part, part.upper(), part.lower()]))
    assert search_finds(search_keys(typed), search_keys(name))
    # and in the other script, where the whole name is typed
    assert search_finds(search_keys(anyascii(name)), search_keys(name))


WORDS = st.lists(st.sampled_from(["F.", "F.T.", "Sh.", "Ф.Т.", "A", "Kukeeva", "de", "van", "Кукеева", "Тураровна",
                                  "Ivanovich", "Jean-Paul", "O'Neil", "Müller", "ibn", "Д.", "A/Prof", "-"]),
                 min_size=1, max_size=5).map(" ".join)


@settings(max_examples=400)
@given(WORDS | st.text(max_size=20))
@example("@0 0")  # (the handle came back as part of the family name)
@example("0 0,")  # (a stray comma made the whole name the family name, and it read back as two)
def test_a_name_as_the_index_writes_it_reads_back_as_the_same_name(written):
    """The index and the citations write 'Family, Given': read again (an
    export imported, a list pasted back), it is the same person's name, and
    no word of it is lost or made up."""
    name = split_name(written)
    assert split_name(name.inverted()) == name
    if "," not in written:
        assert sorted(f"{name.family} {name.given}".split()) == sorted(written.split())


def test_an_index_and_a_citation_leave_out_the_titles_written_into_a_name(db):
    """Programs often write 'Prof. F.T. Kukeeva' or 'Ana Berg, PhD' as the
    name. The name is kept as written; the book's index, the citations and
    the order of speaker lists go by the family name, without the title."""
    ok("event", "add", "E", "--slug", "e-1", "--start", "2016-10-21", "--city", "Almaty")
    ok("speaker", "add", "Prof. F.T. Kukeeva")
    ok("speaker", "add", "Ana Berg, PhD")
    ok("talk", "add", "Тезис", "-s", "Kukeeva", "-s", "Berg", "--status", "confirmed", "--abstract", "x")
    html = ok("export", "-f", "html").stdout
    assert '<li>Berg, Ana — <a href="#talk-1">1</a></li>' in html
    assert '<li>Kukeeva, F.T. — <a href="#talk-1">1</a></li>' in html
    assert "author = {Kukeeva, F.T. and Berg, Ana}" in ok("export", "-f", "bibtex").stdout
    csl = json.loads(ok("export", "-f", "csl-json").stdout)
    assert csl[0]["author"] == [{"family": "Kukeeva", "given": "F.T."}, {"family": "Berg", "given": "Ana"}]
    assert [s["name"] for s in json.loads(ok("speaker", "list", "--json").stdout)] == [
        "Ana Berg, PhD", "Prof. F.T. Kukeeva"]


TITLES = st.sampled_from(["Prof.", "Dr", "Dr.", "Mr.", "Ms", "Assoc. Prof.", "проф.", "д.и.н.", "доцент"])
DEGREES = st.sampled_from([", PhD", " PhD", ", профессор", ", д.и.н.", ", д.полит.н., профессор"])


@settings(max_examples=100)
@given(WORDS, st.lists(TITLES, max_size=2).map(" ".join), st.none() | DEGREES)
def test_a_title_before_a_name_or_a_degree_after_it_changes_nothing_the_index_shows(written, titles, degree):
    """The index and the citations read 'Prof. F.T. Kukeeva, PhD' as they read 'F.T. Kukeeva'."""
    assume("," not in written and written.split() and not all(_honorific(w) for w in written.split()))
    dressed = " ".join(x for x in (titles, written) if x) + (degree or "")
    assert split_name(dressed) == split_name(written)


def _honorific(word: str) -> bool:
    from confrec.names import _is_honorific

    return _is_honorific(word)


TITLE_WORDS = st.sampled_from(["Multi-vector", "policy", "Қазақстанның", "сыртқы", "саясаты", "Khazar", "Tsarist",
                               "Zhetysu", "Bayterek", "Müller's", "security,", "(2016)", "Щит"])


@settings(max_examples=100)
@given(st.lists(TITLE_WORDS, min_size=1, max_size=5).map(" ".join), st.data())
def test_any_part_of_a_title_as_written_finds_its_talk_and_no_other(title, data):
    """talk list --search: any part of the title, in any case, finds it; the
    other talk, which shares no letters with it, is not found."""
    from confrec.record.models import Talk
    from confrec.record.queries import TalkFilter, filter_talks

    start = data.draw(st.integers(0, len(title) - 1))
    part = title[start:data.draw(st.integers(start + 1, len(title)))]
    assume(part.strip(" ,.()'"))
    typed = data.draw(st.sampled_from([part, part.upper(), part.lower()]))
    talks = [Talk(id=1, event="e", title=title), Talk(id=2, event="e", title="++ ++")]
    assert [t.id for t in filter_talks(talks, {}, TalkFilter(search=typed))] == [1]
