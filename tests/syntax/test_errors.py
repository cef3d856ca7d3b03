"""Rejected forms: the compiler's exact message on the compiler's line (oracle-verified)."""

from __future__ import annotations

import pytest

from toilint.syntax import parse

ERROR_CASES: list[tuple[str, str, int]] = [
    ("x = foo(1,\n    2)", "Expect expression.", 2),
    ("a = 1\nb = a\nnot a", "Expect 'in' after 'not'.", 3),
    ("x = 1; y = 2", "Expect expression.", 1),
    ("t = {\n    f = fn()\n        local x = 1\n        return x\n}", "Expect expression.", 3),
    ("each(fn()\n    for i in 1..3\n        print i\n)", "Expect ')' after arguments.", 3),
    ("fn f(x)\n    if x\n        return\n    return 1", "Expect expression.", 4),
    ("match x case 1 print 2", "Expected indented block after 'match'.", 1),
    ("match x\n    case 1, 2 print 1", "Expect expression.", 2),
    ("match x\n    else print 1\n    case 2 print 2", "Expect end of match block.", 3),
    ("match x\n    print 1", "Expect 'case' or 'else' in match block.", 2),
    ("try\n    x\nexcept e\n    y\nexcept f\n    z", "Expect expression.", 5),
    ("try\n    x", "Expect 'except' or 'finally' after try block.", 2),
    ("try x except Error as e print e", "Expect expression.", 1),
    ("except if c", "Expect expression.", 1),
    ("with a as x, b as y\n    z", "Expect expression.", 1),
    ("with a as 1\n    z", "Expect name after 'as'.", 1),
    ("with a as t.a\n    z", "Expect expression.", 1),
    ('assert(c, "m")', "Expect ')' after expression.", 1),
    ("gc()", "Expect expression.", 1),
    ("del t.a()", "Expect expression.", 1),
    ("del (t)", "Expect property or index to delete.", 1),
    ("del 1", "Expect variable or table access after 'del'.", 1),
    ("del x, 1", "Expect variable or table access after 'del'.", 1),
    ("x = yield 1", "Expect expression.", 1),
    ("for i = 1, 5\n    x", "Expect 'in' after loop variable.", 1),
    ("for k v in t\n    x", "Expect 'in' after loop variable.", 1),
    ("for a, b, c in t\n    x", "Expect 'in'.", 1),
    ("for (k, v) in t\n    x", "Expect variable name.", 1),
    ("for i #, v in t\n    x", "Whitespace is not allowed before '#'.", 1),
    ("for k, 1 in t\n    x", "Expect second variable name.", 1),
    ('import "a"', "Expect module name after 'import'.", 1),
    ("from .a import b", "Expect module name after 'from'.", 1),
    ("import a.", "Expect module name after '.'.", 1),
    ("from a", "Expect 'import' after module path.", 1),
    ("from a.b c", "Expect 'import' after module path.", 1),
    ("from a import (x)", "Expect imported name.", 1),
    ("from a import x,", "Expect imported name.", 1),
    ("@d\nx = 1", "Decorators can only be applied to function declarations.", 1),
    ("@\nfn f() 1", "Expect decorator expression after '@'.", 1),
    ("@d\nlocal x", "Expect 'fn' after 'local' in decorated declaration.", 2),
    ("@d\nglobal x", "Expect 'fn' after 'global' in decorated declaration.", 2),
    ("@d fn f() 1", "Decorators can only be applied to function declarations.", 1),
    ('s = f"{ }"', "f-string interpolation is empty.", 1),
    ('s = f"{|d}"', "f-string interpolation format: missing expression before '|'.", 1),
    ('s = f"{x|}"', "f-string interpolation format: missing format specifier after '|'.", 1),
    ("del (x y", "Expect ')' after expression.", 1),
    ("f(1 2)", "Expect ')' after arguments.", 1),
    ("print(1 2)", "Expect ')' after print arguments.", 1),
    ("a[1 2]", "Expect ']' after index.", 1),
    ("a[1:2]", "Expect ']' after index.", 1),
    ("a[1..2:3:4]", "Expect ']' after slice.", 1),
    ("a[x or y..2]", "Expect '..' in slice.", 1),
    ("t.1", "Expect property name after '.'.", 1),
    ("t.print", "Expect property name after '.'.", 1),
    ("x = 1.", "Expect property name after '.'.", 1),
    ("a ? b ? c : d : e", "Expect ':' after true branch of ternary operator.", 1),
    ("a not b", "Expect 'in' after 'not'.", 1),
    ("fn a.b()\n  1", "Expect '(' after function name.", 1),
    ("fn f x", "Expect '(' after function name.", 1),
    ("x = fn x", "Expect '(' after function name.", 1),
    ("fn (x)\n  1", "Expect function name.", 1),
    ("local fn 1", "Expect function name.", 1),
    ("fn f(1)\n  1", "Expect parameter name.", 1),
    ("fn f(a,)\n  1", "Expect parameter name.", 1),
    ("fn f(*)\n  1", "Expect parameter name after '*'.", 1),
    ("fn f(a: 1)\n  1", "Expect type name after ':'.", 1),
    ("fn f(a b)\n  1", "Expect ')' after parameters.", 1),
    ("fn f(*a, b)\n  1", "Expect ')' after parameters.", 1),
    ("fn f(a = 1 + 2)\n  1", "Expect ')' after parameters.", 1),
    ("fn f()\nx = 1", "Expected indented block for function body.", 1),
    ("x = 1 + y := 2", "Invalid assignment target.", 1),
    ("f() = 1", "Invalid assignment target.", 1),
    ("x += 1\nt.a += 1", "Invalid assignment target.", 2),
    ("if x: y", "Expect expression.", 1),
    ("if c local x = 1", "Expect expression.", 1),
    ("if c fn g() 1", "Expect '(' after function name.", 1),
    ("if c from m import x", "Expect expression.", 1),
    ("if a x = 1 y = 2 else z = 3", "Expect expression.", 1),
    ("# TODO: x", "Expect expression.", 1),
    ("print (a + 1) * 2", "Expect expression.", 1),
    ("print (a), b", "Expect expression.", 1),
    ("f(1,)", "Expect expression.", 1),
    ("`", "Unexpected character: '`' (ASCII 96).", 1),
    ('x = "abc', "Unterminated string.", 1),
    ("x = [[abc", "Unterminated multiline string.", 1),
    ('x = f"abc', "Unterminated f-string.", 1),
    ("if x\n    y\n  z", "Inconsistent indentation.", 3),
    ("  x = 1", "Expect expression.", 1),
    ("a.x, b = 1, 2", "Expect expression.", 1),
    ("match = 1", "Expect expression.", 1),
    ("f(fn())", "Expect expression.", 1),
    ("x = 1 ! 2", "Unexpected character: '!' (ASCII 33).", 1),
    ("a[:2]", "Expect expression.", 1),
    ("t = {\n  f = fn()\n  return 1\n}", "Expected indented block for function body.", 2),
    ("t = {\n  f = fn(a)\n      while a\n          x = 1\n}", "Expected indented block after 'while'.", 3),
    ("if x\n    y\nelse", "Expect expression.", 3),
    ("if x\n    y\n  else\n    z", "Inconsistent indentation.", 3),
    ("x = {", "Expect '}' after table.", 1),
    ("f(", "Expect expression.", 1),
    ("x = (", "Expect expression.", 1),
    ("print", "Expect expression.", 1),
    ("x = a ?", "Expect expression.", 1),
    ("local x: int", "Expect expression.", 1),
    ("import a as b", "Expect expression.", 1),
    ("f(a = 1 for a in t)", "Expect ')' after arguments.", 1),
    ("while x\ny", "Expected indented block after 'while'.", 1),
    ("for x in t\ny", "Expected indented block after 'for'.", 1),
    ("if x\ny", "Expected indented block after 'if'.", 1),
    ("else x", "Expect expression.", 1),
    ("elif x", "Expect expression.", 1),
    ("x = 1\n    y = 2", "Expect expression.", 2),
    ("f(x\n  for x in t)", "Expect expression.", 2),
    ("g = (x\n  for x in t)\n", "Expect ')' after expression.", 2),
    ("x = (1 2)", "Expect ')' after expression.", 1),
    ("x = (1, 2)", "Expect ')' after expression.", 1),
    ("x = {x for x in t t}", "Expect '}' after table comprehension.", 1),
    ("x = {x for a in b for c in d}", "Expect '}' after table comprehension.", 1),
    ("fn f(*)\n  1", "Expect parameter name after '*'.", 1),
    ("x = ((a) for a in t)", "Expect ')' after expression.", 1),
    ("x = {", "Expect '}' after table.", 1),
    ("f(", "Expect expression.", 1),
    ("x = (", "Expect expression.", 1),
    ("x = {a = 1,", "Expect '}' after table.", 1),
    ("x = {a = 1", "Expect '}' after table.", 1),
    ("x = [", "Expect expression.", 1),
    ("t[", "Expect expression.", 1),
    ('"abc\ndef', "Unterminated string.", 2),
    ("x = {1,\n2 3}", "Expect '}' after table.", 2),
    ("x = t\n  .a", "Expect expression.", 2),
    ("x = t[(1..2)]", "Expect '..' in slice.", 1),
    ("x = {[[a]] = 1}", "Invalid assignment target.", 1),
    ("f(t, fn()\n    for i in 1..3\n        print i\n)\n", "Expect ')' after arguments.", 3),
]

