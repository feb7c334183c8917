"""Automated review (智能审核): a registry of rules, one module per family, run on TargetTables.

Importing this package registers every family; `run_table` and `run_department` run them.
"""

from reviews.checks import (  # noqa: F401 - imported to register their rules
    codes,
    completeness,
    cost,
    duplication,
    money,
    quantification,
    satisfaction,
    structure,
    timeliness,
    weights,
    wording,
)
from reviews.checks.base import (
    BASIS_ABSENT,
    BASIS_CHOICES,
    BASIS_OPTIONAL,
    BASIS_REQUIRED,
    FORM_TRAITS,
    OPINIONS,
    RULES,
    Finding,
    Level,
    Location,
    ReviewConfig,
    ReviewContext,
    Rule,
)
from reviews.checks.runner import run_department, run_table, run_table_in_year

__all__ = [
    "BASIS_ABSENT",
    "BASIS_CHOICES",
    "BASIS_OPTIONAL",
    "BASIS_REQUIRED",
    "FORM_TRAITS",
    "OPINIONS",
    "RULES",
    "Finding",
    "Level",
    "Location",
    "ReviewConfig",
    "ReviewContext",
    "Rule",
    "run_department",
    "run_table",
    "run_table_in_year",
]
