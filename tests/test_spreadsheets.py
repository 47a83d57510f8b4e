"""Spreadsheets as organisers save them: semicolons and tabs, a byte-order
mark, their own column names, a date and a time in two columns, several
authors in one cell; and every way a sheet can be wrong, refused by line
with nothing written, or repaired and said."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import fails, ok
from hypothesis import given, settings
from hypothesis import strategies as st


@pytest.fixture
def event(db):
    ok("event", "add", "KazNU 2016", "--slug", "kaznu-2016", "--start", "21.10.2016", "--timezone", "Asia/Almaty")
    return db


def talks() -> list[dict]:
    return json.loads(ok("talk", "list", "--json").stdout)


def speakers() -> dict[int, dict]:
    return {s["id"]: s for s in json.loads(ok("speaker", "list", "--json").stdout)}


EXCEL_SEMICOLONS = (
    "\ufeffTitle;Authors;Organisation;Country;Date;Time;Length;Hall;Keywords\r\n"
    'Multi-vector policy;"F.T. Kukeeva; K.I. Baizakova";"KazNU; Al-Farabi KazNU";"Kazakhstan; Kazakhstan";'
    '21.10.2016;10.30;20;Hall 301;"policy; history"\r\n'
    ";;;;;;;;\r\n"
    "Regional security;P. Shabal;University of Le Havre;France;21.10.2016;11.00;1:15;Hall 301;\r\n"
)


def test_a_semicolon_sheet_with_its_own_column_names(event, tmp_path):
    sheet = tmp_path / "program.csv"
    sheet.write_text(EXCEL_SEMICOLONS, encoding="utf-8")
    r = ok("import", str(sheet))
    assert r.stdout.splitlines()[-3:] == ["  events:   0 new, 1 reused", "  speakers: 3 new, 0 reused",
                                         "  talks:    2 new, 0 updated, 0 unchanged"]
    first, second = talks()
    assert (first["title"], first["start"], first["duration"], first["room"], first["tags"]) == (
        "Multi-vector policy", "2016-10-21T10:30:00", 20, "Hall 301", ["policy", "history"])
    assert (second["start"], second["duration"]) == ("2016-10-21T11:00:00", 75)  # 1:15 is 75 minutes
    people = speakers()
    # one affiliation per author, in order; the blank row is skipped
    assert [(people[i]["name"], people[i]["affiliation"]) for i in first["speakers"]] == [
        ("F.T. Kukeeva", "KazNU"), ("K.I. Baizakova", "Al-Farabi KazNU")]
    assert people[second["speakers"][0]]["country"] == "France"


def imported(tmp_path, content: str):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(content, encoding="utf-8")
    return ok("import", str(sheet)), sheet


def test_one_value_for_several_authors_is_left_out_and_said(event, tmp_path):
    r, sheet = imported(tmp_path, "title,speakers,country\nT,\"Ana Berg; Bo Chen\",Kazakhstan\n")
    assert r.stdout.splitlines()[-2:] == [
        "    line 2: country 'Kazakhstan': left out: 1 value(s) for 2 speakers; give one",
        "    per speaker, '; '-separated",
    ]
    assert [s["country"] for s in speakers().values()] == [None, None]  # nobody is given a wrong country
    report = json.loads(ok("import", str(sheet), "--dry-run", "--json").stdout)
    assert report["repairs"] == [{"talk": "line 2", "field": "country", "value": "'Kazakhstan'",
                                  "action": "left out: 1 value(s) for 2 speakers; give one per speaker, "
                                            "'; '-separated"}]


def test_a_tab_separated_sheet_with_quotes_and_namesakes(event, tmp_path):
    sheet = tmp_path / "talks.tsv"
    sheet.write_text('title\tspeaker\temail\n"Water, and ""ice"""\tAna Berg\tana@a.org\n'
                     "Ice\tAna Berg\tana@b.org\nSnow\tAna Berg\t\n", encoding="utf-8")
    ok("import", str(sheet))
    water, ice, snow = talks()
    assert water["title"] == 'Water, and "ice"'  # a doubled quote in a quoted cell is one quote
    # the same name is the same person, unless two rows give it two different e-mail addresses
    assert water["speakers"] != ice["speakers"] and snow["speakers"] == water["speakers"]
    emails = {s["email"] for s in json.loads(ok("speaker", "list", "--json").stdout)}
    assert emails == {"ana@a.org", "ana@b.org"}


