"""JUnit XML (ruff's layout): one test suite per file, one failing test case per diagnostic.

CI systems without SARIF support (GitLab, Jenkins, Azure) show these as test results.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from toilint.report import DEFAULT_OPTIONS, FileReport, ReportOptions


def render(reports: list[FileReport], options: ReportOptions = DEFAULT_OPTIONS) -> str:
    total = sum(len(r.diagnostics) for r in reports)
    root = ET.Element("testsuites", name="toilint", tests=str(max(total, 1)), failures=str(total), errors="0")
    if total == 0:
        suite = ET.SubElement(
            root, "testsuite", name="toilint", tests="1", disabled="0", errors="0", failures="0", package="org.toilint"
        )
        ET.SubElement(suite, "testcase", name="No errors found")
    for r in reports:
        if not r.diagnostics:
            continue
        n = str(len(r.diagnostics))
        suite = ET.SubElement(
            root, "testsuite", name=r.path, tests=n, disabled="0", errors="0", failures=n, package="org.toilint"
        )
        for d in r.diagnostics:
            line, col = r.lines.position(d.start)
            case = ET.SubElement(
                suite, "testcase", name=f"org.toilint.{d.code}", classname=r.path, line=str(line), column=str(col + 1)
            )
            failure = ET.SubElement(case, "failure", message=d.message)
            failure.text = f"line {line}, col {col + 1}, {d.message}"
    ET.indent(root, space="    ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
