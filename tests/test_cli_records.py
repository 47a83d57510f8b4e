"""The noun commands as a user types them: exact output, JSON, the file read back."""

from __future__ import annotations

import json

import pytest
from conftest import fails, ok, run

EVENT_FIELDS = ["id", "slug", "name", "start", "end", "venue", "city", "country", "timezone",
                "organizers", "description", "url", "day_change", "host", "kind", "translations"]
SPEAKER_FIELDS = ["id", "name", "title", "affiliation", "country", "position", "email", "bio", "guid"]
TALK_FIELDS = ["id", "event", "title", "speakers", "abstract", "type", "track", "room", "start",
               "duration", "status", "language", "tags", "subtitle", "description", "type_label",
               "roles", "url", "links", "guid", "session", "translations"]


def stored(db):
    return json.loads(db.read_text(encoding="utf-8"))


def test_event_add_json_and_stored(db):
    r = ok("event", "add", "Alpha Meeting 2024", "--start", "2024-05-06", "--organizer", "A",
           "--organizer", "B", "--timezone", "Asia/Almaty", "--json")
    assert r.stderr == ""
    data = json.loads(r.stdout)
    assert list(data) == EVENT_FIELDS
    assert data == {"id": 1, "slug": "alpha-meeting-2024", "name": "Alpha Meeting 2024",
                    "start": "2024-05-06", "end": "2024-05-06", "venue": None, "city": None,
                    "country": None, "timezone": "Asia/Almaty", "organizers": ["A", "B"],
                    "description": None, "url": None, "day_change": None, "host": None, "kind": None,
                    "translations": {}}
    assert stored(db)["events"]["1"]["organizers"] == ["A", "B"]


def test_add_messages_go_to_stderr(db):
    r = ok("event", "add", "E", "--slug", "e1", "--start", "2024-05-06")
    assert (r.stdout, r.stderr) == ("", "Added event 1: e1 (E)\n")
    r = ok("speaker", "add", "Ana")
    assert (r.stdout, r.stderr) == ("", "Added speaker 1: Ana\n")
    r = ok("talk", "add", "Hello", "-s", "ana")  # the only event is the default
    assert (r.stdout, r.stderr) == ("", "Added talk 1: Hello\n")
    assert stored(db)["talks"]["1"]["event"] == "e1"


def test_lists_json_have_exact_fields(conf):
    events = json.loads(ok("event", "list", "--json").stdout)
    speakers = json.loads(ok("speaker", "list", "--json").stdout)
    talks = json.loads(ok("talk", "list", "--json").stdout)
    assert [list(e) for e in events] == [EVENT_FIELDS]
    assert all(list(s) == SPEAKER_FIELDS for s in speakers)
    assert all(list(t) == TALK_FIELDS for t in talks)
    assert [s["name"] for s in speakers] == ["Anna Berg", "Ana Müller", "José Núñez"]  # by family name
    assert talks[1] == {
        "id": 2, "event": "tc-2024", "title": "Graphs and Ledgers", "speakers": [2, 3],
        "abstract": "On ledgers.", "type": "talk", "track": "Data", "room": "Hall B",
        "start": "2024-05-06T10:00:00", "duration": 45, "status": "submitted",
        "language": None, "tags": ["graphs", "ledgers"], "subtitle": None, "description": None,
        "type_label": None, "roles": {}, "url": None, "links": [], "guid": None, "session": None,
        "translations": {},
    }


def test_talk_list_filters_and_sorts(conf):
    def ids(*args):
        return [t["id"] for t in json.loads(ok("talk", "list", "--json", *args).stdout)]

    assert ids() == [1, 2, 3]  # start order, unscheduled last
    assert ids("--speaker", "berg") == [2, 3]
    assert ids("--speaker", "jose nunez") == [2]  # accents ignored
    assert ids("--track", "data") == [2]
    assert ids("--status", "confirmed") == [1]
    assert ids("--type", "welcome") == [1]
    assert ids("--search", "LEDGER") == [2]
    assert ids("--search", "müller") == [1]  # speaker names are searched too
    assert ids("--sort", "title") == [2, 1, 3]
    assert ids("--sort", "speaker") == [3, 1, 2]  # by family name: Berg, Müller, Núñez
    assert ids("--event", "tc-2024", "--search", "nothing like this") == []


