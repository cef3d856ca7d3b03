"""The output formats by name (``--output-format``); each reporter is loaded when asked for."""

from __future__ import annotations

TYPE_CHECKING = False  # no typing import at start-up (see toilint.report)
if TYPE_CHECKING:
    from toilint.report import Reporter


def get_reporter(name: str) -> Reporter:
    """The renderer of one output format (only its module is imported: XML and JSON cost start-up)."""
    import sys

    module, function = _REPORTERS[name]
    qualified = f"toilint.report.{module}"
    __import__(qualified)  # importlib.import_module would import importlib: start-up time
    render: Reporter = getattr(sys.modules[qualified], function)
    return render


_REPORTERS: dict[str, tuple[str, str]] = {
    "full": ("full", "render"),
    "concise": ("concise", "render"),
    "text": ("concise", "render"),
    "json": ("json_format", "render"),
    "json-lines": ("json_format", "render_lines"),
    "sarif": ("sarif", "render"),
    "github": ("github", "render"),
    "junit": ("junit", "render"),
}


#: the names `--output-format` and `output-format` accept ("text" is an old name of "concise")
FORMATS = tuple(name for name in _REPORTERS if name != "text")
#: formats meant for people: they get a summary line ("Found 3 diagnostics.")
HUMAN_FORMATS = ("full", "concise", "text")
