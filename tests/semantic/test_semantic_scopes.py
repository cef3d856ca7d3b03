"""Name resolution must match the compiler: these are the facts W201, W202 and E105 stand on."""

from __future__ import annotations

from semantic_helpers import model_of, names, nodes

from toilint import ast
from toilint.semantic import SemanticErrorKind


def test_top_level_is_a_local_scope_seen_by_functions_as_upvalue() -> None:
    module, sm = model_of("x = 1\nfn f()\n    return x\nprint f()\n")
    decl, use = names(module, "x")
    b = sm.binding_of(decl)
    assert b is not None and b.kind == "local" and b.is_global
    assert sm.binding_of(use) is b
    assert b.captured
    assert use in b.references


def test_function_cannot_see_function_declared_below() -> None:
    module, sm = model_of("fn f()\n    return g()\nfn g()\n    return 1\nprint f()\n")
    use, decl = names(module, "g")
    assert sm.binding_of(use) is not None
    assert sm.binding_of(use).kind == "global"  # type: ignore[union-attr]
    assert sm.binding_of(decl).kind == "function"  # type: ignore[union-attr]


def test_name_first_assigned_in_if_body_is_gone_after_it() -> None:
    module, sm = model_of("c = 1\nif c\n    y = 2\nprint y\n")
    inner, after = names(module, "y")
    assert sm.binding_of(inner).kind == "local"  # type: ignore[union-attr]
    assert sm.binding_of(after).kind == "global"  # type: ignore[union-attr]


def test_assignment_in_function_makes_a_local_unless_upvalue_or_global() -> None:
    text = "a = 1\nfn f()\n    a = 2\n    global g\n    g = 3\n    b = 4\n    return b\nprint f()\n"
    module, sm = model_of(text)
    a_top, a_fn = names(module, "a")
    assert sm.binding_of(a_fn) is sm.binding_of(a_top)  # upvalue write
    g_decl, g_write = names(module, "g")
    assert sm.binding_of(g_write).kind == "global"  # type: ignore[union-attr]
    assert sm.binding_of(g_decl) is sm.binding_of(g_write)
    assert "g" in sm.global_definitions
    b_decl, b_use = names(module, "b")
    assert sm.binding_of(b_decl) is sm.binding_of(b_use)
    assert sm.binding_of(b_decl).kind == "local"  # type: ignore[union-attr]


def test_parameters_star_rest_and_for_variables() -> None:
    text = "fn f(a, b = 1, *rest)\n    for i#, v in rest\n        print a, b, i, v\n    return nil\nf(1)\n"
    module, sm = model_of(text)
    for ident in ("a", "b", "rest"):
        decl, use = names(module, ident)[:2]
        assert sm.binding_of(decl).kind == "param"  # type: ignore[union-attr]
        assert sm.binding_of(use) is sm.binding_of(decl)
    for ident in ("i", "v"):
        decl, use = names(module, ident)
        assert sm.binding_of(decl).kind == "for"  # type: ignore[union-attr]
        assert sm.binding_of(use) is sm.binding_of(decl)


def test_comprehension_variables_live_in_their_own_function() -> None:
    module, sm = model_of("t = {1, 2}\nu = {x * 2 for x in t}\nprint x\n")
    target, use, after = names(module, "x")
    b = sm.binding_of(target)
    assert b is not None and b.kind == "comprehension"
    assert sm.binding_of(use) is b
    assert sm.binding_of(after).kind == "global"  # type: ignore[union-attr]