def test_a_column_confrec_keeps_no_field_for_is_said_not_dropped_unseen(event, tmp_path):
    """A sheet's notes, or a column someone left without a name: their cells
    are not imported, and the summary says so, once per column. The id
    column of confrec's own export is not said: a record gives its own ids."""
    r, sheet = imported(tmp_path, "id,Title,Notes,,Speaker\n7,T1,check slides,orphan,Ana Berg\n8,T2,call,,Bo Chen\n")
    assert r.stdout.splitlines()[-5:] == [
        "  repaired: 2 value(s) the record cannot hold as given",
        "    line 1: column 'Notes' 'check slides': left out: confrec keeps no such field",
        "    (2 value(s) not imported)",
        "    line 1: column 4 (no name) 'orphan': left out: confrec keeps no such field",
        "    (1 value(s) not imported)",
    ]
    assert [(t["id"], t["title"]) for t in talks()] == [(1, "T1"), (2, "T2")]
    assert [s["name"] for s in speakers().values()] == ["Ana Berg", "Bo Chen"]
    # the same, for scripts: one repair per column, with the first of its values
    report = json.loads(ok("import", str(sheet), "--dry-run", "--json").stdout)
    assert report["repairs"] == [
        {"talk": "line 1", "field": "column 'Notes'", "value": "'check slides'",
         "action": "left out: confrec keeps no such field (2 value(s) not imported)"},
        {"talk": "line 1", "field": "column 4 (no name)", "value": "'orphan'",
         "action": "left out: confrec keeps no such field (1 value(s) not imported)"}]
    assert report["talks"]["unchanged"] == 2


def test_a_first_and_a_last_name_column(event, tmp_path):
    imported(tmp_path, "Title,First name,Surname\nT,Farida,Kukeeva\n")
    assert [s["name"] for s in speakers().values()] == ["Farida Kukeeva"]


# A registration form as a Kazakh university keeps it: Russian column names,
# the name in three columns, the degree and the rank apart, a row number.
RUSSIAN_FORM = (
    "\ufeff№ п/п;Фамилия;Имя;Отчество;Учёная степень;Звание;Должность;Организация;Страна;E-mail;"
    "Название доклада;Аннотация;Тип;Дата;Время;Продолжительность (мин);Аудитория;Секция;Язык доклада;Статус;"
    "Ключевые слова\r\n"
    "1;Кукеева;Фарида;Тураровна;д.и.н.;профессор;декан;КазНУ;Казахстан;kukeeva@example.kz;"
    "Многовекторная политика;Тезисы.;Пленарный доклад;21.10.2016;10.30;20;301;Пленарное заседание;русский;"
    'Подтверждён;"политика; история"\r\n'
    "2;Шабаль;Поль;;PhD;;;Université du Havre;Франция;;Региональная безопасность;;доклад;21.10.2016;11.00;15;"
    "301;Секция 1;французский;принята;\r\n"
    ";;;;;;;;;;Кофе-брейк;;кофе-брейк;21.10.2016;11.15;15;Фойе;;;;\r\n"
)


def test_a_russian_form_with_its_own_column_names(event, tmp_path):
    r, _ = imported(tmp_path, RUSSIAN_FORM)
    # every column read: the row number is not said as left out
    assert r.stdout.splitlines()[-4:] == ["  events:   0 new, 1 reused", "  speakers: 2 new, 0 reused",
                                         "  talks:    3 new, 0 updated, 0 unchanged",
                                         "  sessions: 2 new, 0 updated, 0 unchanged"]
    first, second, coffee = talks()
    assert {k: first[k] for k in ("title", "abstract", "type", "type_label", "start", "duration", "room", "track",
                                  "session", "language", "status", "tags")} == {
        "title": "Многовекторная политика", "abstract": "Тезисы.", "type": "keynote",
        "type_label": "Пленарный доклад", "start": "2016-10-21T10:30:00", "duration": 20, "room": "301",
        "track": None, "session": 1, "language": "ru", "status": "confirmed", "tags": ["политика", "история"]}
    assert (second["session"], coffee["session"]) == (2, None)  # (the break's cell is empty)
    assert (second["type"], second["language"], second["status"]) == ("talk", "fr", "accepted")
    assert (coffee["type"], coffee["speakers"], coffee["room"]) == ("break", [], "Фойе")
    people = speakers()
    kukeeva, shabal = people[first["speakers"][0]], people[second["speakers"][0]]
    # the name given first (the index reads it by its patronymic), the degree and the rank as one title
    assert {k: kukeeva[k] for k in ("name", "title", "position", "affiliation", "country", "email")} == {
        "name": "Фарида Тураровна Кукеева", "title": "д.и.н., профессор", "position": "декан",
        "affiliation": "КазНУ", "country": "Казахстан", "email": "kukeeva@example.kz"}
    assert (shabal["name"], shabal["title"], shabal["position"]) == ("Поль Шабаль", "PhD", None)
    assert "author = {Кукеева, Фарида Тураровна}" in ok("export", "-f", "bibtex").stdout


