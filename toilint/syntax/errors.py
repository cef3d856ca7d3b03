"""From a failed LALR configuration to the compiler's error message.

The compiler is a recursive-descent parser: each message belongs to one ``consume(TOKEN,
"...")`` call, i.e. to one position inside one grammar rule. An LALR state's kernel items
*are* such positions. When the parser rejects a terminal we therefore perform the state's
default reductions (the reductions yacc would make: the most common one of the state) until
we reach a state that only shifts, and read the message off its kernel items, exactly where
the compiler's ``consume`` would have failed. Along the way we note whether a complete *full
expression* (``expr``) was reduced: an assignment operator right after one is the compiler's
"Invalid assignment target.".

The result says whether the compiler reports at the current token or at the previous one
(``error()`` versus ``error_at_current()`` in the C sources).
"""

from __future__ import annotations

from toilint.syntax.tables import Tables

EXPECT_EXPR = "Expect expression."
ASSIGN_OPS = frozenset({"EQUAL", "WALRUS", "SUGAR_EQ", "PLUSEQ", "MINUSEQ", "STAREQ", "SLASHEQ", "PERCENTEQ"})

# (rule name, symbol after the dot) -> (message, at previous token)
_BY_RULE: dict[tuple[str, str], tuple[str, bool]] = {
    ("paren", "RPAR"): ("Expect ')' after expression.", False),
    ("del_paren_chain", "RPAR"): ("Expect ')' after expression.", False),
    ("call", "RPAR"): ("Expect ')' after arguments.", False),
    ("call_gen", "RPAR"): ("Expect ')' after arguments.", False),
    ("print_paren", "RPAR"): ("Expect ')' after print arguments.", False),
    ("index", "RSQB"): ("Expect ']' after index.", False),
    ("del_index", "RSQB"): ("Expect ']' after index.", False),
    ("del_index_more", "RSQB"): ("Expect ']' after index.", False),
    ("slice", "RSQB"): ("Expect ']' after slice.", False),
    ("table", "RBRACE"): ("Expect '}' after table.", False),
    ("meta_construct", "RBRACE"): ("Expect '}' after table.", False),
    ("entries_more", "COMMA"): ("Expect '}' after table.", False),
    ("entries_more", "SEP"): ("Expect '}' after table.", False),
    ("entry_key", "RSQB"): ("Expect ']' after key.", False),
    ("entry_key", "EQUAL"): ("Expect '=' after key.", False),
    ("entry_short", "short_names"): ("Expect identifier after '<' in shorthand table fields.", False),
    ("entry_short", "GREATER"): ("Expect '>' after shorthand table fields.", False),
    ("table_comp", "RBRACE"): ("Expect '}' after table comprehension.", False),
    ("attribute", "pname"): ("Expect property name after '.'.", False),
    ("meta_attribute", "pname"): ("Expect property name after '.'.", False),
    ("del_dot", "pname"): ("Expect property name after '.'.", False),
    ("del_dot_more", "pname"): ("Expect property name after '.'.", False),
    ("ternary", "COLON"): ("Expect ':' after true branch of ternary operator.", False),
    ("not_in", "IN"): ("Expect 'in' after 'not'.", False),
    ("lambda_", "params"): ("Expect '(' after function name.", False),
    ("fn_plain", "NAME"): ("Expect function name.", False),
    ("fn_local", "NAME"): ("Expect function name.", False),
    ("fn_global", "NAME"): ("Expect function name.", False),
    ("deco_plain", "NAME"): ("Expect function name.", False),
    ("deco_local", "NAME"): ("Expect function name.", False),
    ("deco_global", "NAME"): ("Expect function name.", False),
    ("fn_plain", "params"): ("Expect '(' after function name.", False),
    ("fn_local", "params"): ("Expect '(' after function name.", False),
    ("fn_global", "params"): ("Expect '(' after function name.", False),
    ("deco_plain", "params"): ("Expect '(' after function name.", False),
    ("deco_local", "params"): ("Expect '(' after function name.", False),
    ("deco_global", "params"): ("Expect '(' after function name.", False),
    ("params_empty", "RPAR"): ("Expect parameter name.", False),
    ("params_list", "param_list"): ("Expect parameter name.", False),
    ("params_only_star", "star_param"): ("Expect parameter name.", False),
    ("params_star", "star_param"): ("Expect parameter name.", False),
    ("plist_more", "param"): ("Expect parameter name.", False),
    ("params_list", "RPAR"): ("Expect ')' after parameters.", False),
    ("params_star", "RPAR"): ("Expect ')' after parameters.", False),
    ("params_only_star", "RPAR"): ("Expect ')' after parameters.", False),
    ("star_param", "NAME"): ("Expect parameter name after '*'.", False),
    ("star_param_typed", "NAME"): ("Expect parameter name after '*'.", False),
    ("param_default", "unary"): (
        "Default value must be a constant (number, string, nil, true, false).",
        True,
    ),
    ("param_typed_default", "unary"): (
        "Default value must be a constant (number, string, nil, true, false).",
        True,
    ),
    ("local_decl", "name_list"): ("Expect variable name.", False),
    ("local_decl_sugar", "NAME"): ("Expect variable name.", False),
    ("global_decl", "name_list"): ("Expect variable name.", False),
    ("global_decl_sugar", "NAME"): ("Expect variable name.", False),
    ("import_stmt", "import_list"): ("Expect module name after 'import'.", False),
    ("imports_more", "dotted"): ("Expect module name after 'import'.", False),
    ("import_expr", "dotted"): ("Expect module name after 'import'.", False),
    ("from_star", "from_dotted"): ("Expect module name after 'from'.", False),
    ("from_names", "from_dotted"): ("Expect module name after 'from'.", False),
    ("from_star", "IMPORT"): ("Expect 'import' after module path.", False),
    ("from_names", "IMPORT"): ("Expect 'import' after module path.", False),
    ("from_star", "STAR"): ("Expect imported name.", False),
    ("from_names", "import_names"): ("Expect imported name.", False),
    ("del_stmt", "del_targets"): ("Expect variable or table access after 'del'.", True),
    ("del_more", "del_target"): ("Expect variable or table access after 'del'.", True),
    ("del_paren_chain", "del_access"): ("Expect property or index to delete.", True),
    ("comprehension", "comp_vars"): ("Expect variable name.", False),
    ("comprehension_if", "comp_vars"): ("Expect variable name.", False),
    ("comprehension", "IN"): ("Expect 'in'.", False),
    ("comprehension_if", "IN"): ("Expect 'in'.", False),
    ("try_except", "EXCEPT"): ("Expect 'except' or 'finally' after try block.", False),
    ("try_finally", "FINALLY"): ("Expect 'except' or 'finally' after try block.", False),
    ("try_except_finally", "EXCEPT"): ("Expect 'except' or 'finally' after try block.", False),
    ("with_as_stmt", "NAME"): ("Expect name after 'as'.", False),
    ("match_stmt", "INDENT"): ("Expected indented block after 'match'.", False),
    ("match_stmt", "clauses"): ("Expect 'case' or 'else' in match block.", False),
    ("match_stmt", "DEDENT"): ("Expect end of match block.", False),
    ("deco_plain", "FN_DECL"): ("Decorators can only be applied to function declarations.", True),
    ("decorators_more", "AT"): ("Decorators can only be applied to function declarations.", True),
    ("multi_assign", "EQUAL"): ("Expect '=' in assignment.", False),
}

