"""Reading what people already have: one module per format, each a pure
function from text to an ``Incoming`` (plain field dicts, nothing stored).
``merge.py`` then matches it against the record and adds it in one write.
"""

from __future__ import annotations

import contextlib
import importlib
import json
from collections.abc import Iterator
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confrec.errors import ConfrecError, InvalidValue

FORMATS = ("json", "csv", "frab-xml", "frab-json")
_MODULES = {"json": "backup", "csv": "csv_", "frab-xml": "frab_xml", "frab-json": "frab_json"}


class ImportFailed(ConfrecError):
    """The file cannot be imported; nothing was written."""


@dataclass
class IncomingTalk:
    ref: str  # stable external reference (source guid or id), for de-duplication
    where: str  # 'line 12' or "event id=7 'Title'", for error messages
    fields: dict[str, Any]  # Talk fields except event and speakers
    people: list[str] = field(default_factory=list)  # keys into Incoming.people, in order


@dataclass
class Incoming:
    event: dict[str, Any] | None  # Event fields, or None when the file names no event
    people: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> Speaker fields
    talks: list[IncomingTalk] = field(default_factory=list)
    source: str = ""  # format name
    scope: str = ""  # where the people keys come from, e.g. 'frab:Camp2019'; set by parse


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes() if str(path) != "-" else __import__("sys").stdin.buffer.read()
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportFailed(f"{path} is a folder, not a file") from None
    except OSError as e:
        raise ImportFailed(f"cannot read {path}: {e.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ImportFailed(f"{path}: not UTF-8 text (byte {e.start})") from None


def detect(text: str, name: str = "") -> str:
    """The format, from the content first and the file name only as a tie-breaker."""
    head = text.lstrip()[:4096]
    if head.startswith("<"):
        return "frab-xml"
    if head.startswith(("{", "[")):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError:
            return "frab-json" if "schedule" in head else "json"
        if isinstance(doc, dict) and doc.get("format") == "confrec-event":
            return "json"
        if isinstance(doc, dict) and "schedule" in doc:
            return "frab-json"
        raise ImportFailed("this JSON is neither a confrec export nor a frab/pretalx schedule")
    first = head.splitlines()[0] if head else ""
    if re.search(r"(?i)\btitle\b", first) and any(sep in first for sep in ",;\t"):
        return "csv"
    if name.lower().endswith(".csv"):
        return "csv"
    raise ImportFailed("cannot tell the format: give --format json, csv, frab-xml or frab-json")


def parse(fmt: str, text: str) -> Incoming:
    if fmt not in FORMATS:
        raise InvalidValue(f"unknown format {fmt!r}: choose auto, {', '.join(FORMATS)}")
    module = importlib.import_module(f"confrec.importers.{_MODULES[fmt]}")
    incoming = module.parse(text)
    incoming.source = fmt
    if not incoming.scope:
        incoming.scope = fmt
    return incoming


@contextlib.contextmanager
def about(path: Path) -> Iterator[None]:
    """Every import error inside names the file it is about."""
    try:
        yield
    except ImportFailed as e:
        message = str(e)
        raise ImportFailed(message if message.startswith(str(path)) else f"{path}: {message}") from None


def load(path: Path, fmt: str = "auto") -> Incoming:
    """Read and parse a file."""
    with about(path):
        text = read_text(path)
        chosen = detect(text, path.name) if fmt == "auto" else fmt
        return parse(chosen, text)