LEXICAL_CASES = [
    ("x = 1\n`\n", "Unexpected character: '`' (ASCII 96).", 2),
    ("x = 'é'\ny = é\n", "Unexpected character: '\ufffd' (ASCII -61).", 2),
    ("\ufeffx = 1\n", "Unexpected character: '\ufffd' (ASCII -17).", 1),
    ("x = 1\n\x01\n", "Unexpected character: '\x01' (ASCII 1).", 2),
    ('x = "abc\n', "Unterminated string.", 2),
    ("x = [[abc\n\n", "Unterminated multiline string.", 3),
    ('x = f"abc\n', "Unterminated f-string.", 2),
    ("x = f[[abc", "Unterminated multiline f-string.", 1),
    ("if x\n    y\n  z\n", "Inconsistent indentation.", 3),
    ("if x\r\n    y\r\n\r\n    z\r\n", "Expect expression.", 4),
]


@pytest.mark.parametrize(("source", "message", "line"), ERROR_CASES + LEXICAL_CASES)
def test_rejected(source: str, message: str, line: int) -> None:
    result = parse(source)
    assert not result.ok
    problem, *later = result.errors
    assert problem.fatal and not problem.recovered
    assert (problem.message, problem.line) == (message, line)
    assert 0 <= problem.start <= problem.end <= len(source)
    assert all(p.recovered for p in later if p.fatal)


def test_error_points_at_token() -> None:
    src = "x = foo(1 2)\n"
    (p,) = parse(src).errors
    assert src[p.start : p.end] == "2"
    src = "for k v in t\n    x\n"
    (p,) = parse(src).errors
    assert (p.message, src[p.start : p.end]) == ("Expect 'in' after loop variable.", "k")


def test_error_at_end_of_file() -> None:
    src = "x = 1 +\n"
    (p,) = parse(src).errors
    assert (p.message, p.line, p.start, p.end) == ("Expect expression.", 2, len(src), len(src))


def test_nul_ends_the_source_like_the_c_lexer() -> None:
    assert parse("x = 1\x00 $$$ (((\n").ok
