"""The editing features' building blocks, without a server: scoping, offsets across versions, tokens."""

from __future__ import annotations

from toilint.lsp import completion, imports, semantic_tokens, signature_help
from toilint.lsp.analysis import analyze
from toilint.lsp.positions import PositionMap
from toilint.lsp.scopes import LastGood, Snapshot, lookup, visible
from toilint.semantic import build
from toilint.settings import Settings
from toilint.syntax import parse


def snapshot(text: str) -> Snapshot:
    memory = LastGood()
    memory.remember("file:///t.toi", analyze(text, "/t.toi", 1, Settings(), "utf-16", 50_000))
    found = memory.get("file:///t.toi")
    assert found is not None
    return found


SCOPES = """\
limit = 10
fn outer(a)
    if a
        inner = 1
        x = inner
    y = a
    return y
later = 2
"""


def test_visible_names_follow_the_compilers_scopes() -> None:
    sm = snapshot(SCOPES).model
    in_if = SCOPES.index("x = inner")
    names = visible(sm, in_if)
    assert {"limit", "outer", "a", "inner", "str"} <= set(names)
    assert "later" not in names  # declared below
    after_if = SCOPES.index("y = a")
    assert "inner" not in visible(sm, after_if)  # the `if` body's local is gone
    assert lookup(sm, "a", after_if) is names["a"]
    assert lookup(sm, "inner", after_if) is None


def test_an_offset_maps_back_into_the_version_that_parsed() -> None:
    snap = snapshot(SCOPES)
    typed = SCOPES.replace("    y = a\n", "    y = a +\n")
    assert snap.offset_in(typed, typed.index("limit")) == SCOPES.index("limit")
    assert snap.offset_in(typed, typed.index("later")) == SCOPES.index("later")
    inside = typed.index("a +") + 3
    assert SCOPES.index("y = a") <= snap.offset_in(typed, inside) <= SCOPES.index("return y")


def test_completion_offers_what_is_visible_where_the_line_is_typed() -> None:
    snap = snapshot(SCOPES)
    typed = SCOPES.replace("    y = a\n", "    y = a + li\n")
    items = {i.label for i in completion.complete(typed, typed.index("+ li") + 4, snap)}
    assert {"limit", "a", "outer"} <= items and "inner" not in items and "later" not in items
    # nothing inside a comment or a string
    assert completion.complete("x = 1 -- li", 11, snap) == []
    assert completion.complete('x = "li', 7, snap) == []


def test_open_call_finds_the_parenthesis_and_the_argument() -> None:
    text = 'x = pad(f(1, 2), "a,b", '
    paren, commas = signature_help.open_call(text, len(text)) or (None, [])
    assert paren == text.index("pad(") + 3
    assert len(commas) == 2  # the commas inside f(...) and the string do not count


def test_semantic_tokens_right_after_an_edit_use_the_previous_versions_model() -> None:
    snap = snapshot(SCOPES)
    edited = "-- new first line\n" + SCOPES
    pmap = PositionMap(edited)
    data = semantic_tokens.semantic_tokens(edited, None, pmap, None, snap)
    fresh = semantic_tokens.semantic_tokens(
        edited,
        build(parse(edited).module, edited),
        pmap,
        parse(edited).comments,  # type: ignore[arg-type]
    )
    assert data == fresh


def test_organize_imports_keeps_module_code_order_and_the_toml_quirk() -> None:
    text = "import util.b\nimport util.a\nimport toml\nimport os\nprint util, a, b, toml, os\n"
    sm = build(parse(text).module, text)  # type: ignore[arg-type]
    change = imports.organize(sm, parse(text).comments)
    from toilint.semantic import stdlib

    if not stdlib.MODULES:  # without the table nothing native is moved
        assert change is None or "import toml" in change[2]
        return
    assert change is not None
    new = change[2]
    assert new == "import os\nimport util.b\nimport util.a\nimport toml"
    # a comment inside the block: left alone
    commented = text.replace("import toml\n", "import toml  -- config\n")
    sm = build(parse(commented).module, commented)  # type: ignore[arg-type]
    assert imports.organize(sm, parse(commented).comments) is None


def test_rename_refuses_a_shorthand_key_it_would_change() -> None:
    import pytest

    from toilint.lsp import rename
    from toilint.lsp.workspace import WorkspaceIndex, index_text

    text = "x = 1\nt = {<x>}\nprint t.x\n"
    index = WorkspaceIndex()
    file = index_text("/nowhere/t.toi", text)
    with pytest.raises(rename.RenameRefused, match="key of `<x>` on line 2"):
        rename.rename(index, file, 0, "y")
    exported = "fn x()\n    return 1\nreturn {<x>}\n"  # a module's export: the key is meant to follow
    spans = rename.rename(index, index_text("/nowhere/m.toi", exported), 3, "y")
    assert sorted(spans["/nowhere/m.toi"]) == [(3, 4), (exported.index("<x>") + 1, exported.index("<x>") + 2)]


def test_hover_on_a_name_imported_from_a_native_module_shows_the_native() -> None:
    from toilint.lsp import hover
    from toilint.lsp.workspace import WorkspaceIndex, index_text

    text = "from math import sqrt\nprint sqrt(2)\n"
    found = hover.hover(WorkspaceIndex(), index_text("/nowhere/h.toi", text), text.index("sqrt(2)"))
    assert found is not None
    assert "math.sqrt(" in found[0] and "native function" in found[0]


def test_string_methods_follow_the_value_analysis() -> None:
    text = 'fn greet(name)\n    return "hi " + name\n\nmsg = greet("x")\nn = 3\nm = msg\n'
    snap = snapshot(text)
    typed = text + "m.\n"
    items = {i.label for i in completion.complete(typed, len(typed) - 1, snap)}
    assert "upper" in items  # a string returned by a program function, through another variable
    typed = text + "n.\n"
    assert completion.complete(typed, len(typed) - 1, snap) == []  # a number has no methods


def test_the_server_reuses_the_model_the_rules_built() -> None:
    from toilint.lsp.scopes import model

    analysis = analyze(SCOPES, "/t.toi", 1, Settings(), "utf-16", 50_000)
    assert analysis.result is not None and analysis.result.semantic is not None
    assert model(analysis) is analysis.result.semantic
