"""Configuration files: ``[tool.toilint]`` in ``pyproject.toml``, ``toilint.toml``, ``.toilint.toml``.

The rules follow ruff's, so that nobody has to learn new ones: the configuration file closest
to a linted file wins (no merging between directories), ``extend = "path"`` inherits from
another file, ``--config PATH`` applies one file to everything, ``--isolated`` ignores them
all. A misspelled key or an unknown rule code is an error (exit 2) rather than a silently
ignored setting: a linter that quietly lints with the wrong rules is worse than one that stops.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from toilint._typing import Any
from toilint.records import evolve, field, record
from toilint.report.formats import FORMATS
from toilint.settings import ALWAYS_ON, DEFAULT_SELECT, Settings
from toilint.workspace import config_candidate, file_state

#: directories nobody wants linted; ``exclude`` replaces this list, ``extend-exclude`` adds to it
DEFAULT_EXCLUDE = (
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".hg",
    ".mypy_cache",
    ".nox",
    ".pytest_cache",
    ".ruff_cache",
    ".svn",
    ".toilint_cache",
    ".tox",
    ".venv",
    "__pypackages__",
    "_build",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
)

DEFAULT_SETTINGS = Settings()

OUTPUT_FORMATS = FORMATS

KNOWN_KEYS = frozenset(
    {
        "extend",
        "select",
        "extend-select",
        "ignore",
        "per-file-ignores",
        "exclude",
        "extend-exclude",
        "fix",
        "unsafe-fixes",
        "output-format",
        "respect-gitignore",
        "cache-dir",
        "project-root",
        "unused-secondaries",
    }
)


class ConfigError(Exception):
    """A configuration the user must correct; the CLI prints it and exits 2."""


@record(frozen=True)
class Config:
    """Everything one configuration file (with what it extends) says, resolved to absolute paths."""

    #: the file it was read from (None: built-in defaults)
    path: Path | None
    #: the directory globs in ``exclude`` and ``per-file-ignores`` are relative to
    root: Path
    settings: Settings = DEFAULT_SETTINGS
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    output_format: str | None = None
    respect_gitignore: bool = True
    cache_dir: Path | None = None
    #: the state of each file read to make it (this file, then those it extends), taken before
    #: reading: a warm-cache run compares it with the files' current state (see toilint.entry)
    sources: tuple[tuple[str, int, int, int] | None, ...] = ()

    @property
    def all_excludes(self) -> tuple[str, ...]:
        return (*self.exclude, *self.extend_exclude)


@record(frozen=True)
class Overrides:
    """What the command line says; it beats every configuration file."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    fix: bool | None = None
    unsafe_fixes: bool | None = None
    output_format: str | None = None
    respect_gitignore: bool | None = None
    #: inline ``KEY = VALUE`` TOML given with ``--config``
    inline: Mapping[str, Any] = field(factory=dict)


def known_codes() -> frozenset[str]:
    from toilint.rules.base import rule_codes  # the codes alone: importing every rule is start-up time

    return frozenset(rule_codes()) | ALWAYS_ON


def check_codes(codes: Iterable[str], where: str) -> None:
    """Every selector must name a rule or a prefix of one; a typo must not disable checking."""
    known = known_codes()
    for code in codes:
        if code == "ALL":
            continue
        if not any(k.startswith(code) for k in known):
            hint = ""
            close = sorted(k for k in known if k.startswith(code.rstrip("0123456789")))[:5]
            if close:
                hint = f" (known codes include {', '.join(close)})"
            raise ConfigError(f"{where}: unknown rule code or prefix {code!r}{hint}; see `toilint rules`")


def _codes(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f'{where}: expected a list of rule codes, like ["E", "PERF101"]')
    codes = tuple(v.strip().upper() for v in value if v.strip())
    check_codes(codes, where)
    return codes


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return tuple(value)


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: expected true or false")
    return value


def anchor(pattern: str, root: Path) -> str:
    """Make a glob with a directory part absolute, so it means the same from any working directory."""
    if "/" not in pattern.rstrip("/") or os.path.isabs(pattern):
        return pattern
    return str(root / pattern)


def _load_table(path: Path) -> dict[str, Any] | None:
    """The toilint table of a file, or None when a pyproject.toml has none."""
    import tomllib  # only when a configuration file exists: its import costs start-up

    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("toilint") if isinstance(tool, dict) else None
        if table is None:
            return None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.toilint] must be a table")
        return table
    return data


def _section_name(path: Path) -> str:
    return f"{path} [tool.toilint]" if path.name == "pyproject.toml" else str(path)


