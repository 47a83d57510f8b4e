"""The layering the code keeps (docs/ARCHITECTURE.md): no import runs back up
a floor. Read from the source with ast, so a new module that breaks it, or
a module nobody placed, fails here."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "confrec"

# floor -> module prefixes, bottom first
FLOORS = [
    ("values", ["errors", "textutil", "dates", "names", "languages", "countries", "suggest", "words", "record.models", "record.timeline"]),
    ("record", ["record.store", "record.fileio", "record.jsoncodec", "record.queries", "record.merge", "record"]),
    ("questions", ["checks", "bundle", "program", "translations", "identity"]),
    ("views", ["views"]),
    ("formats", ["importers", "exporters"]),
    ("command line", ["cli", "__main__"]),
]


def floor_of(module: str) -> int:
    """The floor of 'confrec.x.y' (the longest prefix that names one)."""
    name = module.removeprefix("confrec.")
    best, floor = "", None
    for n, (_, prefixes) in enumerate(FLOORS):
        for p in prefixes:
            if (name == p or name.startswith(p + ".")) and len(p) > len(best):
                best, floor = p, n
    assert floor is not None, f"{module} is on no floor: place it in tests/test_layers.py and ARCHITECTURE.md"
    return floor


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if len(parts) > 1:  # confrec/__init__.py is the version only
            out[".".join(parts)] = path
    return out


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("confrec."):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names
                         if f"{node.module}.{a.name}" in modules())  # from confrec.record import store
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("confrec."))
    return found


def test_no_import_runs_back_up_a_floor():
    upward = []
    for module, path in sorted(modules().items()):
        mine = floor_of(module)
        for target in sorted(imports(path)):
            if floor_of(target) > mine:
                upward.append(f"{module} ({FLOORS[mine][0]}) imports {target} ({FLOORS[floor_of(target)][0]})")
    assert upward == []


def test_the_check_itself_sees_an_upward_import(tmp_path):
    """So the test above cannot pass by reading nothing."""
    assert "confrec.record.models" in imports(PACKAGE / "record" / "store.py")
    planted = tmp_path / "planted.py"
    planted.write_text("from confrec.record import store\nimport confrec.cli.common\n", encoding="utf-8")
    assert imports(planted) == {"confrec.record", "confrec.record.store", "confrec.cli.common"}
    assert floor_of("confrec.record.models") < floor_of("confrec.record.store") < floor_of("confrec.checks") \
        < floor_of("confrec.views.render") < floor_of("confrec.exporters.pdf") < floor_of("confrec.cli.talks")
    assert len(modules()) > 40