PROGRAM_WITH_SECTIONS = (
    "№;ФИО;Название доклада;Время;Регламент;Аудитория;Секция;Председатель;Статус\n"
    "1;Кукеева Ф.Т.;Многовекторность;10.00;20;Зал 301;Пленарное заседание;Байзакова К.И.;\n"
    "2;Шабал П.;Регион;10.20;20;Зал 301;Пленарное  заседание;;\n"
    '3;Иванов И.И.;Безопасность;11.30;15;205;Секция 1: Безопасность;"Кукеева Ф.Т.; Шабал П.";\n'
    "4;Петров П.П.;Энергетика;11.45;15;206;Секция 1: Безопасность;;\n"
    "5;Сидоров С.С.;Отозванный;12.30;60;206;Секция 1: Безопасность;;отозван\n"
    "6;Сейткали А.Б.;Вне секций;;;;;;\n"
)


def test_a_programs_sections_and_chairs_are_its_sessions(event, tmp_path):
    """A KazNU program sheet goes section by section with a chair each: the
    sections become sessions, spanning their talks' times, in the one room
    their talks share, with their chairs (the people of the sheet, once
    each); a withdrawn talk holds no time. Imported again, nothing changes."""
    sheet = tmp_path / "program.csv"
    sheet.write_text(PROGRAM_WITH_SECTIONS, encoding="utf-8")
    r = ok("import", str(sheet))
    assert r.stdout.splitlines()[-2:] == ["  talks:    6 new, 0 updated, 0 unchanged",
                                          "  sessions: 2 new, 0 updated, 0 unchanged"]
    sessions = json.loads(ok("session", "list", "--json").stdout)
    people = {s["name"]: s["id"] for s in speakers().values()}
    assert [(x["title"], x["start"], x["end"], x["room"], x["chairs"]) for x in sessions] == [
        ("Пленарное заседание", "2016-10-21T10:00:00", "2016-10-21T10:40:00", "Зал 301", [people["Байзакова К.И."]]),
        ("Секция 1: Безопасность", "2016-10-21T11:30:00", "2016-10-21T12:00:00", None,
         [people["Кукеева Ф.Т."], people["Шабал П."]])]
    assert len(people) == 7  # Кукеева chairs and speaks: one person
    assert [t["session"] for t in talks()] == [1, 1, 2, 2, 2, None]
    # a chair who gives no talk is on the program: no warning that she has none
    assert "Байзакова" not in ok("check").stdout
    md = ok("export", "-f", "md").stdout
    assert "#### Секция 1: Безопасность (11:30–12:00)\n\nChairs: Кукеева Ф.Т., Шабал П.\n" in md
    again = ok("import", str(sheet))
    assert again.stdout.splitlines()[-2:] == ["  talks:    0 new, 0 updated, 6 unchanged",
                                              "  sessions: 0 new, 0 updated, 2 unchanged"]


def test_a_section_already_in_the_record_keeps_its_times_room_and_chairs(event, tmp_path):
    """The organiser made the plenary by hand, 10:00 to 12:00 with its chair;
    a sheet that names it puts its talks in it and takes nothing away (its
    talks span less of the morning; the sheet names no chair)."""
    ok("speaker", "add", "Жакенов Д.Т.")
    ok("session", "add", "Пленарное заседание", "--start", "10:00", "--end", "12:00", "--chair", "Жакенов")
    sheet = tmp_path / "program.csv"
    sheet.write_text(PROGRAM_WITH_SECTIONS.replace("Байзакова К.И.", ""), encoding="utf-8")
    r = ok("import", str(sheet))
    assert r.stdout.splitlines()[-1] == "  sessions: 1 new, 1 updated, 0 unchanged"  # the room it lacked
    plenary = json.loads(ok("session", "show", "1", "--json").stdout)
    assert (plenary["start"], plenary["end"], plenary["room"], plenary["chairs"]) == (
        "2016-10-21T10:00:00", "2016-10-21T12:00:00", "Зал 301", [1])
    assert [t["title"] for t in talks() if t["session"] == 1] == ["Многовекторность", "Регион"]


def test_a_kazakh_form_with_its_own_column_names(event, tmp_path):
    imported(tmp_path, "Р/с,Аты-жөні,Ғылыми дәрежесі,Лауазымы,Жұмыс орны,Елі,Баяндама тақырыбы,Аңдатпа,Күні,"
                       "Уақыты,Ұзақтығы,Аудитория,Тілі,Түрі,Мәртебесі\n"
                       "1,Байзакова Күлпаш Ілиясқызы,т.ғ.д.,профессор,ҚазҰУ,Қазақстан,Көпвекторлы саясат,Мазмұны.,"
                       "21.10.2016,10.30,20 мин,301,қазақша,Баяндама,Расталды\n")
    (talk,) = talks()
    assert (talk["title"], talk["abstract"], talk["start"], talk["duration"], talk["language"], talk["type"],
            talk["status"]) == ("Көпвекторлы саясат", "Мазмұны.", "2016-10-21T10:30:00", 20, "kk", "talk",
                                "confirmed")
    (person,) = speakers().values()
    assert (person["name"], person["title"], person["position"], person["affiliation"], person["country"]) == (
        "Байзакова Күлпаш Ілиясқызы", "т.ғ.д.", "профессор", "ҚазҰУ", "Қазақстан")


