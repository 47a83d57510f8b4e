"""Typing as people type: names in any script, mistakes that get help,
questions that say what will happen, the only event by default, tables that
keep words whole, one number per talk, help that reads like help."""

from __future__ import annotations

import json
import re

import pytest
from conftest import fails, ok, run
from interop import REAL
from rich.cells import cell_len


def test_cyrillic_and_kazakh_names_round_trip(db):
    r = ok("event", "add", "Эволюция 2016", "--start", "21 қазан 2016", "--timezone", "Asia/Almaty", "--json")
    assert json.loads(r.stdout)["slug"] == "evolyutsiya-2016"
    r = ok("event", "add", "Эволюция 2016", "--start", "21.10.2016", "--json")
    assert json.loads(r.stdout)["slug"] == "evolyutsiya-2016-2"  # a second one: a slug of its own
    ok("speaker", "add", "Кукеева Ф.Т.", "--affiliation", "Әл-Фараби атындағы ҚазҰУ")
    ok("speaker", "add", "F.T. Kukeeva")
    ok("speaker", "add", "Байзакова К.И.")
    ok("talk", "add", "Қазақстанның көпвекторлы сыртқы саясаты", "-e", "evolyutsiya-2016", "-s", "1",
       "--start", "21.10.2016 10.30", "--duration", "20", "--room", "301")
    # search across scripts and transliterations, Kazakh letters included
    titles = lambda *a: [t["title"] for t in json.loads(ok("talk", "list", "--json", *a).stdout)]  # noqa: E731
    assert titles("--search", "kukeeva") == ["Қазақстанның көпвекторлы сыртқы саясаты"]
    assert titles("--search", "qazaqstan") == titles("--search", "Қазақстан") == [
        "Қазақстанның көпвекторлы сыртқы саясаты"]
    assert titles("--search", "Qazaqstannyng") == ["Қазақстанның көпвекторлы сыртқы саясаты"]
    assert titles("--search", "сыртқы саясат") == titles("--search", "syrtqy saiasat") == [
        "Қазақстанның көпвекторлы сыртқы саясаты"]
    fails("speaker", "show", "Кукеева", db=db,
          error="'Кукеева' matches 2 speakers (1 Кукеева Ф.Т.; 2 F.T. Kukeeva): give the id")
    assert json.loads(ok("speaker", "show", "Baizakova", "--json").stdout)["name"] == "Байзакова К.И."
    assert json.loads(ok("speaker", "show", "Bayzakova", "--json").stdout)["name"] == "Байзакова К.И."
    assert "Кукеева Ф.Т." in ok("speaker", "list").stdout
    md = ok("export", "evolyutsiya-2016", "-f", "md").stdout
    assert "Қазақстанның көпвекторлы сыртқы саясаты" in md and "Әл-Фараби атындағы ҚазҰУ" in md
    frab = json.loads(ok("export", "evolyutsiya-2016", "-f", "frab-json").stdout)
    ev = frab["schedule"]["conference"]["days"][0]["rooms"]["301"][0]
    assert ev["slug"] == "evolyutsiya_2016-1-qazaqstannyng_kopvektorly_syrtqy_sayasaty"
    assert ev["date"] == "2016-10-21T10:30:00+06:00"


def test_the_start_of_a_name_finds_it_even_where_a_spelling_is_folded(db):
    """Search folds 'kh', 'zh', 'ts' to one letter so that 'Hasenov' finds
    'Khasenov'; what is typed may stop half-way through such a pair ('Mak' of
    'Makhmutov', 'Ts' of 'Tsoi'), and still finds the name as written."""
    ok("event", "add", "E", "--start", "2024-05-06")
    ok("speaker", "add", "Ruslan Makhmutov")
    ok("speaker", "add", "Виктор Цой")
    ok("speaker", "add", "Dana Zhakenova")
    r = ok("talk", "add", "Energy policy", "-s", "Mak", "-s", "Tso", "--json")
    assert json.loads(r.stdout)["speakers"] == [1, 2]
    ids = lambda *a: [t["id"] for t in json.loads(ok("talk", "list", "--json", *a).stdout)]  # noqa: E731
    for typed in ("Mak", "makh", "MAHMUTOV", "Махмутов", "T", "Ts", "Цой", "Coi"):
        assert ids("--search", typed) == [1], typed
    assert json.loads(ok("speaker", "show", "Zhak", "--json").stdout)["id"] == 3
    assert json.loads(ok("speaker", "show", "Jakenova", "--json").stdout)["id"] == 3
    assert json.loads(ok("speaker", "show", "Z", "--json").stdout)["id"] == 3
    fails("speaker", "show", "Zak", db=db, error="no speaker matches 'Zak'")  # another spelling, not a part


