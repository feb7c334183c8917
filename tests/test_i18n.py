"""Chinese is the only language: a browser asking for English still gets Chinese pages."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from projects.models import DepartmentPlan
from tests.conftest import make_user

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def _lang(html: str) -> str:
    return re.search(r'<html lang="([^"]*)"', html).group(1)


def test_zh_hans_is_the_only_language_offered():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans"]


def test_login_page_and_its_error_stay_chinese_for_an_english_browser(db, client):
    make_user("clerk", "clerk")
    html = client.get("/accounts/login/", **ENGLISH).content.decode()
    assert _lang(html) == "zh-hans"
    assert "登录" in html and "Log in" not in html
    response = client.post(
        "/accounts/login/", {"username": "clerk", "password": "wrong"}, **ENGLISH
    )
    html = response.content.decode()
    assert _lang(html) == "zh-hans"
    # Django's own message, from its zh_Hans catalog, not "Please enter a correct username".
    assert "请输入一个正确的" in html and "Please enter" not in html


def test_a_django_form_error_stays_chinese_for_an_english_browser(client, seed_plan):
    """The language cookie cannot switch the site to English either."""
    DepartmentPlan.objects.update(status="submitted")
    client.force_login(make_user("reviewer", "reviewer", region_code="130225"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        "/workflow/802010/2023/return/",
        {
            "comment": "",
            "opinion-TOTAL_FORMS": "1",
            "opinion-INITIAL_FORMS": "0",
            "opinion-0-indicator": "0-0",
            "opinion-0-code": "2",
        },
        **ENGLISH,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert _lang(html) == "zh-hans"
    assert "选择一个有效的选项" in html  # Django's validator message
    assert "退回时必须填写审核意见" in html  # ours
    assert "Select a valid choice" not in html and "This field is required" not in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_admin_is_chinese_whatever_the_browser_asks(admin_client, language):
    html = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert _lang(html) == "zh-hans"
    assert "Site administration" not in html


# Every Python module of the apps passes its user-facing text through gettext. Exempt:
# docstrings and comments; migrations (generated, frozen history); regular expressions (the
# pattern argument of re.* calls); literals only compared or matched against input (`==`, `in`,
# str.startswith/replace/…); the class-level `help` of management commands (argparse cannot
# take a lazy string; their add_argument(help=...) goes through gettext); and the data below.
APPS = [
    "accounts", "projects", "indicators", "reviews", "reports", "imports", "workflow", "api",
    "pages", "evaluation", "notices", "perfbudget",
]  # fmt: skip

# Whole modules whose Chinese text is data, not UI, with the reason.
DATA_MODULES = {
    # The Hebei 项目绩效目标表's own wording (项目编码, 预算规模及资金用途, 资金支出计划（%）, …) is
    # data of the official form: the Grid feeds the Word/Excel exports, which must print the
    # official Chinese form whatever language is active (ADR 011); translating it would make
    # HTML and exports disagree.
    "reports/layout.py": "official form labels",
    "projects/official_form.py": "official form labels (written by reports, read by imports)",
    "reports/render/": "Word/Excel exports: official form wording, sheet names, font names",
    "indicators/frames.py": "the two official frames (一级/二级 names stored in the database)",
    "indicators/library.py": "the common 三级 indicators loaded into LibraryIndicator",
    "pages/management/commands/_demo_data.py": "seed data of the demo generator",
    # The monitoring and self-evaluation forms' own wording, printed in Word and Excel
    # whatever the language (like reports/layout.py); demo text is stored like a clerk's.
    "evaluation/layout.py": "official form labels of the 运行监控表 and 自评表",
    "evaluation/demo.py": "demo monitoring and self-evaluation text",
}
# Module-level constants, functions or `Class.method`s whose text is data read from or written
# into files and the database: units, comparator words, header synonyms, the form's wording.
DATA_NAMES = {
    # demo accounts' full names are stored in the database like any user's name
    "projects/management/commands/create_demo_accounts.py": {"DEMO_ACCOUNTS"},
    "perfbudget/settings.py": {"LANGUAGES"},  # a language's own name, the same in every language
    "projects/targets.py": {
        "table_title",
        "CHECKPOINT_LABELS",
    },  # 1.××绩效目标表, the official form's heading
    # the frames' 一级 names it matches; the values it writes into demo indicators
    "pages/management/commands/generate_demo.py": {"OUT", "_value"},
    "indicators/values.py": {"_COMPARATOR_SPELLINGS", "KNOWN_UNITS", "PERCENT_UNITS"},
    # the review rules' vocabularies: 一级 names, money units, vague words, share units
    "reviews/checks/text.py": {"OUTPUT", "MONEY_UNITS_IN_WAN"},
    "reviews/checks/quantification.py": {"VAGUE_WORDS", "SHARE_UNITS"},
    # units and words of names the reviewer's checks (#16) look for; 人/户 written into values
    "reviews/checks/timeliness.py": {"DURATION_UNITS", "LASTING_WORDS"},
    "reviews/checks/wording.py": {
        "_COUNTED_UNITS",
        "PEOPLE_WORDS",
        "HOUSEHOLD_WORDS",
        "PIECE_UNIT",
        "_person_unit",
    },
    # the import readers' header synonyms, sheet names, comparators and directions; the
    # layout reader's methods that find the official form's labels in a table
    "imports/readers/flat.py": {"COLUMNS", "SELF_EVALUATION", "WAN"},
    "imports/readers/layout.py": {
        "SECTION_NAMES",
        "INDICATOR_COLUMNS",
        "BUDGET_LABELS",
        "GOAL_LABELS",
        "HEADER_LABELS",
        "SELF_EVALUATION",
        "label_key",
        "_starts_new_table",
        "_TableReader._header_row",
        "_TableReader._settle_header",
        "_TableReader._indicators",
    },
    # other provinces' indicator columns: comparators, 时效 (date serials)
    "imports/readers/rows.py": {
        "COMPARATORS",
        "QUALITATIVE",
        "IndicatorBuilder._value",
    },
    "imports/readers/xlsx.py": {"INDEX_SHEET", "NARRATIVE_SHEET", "EXACT_SHEET", "_form_labels"},
    "imports/reading.py": {"DESCRIBED_LABELS"},
    "imports/readers/template.py": {
        "PROJECT_SHEET",
        "PROJECT_HEADERS",
        "INDICATOR_HEADERS",
        "COMPARATORS",
        "BASES",
    },
    # evaluation: words a qualitative actual is matched against, the period as the forms
    # print it, and the 自评表's labels and units the importer finds in a file's cells
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

GETTEXT_NAMES = {
    "_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy",
    "gettext_noop",
}  # fmt: skip
MATCHING_METHODS = {
    "startswith", "endswith", "removeprefix", "removesuffix", "replace", "split", "rsplit",
    "strip", "lstrip", "rstrip", "find", "rfind", "index", "count", "partition", "rpartition",
}  # fmt: skip
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _module_paths() -> list[str]:
    base = Path(settings.BASE_DIR)
    return sorted(
        str(path.relative_to(base))
        for app in APPS
        for path in (base / app).rglob("*.py")
        if "migrations" not in path.parts
        and not any(str(path.relative_to(base)).startswith(m) for m in DATA_MODULES)
    )


def _exempt_nodes(tree: ast.Module, module: str) -> set[int]:
    exempt: set[int] = set()

    def take(node: ast.AST) -> None:
        exempt.update(id(inner) for inner in ast.walk(node))

    data_names = DATA_NAMES.get(module, set())
    for node, name in _definitions(tree):
        if name in data_names:
            take(node)
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
            if names & data_names:
                take(node)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if getattr(func, "id", None) in GETTEXT_NAMES:
                for arg in node.args:
                    take(arg)
            elif isinstance(func, ast.Attribute):
                if getattr(func.value, "id", None) == "re" and node.args:
                    take(node.args[0])
                elif func.attr in MATCHING_METHODS:
                    for arg in node.args:
                        take(arg)
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            take(node.slice)  # a lookup key: sections["一"]
        elif isinstance(node, ast.Compare):
            for part in [node.left, *node.comparators]:
                if isinstance(part, ast.Constant | ast.Tuple | ast.Set | ast.List):
                    take(part)
        elif isinstance(node, ast.ClassDef) and "management/commands" in module:
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and [
                    getattr(t, "id", "") for t in stmt.targets
                ] == ["help"]:
                    take(stmt.value)
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            exempt.add(id(body[0].value))
    return exempt


def _definitions(tree: ast.Module):
    """Module-level functions and classes' methods with their names (`Class.method`)."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield node, node.name
        elif isinstance(node, ast.ClassDef):
            for inner in node.body:
                if isinstance(inner, ast.FunctionDef):
                    yield inner, f"{node.name}.{inner.name}"