def test_imports_except_with_and_match() -> None:
    text = (
        "import regex\nimport a.b, c\nfrom string import upper\n"
        "try\n    risky()\nexcept e\n    print e\n"
        "with open() as fh\n    print fh\n"
        "match 1\n    case 1\n        z = 1\n"
    )
    module, sm = model_of(text)
    assert sm.binding_of(names(module, "regex")[0]).module == "regex"  # type: ignore[union-attr]
    b = sm.binding_of(names(module, "b")[0])
    assert b is not None and b.kind == "import" and b.module == "a.b"
    assert sm.binding_of(names(module, "c")[0]).kind == "import"  # type: ignore[union-attr]
    up = sm.binding_of(names(module, "upper")[0])
    assert up is not None and up.kind == "from-import" and up.module == "string.upper"
    e_decl, e_use = names(module, "e")
    assert sm.binding_of(e_decl).kind == "except"  # type: ignore[union-attr]
    assert sm.binding_of(e_use) is sm.binding_of(e_decl)
    fh_decl, fh_use = names(module, "fh")
    assert sm.binding_of(fh_decl).kind == "with"  # type: ignore[union-attr]
    assert sm.binding_of(fh_use) is sm.binding_of(fh_decl)
    assert sm.binding_of(names(module, "z")[0]).kind == "local"  # type: ignore[union-attr]


def test_top_level_walrus_assigns_a_global() -> None:
    module, sm = model_of("n := 1\nprint n\n")
    decl, use = names(module, "n")
    assert sm.binding_of(decl).kind == "global"  # type: ignore[union-attr]
    assert sm.binding_of(use) is sm.binding_of(decl)
    assert "n" in sm.global_definitions


def test_field_names_and_named_arguments_are_not_variables() -> None:
    module, sm = model_of("t = {k = 1}\nprint t.k\nf(k = 2)\n")
    assert all(sm.binding_of(n) is None for n in names(module, "k"))


def test_duplicate_declarations_are_compile_errors() -> None:
    text = "from m import a\nfrom m import a\nx = 1\nfn x()\n    return 1\nfor i in t\n    i = 2\n"
    module, sm = model_of(text)
    dups = [e for e in sm.errors if e.kind is SemanticErrorKind.DUPLICATE_DECLARATION]
    assert [text[e.start : e.end] for e in dups] == ["a", "x"]
    assert dups[0].start == names(module, "a")[1].start


def test_read_of_local_in_its_own_initializer() -> None:
    text = "local a = a\nlocal f = fn() f()\nlocal ok = 1\n"
    module, sm = model_of(text)
    errs = [e for e in sm.errors if e.kind is SemanticErrorKind.OWN_INITIALIZER]
    assert [e.start for e in errs] == [names(module, "a")[1].start, names(module, "f")[1].start]


def test_script_local_and_nested_blocks_do_not_clash() -> None:
    _, sm = model_of("x = 1\nif x\n    local x = 2\n    print x\nfn g(x)\n    return x\n")
    assert sm.errors == []


def test_resolve_qualified() -> None:
    text = (
        "import regex\nre = import regex\nfrom regex import search\n"
        "a = regex.search(p, s)\nb = re.match(p, s)\nc = search(p, s)\nd = other.search(p, s)\n"
        "regex2 = import regex\nregex2 = 1\ne = regex2.search(p, s)\n"
    )
    module, sm = model_of(text)
    calls = [c for c in nodes(module, ast.Call)]
    assert [sm.resolve_qualified(c.func) for c in calls] == [
        "regex.search",
        "regex.match",
        "regex.search",
        None,
        None,
    ]


def test_names_visible_and_all_names() -> None:
    module, sm = model_of("x = 1\nfn f(y)\n    return y\nprint f(x)\n")
    assert {"x", "f", "y", "str"} <= sm.names_visible_at(names(module, "y")[1])
    assert sm.all_names() == {"x", "f", "y"}


def test_every_semantic_error_kind_is_reported_by_one_rule() -> None:
    from toilint.rules.base import all_rules

    claims = [kind for rule in all_rules().values() for kind in rule.semantic_errors]
    assert sorted(claims, key=lambda k: k.value) == sorted(SemanticErrorKind, key=lambda k: k.value)


def test_semantic_errors_reach_the_rules_that_claim_them() -> None:
    from toilint import lint_source
    from toilint.settings import Settings

    text = "x = 1\nlocal x = 2\nlocal f = fn() f()\n"
    only_e = Settings(select=("E",))
    codes = [d.code for d in lint_source(text, settings=only_e).diagnostics]
    assert codes == ["E105", "E113"]
    ignored = lint_source(text, settings=Settings(select=("E",), ignore=("E105",))).diagnostics
    assert [d.code for d in ignored] == ["E113"]