@pytest.mark.parametrize("args, error", [
    (["speaker", "show", "Kukeva"], "no speaker matches 'Kukeva' (did you mean 2 F.T. Kukeeva?)"),
    (["talk", "add", "T", "-s", "Shabol"], "no speaker matches 'Shabol' (did you mean 3 P. Shabal?)"),
    (["report", "kaznu-2106"], "no event 'kaznu-2106' (did you mean kaznu-2016?)"),
    (["talk", "show", "bilateral coperation"],
     "no talk matches 'bilateral coperation' (did you mean 4 'The evolution of bilateral cooperation between "
     "Kazakhstan and the USA'?)"),
    (["speaker", "show", "Zzyzx"], "no speaker matches 'Zzyzx'"),
])
def test_a_misspelt_name_gets_the_closest_ones(kaznu, args, error):
    fails(*args, db=kaznu, error=error)


@pytest.mark.parametrize("args, error", [
    (["talk", "add", "T", "-s", "Kukeeva", "-s", "Сейткали А.Б."],
     "no speaker matches 'Сейткали А.Б.' (add them first with: confrec speaker add 'Сейткали А.Б.')"),
    (["talk", "edit", "2", "-s", "Dana O'Neil"],
     "no speaker matches \"Dana O'Neil\" (add them first with: confrec speaker add \"Dana O'Neil\")"),
    (["session", "add", "S", "--chair", "Бо Чен $HOME"],
     "no speaker matches 'Бо Чен $HOME' (add them first with: confrec speaker add 'Бо Чен $HOME')"),
    (["session", "add", "S", "--chair", "Say \"hi\" it's $HOME"],
     "no speaker matches 'Say \"hi\" it\\'s $HOME' (add them first with: confrec speaker add "
     "\"Say \\\"hi\\\" it's \\$HOME\")"),
    # a misspelling gets the names near it, a number or a control character no hint
    (["talk", "add", "T", "-s", "Shabol"], "no speaker matches 'Shabol' (did you mean 3 P. Shabal?)"),
    (["talk", "add", "T", "-s", "99"], "no speaker with id 99"),
    (["talk", "add", "T", "-s", "Zz\nyx"], "no speaker matches 'Zz\\nyx'"),
    # a list's filter names someone who should be there: no hint to add them
    (["talk", "list", "-s", "Zzyzx"], "no speaker matches 'Zzyzx'"),
])
def test_a_speaker_not_in_the_record_gets_the_command_that_adds_them(kaznu, args, error):
    """'talk add -s Newperson' is most often someone not entered yet: the
    error gives the command to paste, quoted for the shell."""
    fails(*args, db=kaznu, error=error)


def test_a_refused_removal_is_refused_before_asking(kaznu):
    r = run("speaker", "remove", "Baizakova")  # no input: it must not even ask
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == ("Error: speaker 6 (K.I. Baizakova) is named on 1 talk(s) (6): take them off first "
                        "or use --force\n")


def test_undo_says_what_it_undoes_before_doing_it(kaznu):
    ok("speaker", "add", "Ana Berg")
    r = run("undo", input="n\n")
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Undo speaker add Ana Berg (the last change to {kaznu})? [y/N]:")
    r = run("undo", input="y\n")
    assert r.stderr.endswith("Undone: speaker add Ana Berg\n")


@pytest.mark.parametrize("command", [["report"], ["schedule"], ["export", "-f", "md"], ["export", "-f", "csv"],
                                     ["event", "show"]])