# Rules whose message depends on where the dot is or on the origin.
_BY_ORIGIN: dict[tuple[str, str], tuple[str, bool]] = {
    ("for_two", "NAME"): ("Expect second variable name.", False),
    ("comp_vars", "NAME"): ("Expect second variable name.", False),
    ("name_list", "NAME"): ("Expect variable name.", False),
    ("dotted", "NAME"): ("Expect module name after '.'.", False),
    ("from_dotted", "NAME"): ("Expect module name after '.'.", False),
    ("import_names", "NAME"): ("Expect imported name.", False),
    ("short_names", "NAME"): ("Expect identifier in shorthand table fields.", False),
    ("slice", "DOTDOT"): ("Expect '..' in slice.", False),
}

# Checked in every state of the reduction chain, before reducing further.
_EARLY: dict[tuple[str, str], tuple[str, bool]] = {
    ("cases_more", "case_clause"): ("Expect 'case' or 'else' in match block.", False),
    ("clauses_else", "else_clause"): ("Expect 'case' or 'else' in match block.", False),
}


def _lookup(
    tables: Tables, state: int, typ: str, table: dict[tuple[str, str], tuple[str, bool]]
) -> tuple[str, bool] | None:
    best: tuple[str, bool] | None = None
    for rule, dot in tables.kernels[state]:
        exp = tables.rule_expansion[rule]
        if dot >= len(exp):
            continue
        nxt = exp[dot]
        name = tables.rule_name[rule]
        origin = tables.rule_origin[rule]
        hit = table.get((name, nxt)) or table.get((origin, nxt))
        if hit is None:
            continue
        if hit[0] == EXPECT_EXPR:
            best = best or hit
        else:
            return hit
    return best