def test_sorting_by_speaker_reads_family_names_however_they_are_written(db):
    ok("event", "add", "E", "--slug", "e-1", "--start", "2016-10-21")
    for name in ("Кукеева Ф.Т.", "Sh. Brennan", "Baizakova, Kuralay", "Jean-Paul de Vries", "Aigerim Zhakenova"):
        ok("speaker", "add", name)
        ok("talk", "add", f"Talk by {name}", "-s", name)
    ok("talk", "add", "Nobody's talk")
    titles = [t["title"] for t in json.loads(ok("talk", "list", "--sort", "speaker", "--json").stdout)]
    assert titles == ["Talk by Baizakova, Kuralay", "Talk by Sh. Brennan", "Talk by Jean-Paul de Vries",
                      "Talk by Кукеева Ф.Т.", "Talk by Aigerim Zhakenova", "Nobody's talk"]


def test_talk_list_table(conf):
    r = ok("talk", "list", "--speaker", "Berg")
    assert r.stdout.splitlines() == [  # what every row would repeat is said once, above
        "On 2024-05-06; all submitted",
        "id   time    room     title                  speakers                type",
        "─" * 73,
        "2    10:00   Hall B   Graphs and Ledgers     José Núñez, Anna Berg   talk",
        "3                     Unscheduled thoughts   Anna Berg               talk",
    ]


def test_speaker_list_finds_by_any_field_and_by_country_however_written(conf):
    ok("speaker", "add", "Dana Zhakenova", "--country", "Казахстан", "--affiliation", "КазНУ им. аль-Фараби")
    ok("speaker", "add", "Aidar Seitov", "--country", "KZ", "--position", "Dean of the faculty")
    names = lambda *a: [s["name"] for s in json.loads(ok("speaker", "list", "--json", *a).stdout)]  # noqa: E731
    assert names("--country", "Kazakhstan") == names("--country", "Қазақстан") == ["Aidar Seitov", "Dana Zhakenova"]
    assert names("--country", "sweden") == ["Anna Berg"]
    ok("speaker", "add", "Ann Lee", "--country", "United Kingdom")
    assert names("--country", "UK") == names("--country", "GB") == ["Ann Lee"]
    assert names("--search", "kaznu") == ["Dana Zhakenova"]  # the affiliation, in another script
    assert names("--search", "dean") == ["Aidar Seitov"]
    assert names("--search", "TU Berlin") == ["Ana Müller"]
    assert names("--search", "mexico", "--event", "tc-2024") == ["José Núñez"]
    assert names("--search", "Zhak", "--country", "Mexico") == []
    assert ok("speaker", "list", "--country", "Atlantis").stdout == "No speakers.\n"


def test_speaker_list_for_an_event_counts_talks(conf):
    ok("event", "add", "Other", "--slug", "other", "--start", "2024-06-01")
    ok("speaker", "add", "Lone Person")
    r = ok("speaker", "list", "--event", "tc-2024", "--json")
    assert [s["name"] for s in json.loads(r.stdout)] == ["Anna Berg", "Ana Müller", "José Núñez"]  # by family name
    assert "Lone Person" in ok("speaker", "list").stdout
    assert "Lone Person" not in ok("speaker", "list", "--event", "tc-2024").stdout