def test_the_only_event_is_the_default(kaznu, command):
    at = 2 if command[0] == "event" else 1
    named = run(*command[:at], "kaznu-2016", *command[at:])
    r = run(*command)
    assert r.exit_code == named.exit_code == 0, r.stderr
    assert r.stdout == named.stdout and r.stdout


def test_with_several_events_one_must_be_named(kaznu):
    ok("event", "add", "Other", "--slug", "other-2017", "--start", "2017-01-01")
    fails("report", db=kaznu, error="say which event (events: kaznu-2016, other-2017)")


def _words_whole(out: str, texts: list[str]) -> list[str]:
    """The words of the texts that a table printed broken (not found whole in its output)."""
    found = set(out.split())
    return [w for text in texts for w in text.split() if w not in found and len(w) > 1]


def test_no_word_is_broken_at_80_columns(kaznu):
    for n in range(1, 7):
        ok("talk", "edit", str(n), "--start", f"2016-10-21 {9 + n}:00", "--duration", "20", "--room", "Hall 301")
    talks = json.loads(ok("talk", "list", "--json").stdout)
    speakers = json.loads(ok("speaker", "list", "--json").stdout)
    titles = [t["title"] for t in talks]
    names = [s["name"] for s in speakers]
    positions = [s["position"] or "" for s in speakers]
    for command, texts in ((["talk", "list"], titles + names), (["report"], titles + names + positions),
                           (["speaker", "list"], names + positions), (["schedule"], titles)):
        out = ok(*command).stdout
        assert max(cell_len(line) for line in out.splitlines()) <= 80, command
        assert _words_whole(out, texts) == [], command
    out = ok("talk", "list").stdout
    assert out.startswith("On 2016-10-21; all confirmed\nid   time ")  # said once, not on every row


@pytest.mark.skipif(not (REAL / "frab-35c3.json").exists(), reason="../shared/interop/real is not here")
def test_real_titles_at_80_columns(db):
    ok("import", str(REAL / "frab-35c3.json"))
    talks = json.loads(ok("talk", "list", "--json").stdout)
    out = ok("talk", "list").stdout
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    # titles whose words fit a column: none broken (a 40-letter word may still fold)
    texts = [t["title"] for t in talks if max(map(len, t["title"].split())) <= 18]
    broken = _words_whole(out, texts)
    assert broken == [], broken[:10]


def test_position_shows_with_title_and_affiliation(kaznu):
    position = "Counselor, delegation of the Ministry of Foreign Affairs in Almaty"
    for command in (["speaker", "list"], ["report"], ["speaker", "show", "Zhakenov"]):
        assert _words_whole(ok(*command).stdout, [position]) == [], command
    assert "Counselor" in ok("speaker", "list").stdout
    assert position in ok("export", "-f", "md").stdout


def test_one_number_per_talk_everywhere(kaznu):
    ok("talk", "remove", "1", "--yes")  # so that the first talk is number 2, not 1
    ok("talk", "edit", "2", "--start", "2016-10-21 10:00", "--duration", "20", "--room", "301")
    title = "Multi-vector policy as a diplomatic style: the evolution of its conceptual framework"
    assert f"### 2. {title}" in ok("export", "-f", "md").stdout
    assert f"<h4>2. {title}</h4>" in ok("export", "-f", "html").stdout
    assert re.search(r"^2\s+10:00", ok("talk", "list").stdout, re.MULTILINE)
    assert re.search(r"^2\s+10:00–10:20", ok("report").stdout, re.MULTILINE)
    assert "2. Multi-vector" in ok("schedule").stdout


def test_help_reads_like_help():
    for command in (["talk", "add"], ["talk", "edit"], ["speaker", "add"], ["event", "add"], ["report"],
                    ["export"], ["import"], ["talk"], ["event"]):
        out = ok(*command, "--help").stdout
        assert "{" not in out and "<str>" not in out and "<list[str]>" not in out and "<path>" not in out, command
        assert "--install-completion" not in out, command  # on the root command only
    out = ok("talk", "add", "--help").stdout
    assert out.startswith("Usage: confrec talk add [OPTIONS] TITLE\n")
    assert "-s, --speaker SPEAKER" in out and "--start WHEN" in out
    assert "--install-completion" in ok("--help").stdout