def _special(tables: Tables, state: int, typ: str) -> tuple[str, bool] | None:
    """Messages that depend on the dot position or on the offending token."""
    for rule, dot in tables.kernels[state]:
        exp = tables.rule_expansion[rule]
        name = tables.rule_name[rule]
        nxt = exp[dot] if dot < len(exp) else ""
        if name == "for_stmt" and nxt == "IN":
            if exp[1] == "for_one":
                return "Expect 'in' after loop variable.", True
            return "Expect 'in'.", False
        if name == "for_stmt" and dot == 1:
            return "Expect variable name.", False
        if (
            name in ("param_typed", "param_typed_default", "star_param_typed")
            and nxt == "NAME"
            and exp[dot - 1] == "COLON"
        ):
            return "Expect type name after ':'.", False
        if name == "entry_short" and nxt == "GREATER" and exp[dot - 1] == "COMMA":
            return "Expect identifier in shorthand table fields.", False
        if name in ("deco_local", "deco_global") and nxt == "FN_DECL":
            which = "local" if name == "deco_local" else "global"
            return f"Expect 'fn' after '{which}' in decorated declaration.", False
        if name in ("deco_local", "deco_global") and dot == 1:
            return "Decorators can only be applied to function declarations.", True
        if name in ("table", "table_empty", "meta_construct", "meta_empty") and (
            (dot == 1) or (dot == 3 and nxt == "RBRACE")
        ):
            if typ == "$END":
                return "Expect '}' after table.", False
            return EXPECT_EXPR, False
        if name in ("entries_more",) and dot == 2 and typ == "$END":
            return "Expect '}' after table.", False
    return None


def diagnose(tables: Tables, stack: list[int], typ: str, passed_expr: bool) -> tuple[str, bool]:
    """The compiler's message for rejecting ``typ`` with this state stack."""
    if typ == "HASH_SP":
        return "Whitespace is not allowed before '#'.", False
    st = list(stack)
    table = tables.table
    for _ in range(10_000):
        s = st[-1]
        hit = _lookup(tables, s, typ, _EARLY)
        if hit is not None:
            return hit
        counts: dict[int, int] = {}
        for sym, act in table[s].items():
            if (act < 0 and sym.isupper()) or (act < 0 and sym.startswith("$")):
                counts[act] = counts.get(act, 0) + 1
        if not counts:
            break
        act = max(counts, key=lambda a: counts[a])
        r = ~act
        n = tables.rule_len[r]
        if n:
            del st[-n:]
        origin = tables.rule_origin[r]
        if origin == "expr":
            passed_expr = True
        goto = table[st[-1]].get(origin)
        if goto is None:
            break
        st.append(goto)
    s = st[-1]
    if passed_expr and typ in ASSIGN_OPS:
        return "Invalid assignment target.", False
    hit = _special(tables, s, typ) or _lookup(tables, s, typ, _BY_RULE) or _lookup(tables, s, typ, _BY_ORIGIN)
    if hit is not None:
        return hit
    return EXPECT_EXPR, False
