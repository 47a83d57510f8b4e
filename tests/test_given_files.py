"""Files the user names: where exports go (-o) and what is read (imports,
--abstract-file). Each way a path can be wrong gets one line and exit 1,
and the record is left as it was."""

from __future__ import annotations

import csv
import io
import json
import stat

import pytest
from conftest import fails, ok, run


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def placed(path, content):
    """The path with nothing at it (None), a folder ('folder') or a file of these bytes."""
    if content == "folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    return path


def test_an_export_into_missing_folders_makes_them_private(conf, tmp_path):
    out = tmp_path / "book" / "2024" / "talks.csv"
    r = ok("export", "-f", "csv", "-o", str(out))
    assert (r.stdout, r.stderr) == ("", f"Wrote csv of tc-2024 to {out}\n")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Opening", "Graphs and Ledgers", "Unscheduled thoughts"]
    assert mode(out.parent) == mode(out.parent.parent) == 0o700


def test_dash_as_output_is_standard_output(conf, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = ok("export", "-f", "json", "-o", "-")
    assert json.loads(r.stdout)["event"]["slug"] == "tc-2024" and r.stderr == ""
    assert not (tmp_path / "-").exists()
    ok("export", "-f", "json", "-o", str(tmp_path / "-"))  # a file of that name, when that is what is meant
    assert json.loads((tmp_path / "-").read_text(encoding="utf-8"))["event"]["slug"] == "tc-2024"


def test_an_export_replaces_a_file_whole_and_keeps_private_data_private(conf, tmp_path):
    out = tmp_path / "speakers.csv"
    out.write_text("old content that is longer than what replaces it" * 100, encoding="utf-8")
    out.chmod(0o644)
    ok("export", "-f", "csv", "--what", "speakers", "-o", str(out))
    text = out.read_text(encoding="utf-8-sig")
    assert "old content" not in text and "email" not in text.splitlines()[0]
    assert mode(out) == 0o644  # nothing private in it: the mode it had
    ok("export", "-f", "csv", "--what", "speakers", "--include-private", "-o", str(out))
    assert "ana@example.org" in out.read_text(encoding="utf-8-sig")
    assert mode(out) == 0o600  # e-mails: for the owner only, whatever it was before
    assert not list(tmp_path.glob("*.tmp*"))  # no temporary file left beside it


def test_an_export_through_a_link_writes_its_target(conf, tmp_path):
    target = tmp_path / "real.ics"
    link = tmp_path / "link.ics"
    link.symlink_to(target)
    ok("export", "-f", "ics", "-o", str(link))
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


@pytest.mark.parametrize(
    "where, error",
    [
        ("folder", "cannot write {p}: Is a directory"),
        ("file/x.csv", "cannot write {p}: Not a directory"),
    ],
)
def test_an_export_where_no_file_can_be(conf, tmp_path, where, error):
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("a file, not a folder", encoding="utf-8")
    out = tmp_path / where
    fails("export", "-f", "csv", "-o", str(out), db=conf, error=error.format(p=out))
    assert (tmp_path / "file").read_text(encoding="utf-8") == "a file, not a folder"
    assert list((tmp_path / "folder").iterdir()) == []


def test_an_export_never_overwrites_the_record(conf):
    r = run("export", "-f", "json", "-o", str(conf))
    assert r.exit_code == 1 and r.stderr.startswith("Error: ") and str(conf) in r.stderr
    assert json.loads(conf.read_text(encoding="utf-8"))["meta"]  # still the record


@pytest.mark.parametrize(
    "content, error",
    [
        (None, "{p}: no such file"),
        ("folder", "{p} is a folder, not a file"),
        (b"\xff\xfe", "{p}: not UTF-8 text (byte 0)"),
        (b"just some words", "{p}: cannot tell the format: give --format json, csv, frab-xml, frab-json, "
                             "schedule-v2, ics"),
    ],
)
def test_an_import_of_what_is_not_a_schedule(conf, tmp_path, content, error):
    given = placed(tmp_path / "given", content)
    fails("import", str(given), db=conf, error=error.format(p=given))


@pytest.mark.parametrize(
    "content, error",
    [
        (None, "--abstract-file {p}: no such file"),
        ("folder", "--abstract-file {p} is a folder, not a file"),
        (b"caf\xe9", "--abstract-file {p} is not UTF-8 text"),
    ],
)
def test_an_abstract_file_that_cannot_be_read(conf, tmp_path, content, error):
    given = placed(tmp_path / "abstract.txt", content)
    fails("talk", "add", "X", "-e", "tc-2024", "--abstract-file", str(given), db=conf, error=error.format(p=given))


def test_an_abstract_from_a_file_or_standard_input_is_kept_whole(conf, tmp_path):
    text = "First paragraph, with «quotes» and Қазақстан.\n\nSecond paragraph.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    talk = json.loads(ok("talk", "add", "From a file", "-e", "tc-2024", "--abstract-file",
                         str(tmp_path / "a.txt"), "--json").stdout)
    assert talk["abstract"] == text.rstrip("\n")
    talk = json.loads(ok("talk", "edit", str(talk["id"]), "--abstract-file", "-", "--json", input=text).stdout)
    assert talk["abstract"] == text.rstrip("\n")