def test_a_degree_and_a_rank_for_several_authors_pair_up(event, tmp_path):
    """Two columns of one title, '; '-separated per author: each author's
    parts are joined, not the two cells end to end."""
    imported(tmp_path, 'Title;Authors;Degree;Звание\nT;"Ana Berg; Bo Chen";"PhD; д.и.н.";"; профессор"\n')
    (talk,) = talks()
    assert [speakers()[i]["title"] for i in talk["speakers"]] == ["PhD", "д.и.н., профессор"]
    # one degree for two authors: whose it is cannot be told, so it is left out and said; the ranks pair up
    r, _ = imported(tmp_path, 'Title;Authors;Degree;Звание\nU;"Cy Dahl; Di Eng";PhD;"доцент; профессор"\n')
    assert r.stdout.splitlines()[-2:] == [
        "    line 2: speaker title 'PhD': left out: 1 value(s) for 2 speakers; give one",
        "    per speaker, '; '-separated"]
    assert [speakers()[i]["title"] for i in talks()[1]["speakers"]] == ["доцент", "профессор"]


def test_a_russian_sheet_excel_saved_in_windows_1251_is_read_and_said(event, tmp_path, monkeypatch):
    """Excel saves 'CSV' on a Russian Windows in its code page, not UTF-8:
    read as such, and said, with what that code page cannot hold."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "program.csv").write_bytes(
        "Название доклада;ФИО;Организация;Дата;Время\r\n"
        "Многовекторная политика;Кукеева Ф.Т.;КазНУ им. аль-Фараби;21.10.2016;10.30\r\n".encode("cp1251"))
    r = ok("import", "program.csv")
    assert r.stdout.splitlines()[0] == "Imported program.csv (csv) into kaznu-2016"
    assert r.stderr == ("Note: read as Windows-1251, the Cyrillic code page Excel saves 'CSV' in on a Russian "
                        "system; it has no Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ): save the sheet as 'CSV UTF-8' "
                        "to keep them\n")
    (talk,) = talks()
    assert (talk["title"], talk["start"]) == ("Многовекторная политика", "2016-10-21T10:30:00")
    assert [(s["name"], s["affiliation"]) for s in speakers().values()] == [("Кукеева Ф.Т.", "КазНУ им. аль-Фараби")]


@pytest.mark.parametrize("raw", [
    "Title,Speaker\r\nCafé society,Ana Müller\r\n".encode("cp1252"),  # (in Windows-1251: 'Cafй', 'Mьller')
    "Title\r\nAbout ’quotes’\r\n".encode("cp1252"),  # (no Cyrillic word to tell it by)
    b"title\r\n\x00\xe0\r\n",  # (a control character: not text)
])
def test_a_sheet_in_another_code_page_is_refused_not_guessed(event, tmp_path, raw):
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(raw)
    r = fails("import", str(sheet), db=event, error=f"{sheet}: not UTF-8 text (byte "
              f"{next(i for i, b in enumerate(raw) if b > 127)}): save the sheet as UTF-8 (in Excel: 'CSV UTF-8')")
    assert r.stdout == ""


def test_coauthors_listed_with_commas_and_initials_are_each_a_speaker(event, tmp_path):
    """'Кукеева Ф.Т., Байзакова К.И.': a Russian program's co-authors. A name
    written family name first with a comma stays one name."""
    imported(tmp_path, 'Title;Авторы;Организация\n'
                       'T;"Кукеева Ф.Т., Байзакова К.И.";"КазНУ; ЕНУ"\n'
                       'U;"Kukeeva, Farida";KazNU\n'
                       'V;"Жакенов Д.Т., д.и.н.";\n')
    t, u, v = talks()
    people = speakers()
    assert [(people[i]["name"], people[i]["affiliation"]) for i in t["speakers"]] == [
        ("Кукеева Ф.Т.", "КазНУ"), ("Байзакова К.И.", "ЕНУ")]
    assert [people[i]["name"] for i in u["speakers"] + v["speakers"]] == ["Kukeeva, Farida", "Жакенов Д.Т., д.и.н."]


@pytest.mark.parametrize(("written", "field"), [
    ("Ф.И.О.", "name"), ("ФИО докладчика", "name"), ("Учёная степень", "speaker_title"), ("E-mail", "email"),
    ("Эл. почта", "email"), ("Продолжительность (мин)", "duration"), ("Duration (min):", "duration"),
    ("Название доклада*", "title"), ("  Start Time ", "start"), ("Аты-жөні", "name"), ("№", "id"),
    ("Duration, мин.", "duration"), ("Notes", "notes"),
    ("Start (UTC)", "start_(utc)"),  # (times in another zone than the event's: not read as its start)
])
def test_a_column_name_is_read_as_forms_write_it(written, field):
    from confrec.importers.csv_ import _header

    assert _header(written) == field


def test_a_registration_form_gives_its_days_without_the_year(event, tmp_path):
    """A form for one conference says '21 октября' and '11.30', or the time
    alone: the event's days say the rest, as they do for what is typed.
    Imported again, the same rows are the same talks."""
    sheet = tmp_path / "reg.csv"
    sheet.write_text("№;ФИО;Название доклада;Дата;Время\n"
                     "1;Сейткали А.Б.;Центральная Азия;21 октября;11.30\n"
                     "2;Иванов И.И.;Энергетика;21.10;12.00\n"
                     "3;Петров П.П.;Транзит;;14.00\n", encoding="utf-8")
    ok("import", str(sheet))
    assert [(t["title"], t["start"]) for t in talks()] == [
        ("Центральная Азия", "2016-10-21T11:30:00"), ("Энергетика", "2016-10-21T12:00:00"),
        ("Транзит", "2016-10-21T14:00:00")]
    again = ok("import", str(sheet), "--json")
    assert json.loads(again.stdout)["talks"] == {"added": 0, "updated": 0, "unchanged": 3, "gone": 0,
                                                 "withdrawn": 0}
    ok("event", "edit", "kaznu-2016", "--end", "22.10.2016")
    fails("import", str(sheet), db=event,
          error=f"{sheet}: line 4: invalid start '14.00': give the day too: kaznu-2016 runs 2016-10-21 to 2016-10-22")


def test_a_sheet_of_titles_alone_is_read_whatever_its_delimiter(event, tmp_path):
    """One column gives no delimiter to guess from: a ';' sheet quotes only the
    titles with a ';' in them, and one with a comma is still one title."""
    imported(tmp_path, 'Title\r\nPeace, harmony and development\r\n"Left; right"\r\n')
    assert [t["title"] for t in talks()] == ["Peace, harmony and development", "Left; right"]


def test_authors_written_family_name_first_with_commas(event, tmp_path):
    """'Kukeeva, F.T.; Brennan, Sh.': the comma is inside a name, the '; ' between names."""
    imported(tmp_path, 'title,authors\nT,"Kukeeva, F.T.; Brennan, Sh."\n')
    (talk,) = talks()
    assert [speakers()[i]["name"] for i in talk["speakers"]] == ["Kukeeva, F.T.", "Brennan, Sh."]
    ok("talk", "edit", str(talk["id"]), "--status", "confirmed")
    assert "author = {Kukeeva, F.T. and Brennan, Sh.}" in ok("export", "-f", "bibtex").stdout


def test_lengths_as_sheets_write_them(event, tmp_path):
    imported(tmp_path, "title;length\nA;90 min\nB;1h30\nC;1,5 ч\nD;45'\n")
    assert [t["duration"] for t in talks()] == [90, 90, 90, 45]


def test_a_bad_duration_is_repaired_and_said(event, tmp_path):
    r, _ = imported(tmp_path, "title,duration\nT,forever\n")
    assert r.stdout.splitlines()[-2:] == [
        "    line 2: duration 'forever': left out (invalid duration 'forever': give",
        "    minutes, e.g. 30, 1:30 or 1h30)"]
    assert talks()[0]["duration"] is None


def test_a_chair_on_a_row_with_no_section_is_left_out_and_said(event, tmp_path):
    r, _ = imported(tmp_path, "title,section,chair\nT,,Ana Berg\n")
    assert r.stdout.splitlines()[-2:] == [
        "    line 2: chair 'Ana Berg': left out: a chair chairs a session, and the row",
        "    names none"]
    assert speakers() == {} and json.loads(ok("session", "list", "--json").stdout) == []


@pytest.mark.parametrize(
    "content, error",
    [
        ("", "the CSV file is empty"),
        ("name,room\nx,y\n", "line 1: no 'title' column (columns found: name, room)"),
        ("title,room\na,b,c\n", "line 2: 3 cells but only 2 columns"),
        ("title,room\nfine,A\n\"\",b\n", "line 3: the title is empty"),
        ("title,start\nT,2016-13-45 10:00\n",
         "line 2: invalid start '2016-13-45 10:00' (there is no such day): use e.g. 2016-10-21 10:30, "
         "21.10.2016 10.30 or 21 Oct 2016 10:30am (local time of the event)"),
        ('title,room\n"never closed,A\n', "line 2: unexpected end of data: a quoted cell must end with its "
                                           "quote, and a quote inside it is written twice"),
        ('title,room\n"Water" and ice,A\n', "line 2: ',' expected after '\"': a quoted cell must end with its "
                                             "quote, and a quote inside it is written twice"),
        ('"title\n', "line 1: unexpected end of data: a quoted cell must end with its quote, and a quote "
                     "inside it is written twice"),
        # a day and month the event does not have; a time alone in a two-day event
        ("ФИО;Название доклада;Дата;Время\nПетров П.П.;T;22 октября;14.00\n",
         "line 2: invalid start '22 октября 14.00': 22 октября is not a day of the event (2016-10-21): "
         "give the year too"),
        # two columns for one field: which cell is kept would be decided unseen
        ("Title,Summary,Abstract\nT,Kept?,\n",
         "line 1: the columns 'Summary' and 'Abstract' both give the abstract: keep one, or rename the other"),
        ("Title,Speaker,Author\nT,Ana Berg,\n",
         "line 1: the columns 'Speaker' and 'Author' both give the speakers: keep one, or rename the other"),
        ("Название;Тема доклада\nT;U\n",
         "line 1: the columns 'Название' and 'Тема доклада' both give the title: keep one, or rename the other"),
        ("title, First-Name ,given name\nT,A,B\n",
         "line 1: the columns 'First-Name' and 'given name' both give the first name: keep one, or rename the other"),
        # the speakers sheet confrec writes, from another record: its ids are not this one's people
        ("id,name,title,affiliation,country,position,bio,talks\n1,Ana Berg,Professor,,,,,On ice\n",
         "line 2: there is no speaker 1 in this record: a sheet of speakers changes the record it was exported "
         "from (an empty id adds the person)"),
    ],
)
def test_a_sheet_that_cannot_be_read_is_refused_by_line(event, tmp_path, content, error):
    sheet = tmp_path / "s.csv"
    sheet.write_text(content, encoding="utf-8")
    fails("import", str(sheet), "--format", "csv", db=event, error=f"{sheet}: {error}")


def _sheet_of_speakers(tmp_path, edit) -> Path:
    """The record's speakers as 'export --what speakers' writes them, edited as in a spreadsheet."""
    text = ok("export", "-f", "csv", "--what", "speakers").stdout.removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    edit(rows)
    sheet = tmp_path / "speakers.csv"
    with sheet.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return sheet


