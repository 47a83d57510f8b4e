"""Every user mistake: one 'Error:' line on stderr, exit 1, no traceback, file unchanged."""

from __future__ import annotations

import pytest
from conftest import fails, ok, run


@pytest.mark.parametrize(
    "args, error",
    [
        (["talk", "edit", "1", "--start", "2024-02-30 10:00"],
         "invalid start '2024-02-30 10:00' (there is no such day): use e.g. 2016-10-21 10:30, 21.10.2016 10.30 or 21 Oct 2016 10:30am (local time of the event)"),
        (["event", "add", "X", "--start", "21.10.16"], "invalid start date '21.10.16': use e.g. 2016-10-21, 21.10.2016 or 21 Oct 2016"),
        (["talk", "add", "X", "-s", "Nobody"],
         "no speaker matches 'Nobody' (add them first with: confrec speaker add Nobody)"),
        (["talk", "list", "--speaker", "an"],
         "'an' matches 2 speakers (1 Ana Müller; 3 Anna Berg): give the id"),
        (["event", "add", "Again", "--slug", "tc-2024", "--start", "2024-01-01"],
         "an event with slug 'tc-2024' already exists (id 1)"),
        (["speaker", "remove", "Berg", "--yes"],
         "speaker 3 (Anna Berg) is named on 2 talk(s) (2, 3): take them off first or use --force"),
        (["event", "remove", "tc-2024", "--yes"],
         "event tc-2024 still has 3 talk(s) (1, 2, 3): remove them first or use --force"),
        (["talk", "show", "99"], "no talk with id 99"),
        (["event", "show", "nope"], "no event 'nope' (events: tc-2024)"),
        (["talk", "add", "X", "--duration", "0"], "invalid duration '0': it must be more than 0 minutes"),
        (["talk", "add", "X", "--type", "poster"],
         "invalid type 'poster': choose one of keynote, talk, panel, welcome, workshop, other, break, registration, "
         "ceremony (or the word in Russian or Kazakh: доклад, баяндама, круглый стол, перерыв)"),
        (["talk", "edit", "1", "--status", "ok"],
         "invalid status 'ok': choose one of submitted, accepted, confirmed, rejected, withdrawn, cancelled "
         "(or the word in Russian or Kazakh: принят, подтверждён, расталды)"),
        (["talk", "list", "--type", "стендовый"],
         "invalid type 'стендовый': choose one of keynote, talk, panel, welcome, workshop, other, break, "
         "registration, ceremony (or the word in Russian or Kazakh: доклад, баяндама, круглый стол, перерыв)"),
        (["talk", "list", "--sort", "room"], "invalid sort 'room': choose one of start, title, speaker"),
        (["speaker", "add", "X", "--email", "not-an-email"], "invalid email 'not-an-email': expected name@domain.tld"),
        (["speaker", "edit", "Berg"], "nothing to change: give at least one option (see --help)"),
        (["event", "add", "X", "--start", "2024-01-02", "--end", "2024-01-01"],
         "the end date 2024-01-01 is before the start date 2024-01-02"),
        (["talk", "add", "X", "--abstract", "a", "--abstract-file", "f"],
         "give --abstract or --abstract-file, not both"),
        (["talk", "add", "X", "--abstract-file", "/nonexistent/abs.txt"],
         "--abstract-file /nonexistent/abs.txt: no such file"),
        (["event", "add", "X", "--start", "2024-01-01", "--timezone", "Almaty City"],
         "unknown timezone 'Almaty City': use an IANA name such as Asia/Almaty or Europe/Berlin, or a fixed offset "
         "such as +06:00"),
        (["event", "add", "X", "--start", "2024-01-01", "--timezone", "louisville"],  # a city two names share
         "timezone 'louisville' could be America/Kentucky/Louisville or America/Louisville: give the one meant"),
    ],
)
def test_user_mistakes(conf, args, error):
    if args[:2] == ["talk", "add"]:
        args = args[:3] + ["-e", "tc-2024"] + args[3:]
    fails(*args, db=conf, error=error)