def test_show_commands(conf):
    r = ok("speaker", "show", "Núñez")
    assert "José Núñez" in r.stdout and "Graphs and Ledgers" in r.stdout and "UNAM" in r.stdout
    assert json.loads(ok("speaker", "show", "2", "--json").stdout)["name"] == "José Núñez"
    r = ok("talk", "show", "2")
    lines = [line.strip("│ ").rstrip() for line in r.stdout.splitlines()]
    assert "Graphs and Ledgers" in lines
    assert "speakers  José Núñez [2] — UNAM, Mexico" in lines
    assert "Abstract" in lines and "On ledgers." in lines
    r = ok("event", "show", "tc-2024")
    lines = [line.strip("│ ").rstrip() for line in r.stdout.splitlines()]
    assert "dates     2024-05-06 – 2024-05-07" in lines
    assert "talks     3" in lines and "speakers  3" in lines
    assert json.loads(ok("event", "show", "1", "--json").stdout)["slug"] == "tc-2024"


def test_edit_changes_only_given_fields(conf):
    before = stored(conf)["talks"]["2"]
    r = ok("talk", "edit", "2", "--room", "Hall C", "--speaker", "Berg", "--speaker", "Ana", "--json")
    after = json.loads(r.stdout)
    assert after["room"] == "Hall C" and after["speakers"] == [3, 1]
    assert {k: v for k, v in stored(conf)["talks"]["2"].items() if k not in ("room", "speakers")} == {
        k: v for k, v in before.items() if k not in ("room", "speakers")}
    ok("talk", "edit", "2", "--track", "")  # "" clears
    assert stored(conf)["talks"]["2"]["track"] is None
    r = ok("speaker", "edit", "Müller", "--affiliation", "FU Berlin")
    assert r.stderr == "Changed speaker 1: Ana Müller\n"
    assert stored(conf)["speakers"]["1"]["affiliation"] == "FU Berlin"
    assert stored(conf)["speakers"]["1"]["email"] == "ana@example.org"


def test_event_slug_edit_moves_its_talks(conf):
    ok("event", "edit", "tc-2024", "--slug", "tc24")
    assert {t["event"] for t in stored(conf)["talks"].values()} == {"tc24"}
    assert [t["id"] for t in json.loads(ok("talk", "list", "-e", "tc24", "--json").stdout)] == [1, 2, 3]


def test_abstract_from_file_and_stdin(db, tmp_path):
    ok("event", "add", "E", "--slug", "e1", "--start", "2024-05-06")
    f = tmp_path / "abstract.txt"
    f.write_text("Über alles\nzweite Zeile\n", encoding="utf-8")
    ok("talk", "add", "From file", "--abstract-file", str(f))
    ok("talk", "add", "From stdin", "--abstract-file", "-", input="Piped text\n")
    talks = stored(db)["talks"]
    assert talks["1"]["abstract"] == "Über alles\nzweite Zeile"
    assert talks["2"]["abstract"] == "Piped text"


def test_remove_asks_and_respects_no(conf):
    fails_no = run("talk", "remove", "3", input="n\n")
    assert fails_no.exit_code == 1
    assert fails_no.stderr.startswith("Remove talk 3 (Unscheduled thoughts)? [y/N]:")
    assert "3" in stored(conf)["talks"]
    r = ok("talk", "remove", "3", input="y\n")
    assert r.stderr.endswith("Removed talk 3: Unscheduled thoughts\n")
    assert "3" not in stored(conf)["talks"]


def test_remove_at_eof_aborts_and_keeps_file(conf):
    before = conf.read_bytes()
    r = run("speaker", "remove", "Anna Berg", "--force")  # no input: EOF
    assert r.exit_code == 1
    assert r.stderr == ("Remove speaker 3 (Anna Berg) and take them off 2 talk(s): 2 'Graphs and Ledgers'; "
                        "3 'Unscheduled thoughts'? [y/N]:\nAborted!\n")
    assert conf.read_bytes() == before