def test_a_sheet_of_speakers_fills_in_their_details(kaznu, tmp_path, monkeypatch):
    """The press office exports the speakers, fills in what the book lacks and
    imports the sheet back: each row changes its speaker (found by the id the
    export wrote), an empty cell empties a field, a row without an id adds a
    person, and the talks column, the export's own summary, is not read."""
    before = kaznu.read_bytes()

    def edit(rows: list[list[str]]) -> None:
        assert rows[0] == ["id", "name", "title", "affiliation", "country", "position", "bio", "talks"]
        by_id = {r[0]: r for r in rows[1:]}
        by_id["2"][3], by_id["2"][5] = "Al-Farabi KazNU", "Dean"  # F.T. Kukeeva
        by_id["4"][4] = ""  # Sh. Brennan's country, emptied
        by_id["3"][7] = "A talk the sheet made up"  # (not read back)
        rows.append(["", "Ana Berg", "Dr", "KTH", "Sweden", "", "", ""])

    monkeypatch.chdir(tmp_path)  # (a short name: the summary's first line stays one line)
    _sheet_of_speakers(tmp_path, edit)
    r = ok("import", "speakers.csv")
    assert r.stdout == "Imported speakers.csv (csv, a sheet of speakers)\n  speakers: 1 new, 2 updated, 4 unchanged\n"
    people = {s["name"]: s for s in speakers().values()}
    assert (people["F.T. Kukeeva"]["affiliation"], people["F.T. Kukeeva"]["position"]) == ("Al-Farabi KazNU", "Dean")
    assert people["Sh. Brennan"]["country"] is None
    assert {k: people["Ana Berg"][k] for k in ("title", "affiliation", "country")} == {
        "title": "Dr", "affiliation": "KTH", "country": "Sweden"}
    assert [t["title"] for t in talks() if 3 in t["speakers"]] == [
        "Kazakhstan in the regional context: the Russia - Kazakhstan - China axis"]
    # the same sheet again changes nothing; for scripts, the counts
    report = json.loads(ok("import", "speakers.csv", "--json").stdout)
    assert report["speakers"] == {"added": 0, "reused": 0, "updated": 0, "unchanged": 7}
    assert (report["event"], report["talks"]["added"], report["repairs"]) == ("", 0, [])
    assert before != kaznu.read_bytes()