def test_a_time_alone_is_on_the_only_day_it_can_mean(kaznu):
    """KazNU 2016 is one day: '10.30' can only be 21 October, as a person means it."""
    def start(*args: str) -> str:
        return json.loads(ok(*args, "--json").stdout)["start"]

    assert start("talk", "edit", "2", "--start", "10.30", "--duration", "20") == "2016-10-21T10:30:00"
    assert start("talk", "add", "Closing", "--start", "17:00") == "2016-10-21T17:00:00"
    assert start("session", "add", "Section 1", "--start", "12.00", "--end", "13:00") == "2016-10-21T12:00:00"
    assert start("session", "edit", "1", "--start", "11.30") == "2016-10-21T11:30:00"
    assert start("talk", "edit", "3", "--session", "1", "--start", "11.45") == "2016-10-21T11:45:00"


def test_a_time_alone_keeps_a_talks_day_and_is_refused_where_the_day_is_unknown(kaznu):
    ok("event", "add", "Winter school", "--slug", "ws-2017", "--start", "2017-01-30", "--end", "2017-02-03")
    talk = json.loads(ok("talk", "add", "Glaciers", "-e", "ws-2017", "--start", "1 Feb 2017 9:00", "--json").stdout)
    moved = json.loads(ok("talk", "edit", str(talk["id"]), "--start", "14.15", "--json").stdout)
    assert moved["start"] == "2017-02-01T14:15:00"  # the day it had
    fails("talk", "add", "Ice", "-e", "ws-2017", "--start", "10.30", db=kaznu,
          error="invalid start '10.30': give the day too: ws-2017 runs 2017-01-30 to 2017-02-03")
    fails("session", "add", "Morning", "-e", "ws-2017", "--start", "9:00", db=kaznu,
          error="invalid start '9:00': give the day too: ws-2017 runs 2017-01-30 to 2017-02-03")
    # a date without a time is still refused as before, and '25.30' is no time
    fails("talk", "add", "Ice", "-e", "ws-2017", "--start", "2017-01-31", db=kaznu,
          error="invalid start '2017-01-31': give a time too, e.g. 2016-10-21 10:30, 21.10.2016 10.30 or "
                "21 Oct 2016 10:30am")
    r = run("talk", "add", "Ice", "-e", "ws-2017", "--start", "25.30")
    assert r.exit_code == 1 and r.stderr.startswith("Error: invalid start '25.30'")


@pytest.mark.parametrize("typed, start", [
    ("31.01 10.30", "2017-01-31T10:30:00"), ("31.1. 10:30", "2017-01-31T10:30:00"),
    ("2 февраля 9:00", "2017-02-02T09:00:00"), ("2 ақпан 9.00", "2017-02-02T09:00:00"),
    ("2 февраля в 9:00", "2017-02-02T09:00:00"), ("2 ақпан, сағат 9.00", "2017-02-02T09:00:00"),
    ("Feb 3, 2pm", "2017-02-03T14:00:00"), ("30th of January 9h", "2017-01-30T09:00:00"),
    ("31/01 10:30", "2017-01-31T10:30:00"), ("02/01 10:30", "2017-02-01T10:30:00"),
])
def test_a_date_without_its_year_is_the_events_day(kaznu, typed, start):
    """A program is typed for one conference: '31.01 10.30' says the day, and
    the event's days say the year (a winter school across a month's turn).
    '02/01' read day first is 2 January, not a day of the school; month first
    it is 1 February, which is: so it is read as the only reading possible."""
    ok("event", "add", "Winter school", "--slug", "ws-2017", "--start", "2017-01-30", "--end", "2017-02-03")
    talk = json.loads(ok("talk", "add", "Glaciers", "-e", "ws-2017", "--start", typed, "--json").stdout)
    assert talk["start"] == start
    session = json.loads(ok("session", "add", "Ice", "-e", "ws-2017", "--start", typed, "--end", "3.02 23.00",
                            "--json").stdout)
    assert (session["start"], session["end"]) == (start, "2017-02-03T23:00:00")
    stored = json.loads(kaznu.read_text(encoding="utf-8"))
    assert stored["talks"][str(talk["id"])]["start"] == start