def _unwrapped_chinese(module: str) -> list[str]:
    tree = ast.parse((Path(settings.BASE_DIR) / module).read_text(encoding="utf-8"))
    exempt = _exempt_nodes(tree, module)
    return [
        f"{module}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CHINESE.search(node.value)
        and id(node) not in exempt
    ]


def _formatted_msgids(module: str) -> list[str]:
    """f-strings and .format() inside gettext: the msgid would change with every value."""
    tree = ast.parse((Path(settings.BASE_DIR) / module).read_text(encoding="utf-8"))
    return [
        f"{module}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) in GETTEXT_NAMES
        and any(
            isinstance(inner, ast.JoinedStr)
            or (isinstance(inner, ast.Call) and getattr(inner.func, "attr", "") == "format")
            for arg in node.args
            for inner in ast.walk(arg)
        )
    ]


def test_every_app_module_is_checked():
    modules = _module_paths()
    assert "projects/services.py" in modules and "imports/readers/flat.py" in modules
    assert "reports/layout.py" not in modules  # data, see DATA_MODULES
    assert not any("migrations" in m for m in modules)
    for module, names in DATA_NAMES.items():  # a renamed constant must not leave a stale entry
        tree = ast.parse((Path(settings.BASE_DIR) / module).read_text(encoding="utf-8"))
        assigned = {
            n.id for node in tree.body if isinstance(node, ast.Assign | ast.AnnAssign)
            for n in ast.walk(node) if isinstance(n, ast.Name)
        } | {name for _node, name in _definitions(tree)}  # fmt: skip
        assert names <= assigned, module