def test_a_sheet_of_speakers_is_undone_as_one_change(kaznu, tmp_path):
    before = speakers()
    sheet = _sheet_of_speakers(tmp_path, lambda rows: rows.append(["", "Ana Berg", "", "", "", "", "", ""]))
    ok("import", str(sheet))
    assert ok("undo", "--yes").stderr == "Undone: import speakers.csv\n"
    assert speakers() == before  # (the id counter stays ahead: an id handed out is not handed out again)


def test_a_value_a_speaker_cannot_hold_is_left_out_and_said(kaznu, tmp_path, monkeypatch):
    def edit(rows: list[list[str]]) -> None:
        rows[0].insert(5, "email")
        for r in rows[1:]:
            r.insert(5, "")
        rows.append(["", "Ana Berg", "", "KTH", "", "not an address", "", "", ""])

    monkeypatch.chdir(tmp_path)
    _sheet_of_speakers(tmp_path, edit)
    r = ok("import", "speakers.csv")
    assert r.stdout.splitlines()[1:] == [
        "  speakers: 1 new, 0 updated, 6 unchanged",
        "  repaired: 1 value(s) the record cannot hold as given",
        "    line 8 (Ana Berg): email 'not an address': left out (invalid email 'not an",
        "    address': expected name@domain.tld)"]
    assert [(s["affiliation"], s["email"]) for s in speakers().values() if s["name"] == "Ana Berg"] == [("KTH", None)]


