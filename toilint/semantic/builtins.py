"""Names the Toi runtime defines before a script runs, and the native modules it can import.

Read from Toi's C sources (HEAD 5fe21b7): ``register_core`` in ``src/lib/core.c`` puts its
natives straight into the globals, and ``run_file`` in ``src/main.c`` sets ``__name``,
``__file`` and ``__main``. Everything in ``native_modules`` of ``src/lib/libs.c`` (``regex``,
``string``, ``math``...) exists only once imported: reading ``math`` without ``import math`` is
"Undefined variable 'math'." at run time.
"""

from __future__ import annotations

CORE_GLOBALS: frozenset[str] = frozenset(
    {
        "str", "tostring", "exit", "bool", "int", "float", "input", "mem", "next", "inext",
        "gen_next", "range_iter", "range", "slice", "min", "max", "sum", "divmod",
        "setmetatable", "getmetatable", "error", "type", "istype",
        "__name", "__file", "__main",
    }
)  # fmt: skip

NATIVE_MODULES: frozenset[str] = frozenset(
    {
        "math", "time", "io", "sys", "os", "stat", "dir", "signal", "mmap", "poll", "coroutine",
        "string", "table", "socket", "thread", "json", "toml", "csv", "template", "http", "url",
        "inspect", "regex", "fnmatch", "glob", "binary", "struct", "btree", "uuid", "gzip",
    }
)  # fmt: skip
