"""Build the published-table test files in this folder (run: .venv/bin/python build.py).

The files rebuild, as a user would have them, tables published by provinces' finance systems
(issue #16): their layouts, labels, units and quirks. Texts are taken from published documents
(Inner Mongolia 目标表 2021, Anhui 自评表 2022) or written in their style. In the grids below
`^` continues the cell above (a vertical merge) and `<` the cell to the left.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import docx
from openpyxl import Workbook
from openpyxl.styles import Alignment

HERE = Path(__file__).parent
UP, LEFT = "^", "<"


def _regions(grid: list[list[str]]):
    """(row, column, last row, last column, text) of each cell with its merged area."""
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if text in (UP, LEFT):
                continue
            right = c
            while right + 1 < len(row) and row[right + 1] == LEFT:
                right += 1
            down = r
            while down + 1 < len(grid) and grid[down + 1][c] == UP:
                down += 1
            yield r, c, down, right, text


def word_table(document, grid: list[list[str]]) -> None:
    table = document.add_table(rows=len(grid), cols=len(grid[0]))
    table.style = "Table Grid"
    for r, c, down, right, text in _regions(grid):
        cell = table.cell(r, c)
        if (down, right) != (r, c):
            cell = cell.merge(table.cell(down, right))
        cell.text = text


def sheet_grid(sheet, grid: list[list[object]], top: int = 1) -> None:
    for r, c, down, right, value in _regions(grid):
        cell = sheet.cell(row=top + r, column=c + 1, value=value if value != "" else None)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if (down, right) != (r, c):
            sheet.merge_cells(
                start_row=top + r, start_column=c + 1, end_row=top + down, end_column=right + 1
            )


# --- Inner Mongolia 目标表 (2021): label/value header, 正向/反向 + `=`, date serials ---

IM_GOAL = (
    "围绕国家关于建设节约型社会和发展循环经济的要求,在充分规范整合和利用现有再生资源回收渠道的"
    "基础上,合理布局,规范建设。达成以下目标: 目标1:聘用人员1人,出差8人 目标2:聘用人员在岗率100% "
    "目标3:2021年12月31日前完成 目标4:年度预算总金额3万元 目标5:促进资源循环和高效利用,"
    "改善城乡生态环境。"
)
IM_HEAD = (
    "绩效指标(权重分值90分,其中产出指标权重分值50分,效益指标权重分值30分,满意度指标权重分值10分)"
)
IM_ROWS = [  # 一级, 二级, 三级, 指标性质, 指标方向, 目标值, 计量单位, 分值
    ["产出指标", "数量指标", "出差人数", "正向", "=", "8", "", "4"],
    [UP, UP, "出差人次", "正向", "=", "24", "人/次", "4"],
    [UP, "质量指标", "工作任务完成率", "正向", "=", "100", "%", "4"],
    [UP, "时效指标", "项目财政资金到位时间", "正向", "=", "44,561", "44,561", "10"],
    [UP, UP, "财政资金到位及时支付率", "正向", "=", "100", "%", "4"],
    [UP, UP, "工作计划按时完成时间", "正向", "=", "44,561", "44,561", "4"],
    [UP, "成本指标", "出差单位成本", "反向", "=", "0", "万元/人", "4"],
    [UP, UP, "出差总成本", "反向", "=", "1", "万元", "4"],
    [UP, UP, "劳务人员总成本", "反向", "=", "2", "万元", "4"],
    [UP, UP, "办公费总成本", "反向", "=", "0", "万元", "4"],
    [UP, UP, "年度预算总成本", "反向", "=", "3", "万元", "4"],
    ["效益指标", "生态效益指标", "资源循环利用水平", "正向", "=", "提高", "", "30"],
    ["满意度指标", "服务对象满意度指标", "服务对象满意度", "正向", "≥", "90", "%", "10"],
]


def im_grid() -> list[list[str]]:
    width = 10

    def pair(label: str, value: str) -> list[str]:
        return [label, value] + [LEFT] * (width - 2)

    grid = [
        pair("项目名称", "再生资源回收市场管理经费"),
        pair("项目类别", "(31)部门预算项目"),
        pair("归口科室", "(08)经济贸易科"),
        pair("主管部门", "(433)乌海市供销合作社联合社(部门)"),
        pair("实施单位", "(433001)乌海市供销合作社联合社"),
        ["投入目标 (万元)", "资金来源", LEFT, LEFT, "年初安排金额(万元)"] + [LEFT] * 5,
        [UP, "资金总额", LEFT, LEFT, "3"] + [LEFT] * 5,
        [UP, "其中: 财政拨款数", LEFT, LEFT, "3"] + [LEFT] * 5,
        [UP, "其他资金", LEFT, LEFT, "0"] + [LEFT] * 5,
        pair("年度目标", IM_GOAL),
        [IM_HEAD, "一级指标", "二级指标", "三级指标", "指标性质", "指标方向", "目标值", "计量单位",
         "分值", "备注"],
    ]  # fmt: skip
    for row in IM_ROWS:
        grid.append([UP, *row, ""])
    return grid


def inner_mongolia_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("再生资源回收市场管理经费项目绩效目标表")
    document.add_paragraph("(2021年)")
    word_table(document, im_grid())
    return _save(document)


def _titled_sheet(workbook: Workbook, title: str, lines: tuple[str, str]):
    sheet = workbook.active
    sheet.title = title
    sheet["A1"], sheet["A2"] = lines
    return sheet


def inner_mongolia_xlsx() -> bytes:
    workbook = Workbook()
    lines = ("再生资源回收市场管理经费项目绩效目标表", "(2021年)")
    sheet = _titled_sheet(workbook, "再生资源回收市场管理经费", lines)
    grid: list[list[object]] = im_grid()
    for row in grid:  # the serials as Excel has them: numbers formatted #,##0
        for index, value in enumerate(row):
            if value == "44,561":
                row[index] = 44561
    sheet_grid(sheet, grid, top=3)
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == 44561:
                cell.number_format = "#,##0"
    return _save(workbook)


# --- Chongqing-style 审批表 (2021 frame): other labels, score bands, placeholder row ---

CQ_ROWS = [  # 一级, 二级, 三级, 指标解释, 年度指标值
    ["产出指标(50分)", "数量指标", "改造农村公路里程", "完成改造的公路长度", "≥12公里"],
    [UP, "质量指标", "工程验收合格率", "验收合格的工程占比", "100%"],
    [UP, "时效指标", "完工时间", "工程完工的时间", "2023年11月底前"],
    ["成本指标(0-20)分", "经济成本指标", "每公里改造成本", "单位里程成本", "≤45万元/公里"],
    [UP, "社会成本指标", "", "", ""],
    [UP, "生态环境成本指标", "施工扬尘超标次数", "施工期扬尘超标", "0次"],
    ["效益指标(20分)", "社会效益指标", "群众出行条件", "出行条件改善", "明显改善"],
    ["满意度指标(10分)", "服务对象满意度指标", "沿线群众满意度", "群众满意度调查", "≥90%"],
]


def chongqing_grid(budget: bool = True) -> list[list[str]]:
    head = [
        ["预算单位：綦江区交通运输委员会（123001）", LEFT, LEFT, LEFT, LEFT],
        ["项目名称", "农村公路提档升级", LEFT, LEFT, LEFT],
        ["项目总预算", "当年年度预算", "其中:财政资金", "其它资金", LEFT],
        ["600", "540", "500", "40", LEFT],
        ["项目总体概况", "对12公里农村公路进行提档升级改造。", LEFT, LEFT, LEFT],
        ["年度主要目标\n和成果", "1.完成12公里农村公路改造\n2.改善沿线群众出行条件", LEFT, LEFT,
         LEFT],
        ["一级指标", "二级指标", "三级指标", "指标解释", "年度指标值"],
    ]  # fmt: skip
    if not budget:
        head = [head[0], head[1], head[4], head[5], head[6]]
    return head + [list(row) for row in CQ_ROWS]


def chongqing_docx(budget: bool = True) -> bytes:
    document = docx.Document()
    document.add_paragraph("2023年度项目支出绩效目标审批表")
    document.add_paragraph("单位：万元")
    word_table(document, chongqing_grid(budget))
    return _save(document)


# --- 四川 一体化 flat export: title and unit rows, summary rows, merged unit cells ---

FLAT_HEAD = ["单位名称", "项目名称", "预算数", "年度目标", "一级指标", "二级指标", "三级指标",
             "指标性质", "指标值", "度量单位", "权重", "指标方向性"]  # fmt: skip
UNIT = "820001-井研县马踏镇人民政府"
FLAT_ROWS: list[list[object]] = [
    ["820-马踏镇部门", None, 5000000, None, None, None, None, None, None, None, None, None],
    [UNIT, "乡村道路维护", 3309840, "1.维护道路30公里\n2.保障通行安全", "产出指标", "数量指标",
     "维护道路长度", "≥", "30", "公里", 20, "正向"],
    [UP, UP, UP, UP, UP, "质量指标", "验收合格率", "≥", "95", "%", 20, "正向"],
    [UP, UP, UP, UP, "成本指标", "经济成本指标", "每公里维护成本", "≤", "11.03", "万元", 10,
     "反向"],
    [UP, UP, UP, UP, "效益指标", "社会效益指标", "群众出行便利度", "定性", "明显改善", "", 30,
     "正向"],
    [UP, UP, UP, UP, "满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", 20,
     "正向"],
    [UP, "村级组织运转经费", "1,250,000.00", "保障村级组织运转", "产出指标", "数量指标",
     "保障村数", "＝", "12", "个", 50, "正向"],
    [UP, UP, UP, UP, "满意度指标", "服务对象满意度指标", "村干部满意度", "≥", "90", "%", 50,
     "正向"],
]  # fmt: skip


def sichuan_xlsx() -> bytes:
    workbook = Workbook()
    lines = ("部门预算项目绩效目标申报表(2023年度)", "金额单位:元")
    sheet = _titled_sheet(workbook, "项目绩效目标", lines)
    sheet_grid(sheet, [FLAT_HEAD, *FLAT_ROWS], top=3)
    for row in sheet.iter_rows(min_row=4, min_col=3, max_col=3):
        for cell in row:
            if isinstance(cell.value, int):
                cell.number_format = "#,##0.00"
    return _save(workbook)


# --- text flattened from a PDF (OCR noise), as CSV ---

NOISY_HEAD = ["单位名称", "项目名称", "预算数（万元）", "一级指标", "二级指标", "三级指标",
              "指标值", "分值"]  # fmt: skip
NOISY_ROWS = [
    ["230101-某县卫生健康局", "基层卫生服务", "12.5", "产出指标", "数量指标", "服务人次",
     "2280次", "30"],
    ["230101-某县卫生健康局", "基层卫生服务", "12.5", "产出指标", "质量指标", "卫生Z口达标率",
     "≥95%", "30"],
    ["230101-某县卫生健康局", "基层卫生服务", "12.5", "满意度指标", "服务对象满意度指标",
     "群众满意度", "≥9O%", "40"],
]  # fmt: skip


def noisy_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["2022年项目绩效目标表"])
    writer.writerow(NOISY_HEAD)
    writer.writerows(NOISY_ROWS)
    return buffer.getvalue().encode("utf-8-sig")


# --- Anhui 自评表 (2022): not a target table ---


def anhui_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("附件:")
    document.add_paragraph("项目支出绩效自评表")
    document.add_paragraph("(2022年度)")
    grid = [
        ["项目名称", "村级补助及运转经费", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        ["主管部门", "219-池州市贵池区棠溪镇人民政府", LEFT, LEFT, "实施单位",
         "219001-池州市贵池区棠溪镇人民政府", LEFT, LEFT],
        ["项目资金 (万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [UP, "年度资金总额:", "0", "0", "0", "10", "0", "0"],
        [UP, "其中:本年财政拨款", "202.64", "132.912", "132.912", "", "", ""],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
         "得分"],
        [UP, "产出指标(50分)", "数量指标", "补助村(社区)数量", "=8个", "8", "8", "8"],
        [UP, UP, UP, "保障村干部人数", "=42个", "42", "8", "8"],
        [UP, UP, "成本指标", "项目总成本", "≤202.6万元", "132.9", "10", "10"],
    ]  # fmt: skip
    word_table(document, grid)
    return _save(document)


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


FILES = {
    "inner_mongolia_2021.docx": inner_mongolia_docx,
    "inner_mongolia_2021.xlsx": inner_mongolia_xlsx,
    "chongqing_approval_2023.docx": chongqing_docx,
    "chongqing_without_budget.docx": lambda: chongqing_docx(budget=False),
    "sichuan_summary_rows_2023.xlsx": sichuan_xlsx,
    "noisy_pdf_text_2022.csv": noisy_csv,
    "anhui_self_evaluation_2022.docx": anhui_docx,
}

if __name__ == "__main__":
    for name, build in FILES.items():
        (HERE / name).write_bytes(build())
        print(name)