def test_talk_add_with_several_events_needs_one(conf):
    ok("event", "add", "Other", "--slug", "other", "--start", "2024-06-01")
    fails("talk", "add", "X", db=conf, error="say which event with --event SLUG (events: tc-2024, other)")


@pytest.mark.parametrize(
    "content, error",
    [
        (b'{"meta": {"1": {"schema": 1}}, "speak', "{p} is not valid JSON (line 1, column 38): truncated or damaged; 'confrec undo' may restore the previous version"),
        (b'{"meta": {"1": {"schema": 3}}}', "{p} was written by a newer confrec (schema 3; this version reads up to 2): upgrade confrec"),
        (b"", "{p} is empty, not a confrec database"),
        (b'{"a": 1}', "{p} is JSON but not a confrec database"),
    ],
)
@pytest.mark.parametrize("command", [["talk", "list"], ["speaker", "add", "X"], ["event", "list", "--json"]])
def test_bad_database_files(db, content, error, command):
    db.write_bytes(content)
    fails(*command, db=db, error=error.format(p=db))


def test_folder_as_database(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    r = run("--db", str(folder), "speaker", "add", "X")
    assert r.exit_code == 1
    assert r.stderr == f"Error: {folder} is a folder, not a confrec database file\n"


@pytest.mark.parametrize("path, command, error", [
    ("afile/sub/rec.json", ["speaker", "add", "X"], "cannot create folder {t}/afile/sub: Not a directory"),
    ("afile/rec.json", ["speaker", "add", "X"], "cannot lock {t}/afile/rec.json: Not a directory"),
    ("afile/rec.json", ["talk", "list"], "cannot read {t}/afile/rec.json: Not a directory"),
])
def test_a_database_path_through_a_file_is_one_line(tmp_path, path, command, error):
    """--db under a file where a folder should be (a typo, a stale path)."""
    (tmp_path / "afile").write_text("notes", encoding="utf-8")
    r = run("--db", str(tmp_path / path), *command)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", f"Error: {error.format(t=tmp_path)}\n")
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "notes"


def test_usage_errors_keep_exit_2(conf):
    r = run("talk", "add")
    assert r.exit_code == 2
    assert r.stderr.endswith("Error: Missing argument 'TITLE'.\n")
    r = run("talk", "list", "--bogus")
    assert r.exit_code == 2
    assert "No such option: --bogus" in r.stderr


def test_hostile_names_are_shown_literally(db):
    ok("event", "add", "E", "--slug", "e1", "--start", "2024-05-06")
    ok("speaker", "add", "[bold]x[/] [link=http://evil]y[/link] *z* $x$")
    ok("speaker", "add", "[/]")
    r = ok("speaker", "list")
    assert "[bold]x[/]" in r.stdout and "[link=http://evil]y[/link]" in r.stdout
    assert "[/]" in r.stdout
    # escape sequences are not text: refused as typed, with the file unchanged
    fails("speaker", "add", "\x1b[2J\x9b31m", db=db,
          error="name contains a control character (U+001B): give plain text")
    r = run("speaker", "show", "\x1b[2J")
    assert "\x1b" not in r.stderr + r.stdout  # shown as the four characters \x1b, not sent
    assert r.stderr == "Error: no speaker matches '\\x1b[2J'\n"


def test_unreadable_database(conf, monkeypatch):
    """Root reads any file, so the refusal the OS gives others is simulated."""
    from pathlib import Path

    real = Path.read_bytes

    def refuse(self):
        if self == conf:
            raise PermissionError(13, "Permission denied")
        return real(self)

    before = conf.read_bytes()
    monkeypatch.setattr(Path, "read_bytes", refuse)
    for command in (["talk", "list"], ["speaker", "add", "X"]):
        r = run(*command)
        assert (r.exit_code, r.stdout, r.stderr) == (1, "", f"Error: cannot read {conf}: permission denied\n")
    monkeypatch.undo()
    assert conf.read_bytes() == before


def test_unwritable_folder(conf, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    fails("speaker", "add", "New", db=conf, error=f"cannot write in {conf.parent}: Permission denied")


def test_symlinks(conf, tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(conf)
    ok("--db", str(link), "speaker", "add", "Through the link")
    assert link.is_symlink()  # the link survives the atomic replace of its target
    assert "Through the link" in conf.read_text(encoding="utf-8")
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "gone.json")
    r = run("--db", str(dangling), "speaker", "add", "X")
    assert (r.exit_code, r.stderr) == (1, f"Error: {dangling} is a symbolic link to a missing file\n")
    assert not (tmp_path / "gone.json").exists()


@pytest.mark.parametrize(
    "args, error",
    [
        # durations: minutes or H:MM, nothing else, and not a hundred hours
        (["talk", "add", "X", "--duration", "100:00"], "invalid duration '100:00': more than 99:59 hours"),
        (["talk", "add", "X", "--duration", "abc"], "invalid duration 'abc': give minutes, e.g. 30, 1:30 or 1h30"),
        (["talk", "add", "X", "--duration", "1:75"], "invalid duration '1:75': give minutes, e.g. 30, 1:30 or 1h30"),
        (["talk", "add", "X", "--duration", "-5"], "invalid duration '-5': give minutes, e.g. 30, 1:30 or 1h30"),
        (["talk", "add", "X", "--duration", "30.5"], "invalid duration '30.5': give minutes, e.g. 30, 1:30 or 1h30"),
        # a start needs a time of day, and a real one
        (["talk", "add", "X", "--start", "2024-05-06"],
         "invalid start '2024-05-06': give a time too, e.g. 2016-10-21 10:30, 21.10.2016 10.30 or 21 Oct 2016 10:30am"),
        (["talk", "add", "X", "--start", "2024-05-06 25:00"],
         "invalid start '2024-05-06 25:00' (there is no such time): use e.g. 2016-10-21 10:30, 21.10.2016 10.30 or "
         "21 Oct 2016 10:30am (local time of the event)"),
        (["talk", "add", ""], "title must not be empty"),
        (["talk", "add", "X", "--status", "maybe"],
         "invalid status 'maybe': choose one of submitted, accepted, confirmed, rejected, withdrawn, cancelled "
         "(or the word in Russian or Kazakh: принят, подтверждён, расталды)"),
        (["talk", "add", "X", "--language", "klingonish"],
         "unknown language 'klingonish': give a tag such as ru, kk or en, or a name such as Russian"),
        (["talk", "edit", "1", "--title", ""], "title must not be empty"),
        (["talk", "translate", "1", "kk"], "nothing to translate: give --title or --subtitle or --abstract"),
        (["event", "add", "", "--start", "2024-01-01"], "name must not be empty"),
        (["event", "add", "X", "--start", "2024-01-01", "--url", "ftp://x"],
         "invalid url 'ftp://x': only http:// and https:// links are kept"),
        (["event", "add", "X", "--start", "2024-01-01", "--slug", "Bad Slug"],
         "invalid slug 'Bad Slug': use lower-case letters, digits and '-', starting with a letter or digit and not "
         "all digits (e.g. kaznu-2016)"),
        (["event", "edit", "tc-2024", "--name", ""], "name must not be empty"),
        (["event", "edit", "tc-2024", "--timezone", "Mars/Base"],
         "unknown timezone 'Mars/Base': use an IANA name such as Asia/Almaty or Europe/Berlin, or a fixed offset "
         "such as +06:00"),
        (["speaker", "add", ""], "name must not be empty"),
        (["speaker", "add", "X", "--email", "a@b"], "invalid email 'a@b': expected name@domain.tld"),
        (["speaker", "edit", "9", "--name", "Y"], "no speaker with id 9"),
        (["speaker", "show", "Zebedee"], "no speaker matches 'Zebedee'"),
    ],
)
def test_values_are_read_whole_or_refused(conf, args, error):
    if args[:2] == ["talk", "add"]:
        args = args[:3] + ["-e", "tc-2024"] + args[3:]
    fails(*args, db=conf, error=error)