def test_force_removals(conf):
    r = ok("speaker", "remove", "Anna Berg", "--force", "--yes")
    assert r.stderr == "Removed speaker 3: Anna Berg (taken off 2 talk(s))\n"
    assert stored(conf)["talks"]["2"]["speakers"] == [2]
    assert stored(conf)["talks"]["3"]["speakers"] == []
    r = ok("event", "remove", "tc-2024", "--force", "--yes")
    assert r.stderr == "Removed event 1: tc-2024 and 3 talk(s)\n"
    assert stored(conf).get("talks") == {}


def test_ids_never_reused_through_cli(conf):
    ok("talk", "remove", "3", "--yes")
    r = ok("talk", "add", "Again", "--json")
    assert json.loads(r.stdout)["id"] == 4


def test_speaker_add_prompts_at_a_terminal(db, monkeypatch):
    from confrec.cli import speakers

    monkeypatch.setattr(speakers, "_interactive", lambda: True)
    r = ok("speaker", "add", input="\nDana Q\nDr.\nDean\nKazNU\nKazakhstan\n\n")
    assert r.stderr == (  # (the answers themselves are not echoed here: no terminal)
        "New speaker: the name is required; press Enter to leave any other field empty.\n"
        "Name (required):A speaker needs a name.\nName (required):Title (e.g. Professor, Dr.):"
        "Position (e.g. Dean of the faculty):Affiliation (university or body):Country:"
        "E-mail (kept private):Added speaker 1: Dana Q\n")
    s = stored(db)["speakers"]["1"]
    assert (s["name"], s["title"], s["position"], s["affiliation"], s["country"], s["email"]) == (
        "Dana Q", "Dr.", "Dean", "KazNU", "Kazakhstan", None)


def test_speaker_add_without_name_off_a_terminal_is_a_usage_error(db):
    r = run("speaker", "add")
    assert r.exit_code == 2
    assert "Invalid value for NAME: give the speaker's name" in r.stderr
    assert not db.exists()


def test_json_ignores_terminal_width(conf, monkeypatch):
    monkeypatch.setenv("COLUMNS", "20")
    long_title = "A very long title " * 10
    ok("talk", "edit", "1", "--title", long_title)
    out = ok("talk", "list", "--json").stdout
    assert json.loads(out)[0]["title"] == long_title.strip()
    assert "\x1b" not in out


def test_undo_brings_a_removed_speaker_back(kaznu):
    before = json.loads(ok("speaker", "show", "3", "--json").stdout)
    talks_before = ok("talk", "list", "--speaker", "3", "--json").stdout
    ok("speaker", "remove", "3", "--yes", "--force")
    r = ok("undo", "--yes")
    assert r.stderr == "Undone: speaker remove 3 P. Shabal\n"
    assert json.loads(ok("speaker", "show", "3", "--json").stdout) == before
    assert ok("talk", "list", "--speaker", "3", "--json").stdout == talks_before
    fails("undo", "--yes", db=kaznu, error=f"nothing to undo: no previous version of {kaznu} is kept")


def test_every_command_has_help():
    import typer.main

    from confrec.cli import app

    group = typer.main.get_command(app)
    missing, seen = [], []

    def walk(cmd, path):
        seen.append(path)
        if not (cmd.help or "").strip():
            missing.append(path)
        if hasattr(cmd, "list_commands"):  # commands load on demand: ask the group
            ctx = typer.Context(cmd)
            for name in cmd.list_commands(ctx):
                walk(cmd.get_command(ctx, name), f"{path} {name}")

    walk(group, "confrec")
    assert missing == []
    # root; 4 nouns with their 5 verbs, translate for 3 of them and speaker merge; 6 commands; merge,
    # git-setup, resolve; undo
    assert len(seen) == 1 + 4 * 6 + 3 + 1 + 6 + 3 + 1


@pytest.mark.parametrize("noun", ["event", "speaker", "talk", "session"])
def test_every_noun_has_the_same_verbs(noun):
    r = ok(noun, "--help")
    for verb in ("add", "list", "show", "edit", "remove"):
        assert f" {verb} " in r.stdout
