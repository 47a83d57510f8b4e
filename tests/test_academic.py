"""The academic program: sessions with chairs, breaks, host and kind,
language tags and translations."""

from __future__ import annotations

import json

import pytest
from conftest import fails, ok, run

from confrec.languages import COMMON_NAMES, language_name


def j(*args: str) -> object:
    return json.loads(ok(*args, "--json").stdout)


@pytest.fixture
def program(kaznu):
    """The KazNU record with a small two-session program, a chair and a coffee break."""
    ok("session", "add", "Plenary session", "--start", "21.10.2016 10:00", "--end", "11:00", "--room", "Hall 301",
       "--chair", "Kukeeva")
    ok("session", "add", "Section 1: Security", "--start", "21.10.2016 11:30", "--end", "13:00", "--room", "Room 205",
       "--chair", "Baizakova", "--chair", "Shabal")
    for talk, session, duration in (("1", "1", "15"), ("2", "1", "20"), ("6", "2", "20"), ("4", "2", "20")):
        ok("talk", "edit", talk, "--session", session, "--duration", duration)
    ok("talk", "add", "Coffee break", "--type", "break", "--start", "21.10.2016 11:00", "--duration", "30",
       "--room", "Foyer", "--status", "confirmed")
    return kaznu


def test_a_session_is_a_noun_like_any_other(kaznu):
    s = j("session", "add", "Plenary session", "--start", "2016-10-21 10:00", "--end", "12:00", "--room", "301",
          "--chair", "Kukeeva")
    assert s == {"id": 1, "event": "kaznu-2016", "title": "Plenary session", "start": "2016-10-21T10:00:00",
                 "end": "2016-10-21T12:00:00", "room": "301", "chairs": [2], "description": None, "translations": {}}
    assert [x["title"] for x in j("session", "list")] == ["Plenary session"]
    assert j("session", "show", "plenary")["id"] == 1
    assert j("session", "edit", "1", "--chair", "Kukeeva", "--chair", "Baizakova")["chairs"] == [2, 6]
    fails("session", "edit", "1", "--end", "09:00", db=kaznu,
          error="the end 2016-10-21 09:00 is not after the start 2016-10-21 10:00")
    fails("session", "add", "X", "--chair", "Nobody", db=kaznu,
          error="no speaker matches 'Nobody' (add them first with: confrec speaker add Nobody)")
    out = ok("session", "list").stdout
    assert out.startswith("On 2016-10-21\nid   time ") and "Plenary session" in out
    assert {"Kukeeva,", "Baizakova"} <= set(out.split())
    ok("session", "remove", "1", "--yes")
    assert j("session", "list") == []


def test_talks_take_room_and_time_from_their_session(kaznu):
    ok("session", "add", "Plenary", "--start", "2016-10-21 10:00", "--end", "12:00", "--room", "301")
    t = j("talk", "edit", "2", "--session", "Plenary", "--duration", "20")
    assert (t["session"], t["room"], t["start"]) == (1, "301", "2016-10-21T10:00:00")
    t = j("talk", "edit", "3", "--session", "1", "--duration", "15")
    assert t["start"] == "2016-10-21T10:20:00"  # after the last talk of the session
    t = j("talk", "add", "Given", "--session", "1", "--start", "2016-10-21 11:30", "--room", "302")
    assert (t["event"], t["room"], t["start"]) == ("kaznu-2016", "302", "2016-10-21T11:30:00")  # what is said stays
    assert j("talk", "edit", "3", "--session", "")["session"] is None
    fails("session", "remove", "1", "--yes", db=kaznu,
          error="session 1 (Plenary) holds 2 talk(s) (2, 7): move them first or use --force (they stay, in no "
                "session)")
    ok("session", "remove", "1", "--yes", "--force")
    assert j("talk", "show", "2")["session"] is None


