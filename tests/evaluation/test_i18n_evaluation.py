"""The evaluation app's user-facing text goes through gettext (the rule of tests/test_i18n.py,
applied here to the app that list does not name yet). Exempt as data: the official forms'
wording in `evaluation/layout.py` (printed in Word and Excel whatever the language, like
reports/layout.py), the period as the forms print it, and the words a qualitative actual is
matched against; the demo data (`evaluation/demo.py`, stored like a clerk's text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests import test_i18n

DATA_MODULES = {"evaluation/layout.py", "evaluation/demo.py"}
DATA_NAMES = {
    "evaluation/scoring.py": {
        "_NOT_WORDS",
        "_DONE_WORDS",
        "_SAME_UNITS",
        "guess_achievement",
        "OUTPUT",
        "STANDARD",
        "INDICATORS_ONLY",
    },
    "evaluation/sheets.py": {"MonitoringSheet.period_label"},
    "evaluation/models.py": {"period_label"},
    # the 自评表's labels the importer finds in a file's cells
    "evaluation/importing.py": {
        "NAME",
        "ACTUAL",
        "TARGET",
        "LEVEL3",
        "SCORE",
        "DEVIATION",
        "FUNDS_ROWS",
        "SUMMARY",
        "_read_funds",
        "_read_rows",
        "LEVEL1",
        "LEVEL2",
        "SIGN",
        "VALUE",
        "UNIT",
        "WEIGHT",
        "POINTS",
        "REASONS",
        "UNITS",
        "SIGNS",
    },
}


def _modules() -> list[str]:
    base = Path(settings.BASE_DIR)
    return sorted(
        str(p.relative_to(base))
        for p in (base / "evaluation").rglob("*.py")
        if "migrations" not in p.parts and str(p.relative_to(base)) not in DATA_MODULES
    )


@pytest.mark.parametrize("module", _modules())
def test_evaluation_text_goes_through_gettext(module, monkeypatch):
    for name, names in DATA_NAMES.items():
        monkeypatch.setitem(test_i18n.DATA_NAMES, name, names)
    assert test_i18n._unwrapped_chinese(module) == []
    assert test_i18n._formatted_msgids(module) == []


def test_every_exempt_name_exists():
    """A renamed constant must not leave a stale exemption."""
    import ast

    for module, names in DATA_NAMES.items():
        tree = ast.parse((Path(settings.BASE_DIR) / module).read_text(encoding="utf-8"))
        assigned = {
            n.id
            for node in tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign)
            for n in ast.walk(node)
            if isinstance(n, ast.Name)
        } | {name for _node, name in test_i18n._definitions(tree)}
        assert names <= assigned, module
