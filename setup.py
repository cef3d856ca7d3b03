"""The package layout; everything else about the project is in pyproject.toml.

Besides ``toilint/``, one source directory installs under toilint's own namespace (so that
nothing but ``toilint`` lands in site-packages):

- ``lsp/`` is ``toilint.lsp``, the language server behind `toilint server`.
"""

from setuptools import find_packages, setup

MAPPED = {"toilint.lsp": "lsp"}

setup(
    packages=[*find_packages(include=["toilint", "toilint.*"]), *MAPPED],
    package_dir=MAPPED,
    package_data={
        "toilint": ["syntax/*.lark", "py.typed"],
        "toilint.lsp": ["README.md", "editors/**/*"],
    },
)