def test_the_program_goes_by_session_with_chairs_and_breaks(program):
    report = ok("report").stdout
    plenary, section = report.index("Plenary session"), report.index("Section 1: Security")
    assert plenary < section
    assert "Chair: Professor F.T. Kukeeva" in report
    assert "Chairs: Professor K.I. Baizakova, Professor P. Shabal" in report
    assert report.index("The role of") < report.index("Multi-vector") < section  # ordered by start in the session
    # in time order: the break between the sessions, with no number (it is not a talk)
    assert report.index("Multi-vector") < report.index("Coffee break") < section
    md = ok("export", "-f", "md").stdout
    # as the books have it: the day, then its sessions with their chairs
    assert ("### Friday, 21 October 2016\n\n#### Plenary session (10:00–11:00, Hall 301)\n\n"
            "Chair: Professor F.T. Kukeeva\n\n- 10:00–10:15 · Hall 301 · 1. **The role of") in md
    assert "- 11:00–11:30 · Foyer · **Coffee break**" in md  # no number: it is not a talk
    assert "Coffee break" not in md[md.index("## Abstracts"):]  # and it has no abstract page
    html = ok("export", "-f", "html").stdout
    assert "Chairs: Professor K.I. Baizakova, Professor P. Shabal" in html
    assert 'id="talk-8"' not in html
    sched = ok("schedule").stdout
    assert "Coffee break" in sched and "Plenary session" in sched
    frab = json.loads(ok("export", "-f", "frab-json").stdout)
    events = {e["title"]: e for d in frab["schedule"]["conference"]["days"] for r in d["rooms"].values() for e in r}
    assert events["Coffee break"]["type"] == "break"
    assert events["Multi-vector policy as a diplomatic style: the evolution of its conceptual framework"]["track"] \
        == "Plenary session"  # frab has no sessions: the session is the track


def test_breaks_are_not_talks(program):
    stats = j("stats", "kaznu-2016")
    assert (stats["talks"], stats["program_items"], stats["sessions"]) == (6, 1, 2)
    findings = j("check")
    assert not [f for f in findings if 8 in f["talks"]]  # no missing speaker or abstract for a break


def test_check_finds_what_is_wrong_with_sessions(program):
    ok("talk", "edit", "4", "--room", "Room 999")  # not the session's room
    ok("talk", "edit", "6", "--start", "2016-10-21 12:50")  # runs past the section's end
    ok("talk", "edit", "5", "--start", "2016-10-21 10:15", "--duration", "20", "--room", "Hall 302")  # its speaker...
    ok("session", "edit", "1", "--chair", "McDermott")  # ...chairs the plenary then
    ok("session", "add", "Empty section", "--start", "2016-10-21 14:00", "--end", "15:00")
    codes = {(f["code"], tuple(f["talks"])) for f in json.loads(run("check", "--json").stdout)}
    assert ("outside-session", (4,)) in codes
    assert ("outside-session", (6,)) in codes
    assert ("chair-double-booked", (5,)) in codes
    assert ("empty-session", ()) in codes
    r = run("check")
    assert r.exit_code == 1
    assert ("speaker 5 R. McDermott chairs session 1 'Plenary session' and speaks in talk 5 'Debatable issues on "
            "the future of the multi-vector policy' at 2016-10-21 10:15, at the same time; move one of them") in \
        " ".join(r.stdout.split())