def test_a_date_without_its_year_is_refused_where_no_day_or_two_days_fit(kaznu):
    ok("event", "add", "Spring term", "--slug", "st-2017", "--start", "2017-04-03", "--end", "2017-05-12")
    fails("talk", "add", "Ice", "-e", "st-2017", "--start", "14.06 10.30", db=kaznu,
          error="invalid start '14.06 10.30': 14.06 is not a day of the event (2017-04-03 to 2017-05-12): "
                "give the year too")
    fails("talk", "add", "Ice", "-e", "st-2017", "--start", "05/04 10.30", db=kaznu,
          error="invalid start '05/04 10.30': 05/04 could be 2017-04-05 or 2017-05-04: give the year")
    fails("talk", "edit", "2", "--start", "30.02 10.30", db=kaznu,  # the one-day KazNU event
          error="invalid start '30.02 10.30': 30.02 is not a day of the event (2016-10-21): give the year too")
    fails("session", "add", "S", "-e", "st-2017", "--start", "3.4.2017 10:00", "--end", "4.03 12:00", db=kaznu,
          error="invalid end '4.03 12:00': 4.03 is not a day of the event (2017-04-03 to 2017-05-12): "
                "give the year too")
    r = run("talk", "add", "Ice", "-e", "st-2017", "--start", "5 aprel 10:30")  # no such month name
    assert r.exit_code == 1 and r.stderr.startswith("Error: invalid start '5 aprel 10:30'")


@pytest.mark.parametrize("typed, minutes", [
    ("90 min", 90), ("1h30", 90), ("1 ч 30 мин", 90), ("45'", 45), ("2 hours", 120), ("1,5 сағ", 90),
])
def test_a_duration_as_typed_is_kept_in_minutes(kaznu, typed, minutes):
    ok("talk", "edit", "2", "--start", "21.10.2016 10.30", "--room", "301", "--duration", typed)
    assert json.loads(ok("talk", "show", "2", "--json").stdout)["duration"] == minutes
    assert f"│ duration  {minutes} min " in ok("talk", "show", "2").stdout
    frab = json.loads(ok("export", "-f", "frab-json").stdout)
    (ev,) = [e for d in frab["schedule"]["conference"]["days"] for r in d["rooms"].values() for e in r]
    assert ev["duration"] == f"{minutes // 60:02d}:{minutes % 60:02d}"


def test_a_duration_that_names_no_unit_or_a_slip_is_refused(kaznu):
    for typed in ("1.5", "1h 75", "90 sec"):
        fails("talk", "edit", "2", "--duration", typed, db=kaznu,
              error=f"invalid duration {typed!r}: give minutes, e.g. 30, 1:30 or 1h30")


