"""The Sichuan 一体化 export of 项目支出绩效自评表 as a test file (tests/data/selfeval/): one
sheet per project, the 21-character project code before 项目名称, 年度指标值 split into
指标性质 · 指标值 · 度量单位, 权重 60 + 30 + 10, 未完成原因, merged label cells.

`python -m tests.evaluation.sichuan` rewrites the file from the rows below (described in the
domain notes: layout of the 四川 预算管理一体化 performance module's 自评表 export).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

PATH = Path(__file__).resolve().parent.parent / "data" / "selfeval" / "sichuan-2023.xlsx"
HEADING = ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重",
           "实际完成值", "得分", "未完成原因")  # fmt: skip
PROJECTS = [
    {
        "code": "13022523P0066B010022C",
        "name": "信访维稳经费",
        "funds": ("40", "38.5", "36.125"),
        "goal": "保障全县信访维稳工作",
        "actual": "化解信访事件12件",
        "rows": [
            ("产出指标", "数量指标", "保障行政村数", "=", "26", "个", 35, "26", 35, ""),
            ("", "质量指标", "项目资金数", "≤", "40", "万元", 25, "36.125", 25, ""),
            ("效益指标", "社会效益指标", "及时化解信访事件", "定性", "及时化解", "", 30,
             "达成预期指标", 30, ""),
            ("满意度指标", "服务对象满意度指标", "人员满意度", "≥", "95", "%", 10, "93", 9.79,
             "部分群众对回访时间不满意，下年改为预约回访"),
        ],
    },
    {
        "code": "13022523P0071A010033D",
        "name": "农村公路养护经费",
        "funds": ("120", "120", "96"),
        "goal": "完成县乡公路日常养护",
        "actual": "养护县乡公路180公里",
        "rows": [
            ("产出指标", "数量指标", "养护里程", "≥", "200", "公里", 40, "180", 36,
             "雨季延误两个月，已调整施工计划"),
            ("", "时效指标", "养护完成时间", "≤", "12", "月", 20, "12", 20, ""),
            ("效益指标", "社会效益指标", "道路通畅率", "≥", "98", "%", 30, "99", 30, ""),
            ("满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", 10, "92", 10, ""),
        ],
    },
]  # fmt: skip


def build(path: Path = PATH) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for number, project in enumerate(PROJECTS, start=1):
        sheet = book.create_sheet(f"自评表{number}")
        sheet.append(["项目支出绩效自评表"])
        sheet.merge_cells("A1:J1")
        sheet.append(["（2023年度）"])
        sheet.append(["项目名称", f"{project['code']}{project['name']}"])
        sheet.merge_cells("B3:J3")
        sheet.append(["主管部门", "乐亭县测试局", "", "", "", "实施单位", "乐亭县测试局"])
        sheet.append(["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "执行率"])
        initial, annual, done = project["funds"]
        sheet.append(["", "年度资金总额", float(initial), float(annual), float(done)])
        sheet.append(["", "其中：本年财政拨款", float(initial), float(annual), float(done)])
        sheet.merge_cells("A5:A7")
        sheet.append(["年度总体目标", "预期目标", "", "", "", "实际完成情况"])
        sheet.append(["", project["goal"], "", "", "", project["actual"]])
        sheet.append(list(HEADING))
        for row in project["rows"]:
            sheet.append(list(row))
        sheet.append(["总分", "", "", "", "", "", 100])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


if __name__ == "__main__":
    print(build())