def apply_table(base: Config, table: Mapping[str, Any], where: str, root: Path) -> Config:
    """Layer one table over ``base`` (used for ``extend`` chains and inline ``--config`` values)."""
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        known = ", ".join(sorted(KNOWN_KEYS - {"extend"}))
        raise ConfigError(f"{where}: unknown option {unknown[0]!r} (known options: {known})")
    s = base.settings
    select = _codes(table["select"], f"{where}: select") if "select" in table else None
    extend_select = _codes(table.get("extend-select", []), f"{where}: extend-select")
    ignore = _codes(table.get("ignore", []), f"{where}: ignore")
    settings = layer_selection(s, select, extend_select, ignore)
    if "per-file-ignores" in table:
        pfi = table["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise ConfigError(f"{where}: per-file-ignores: expected a table of glob = [codes]")
        entries = tuple(
            (anchor(glob, root), _codes(codes, f"{where}: per-file-ignores {glob!r}")) for glob, codes in pfi.items()
        )
        settings = evolve(settings, per_file_ignores=entries)
    if "fix" in table:
        settings = evolve(settings, fix=_bool(table["fix"], f"{where}: fix"))
    if "unsafe-fixes" in table:
        settings = evolve(settings, unsafe_fixes=_bool(table["unsafe-fixes"], f"{where}: unsafe-fixes"))
    if "project-root" in table:
        value = table["project-root"]
        if not isinstance(value, str):
            raise ConfigError(f"{where}: project-root: expected a path")
        settings = evolve(settings, project_root=str((root / os.path.expanduser(value)).resolve()))
    if "unused-secondaries" in table:
        settings = evolve(
            settings, unused_secondaries=_bool(table["unused-secondaries"], f"{where}: unused-secondaries")
        )
    changes: dict[str, Any] = {"settings": settings}
    if "exclude" in table:
        changes["exclude"] = tuple(anchor(p, root) for p in _strings(table["exclude"], f"{where}: exclude"))
    if "extend-exclude" in table:
        extra = tuple(anchor(p, root) for p in _strings(table["extend-exclude"], f"{where}: extend-exclude"))
        changes["extend_exclude"] = (*base.extend_exclude, *extra)
    if "output-format" in table:
        fmt = table["output-format"]
        if fmt not in OUTPUT_FORMATS:
            raise ConfigError(f"{where}: output-format must be one of {', '.join(OUTPUT_FORMATS)}, not {fmt!r}")
        changes["output_format"] = fmt
    if "respect-gitignore" in table:
        changes["respect_gitignore"] = _bool(table["respect-gitignore"], f"{where}: respect-gitignore")
    if "cache-dir" in table:
        value = table["cache-dir"]
        if not isinstance(value, str):
            raise ConfigError(f"{where}: cache-dir: expected a path")
        changes["cache_dir"] = root / os.path.expanduser(value)
    return evolve(base, **changes)


def layer_selection(
    base: Settings,
    select: tuple[str, ...] | None,
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> Settings:
    """ruff's layering: a later ``select`` replaces the earlier one, earlier ignores carry over,
    and a later layer that explicitly selects a code an earlier one ignored gets it back."""
    asked = set(extend_select) | set(select or ())
    kept_ignore = tuple(c for c in base.ignore if c not in asked)
    if select is not None:
        return evolve(base, select=select, extend_select=extend_select, ignore=_unique((*kept_ignore, *ignore)))
    dropped = set(ignore)
    return evolve(
        base,
        select=tuple(c for c in base.select if c not in dropped),
        extend_select=_unique((*(c for c in base.extend_select if c not in dropped), *extend_select)),
        ignore=_unique((*kept_ignore, *ignore)),
    )


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def load_config(path: Path, _seen: tuple[Path, ...] = ()) -> Config:
    """Read one file and everything it ``extend``s; a pyproject.toml without the table gives defaults."""
    path = path.resolve()
    if path in _seen:
        chain = " -> ".join(str(p) for p in (*_seen, path))
        raise ConfigError(f"circular `extend`: {chain}")
    state = file_state(str(path))
    table = _load_table(path)
    root = path.parent
    at_root = Settings(project_root=str(root))
    if table is None:
        return Config(path=path, root=root, settings=at_root, sources=(state,))
    base = Config(path=path, root=root, settings=at_root, sources=(state,))
    if "extend" in table:
        target = table["extend"]
        if not isinstance(target, str):
            raise ConfigError(f"{_section_name(path)}: extend: expected a path")
        parent_path = (root / os.path.expanduser(target)).resolve()
        if not parent_path.is_file():
            raise ConfigError(f"{_section_name(path)}: extend: {parent_path} does not exist")
        parent = load_config(parent_path, (*_seen, path))
        base = evolve(parent, path=path, root=root, sources=(state, *parent.sources))
        if "project-root" not in table and parent.settings.project_root == str(parent.root):
            base = evolve(base, settings=evolve(base.settings, project_root=str(root)))
    return apply_table(base, table, _section_name(path), root)


def find_config_file(directory: Path) -> Path | None:
    """The configuration file of ``directory`` itself (a pyproject.toml only if it has [tool.toilint])."""
    candidate = config_candidate(str(directory))
    if candidate is None:
        return None
    path = Path(candidate)
    if path.name == "pyproject.toml" and _load_table(path) is None:
        return None
    return path


def apply_overrides(config: Config, o: Overrides) -> Config:
    """The command line over a file's configuration."""
    if o.inline:
        config = apply_table(config, o.inline, "--config", Path.cwd())
    settings = layer_selection(config.settings, o.select, o.extend_select, o.ignore)
    if o.per_file_ignores:
        settings = evolve(settings, per_file_ignores=(*settings.per_file_ignores, *o.per_file_ignores))
    if o.fix is not None:
        settings = evolve(settings, fix=o.fix)
    if o.unsafe_fixes is not None:
        settings = evolve(settings, unsafe_fixes=o.unsafe_fixes)
    changes: dict[str, Any] = {"settings": settings}
    if o.exclude is not None:
        changes["exclude"] = o.exclude
    if o.extend_exclude:
        changes["extend_exclude"] = (*config.extend_exclude, *o.extend_exclude)
    if o.output_format is not None:
        changes["output_format"] = o.output_format
    if o.respect_gitignore is not None:
        changes["respect_gitignore"] = o.respect_gitignore
    return evolve(config, **changes)


class Resolver:
    """Finds the effective configuration of each directory, once per directory.

    ``fixed`` (from ``--config`` or ``--isolated``) applies to every file; otherwise each file
    gets its closest ancestor's configuration, and a file with none above it gets the one
    found from the working directory (or the defaults).
    """

    def __init__(self, overrides: Overrides | None = None, fixed: Path | None = None, isolated: bool = False) -> None:
        self.overrides = overrides or Overrides()
        self._by_dir: dict[Path, Config | None] = {}
        self._by_file: dict[Path, Config] = {}
        self._by_dirname: dict[str, Config] = {}  # for_path's fast path: no Path objects per file
        self._fixed: Config | None = None
        cwd = Path.cwd()
        if isolated:
            self._fixed = apply_overrides(Config(path=None, root=cwd), self.overrides)
        elif fixed is not None:
            self._fixed = apply_overrides(load_config(fixed), self.overrides)
        self._default: Config | None = None

    @property
    def default(self) -> Config:
        """The configuration for files outside every configured directory (and for stdin)."""
        if self._fixed is not None:
            return self._fixed
        if self._default is None:
            found = self._search(Path.cwd().resolve())
            self._default = found or apply_overrides(Config(path=None, root=Path.cwd()), self.overrides)
        return self._default

    def for_dir(self, directory: Path) -> Config:
        if self._fixed is not None:
            return self._fixed
        found = self._search(directory.resolve())
        return found or self.default

    def for_path(self, path: str) -> Config:
        return self.for_dirname(os.path.dirname(os.path.abspath(path)))

    def for_dirname(self, directory: str) -> Config:
        """:meth:`for_dir` of an absolute directory name, remembered by name: the walk asks once per
        file, and a Path and its ``resolve()`` per file were most of a warm-cache run's lookups."""
        found = self._by_dirname.get(directory)
        if found is None:
            found = self._by_dirname[directory] = self.for_dir(Path(directory))
        return found

    def _search(self, directory: Path) -> Config | None:
        walked: list[Path] = []
        found: Config | None = None
        current: Path | None = directory
        while current is not None:
            if current in self._by_dir:
                found = self._by_dir[current]
                break
            walked.append(current)
            file = find_config_file(current)
            if file is not None:
                config = self._by_file.get(file)
                if config is None:
                    config = apply_overrides(load_config(file), self.overrides)
                    self._by_file[file] = config
                found = config
                break
            parent = current.parent
            current = parent if parent != current else None
        for d in walked:
            self._by_dir[d] = found
        return found

    def configs(self) -> list[Config]:
        """Every configuration seen so far (for the cache and ``-v``)."""
        out = list(self._by_file.values())
        if self._fixed is not None:
            out.append(self._fixed)
        elif self._default is not None and self._default not in out:
            out.append(self._default)
        return out


def parse_inline(value: str) -> dict[str, Any]:
    """``--config "select = ['E']"``: one TOML ``key = value`` pair."""
    import tomllib

    try:
        return tomllib.loads(value)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"--config {value!r}: neither a file nor valid `key = value` TOML ({exc})") from None


DEFAULTS = Config(path=None, root=Path("."), settings=Settings(select=DEFAULT_SELECT))
