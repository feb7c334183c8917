"""Generate a realistic county of demo data for benchmarks and tests (deterministic per seed).

Units, plans and projects are bulk-inserted together with their "created" history rows; then
every unit's clerk edits one project through `project_save_table` (a real change in the
history) and the review states are reached through the workflow services, so the review
trail is what the application itself would have written.
"""

from __future__ import annotations

import random
import time
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import Role, UserProfile
from evaluation import demo as evaluation_demo
from indicators.frames import ensure_official_frames
from indicators.library import ensure_library
from indicators.models import Indicator, LibraryIndicator
from indicators.selectors import frame_for, frame_index
from pages.management.commands import _demo_data as words
from projects.models import Department, DepartmentPlan, Project
from projects.selectors import project_target_table
from projects.services import project_save_table
from workflow.models import ReviewAction
from workflow.services import Opinion, plan_approve, plan_return, plan_submit

CENT = Decimal("0.01")
OUT, EFFECT, SATISFACTION = "产出指标", "效益指标", "满意度指标"
# Review state of a unit-year → share of units (the rest stay 待送审).
STATES = [("approved", 0.3), ("submitted", 0.25), ("returned", 0.15), ("draft", 0.3)]


class Command(BaseCommand):
    help = (
        "生成演示用的县级数据（单位、部门整体目标、项目、指标、审核状态和修改历史），可重复生成。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--departments", type=int, default=100, help=_("单位数，默认100"))
        parser.add_argument("--projects", type=int, default=20, help=_("每个单位的项目数，默认20"))
        parser.add_argument("--year", type=int, default=2024, help=_("预算年度，默认2024"))
        parser.add_argument("--seed", type=int, default=1, help=_("随机种子，相同种子生成相同数据"))
        parser.add_argument(
            "--clear", action="store_true", help=_("删除以前生成的演示数据（不再生成新数据）")
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["clear"]:
            removed = clear_demo()
            self.stdout.write(_("已删除演示数据：%(count)s 个单位") % {"count": removed})
            return
        if Department.objects.filter(code=words.DEMO_PARENT_CODE).exists():
            raise CommandError(_("已有演示数据，请先运行 generate_demo --clear 再重新生成。"))
        if not 1 <= options["departments"] <= 99_999 or not 1 <= options["projects"] <= 999:
            raise CommandError(_("单位数应在1–99999之间，每个单位的项目数应在1–999之间。"))
        counts = generate(
            departments=options["departments"],
            projects=options["projects"],
            year=options["year"],
            seed=options["seed"],
        )
        seconds = time.perf_counter() - started
        self.stdout.write(
            _(
                "已生成 %(year)s 年演示数据：%(departments)s 个单位，"
                "%(projects)s 个项目，%(indicators)s 条指标，"
                "审核状态 %(states)s，运行监控 %(rounds)s 个、绩效自评 %(evaluations)s 个；"
                "用时 %(seconds).1f 秒。"
                "填报员账号 %(clerk)s<单位编码>，密码 %(clerk_password)s；"
                "审核员 %(reviewer)s，密码 %(reviewer_password)s。"
            )
            % {
                "year": options["year"],
                "departments": counts["departments"],
                "projects": counts["projects"],
                "indicators": counts["indicators"],
                "states": counts["states"],
                "rounds": counts["rounds"],
                "evaluations": counts["evaluations"],
                "seconds": seconds,
                "clerk": words.CLERK_PREFIX,
                "clerk_password": words.CLERK_PASSWORD,
                "reviewer": words.REVIEWER_USERNAME,
                "reviewer_password": words.REVIEWER_PASSWORD,
            }
        )


def generate(*, departments: int, projects: int, year: int, seed: int) -> dict:
    """Create the demo county and return what was created (counts and review states)."""
    rng = random.Random(seed)
    ensure_official_frames()
    if not LibraryIndicator.objects.exists():
        ensure_library()
    with transaction.atomic():
        units = _create_units(departments)
        clerks = _create_users(units)
        _create_plans(units, clerks, year, rng)
        created = _create_projects(units, clerks, projects, year, rng)
    for unit in units:
        _edit_one_project(unit, clerks[unit.pk], year)
    states = _apply_review_states(units, clerks, year, rng)
    # 运行监控 1–7月 and 绩效自评 for the approved units (drafts with realistic deviations:
    # execution behind the plan, doubtful indicators, actuals below target; #18).
    rounds, evaluations = evaluation_demo.generate(fiscal_year=year, month=7, seed=seed)
    return {
        "departments": len(units),
        "projects": len(created),
        "indicators": Indicator.objects.filter(project__in=[p.pk for p in created]).count(),
        "states": {state: sum(1 for s in states if s == state) for state, _share in STATES},
        "rounds": rounds,
        "evaluations": evaluations,
    }


def clear_demo() -> int:
    """Delete every unit generated by `generate_demo`, with its data, history and users."""
    parent = Department.objects.filter(code=words.DEMO_PARENT_CODE).first()
    if parent is None:
        return 0
    unit_ids = list(parent.children.values_list("pk", flat=True))
    project_ids = list(
        Project.objects.filter(department_id__in=unit_ids).values_list("pk", flat=True)
    )
    with transaction.atomic():
        evaluation_demo.clear(unit_ids)  # they point at the projects (PROTECT)
        ReviewAction.objects.filter(plan__department_id__in=unit_ids).delete()
        for model, field, ids in [
            (Indicator, "project_id", project_ids),
            (Project, "department_id", unit_ids),
            (DepartmentPlan, "department_id", unit_ids),
        ]:
            # The history rows are bulk-deleted too: a demo county leaves nothing behind.
            model.objects.filter(**{f"{field}__in": ids}).delete()
            model.history.filter(**{f"{field}__in": ids}).delete()
        Department.objects.filter(pk__in=unit_ids).delete()
        Department.history.filter(id__in=[*unit_ids, parent.pk]).delete()
        parent.delete()
        get_user_model().objects.filter(username__startswith=words.CLERK_PREFIX).delete()
    return len(unit_ids)


def _unit_names(count: int) -> list[str]:
    names = [f"{words.COUNTY}{town}{unit}" for town in words.TOWNS for unit in words.TOWN_UNITS]
    names += [f"{words.COUNTY}{bureau}" for bureau in words.BUREAUS]
    names += [
        words.SCHOOL.format(county=words.COUNTY, n=n) for n in range(1, count - len(names) + 1)
    ]
    return names[:count]


def _create_units(count: int) -> list[Department]:
    parent = Department.objects.create(
        code=words.DEMO_PARENT_CODE, name=words.DEMO_PARENT_NAME, region_code=words.REGION_CODE
    )
    units = [
        Department(code=f"7{n:05d}", name=name, parent=parent, region_code=words.REGION_CODE)
        for n, name in enumerate(_unit_names(count), start=1)
    ]
    return bulk_create_with_history(units, Department, batch_size=500)


def _create_users(units: list[Department]) -> dict[int, object]:
    """One clerk per unit (one password hash for all: hashing is slow) and the reviewer."""
    user_model = get_user_model()
    password = make_password(words.CLERK_PASSWORD)
    users = user_model.objects.bulk_create(
        user_model(username=f"{words.CLERK_PREFIX}{u.code}", password=password, first_name=u.name)
        for u in units
    )
    users = list(user_model.objects.filter(username__in=[u.username for u in users]))
    by_name = {u.username: u for u in users}
    profiles = UserProfile.objects.bulk_create(
        UserProfile(user=by_name[f"{words.CLERK_PREFIX}{u.code}"], role=Role.CLERK) for u in units
    )
    through = UserProfile.departments.through
    profiles = UserProfile.objects.filter(user__in=users).select_related("user")
    profile_of = {p.user.username: p for p in profiles}
    through.objects.bulk_create(
        through(userprofile=profile_of[f"{words.CLERK_PREFIX}{u.code}"], department=u)
        for u in units
    )
    _reviewer()
    return {u.pk: by_name[f"{words.CLERK_PREFIX}{u.code}"] for u in units}


def _reviewer():
    user, created = get_user_model().objects.get_or_create(
        username=words.REVIEWER_USERNAME, defaults={"first_name": words.REVIEWER_NAME}
    )
    if created:
        user.set_password(words.REVIEWER_PASSWORD)
        user.save(update_fields=["password"])
        UserProfile.objects.create(user=user, role=Role.REVIEWER, region_code=words.REGION_CODE)
    return user


def _create_plans(units, clerks, year: int, rng: random.Random) -> None:
    plans = []
    for unit in units:
        plan = DepartmentPlan(
            department=unit,
            fiscal_year=year,
            overall_goal=words.OVERALL_GOAL.format(year=year, unit=unit.name),
            sub_goals=rng.sample(words.SUB_GOALS, rng.randint(3, 5)),
            safeguards=rng.sample(words.SAFEGUARDS, 2),
        )
        plan._history_user = clerks[unit.pk]
        plans.append(plan)
    bulk_create_with_history(plans, DepartmentPlan, batch_size=500)


def _create_projects(units, clerks, per_unit: int, year: int, rng: random.Random) -> list[Project]:
    frame = frame_for(region_code=words.REGION_CODE, fiscal_year=year)
    index = frame_index(frame)
    library = _library_by_level(index)
    projects, rows = [], []
    for unit in units:
        for n, (name, purpose, scale) in enumerate(_project_names(per_unit, rng), start=1):
            project = _project(unit, year, n, name, purpose, scale, frame, rng)
            project._history_user = clerks[unit.pk]
            projects.append(project)
            rows.append(_indicator_rows(library, project, rng))
    projects = bulk_create_with_history(projects, Project, batch_size=1000)
    indicators = []
    for project, project_rows in zip(projects, rows, strict=True):
        for order, (level1, level2, item, value) in enumerate(project_rows, start=1):
            indicator = Indicator(
                project=project,
                order=order,
                level1=index.level1s[level1],
                level2=index.level2s[(level1, level2)],
                name=item.name,
                description=words.DESCRIPTION.format(name=item.name, value=value),
                basis=item.basis or words.DEFAULT_BASIS,
            )
            indicator.set_value(value)
            indicator._history_user = project._history_user
            indicators.append(indicator)
    bulk_create_with_history(indicators, Indicator, batch_size=2000)
    return projects


def _project_names(count: int, rng: random.Random) -> list[tuple[str, str, tuple]]:
    chosen = rng.sample(words.PROJECTS, min(count, len(words.PROJECTS)))
    extra = [
        (f"{name}（{n // len(words.PROJECTS) + 1}）", purpose, scale)
        for n, (name, purpose, scale) in enumerate(
            rng.choice(words.PROJECTS) for _ in range(count - len(chosen))
        )
    ]
    return chosen + extra


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    """An amount in 万元: mostly to the 分 of 万元, sometimes converted exactly from 元."""
    if rng.random() < 0.2:
        return Decimal(rng.randint(low * 10_000_00, high * 10_000_00)) / Decimal(10_000_00)
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _spending_plan(budget: Decimal, rng: random.Random) -> tuple:
    shape = rng.choice(
        [(0.25, 0.5, 0.75, 1), (None, 0.5, None, 1), (0.1, 0.4, 0.7, 1), (None, None, None, 1)]
    )
    return tuple(
        None
        if share is None
        else budget
        if share == 1
        else (budget * Decimal(str(share))).quantize(CENT, ROUND_HALF_UP)
        for share in shape
    )


def _project(unit, year, n, name, purpose, scale, frame, rng) -> Project:
    budget = _money(rng, *scale)
    other = (budget * Decimal("0.2")).quantize(CENT) if rng.random() < 0.2 else None
    code_year = year - 1 if rng.random() < 0.1 else year  # carried over from last year
    plan = _spending_plan(budget, rng)
    return Project(
        department=unit,
        fiscal_year=year,
        code=f"{words.REGION_CODE}{code_year % 100:02d}P{unit.code}{n:06d}",
        name=name,
        frame=frame,
        budget_total=budget,
        fiscal_funds=budget - (other or 0),
        other_funds=other,
        purpose=purpose,
        plan_mar=plan[0],
        plan_jun=plan[1],
        plan_oct=plan[2],
        plan_dec=plan[3],
        goals=[g.format(name=name) for g in rng.sample(words.GOALS, rng.randint(1, 2))],
        display_order=n,
    )


def _library_by_level(index) -> dict[str, list]:
    """Library indicators usable in the frame, grouped by 一级 (产出, 效益, 满意度)."""
    grouped: dict[str, list] = {OUT: [], EFFECT: [], SATISFACTION: []}
    for item in LibraryIndicator.objects.filter(is_active=True).order_by("pk"):
        if (item.level1, item.level2) in index.level2s and item.level1 in grouped:
            grouped[item.level1].append(item)
    if not all(grouped.values()):
        raise CommandError(_("常用指标库缺少产出、效益或满意度指标，无法生成演示数据。"))
    return grouped


def _indicator_rows(library, project: Project, rng: random.Random) -> list[tuple]:
    """6–12 rows in the seed's shape: 产出 first, then 效益, one 满意度 last; no repeats."""
    total = rng.randint(6, 12)
    effects = rng.randint(1, max(1, min(3, total - 3)))
    outputs = total - effects - 1
    picked = [
        *_pick(library[OUT], outputs, rng),
        *_pick(library[EFFECT], effects, rng),
        *_pick(library[SATISFACTION], 1, rng),
    ]
    return [(i.level1, i.level2, i, _value(i.value_example, project, rng)) for i in picked]


def _pick(items: list, count: int, rng: random.Random) -> list:
    chosen, seen = [], set()
    for item in rng.sample(items, len(items)):
        if item.name not in seen and len(chosen) < count:
            chosen.append(item)
            seen.add(item.name)
    order = {item.pk: n for n, item in enumerate(items)}
    return sorted(chosen, key=lambda i: order[i.pk])  # library order keeps 二级 together


def _value(example: str, project: Project, rng: random.Random) -> str:
    """The library's example value with a plausible number for this project."""
    if "万元" in example:
        return f"{example[0]}{_plain(project.budget_total)}万元"
    if example.endswith("%") and example[0] in "≥＝":
        return example if example[0] == "＝" else f"≥{rng.choice([90, 92, 95, 98])}%"
    for unit in ("人次", "个", "人"):
        if example.endswith(unit) and example[0] in "≥＝":
            return f"{example[0]}{rng.randint(2, 300)}{unit}"
    return example


def _plain(amount: Decimal) -> str:
    """An amount written exactly, without trailing zeros beyond the 分 of 万元 (40.5, 12.345678)."""
    text = format(amount.normalize(), "f")
    return text if "." in text else f"{text}.00"


def _edit_one_project(unit: Department, clerk, year: int) -> None:
    """The clerk corrects a value through the real service: a readable change in the history."""
    project = unit.projects.filter(fiscal_year=year).order_by("display_order").first()
    if project is None:
        return
    table = project_target_table(project_id=project.pk)
    last = table.indicators[-1]  # the 满意度 row
    last.value = "≥96%" if last.value != "≥96%" else "≥95%"
    project_save_table(department=unit, table=table, user=clerk)


def _apply_review_states(units, clerks, year: int, rng: random.Random) -> list[str]:
    reviewer = _reviewer()
    states = []
    for unit in units:
        state = rng.choices([s for s, _ in STATES], weights=[w for _, w in STATES])[0]
        plan = DepartmentPlan.objects.get(department=unit, fiscal_year=year)
        clerk = clerks[unit.pk]
        if state != "draft":
            plan_submit(plan=plan, user=clerk)
        if state == "returned" or (state == "approved" and rng.random() < 0.3):
            first = unit.projects.filter(fiscal_year=year).order_by("display_order").first()
            opinion = Opinion(code=2, text=words.RETURN_OPINION, project_id=first.pk)
            plan_return(plan=plan, user=reviewer, comment=words.RETURN_COMMENT, opinions=[opinion])
            if state == "approved":
                plan_submit(plan=plan, user=clerk)
        if state == "approved":
            plan_approve(plan=plan, user=reviewer, grade=rng.choice(["A", "A", "B"]))
        states.append(state)
    return states
