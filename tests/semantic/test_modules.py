"""Module resolution and exports, checked against the interpreter where it can be run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import run_toi
from toilint import ast
from toilint.semantic.modules import module_exports, project_root, resolve
from toilint.semantic.signature import Signature
from toilint.syntax import parse


def _tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


FILES = {
    "a/b.toi": "return {v = 1}\n",
    "a/b/__.toi": "return {v = 2}\n",
    "pkg/__.toi": "return {v = 3}\n",
    "lib/util.toi": "return {v = 4}\n",
    "lib/deep/__.toi": "return {v = 5}\n",
    "lib/a/b.toi": "return {v = 6}\n",
}


def test_resolution_follows_the_interpreters_order(tmp_path: Path) -> None:
    _tree(tmp_path, FILES)
    assert resolve("a.b", tmp_path).path == tmp_path / "a/b.toi"
    assert resolve("pkg", tmp_path).path == tmp_path / "pkg/__.toi"
    assert resolve("util", tmp_path).path == tmp_path / "lib/util.toi"
    assert resolve("deep", tmp_path).path == tmp_path / "lib/deep/__.toi"
    missing = resolve("nope.x", tmp_path)
    assert not missing.found and [p.relative_to(tmp_path).as_posix() for p in missing.tried] == [
        "nope/x.toi",
        "nope/x/__.toi",
        "lib/nope/x.toi",
        "lib/nope/x/__.toi",
    ]
    assert resolve("math", tmp_path).native  # native modules win over files


def test_the_interpreter_resolves_against_its_working_directory(tmp_path: Path) -> None:
    _tree(tmp_path, FILES)
    _tree(
        tmp_path,
        {
            "sub/main.toi": "m = import b\n",
            "main.toi": "print((import a.b).v, (import pkg).v, (import util).v, (import deep).v)\n",
        },
    )
    run = run_toi(tmp_path / "main.toi", cwd=tmp_path)
    assert run.stdout.split() == ["1", "3", "4", "5"]
    # not relative to the importing file: sub/main.toi cannot import its sibling from elsewhere
    _tree(tmp_path, {"sub/b.toi": "return {}\n"})
    run = run_toi(tmp_path / "sub" / "main.toi", cwd=tmp_path)
    assert "Could not open module 'b'" in run.stdout
    assert not resolve("b", tmp_path).found


def test_exports_of_a_returned_table(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "m.toi": "fn join(a, b = 1)\n  return a\nfn split(*xs)\n  return xs\nk = 1\nreturn {join = join, split = split, k = k, <k>}\n",
            "n.toi": "t = {}\nreturn t\n",
            "o.toi": "x = 1\n",
        },
    )
    res, ex = module_exports("m", tmp_path)
    assert res.path == tmp_path / "m.toi" and ex is not None
    assert sorted(ex.names) == ["join", "k", "split"]
    assert ex.names["join"].signature == Signature(
        arity=2, defaults=1, variadic=False, first_is_self=False, names=("a", "b")
    )
    assert ex.names["k"].signature is None
    assert module_exports("n", tmp_path)[1] is None  # not a literal: unknown
    assert module_exports("o", tmp_path)[1] is None  # no return: unknown


def test_source_provider_overrides_the_disk(tmp_path: Path) -> None:
    buffers = {tmp_path / "m.toi": "return {a = 1}\n"}
    res, ex = module_exports("m", tmp_path, read=buffers.get)
    assert res.found and ex is not None and list(ex.names) == ["a"]


def test_project_root(tmp_path: Path) -> None:
    cfg = tmp_path / "proj" / "toilint.toml"
    assert project_root(cfg) == (tmp_path / "proj").resolve()
    assert project_root(cfg, "src") == (tmp_path / "proj" / "src").resolve()
    assert project_root(None, cwd=tmp_path) == tmp_path.resolve()


@pytest.mark.parametrize(
    ("params", "count", "error"),
    [
        ("a", 3, "Expected 1 arguments but got 3."),
        ("a", 0, "Expected 1 arguments but got 0."),
        ("a, b = 1", 0, "Expected at least 1 arguments (non-default parameters) but got 0."),
        ("a, b = 1", 2, None),
        ("a, b = 1, *r", 1, "Expected at least 2 arguments but got 1."),
        ("a, *r", 9, None),
    ],
)
def test_signature_errors_match_the_interpreter(params: str, count: int, error: str | None, tmp_path: Path) -> None:
    module = parse(f"fn f({params})\n  return 1\n").module
    assert module is not None
    fn = module.body[0]
    assert isinstance(fn, ast.FunctionDef)
    assert Signature.of(fn.params).error(count) == error
    args = ", ".join(["1"] * count)
    run = run_toi(f'fn f({params})\n  return 1\ntry\n  f({args})\n  print("ok")\nexcept e\n  print(e)\n')
    assert run.stdout.strip() == (error or "ok")


def test_project_root_setting_from_configuration(tmp_path: Path) -> None:
    from toilint.workspace.config import load_config

    (tmp_path / "toilint.toml").write_text("")
    assert load_config(tmp_path / "toilint.toml").settings.project_root == str(tmp_path.resolve())
    (tmp_path / "toilint.toml").write_text('project-root = "src"\nunused-secondaries = true\n')
    settings = load_config(tmp_path / "toilint.toml").settings
    assert settings.project_root == str((tmp_path / "src").resolve()) and settings.unused_secondaries