def test_the_markdown_book_goes_as_the_books_do_in_the_books_language(program):
    """The Markdown is the book: the days written out in the language of
    --lang, each day's sessions with their chairs, the abstracts by day with
    their authors and the line that says when and where."""
    from markdown_it import MarkdownIt

    md = ok("export", "-f", "md", "--lang", "ru").stdout
    assert md.count("*21 октября 2016 г.* · Al-Farabi Kazakh National University") == 1
    tokens = MarkdownIt("commonmark").parse(md)
    headings = [(tokens[i].tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[:6] == [
        ("h1", "Evolution of the conceptual foundations and practices of multi-vector foreign policy of Kazakhstan"),
        ("h2", "Программа"), ("h3", "пятница, 21 октября 2016 г."),
        ("h4", "Plenary session (10:00–11:00, Hall 301)"), ("h4", "Section 1: Security (11:30–13:00, Room 205)"),
        ("h3", "Время не назначено")]
    at = headings.index(("h2", "Тезисы докладов"))
    assert headings[at + 1:at + 3] == [
        ("h3", "пятница, 21 октября 2016 г."),
        ("h4", "1. The role of Kazakhstan's foreign policy in strengthening peace, harmony and sustainable "
               "development")]
    assert ("*D.T. Zhakenov* — Counselor, delegation of the Ministry of Foreign Affairs in Almaty  \n"
            "21 октября 2016 г., 10:00–10:15 · Hall 301 · Plenary session\n") in md
    assert "Председатели: Professor K.I. Baizakova, Professor P. Shabal" in md
    kk = ok("export", "-f", "md", "--lang", "kk").stdout
    assert "*2016 жылғы 21 қазан* ·" in kk and "### жұма, 2016 жылғы 21 қазан" in kk


def test_host_and_kind(kaznu):
    event = j("event", "show")
    assert (event["host"], event["kind"]) == ("Al-Farabi Kazakh National University",
                                              "International scientific-practical conference")
    report = ok("report").stdout
    assert "host         Al-Farabi Kazakh National University" in report
    assert "kind         International scientific-practical conference" in report
    md = ok("export", "-f", "md").stdout
    assert "*International scientific-practical conference*" in md
    assert "*21 October 2016* · Al-Farabi Kazakh National University, Almaty, Kazakhstan" in md


@pytest.mark.parametrize("typed, tag", [
    ("Russian", "ru"), ("ru", "ru"), ("қазақ тілі", "kk"), ("EN-gb", "en-GB"), ("en_US", "en-US"),
    # 'in Kazakh', as Kazakh and Russian say it
    ("қазақша", "kk"), ("Орысша", "ru"), ("ағылшынша", "en"), ("по-казахски", "kk"), ("По-русски", "ru"),
])
def test_a_language_is_a_tag(kaznu, typed, tag):
    assert j("talk", "edit", "2", "--language", typed)["language"] == tag


@pytest.mark.parametrize("typed, meant", [("kz", "kk (Kazakh)"), ("UA", "uk (Ukrainian)"), ("cn", "zh (Chinese)")])
def test_a_countrys_code_for_its_language_is_refused_with_the_language_meant(kaznu, typed, meant):
    fails("talk", "edit", "2", "--language", typed, db=kaznu,
          error=f"unknown language {typed!r}, a country's code: did you mean {meant}?")


def test_a_language_is_shown_by_name_and_refused_when_unknown(kaznu):
    ok("talk", "edit", "2", "--language", "ru")
    assert "language  Russian" in ok("talk", "show", "2").stdout
    fails("talk", "edit", "2", "--language", "Elvish-ish", db=kaznu,
          error="unknown language 'Elvish-ish': give a tag such as ru, kk or en, or a name such as Russian")


@pytest.mark.parametrize("tag", sorted(COMMON_NAMES))
def test_the_names_kept_at_hand_are_the_ones_langcodes_gives(tag):
    import langcodes

    assert language_name(tag) == langcodes.Language.get(tag).display_name("en") == COMMON_NAMES[tag]


def test_translations_fall_back_field_by_field(kaznu):
    ok("talk", "translate", "2", "kk", "--title", "Көпвекторлы саясат дипломатиялық стиль ретінде")
    r = ok("talk", "translate", "3", "Kazakh", "--title", "Аймақтық контекстегі Қазақстан",
           "--abstract", "Қазақстанның аймақтағы орны.")
    assert r.stderr == "Translated talk 3 into kk (title, abstract)\n"  # (the tag, not the name typed)
    r = ok("event", "translate", "kk", "--name", "Қазақстанның көпвекторлы сыртқы саясаты")
    assert r.stderr == "Translated event kaznu-2016 into kk (name)\n"
    talk = j("talk", "show", "2")
    assert talk["translations"] == {"kk": {"title": "Көпвекторлы саясат дипломатиялық стиль ретінде"}}
    md = ok("export", "-f", "md", "--lang", "kk").stdout
    assert md.startswith("# Қазақстанның көпвекторлы сыртқы саясаты\n")
    assert "### 2. Көпвекторлы саясат дипломатиялық стиль ретінде" in md
    # no Kazakh abstract for talk 2: its own abstract, in English
    assert "The talk treats the multi-vector approach as a diplomatic style" in md
    assert "### 3. Аймақтық контекстегі Қазақстан\n\n*Professor P. Shabal" in md
    assert "Қазақстанның аймақтағы орны." in md
    assert "### 4. The evolution of bilateral cooperation between Kazakhstan and the USA" in md  # not translated
    assert "Көпвекторлы саясат" in ok("report", "--lang", "kk").stdout
    # search finds a talk by any of its languages
    assert [t["id"] for t in j("talk", "list", "--search", "аймақтық")] == [3]
    assert [t["id"] for t in j("talk", "list", "--search", "aimaqtyq")] == [3]
    r = ok("talk", "translate", "2", "kk", "--title", "")  # '' takes a translation away
    assert r.stderr == "Removed the kk title of talk 2\n"
    assert j("talk", "show", "2")["translations"] == {}
    fails("talk", "translate", "2", "kk", db=kaznu, error="nothing to translate: give --title or --subtitle or "
                                                          "--abstract")
    fails("export", "-f", "md", "--lang", "Quenya-ish", db=kaznu,
          error="unknown language 'Quenya-ish': give a tag such as ru, kk or en, or a name such as Russian")


def test_the_markdown_speaks_the_language_of_its_translations(program):
    ok("talk", "translate", "2", "ru", "--title", "Многовекторная политика как дипломатический стиль")
    ok("talk", "add", "Без тезисов", "-s", "Kukeeva", "--status", "confirmed")
    md = ok("export", "-f", "md", "--lang", "ru").stdout
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == ["## Программа", "## Тезисы докладов", "## Докладчики"]
    assert "Председатель: Professor F.T. Kukeeva" in md
    assert "2. **Многовекторная политика как дипломатический стиль**" in md
    assert "- **F.T. Kukeeva** — Professor (доклады 2, 8)" in md
    assert "### 8. Без тезисов\n\n*Professor F.T. Kukeeva*\n\n*Тезисы не представлены.*" in md
    assert "### Время не назначено\n" in md and "- 8\\. **Без тезисов** — Professor F.T. Kukeeva\n" in md
    kk = ok("export", "-f", "md", "--lang", "kk").stdout
    assert [line for line in kk.splitlines() if line.startswith("## ")] == [
        "## Бағдарлама", "## Баяндамалар тезистері", "## Баяндамашылар"]
    # a language confrec has no words for: the record's text in it, the book's words in English
    de = ok("export", "-f", "md", "--lang", "de").stdout
    assert [line for line in de.splitlines() if line.startswith("## ")] == ["## Program", "## Abstracts",
                                                                              "## Speakers"]


def test_the_markdown_program_renders_as_one_list_per_block(kaznu):
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(ok("export", "-f", "md").stdout)
    program = html[html.index("<h2>Program</h2>"):html.index("<h2>Abstracts</h2>")]
    assert "<h3>Not yet scheduled</h3>" in program
    assert "<ol" not in program  # '- 1. Title' would have opened a numbered list in each item
    assert "<li>1. <strong>The role of Kazakhstan's foreign policy" in program


def test_the_json_backup_keeps_sessions_chairs_and_translations(kaznu, tmp_path):
    ok("speaker", "add", "A. Chair")  # a chair who gives no talk
    ok("session", "add", "Plenary session", "--start", "21.10.2016 10:00", "--end", "11:00", "--room", "Hall 301",
       "--chair", "A. Chair", "--chair", "Kukeeva", "--description", "The opening.")
    ok("session", "translate", "1", "ru", "--title", "Пленарное заседание")
    ok("talk", "edit", "2", "--session", "1")
    ok("talk", "translate", "2", "kk", "--title", "Көпвекторлы саясат")
    backup = tmp_path / "backup.json"
    ok("export", "-f", "json", "-o", str(backup))
    copy = tmp_path / "copy.json"
    r = ok("--db", str(copy), "import", str(backup))
    assert r.stdout.splitlines()[-2:] == ["  talks:    6 new, 0 updated, 0 unchanged",
                                          "  sessions: 1 new, 0 updated, 0 unchanged"]

    def program(*db: str) -> tuple:
        session = json.loads(ok(*db, "session", "show", "1", "--json").stdout)
        chairs = [json.loads(ok(*db, "speaker", "show", str(c), "--json").stdout)["name"] for c in session["chairs"]]
        talk = json.loads(ok(*db, "talk", "show", "2", "--json").stdout)
        return {k: v for k, v in session.items() if k != "chairs"}, chairs, talk["session"], talk["translations"]

    assert program("--db", str(copy)) == program()
    assert program()[1] == ["A. Chair", "F.T. Kukeeva"]
    # and again: found, not added twice
    again = ok("--db", str(copy), "import", str(backup))
    assert again.stdout.splitlines()[-1] == "  sessions: 0 new, 0 updated, 1 unchanged"
    assert len(json.loads(ok("--db", str(copy), "session", "list", "--json").stdout)) == 1


def test_a_frab_export_of_talks_in_sessions_comes_back_unchanged(kaznu, tmp_path):
    """frab has no sessions, so the export gives a talk its session's title as
    its track; read back into the record, that is no change."""
    ok("session", "add", "Plenary session", "--start", "21.10.2016 10:00", "--end", "12:00", "--room", "Hall 301")
    for talk, start in (("1", "10:00"), ("2", "10:30")):
        ok("talk", "edit", talk, "--session", "1", "--start", f"21.10.2016 {start}", "--duration", "30",
           "--status", "confirmed")
    schedule = tmp_path / "schedule.json"
    ok("export", "-f", "frab-json", "-o", str(schedule))
    assert {e["track"] for d in json.loads(schedule.read_text(encoding="utf-8"))["schedule"]["conference"]["days"]
            for r in d["rooms"].values() for e in r} == {"Plenary session"}
    before = json.loads(ok("talk", "list", "--json").stdout)
    r = ok("import", str(schedule))
    assert r.stdout.splitlines()[-1] == "  talks:    0 new, 0 updated, 2 unchanged"
    assert json.loads(ok("talk", "list", "--json").stdout) == before


def test_an_events_zone_changed_after_its_talks_keeps_their_wall_times(kaznu):
    """The zone was typed wrong: the talks were typed in the event's local
    time, so they keep it, and every export writes it in the new zone;
    a talk the new zone's clocks skip is named by check."""
    ok("talk", "edit", "2", "--start", "21.10.2016 10.30", "--duration", "20", "--room", "301")
    ok("event", "edit", "kaznu-2016", "--timezone", "Europe/Berlin")
    assert j("talk", "show", "2")["start"] == "2016-10-21T10:30:00"
    doc = json.loads(ok("export", "-f", "frab-json").stdout)
    (ev,) = [e for d in doc["schedule"]["conference"]["days"] for r in d["rooms"].values() for e in r]
    assert ev["date"] == "2016-10-21T10:30:00+02:00"
    # back in Almaty (no clock change), a talk at 02:30 on the night Berlin's clocks go forward
    ok("event", "edit", "kaznu-2016", "--timezone", "Asia/Almaty", "--start", "2016-03-26", "--end", "2016-10-22")
    ok("talk", "edit", "3", "--start", "27.03.2016 02.30", "--duration", "30", "--room", "301")
    r = run("event", "edit", "kaznu-2016", "--timezone", "Europe/Berlin")
    assert r.exit_code == 0  # the event's own fields are right; the talk is what check names
    found = [f["message"] for f in json.loads(run("check", "--json").stdout) if f["code"] == "no-such-time"]
    assert found == ["talk 3 'Kazakhstan in the regional context: the Russia - Kazakhstan - China axis' starts at "
                     "2016-03-27 02:30, which the clocks skip in Europe/Berlin (it runs as 2016-03-27 03:30); "
                     "change its start"]


def test_a_translate_that_sets_some_fields_and_removes_others_says_both(kaznu):
    ok("talk", "translate", "4", "ru", "--title", "Эволюция", "--subtitle", "Обзор", "--abstract", "Тезис.")
    r = ok("talk", "translate", "4", "русский", "--title", "Эволюция сотрудничества", "--subtitle", "",
           "--abstract", " ")
    assert r.stderr == ("Translated talk 4 into ru (title); removed the ru subtitle and abstract of talk 4\n")
    assert j("talk", "show", "4")["translations"] == {"ru": {"title": "Эволюция сотрудничества"}}
