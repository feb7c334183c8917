"""The starting content of the indicator library: the seed's indicators and common ones.

Each entry is (一级, 二级, 三级, 指标值示例, 确定依据). Descriptions are left empty on purpose:
the review flags descriptions that merely repeat the name.
"""

from __future__ import annotations

from django.apps import apps as django_apps

OUT, EFFECT, SATISFACTION, COST = "产出指标", "效益指标", "满意度指标", "成本指标"
STARTER_INDICATORS: list[tuple[str, str, str, str, str]] = [
    # From the seed document (802010, 2023), placeholders and fused values cleaned up.
    (OUT, "数量指标", "保障行政村数", "＝26个", "计划标准"),
    (OUT, "数量指标", "保障人数", "＝15人", "计划标准"),
    (OUT, "数量指标", "保障党员数", "＝1232人", "计划标准"),
    (OUT, "数量指标", "保障村集体数", "＝26个", "计划标准"),
    (OUT, "数量指标", "项目资金数", "＝40万元", "计划标准"),
    (OUT, "质量指标", "项目资金数", "＝40万元", "计划标准"),
    (OUT, "质量指标", "及时拨付", "及时拨付", "计划标准"),
    (OUT, "时效指标", "及时拨付", "及时拨付", "计划标准"),
    (OUT, "时效指标", "及时下发", "及时下发", "计划标准"),
    (OUT, "时效指标", "及时支出", "及时支出", "计划标准"),
    (OUT, "时效指标", "及时发放", "及时发放", "计划标准"),
    (OUT, "时效指标", "福利发放及时性", "及时", "计划标准"),
    (EFFECT, "社会效益指标", "及时化解信访事件", "及时化解", "计划标准"),
    (EFFECT, "社会效益指标", "推动农村发展", "有效推动", "计划标准"),
    (EFFECT, "社会效益指标", "解决村干部养老待遇", "有效解决", "计划标准"),
    (EFFECT, "社会效益指标", "提高党员积极性", "有效提高", "计划标准"),
    (EFFECT, "社会效益指标", "保障村级组织正常运行", "正常运行", "计划标准"),
    (EFFECT, "社会效益指标", "提高村集体运行能力", "有效提高", "计划标准"),
    (EFFECT, "社会效益指标", "保障妇女之家建设", "有效保障", "计划标准"),
    (EFFECT, "社会效益指标", "加强公益岗人员社会归属感", "有效加强", "计划标准"),
    (EFFECT, "社会效益指标", "推动武装工作", "有效推动", "计划标准"),
    (EFFECT, "社会效益指标", "保障生活", "有效保障", "计划标准"),
    (SATISFACTION, "服务对象满意度指标", "人员满意度", "≥95%", "历史标准"),
    (SATISFACTION, "服务对象满意度指标", "服务对象满意度", "≥95%", "历史标准"),
    (SATISFACTION, "服务对象满意度指标", "党员满意度", "≥95%", "历史标准"),
    (SATISFACTION, "服务对象满意度指标", "群众满意度", "≥95%", "历史标准"),
    (SATISFACTION, "服务对象满意度指标", "工作人员满意度", "≥95%", "历史标准"),
    # Common indicators of township budgets (domain.md: parts and units of real systems).
    (OUT, "数量指标", "资金发放人数", "≥1人", "计划标准"),
    (OUT, "数量指标", "培训人次", "≥100人次", "计划标准"),
    (OUT, "质量指标", "资金发放准确率", "＝100%", "计划标准"),
    (OUT, "质量指标", "项目验收合格率", "＝100%", "行业标准"),
    (OUT, "时效指标", "资金拨付及时率", "＝100%", "计划标准"),
    (OUT, "时效指标", "项目完成时间", "≤12月", "计划标准"),
    (OUT, "成本指标", "项目总成本", "≤40万元", "计划标准"),
    (COST, "经济成本指标", "项目总成本", "≤40万元", "计划标准"),
    (EFFECT, "经济效益指标", "带动村集体增收", "≥1万元", "计划标准"),
    (EFFECT, "社会效益指标", "政策知晓率", "≥90%", "历史标准"),
    (EFFECT, "生态效益指标", "人居环境改善情况", "明显改善", "计划标准"),
    (EFFECT, "可持续影响指标", "长效管护机制", "建立并运行", "计划标准"),
    (SATISFACTION, "服务对象满意度指标", "受益群众满意度", "≥90%", "历史标准"),
]


def ensure_library(model=None) -> int:
    """Add the starter indicators that are missing; return how many were added."""
    model = model or django_apps.get_model("indicators", "LibraryIndicator")
    added = 0
    for order, (level1, level2, name, value, basis) in enumerate(STARTER_INDICATORS):
        _obj, created = model.objects.get_or_create(
            level1=level1,
            level2=level2,
            name=name,
            defaults={"value_example": value, "basis": basis, "order": order},
        )
        added += created
    return added