def test_an_almaty_organiser_types_a_conference_as_they_would_say_it(db):
    """Every value typed the way it is said in Almaty, and what comes out."""
    r = ok("event", "add", "Көпвекторлы саясат", "--start", "21.10.2016", "--end", "22 октября 2016 г.",
           "--timezone", "almaty", "--country", "Қазақстан", "--json")
    assert (json.loads(r.stdout)["timezone"], json.loads(r.stdout)["end"]) == ("Asia/Almaty", "2016-10-22")
    ok("speaker", "add", "Проф. Кукеева Ф.Т.", "--country", "Казахстан")
    ok("speaker", "add", "Sh. Brennan, PhD", "--country", "USA")
    ok("talk", "add", "Көпвекторлы сыртқы саясат", "-s", "Kukeeva", "--start", "21.10.2016 10.30",
       "--duration", "20 мин", "--room", "301", "--language", "қазақша", "--status", "confirmed", "--abstract", "Тезис.")
    ok("talk", "add", "US and Central Asia", "-s", "Brennan", "--start", "21.10.2016 11.00", "--duration", "1 ч",
       "--room", "301", "--language", "по-английски", "--status", "confirmed", "--abstract", "Abstract.")
    talks = json.loads(ok("talk", "list", "--json").stdout)
    assert [(t["start"], t["duration"], t["language"]) for t in talks] == [
        ("2016-10-21T10:30:00", 20, "kk"), ("2016-10-21T11:00:00", 60, "en")]
    assert "0 error(s)" in run("check").stderr
    frab = json.loads(ok("export", "-f", "frab-json").stdout)["schedule"]["conference"]
    assert frab["time_zone_name"] == "Asia/Almaty"
    assert [e["date"] for e in frab["days"][0]["rooms"]["301"]] == ["2016-10-21T10:30:00+06:00",
                                                                 "2016-10-21T11:00:00+06:00"]
    assert "author = {Кукеева, Ф.Т.}" in ok("export", "-f", "bibtex").stdout
    stats = json.loads(ok("stats", "--year", "2016", "--json").stdout)
    assert (stats["totals"]["foreign_speakers"], stats["events"][0]["foreign_countries"]) == (1, ["USA"])


def test_talk_types_and_statuses_in_russian_and_kazakh_words(kaznu):
    """An organiser in Almaty types the program's own words: they mean
    confrec's types and statuses, in add, edit and the list's filters."""
    r = ok("talk", "add", "Круглый стол: Центральная Азия", "--type", "Круглый  стол", "--status", "Подтверждён",
           "--json")
    added = json.loads(r.stdout)
    assert (added["type"], added["status"], added["type_label"]) == ("panel", "confirmed", None)
    r = ok("talk", "edit", str(added["id"]), "--type", "пленарлық баяндама", "--status", "қабылданды", "--json")
    assert (json.loads(r.stdout)["type"], json.loads(r.stdout)["status"]) == ("keynote", "accepted")
    ids = lambda *a: [t["id"] for t in json.loads(ok("talk", "list", "--json", *a).stdout)]  # noqa: E731
    assert ids("--type", "пленарный доклад", "--status", "принята") == [added["id"]]
    assert ids("--type", "доклад") == ids("--type", "talk") != []
    stored = json.loads(kaznu.read_text(encoding="utf-8"))["talks"][str(added["id"])]
    assert (stored["type"], stored["status"]) == ("keynote", "accepted")


def test_a_type_given_replaces_the_imported_files_own_word(db, tmp_path):
    """frab's 'lecture' is kept beside 'talk' for the exports to write back;
    once the organiser says the talk is a workshop, 'lecture' is no longer
    true and no export may write it."""
    schedule = tmp_path / "s.json"
    schedule.write_text(json.dumps({"schedule": {"version": "1", "conference": {
        "acronym": "c1", "title": "C", "start": "2024-05-06", "end": "2024-05-06", "days": [{
            "index": 1, "date": "2024-05-06", "rooms": {"Hall": [{
                "id": 7, "guid": "0e2c1a5e-8c5e-4c43-9f39-3a8f3fe0c7a1", "date": "2024-05-06T10:00:00+02:00",
                "start": "10:00", "duration": "00:30", "room": "Hall", "slug": "c1-7-t", "title": "T",
                "type": "lecture", "persons": [{"id": 1, "public_name": "Ana Berg"}]}]}}]}}}),
        encoding="utf-8")
    ok("import", str(schedule))
    assert "talk (lecture)" in ok("talk", "show", "1").stdout
    ok("talk", "edit", "1", "--type", "workshop")
    assert json.loads(ok("talk", "show", "1", "--json").stdout)["type_label"] is None
    assert "workshop (lecture)" not in ok("talk", "show", "1").stdout
    frab = json.loads(ok("export", "-f", "frab-json").stdout)
    (talk,) = frab["schedule"]["conference"]["days"][0]["rooms"]["Hall"]
    assert talk["type"] == "workshop"
    ok("talk", "edit", "1", "--room", "Hall")  # another field: the type's word stays as it is
    assert json.loads(ok("talk", "show", "1", "--json").stdout)["type"] == "workshop"