@pytest.mark.parametrize(("edit", "error"), [
    (lambda rows: rows[1].__setitem__(1, "Farida Kukeeva"),  # (row 1 is K.I. Baizakova, id 6)
     "line 2: speaker 6 is 'K.I. Baizakova' here, 'Farida Kukeeva' in the sheet: rename them with 'confrec speaker "
     "edit 6 --name', or empty the id to add the person"),
    (lambda rows: rows.append(list(rows[1])), "line 8: speaker 6 (K.I. Baizakova) is on line 2 too: keep one row"),
    (lambda rows: rows.extend([["", "Ana Berg"] + [""] * 6, ["", "ANA BERG"] + [""] * 6]),
     "line 9: 'ANA BERG' is on line 8 too: keep one row"),
    (lambda rows: rows[1].__setitem__(0, "six"), "line 2: the id 'six' is not a speaker's number"),
    (lambda rows: rows[1].__setitem__(1, ""), "line 2: the name is empty"),
    (lambda rows: rows[0].__setitem__(4, "Учёная степень"),  # (beside 'title': two columns for one field)
     "line 1: the columns 'title' and 'Учёная степень' both give the title: keep one, or rename the other"),
    (lambda rows: rows[0].__setitem__(1, "person"),
     "line 1: a sheet of speakers needs a 'name' column (columns found: id, person, title, affiliation, country, "
     "position, bio, talks)"),
])
def test_a_sheet_of_speakers_that_cannot_be_told_is_refused(kaznu, tmp_path, edit, error):
    sheet = _sheet_of_speakers(tmp_path, edit)
    fails("import", str(sheet), error=f"{sheet}: {error}", db=kaznu)


@pytest.mark.parametrize("options", [["--event", "kaznu-2016"], ["--prune"], ["--timezone", "Asia/Almaty", "--prune"]])
def test_options_for_files_of_talks_are_refused_with_a_sheet_of_speakers(kaznu, tmp_path, options):
    sheet = _sheet_of_speakers(tmp_path, lambda rows: None)
    named = ", ".join(o for o in options if o.startswith("--"))
    fails("import", str(sheet), *options, db=kaznu,
          error=f"{sheet}: a sheet of speakers changes speakers, in no event: {named} "
                f"{'are' if ',' in named else 'is'} for files of talks")


def test_a_row_without_an_id_names_one_speaker_or_is_refused(kaznu, tmp_path):
    ok("speaker", "add", "F.T. Kukeeva", "--affiliation", "Another")  # (a namesake: warned, and kept)
    sheet = _sheet_of_speakers(tmp_path, lambda rows: rows.append(["", "F.T. Kukeeva", "", "", "", "", "", ""]))
    fails("import", str(sheet), db=kaznu,
          error=f"{sheet}: line 8: 'F.T. Kukeeva' is the name of speakers 2, 7: give the id")


def test_our_formula_guard_comes_off_on_the_way_back(event, tmp_path):
    ok("speaker", "add", "=Evil")
    ok("talk", "add", "+SUM(A1:A2)", "-s", "=Evil", "--room", "@room", "--track", "'=quoted already")
    out = tmp_path / "out.csv"
    ok("export", "-f", "csv", "-o", str(out))
    text = out.read_text(encoding="utf-8-sig")
    assert "'+SUM(A1:A2)" in text and "'=Evil" in text and "'@room" in text  # no formula runs in a spreadsheet
    assert ",''=quoted already," in text  # a quote of its own before '=' keeps it: the guard is one more
    ok("event", "add", "Copy", "--slug", "copy", "--start", "2016-10-21")
    ok("import", str(out), "--event", "copy")
    copy = [t for t in talks() if t["event"] == "copy"]
    assert [(t["title"], t["room"], t["track"]) for t in copy] == [("+SUM(A1:A2)", "@room", "'=quoted already")]
    assert speakers()[copy[0]["speakers"][0]]["name"] == "=Evil"


