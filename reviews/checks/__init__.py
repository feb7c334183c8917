"""Automated review (智能审核): a registry of rules, one module per family, run on TargetTables.

Importing this package registers every family; `run_table` and `run_department` run them.
"""

from reviews.checks import (  # noqa: F401 - imported to register their rules
    codes,
    completeness,
    duplication,
    money,
    quantification,
    satisfaction,
    structure,
    weights,
)
from reviews.checks.base import (
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
