"""The two official indicator frames (domain.md), as data, and an idempotent loader."""

from __future__ import annotations

import re
from collections.abc import Iterable

CLASSIC = {
    "产出指标": ["数量指标", "质量指标", "时效指标", "成本指标"],
    "效益指标": ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"],
    "满意度指标": ["服务对象满意度指标"],
}
CAIYU_2021_101 = {
    "产出指标": ["数量指标", "质量指标", "时效指标"],
    "成本指标": ["经济成本指标", "社会成本指标", "生态环境成本指标"],
    "效益指标": ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"],
    "满意度指标": ["服务对象满意度指标"],
}
OFFICIAL_FRAMES = [
    ("classic", "传统指标体系（成本指标列在产出指标下）", CLASSIC, True),
    ("caiyu-2021-101", "财预〔2021〕101号指标体系（成本指标为一级指标）", CAIYU_2021_101, False),
]
# Region-years known to use a frame: 乐亭县 (the seed) used the classic frame in 2023.
OFFICIAL_ADOPTIONS = [("130225", 2023, "classic")]


def ensure_official_frames(models=None) -> None:
    """Create the official frames and known adoptions where missing; never changes existing rows.

    `models` is (frame, level1, level2, adoption) model classes, so a data migration can pass
    its historical models; by default the current ones are used.
    """
    if models is None:
        from indicators.models import FrameAdoption, FrameLevel1, FrameLevel2, IndicatorFrame

        models = (IndicatorFrame, FrameLevel1, FrameLevel2, FrameAdoption)
    frame_model, level1_model, level2_model, adoption_model = models
    for code, name, tree, is_default in OFFICIAL_FRAMES:
        frame, _ = frame_model.objects.get_or_create(
            code=code, defaults={"name": name, "is_default": is_default}
        )
        for order1, (level1_name, level2_names) in enumerate(tree.items(), start=1):
            level1, _ = level1_model.objects.get_or_create(
                frame=frame, name=level1_name, defaults={"order": order1}
            )
            for order2, level2_name in enumerate(level2_names, start=1):
                level2_model.objects.get_or_create(
                    level1=level1, name=level2_name, defaults={"order": order2}
                )
    for region_code, year, frame_code in OFFICIAL_ADOPTIONS:
        adoption_model.objects.get_or_create(
            region_code=region_code,
            fiscal_year=year,
            defaults={"frame": frame_model.objects.get(code=frame_code)},
        )


# --- which frame a table uses (imports, and the year default of indicators.selectors) ---

CLASSIC_CODE, CAIYU_CODE = "classic", "caiyu-2021-101"
FRAME_NAMES = {code: name for code, name, _tree, _default in OFFICIAL_FRAMES}
# 财预〔2021〕101号 took effect for the 2022 budgets: most provinces use it from then on.
CAIYU_FROM_YEAR = 2022
COST_LEVEL1 = "成本指标"
_SCORE_BAND = re.compile(
    r"^(?P<name>.*?\S)\s*[（(]\s*(?P<band>\d+(?:\.\d+)?(?:\s*[-－—~～至]\s*\d+(?:\.\d+)?)?)"
    r"\s*分?\s*[）)]\s*分?$"
)


def split_score_band(text: str) -> tuple[str, str]:
    """A 一级 cell with its score band: `产出指标(50分)` → ("产出指标", "50"), `成本指标(0-20)分` →
    ("成本指标", "0-20"). The band is a weight printed beside the name, never part of it."""
    match = _SCORE_BAND.match(text or "")
    if match is None:
        return text, ""
    return match.group("name"), re.sub(r"\s+", "", match.group("band"))


def frame_in_levels(pairs: Iterable[tuple[str, str]]) -> str:
    """The frame a table's (一级, 二级) pairs show: 成本指标 as a 一级 is the 2021 frame;
    成本指标 as a 二级 (under 产出) is the classic one; "" when the rows do not tell."""
    shown = ""
    for level1, level2 in pairs:
        if level1 == COST_LEVEL1:
            return CAIYU_CODE
        if level2 == COST_LEVEL1:
            shown = CLASSIC_CODE
    return shown


def year_default_frame_code(fiscal_year: int | None) -> str:
    """The frame a year uses when its region adopted none: the 2021 frame from 2022."""
    return CAIYU_CODE if fiscal_year and fiscal_year >= CAIYU_FROM_YEAR else CLASSIC_CODE