def test_a_sheet_changes_only_the_columns_it_has(kaznu, tmp_path):
    """A room plan, a list of statuses: each sheet gives its columns, and a
    talk keeps everything the sheet has no column for."""
    ok("talk", "edit", "2", "--start", "21.10.2016 10:30", "--duration", "20", "--type", "keynote",
       "--language", "ru", "--tag", "policy", "--status", "confirmed")
    before = {t["id"]: t for t in talks()}
    rooms = tmp_path / "rooms.csv"
    rooms.write_text("Title;Start;Hall\r\n"
                     "Multi-vector policy as a diplomatic style: the evolution of its conceptual framework;"
                     "21.10.2016 10:30;Hall 301\r\n", encoding="utf-8")
    r = ok("import", str(rooms))
    assert r.stdout.splitlines()[-3:] == ["  events:   0 new, 1 reused", "  speakers: 0 new, 0 reused",
                                         "  talks:    0 new, 1 updated, 0 unchanged"]
    after = {t["id"]: t for t in talks()}
    assert after[2] == {**before[2], "room": "Hall 301"}
    assert {k: v for k, v in after.items() if k != 2} == {k: v for k, v in before.items() if k != 2}
    # a sheet without times finds each talk by its title alone, when one talk has it
    statuses = tmp_path / "statuses.csv"
    statuses.write_text("title,status\n"
                        "Multi-vector policy as a diplomatic style: the evolution of its conceptual framework,"
                        "withdrawn\n", encoding="utf-8")
    ok("import", str(statuses))
    again = {t["id"]: t for t in talks()}
    assert again[2] == {**after[2], "status": "withdrawn"}
    assert len(again) == 6
    # and an empty cell in a column the sheet has is the sheet saying 'none'
    rooms.write_text("title,start,room\n"
                     "Multi-vector policy as a diplomatic style: the evolution of its conceptual framework,"
                     "21.10.2016 10:30,\n", encoding="utf-8")
    ok("import", str(rooms))
    assert {t["id"]: t for t in talks()}[2] == {**again[2], "room": None}


def test_our_own_sheet_reads_back_into_its_record_unchanged(db, tmp_path):
    """Types in the source's word, and namesakes: a sheet names people by name
    alone, so a name a talk already has stays that talk's speaker."""
    from pathlib import Path

    ok("import", str(Path(__file__).parent / "fixtures" / "pentabarf-fosdem.xml"))
    ok("speaker", "add", "Ana Müller", "--affiliation", "Another Ana")  # a namesake of the file's Ana Müller
    namesake = max(s["id"] for s in speakers().values())
    ok("talk", "edit", "3", "--speaker", str(namesake))
    before = talks()
    sheet = tmp_path / "program.csv"
    ok("export", "-f", "csv", "-o", str(sheet))
    rows = sheet.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].split(",")[5] == "type" and "lecture" in [r.split(",")[5] for r in rows[1:]]
    r = ok("import", str(sheet))
    assert r.stdout.splitlines()[-1] == "  talks:    0 new, 0 updated, 4 unchanged"
    assert talks() == before


# Column names as sheets spell them, for the columns whose cells are kept as written.
SPELLINGS = {"title": ["title", "Title", " TITLE "], "abstract": ["abstract", "Summary"], "room": ["room", "Hall", "Location"],
             "track": ["Track"], "duration": ["duration", "Length", "minutes"]}
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CELL = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=BIDI), max_size=20).map(str.strip)


@settings(max_examples=80, deadline=None)
@given(st.data(), st.sampled_from([",", ";", "\t"]), st.sampled_from(["\r\n", "\n"]))
def test_any_sheet_as_a_spreadsheet_writes_it_reads_as_written(data, delimiter, line_end):
    """Comma, semicolon or tab; the columns in any order and under any of
    their names; cells with quotes, delimiters and any script: each cell is
    read as written, the delimiter guessed from the header line alone."""
    from confrec.importers.csv_ import parse

    columns = data.draw(st.permutations(["title", *data.draw(st.sets(st.sampled_from(sorted(SPELLINGS.keys() - {"title"}))))]))
    header = [data.draw(st.sampled_from(SPELLINGS[c])) for c in columns]
    rows = [{c: f"{data.draw(CELL)} {i}" if c == "title" else str(data.draw(st.integers(1, 600))) if c == "duration"
             else data.draw(CELL) for c in columns} for i in range(data.draw(st.integers(1, 4)))]
    sheet = io.StringIO()
    writer = csv.writer(sheet, delimiter=delimiter, lineterminator=line_end)
    writer.writerows([header, *([r[c] for c in columns] for r in rows)])
    read = parse(sheet.getvalue())
    assert [t.fields["title"] for t in read.talks] == [r["title"].strip() for r in rows]
    for talk, row in zip(read.talks, rows, strict=True):
        for c in columns:  # (an empty cell is the sheet saying 'none')
            assert (talk.fields[c] or None) == (int(row[c]) if c == "duration" else row[c].strip() or None)
    assert read.repairs == []
