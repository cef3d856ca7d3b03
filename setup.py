"""The package layout; everything else about the project is in pyproject.toml.

Besides ``toilint/``, three source directories install under toilint's own namespace, so that
nothing but ``toilint`` lands in site-packages and an installed toilint has everything a
checkout has:

- ``lsp/`` is ``toilint.lsp``, the language server behind `toilint server`, with its editor
  configurations;
- ``benchmarks/`` ships its cases (``cases/<CODE>/*.toi``) and the recorded ``results.json`` as
  ``toilint/benchmarks/`` (`toilint bench`, `toilint explain`, hover); the measurement scripts
  and notes beside them stay in the source tree;
- ``docs/rules/`` ships as ``toilint/rule_docs/``, the pages every diagnostic links to.

:mod:`toilint.resources` finds the data in either place. Every directory of shipped files is
listed as a package of its own (setuptools wants data directories named that way).
"""

import glob
import os

from setuptools import Extension, find_namespace_packages, find_packages, setup
from setuptools.command.build_py import build_py

#: installed package -> (source directory, files shipped from it, files shipped from its subdirectories)
MAPPED = {
    "toilint.lsp": ("lsp", ["README.md"], ["*"]),
    "toilint.benchmarks": ("benchmarks", ["results.json"], ["*.toi"]),
    "toilint.rule_docs": ("docs/rules", ["*.md"], []),
}
DATA_ONLY = ("toilint.benchmarks", "toilint.rule_docs")


def _layout() -> tuple[list[str], dict[str, str], dict[str, list[str]]]:
    packages = find_packages(include=["toilint", "toilint.*"])
    package_dir: dict[str, str] = {}
    package_data: dict[str, list[str]] = {"toilint": ["syntax/*.lark", "py.typed"]}
    for name, (directory, top, below) in MAPPED.items():
        package_dir[name] = directory
        packages.append(name)
        package_data[name] = top
        for sub in find_namespace_packages(where=directory, exclude=["*__pycache__*"]):
            packages.append(f"{name}.{sub}")
            package_data[f"{name}.{sub}"] = below
    return packages, package_dir, package_data


class BuildPy(build_py):
    def find_package_modules(self, package: str, package_dir: str) -> list[tuple[str, str, str]]:
        if package.startswith(DATA_ONLY):
            return []  # data only: the scripts beside the benchmark cases are not part of toilint
        return super().find_package_modules(package, package_dir)  # type: ignore[no-any-return]


#: modules the compiled build turns into C extensions: the per-token and per-node hot paths
COMPILED = (
    "toilint/syntax/*.py",
    "toilint/semantic/*.py",
    "toilint/checker.py",
    "toilint/context.py",
    "toilint/lines.py",
)


def _compiled() -> list[Extension]:
    """With TOILINT_COMPILE=1, the hot modules compiled by mypyc; otherwise none (pure Python).

    Opt level: TOILINT_COMPILE_OPT (mypyc's 0-3, default 3; 1 builds much faster, for CI).
    """
    if os.environ.get("TOILINT_COMPILE", "").strip().lower() not in ("1", "true", "yes"):
        return []
    from mypyc.build import mypycify

    paths = sorted(p for pattern in COMPILED for p in glob.glob(pattern))
    return mypycify(paths, opt_level=os.environ.get("TOILINT_COMPILE_OPT", "3"), multi_file=True)  # type: ignore[no-any-return]


packages, package_dir, package_data = _layout()
setup(
    packages=packages,
    package_dir=package_dir,
    package_data=package_data,
    cmdclass={"build_py": BuildPy},
    ext_modules=_compiled(),
)