def test_the_check_sees_unwrapped_text(tmp_path, settings):
    """The checker itself: a bare message, an f-string msgid and the exemptions."""
    settings.BASE_DIR = tmp_path
    (tmp_path / "m.py").write_text(
        '"""模块说明。"""\n'
        "import re\n"
        "from django.utils.translation import gettext as _\n"
        "# 注释\n"
        "A = _('包装好的')\n"
        "B = re.compile(r'第(\\d+)行')\n"
        "C = x == '万元'\n"
        "D = '没有包装'\n"
        "E = _(f'格式化{A}')\n",
        encoding="utf-8",
    )
    assert _unwrapped_chinese("m.py") == ["m.py:8: '没有包装'"]
    assert _formatted_msgids("m.py") == ["m.py:9"]


@pytest.mark.parametrize("module", _module_paths())
def test_user_facing_chinese_text_goes_through_gettext(module):
    assert _unwrapped_chinese(module) == []
    assert _formatted_msgids(module) == []


def test_apps_models_and_fields_have_chinese_names_in_the_admin(admin_client):
    """Django would derive English ones ("Projects", "created at") from the class names."""
    technical = {("imports", "importbatch", "sha256")}  # SHA-256 is its own name
    for app in APPS[:-1]:  # perfbudget is the project package, not an app
        config = apps.get_app_config(app)
        assert CHINESE.search(str(config.verbose_name)), app
        for model in config.get_models():
            meta = model._meta
            assert CHINESE.search(str(meta.verbose_name)), meta.label
            assert CHINESE.search(str(meta.verbose_name_plural)), meta.label
            if meta.object_name.startswith("Historical"):
                continue  # django-simple-history's own fields (history_id, history_type, …)
            for field in meta.get_fields():
                if field.auto_created or not hasattr(field, "verbose_name"):
                    continue
                if (app, meta.model_name, field.name) not in technical:
                    assert CHINESE.search(str(field.verbose_name)), f"{meta.label}.{field.name}"
    html = admin_client.get("/admin/").content.decode()
    assert "单位与项目" in html and ">Projects<" not in html
