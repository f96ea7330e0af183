"""第四部分 名词解释: fixed glossary text, versioned per template variant.

The text is data, filled in from the report (years) and the unit's own codes,
never copied from another report — which is how the seed came to speak of
“省级财政”, of 2023, and of 行政单位医疗 for a 事业单位 (domain.md §6 #16).
A definition of a 支出科目 appears only when the unit carries that code.
"""

from dataclasses import dataclass

from disclosure.report_templates import template_for


@dataclass(frozen=True)
class Term:
    term: str
    text: str  # may use {year} and {last_year}
    code: str = ""  # a 功能分类 code: the term is listed only when the unit uses it


@dataclass(frozen=True)
class GlossarySection:
    number: str
    title: str
    entries: tuple[tuple[str, str], ...]  # (term, filled-in definition)


INCOME_TERMS = (
    Term("财政拨款收入", "指单位从同级财政部门取得的财政预算资金。"),
    Term("上级补助收入", "指事业单位从主管部门和上级单位取得的非财政补助收入。"),
    Term("事业收入", "指事业单位开展专业业务活动及其辅助活动取得的收入。"),
    Term(
        "经营收入",
        "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。",
    ),
    Term(
        "附属单位上缴收入",
        "指事业单位附属的独立核算单位按照有关规定上缴的收入，包括附属的事业单位上缴的收入和"
        "附属的企业上缴的利润等。",
    ),
    Term("其他收入", "指单位取得的除上述收入以外的各项收入。"),
    Term(
        "使用非财政拨款结余",
        "指事业单位使用以前年度积累的非财政拨款结余弥补{year}年收支差额的金额。",
    ),
    Term(
        "年初结转和结余",
        "指单位以前年度尚未完成、结转到{year}年按有关规定继续使用的资金，即{last_year}年末"
        "结转和结余资金。",
    ),
)

SPENDING_TERMS = (
    Term(
        "基本支出",
        "指为保障单位机构正常运转、完成日常工作任务而发生的人员经费和公用经费。",
    ),
    Term("项目支出", "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
    Term(
        "经营支出",
        "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动发生的支出。",
    ),
    Term(
        "上缴上级支出",
        "指实行收入上缴办法的事业单位按照规定的定额或者比例上缴上级单位的支出。",
    ),
    Term(
        "对附属单位补助支出",
        "指事业单位用财政拨款收入之外的收入对附属单位补助发生的支出。",
    ),
    Term(
        "年末结转和结余",
        "指单位按有关规定结转到下年或以后年度继续使用的资金。",
    ),
    Term(
        "行政单位离退休",
        "反映行政单位（包括实行公务员管理的事业单位）开支的离退休经费。",
        "2080501",
    ),
    Term(
        "事业单位离退休",
        "反映事业单位开支的离退休经费。",
        "2080502",
    ),
    Term(
        "机关事业单位基本养老保险缴费支出",
        "反映机关事业单位实施养老保险制度由单位缴纳的基本养老保险费支出。",
        "2080505",
    ),
    Term(
        "机关事业单位职业年金缴费支出",
        "反映机关事业单位实施养老保险制度由单位实际缴纳的职业年金支出（含职业年金补记支出）。",
        "2080506",
    ),
    Term(
        "行政单位医疗",
        "反映财政部门安排的行政单位（包括实行公务员管理的事业单位）基本医疗保险缴费经费，"
        "未参加医疗保险的行政单位的公费医疗经费，按国家规定享受离休人员、红军老战士待遇人员的医疗经费。",
        "2101101",
    ),
    Term(
        "事业单位医疗",
        "反映财政部门安排的事业单位基本医疗保险缴费经费，未参加医疗保险的事业单位的公费医疗经费，"
        "按国家规定享受离休人员待遇的医疗经费。",
        "2101102",
    ),
    Term("公务员医疗补助", "反映财政部门安排的公务员医疗补助经费。", "2101103"),
    Term(
        "其他行政事业单位医疗支出",
        "反映除上述项目以外的其他用于行政事业单位医疗方面的支出。",
        "2101199",
    ),
    Term(
        "城乡社区管理事务行政运行",
        "反映行政单位（包括实行公务员管理的事业单位）的基本支出。",
        "2120101",
    ),
    Term(
        "其他城乡社区管理事务支出",
        "反映除上述项目以外其他用于城乡社区管理事务方面的支出。",
        "2120199",
    ),
    Term(
        "住房公积金",
        "反映行政事业单位按人力资源和社会保障部、财政部规定的基本工资和津贴补贴以及规定比例"
        "为职工缴纳的住房公积金。",
        "2210201",
    ),
    Term(
        "提租补贴",
        "反映按房改政策规定的标准，行政事业单位向职工（含离退休人员）发放的租金补贴。",
        "2210202",
    ),
    Term(
        "购房补贴",
        "反映按房改政策规定，行政事业单位向符合条件职工（含离退休人员）、军队（含武警）"
        "向转役复员离退休人员发放的用于购买住房的补贴。",
        "2210203",
    ),
)

OTHER_TERMS = (
    Term(
        "“三公”经费",
        "指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。其中，"
        "因公出国（境）费反映单位公务出国（境）的国际旅费、国外城市间交通费、住宿费、伙食费、"
        "培训费、公杂费等支出；公务用车购置及运行维护费反映单位公务用车车辆购置支出（含车辆购置税、"
        "牌照费）及按规定保留的公务用车燃料费、维修费、过桥过路费、保险费、安全奖励费用等支出；"
        "公务接待费反映单位按规定开支的各类公务接待（含外宾接待）支出。",
    ),
    Term(
        "机关运行经费",
        "指为保障行政单位（包括参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金，"
        "包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、"
        "办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。",
    ),
)

# A 预算's 收入 terms: the budget's sources, named as its tables name them.
# The 江西 预算 名词解释 was not seen (docs/templates.md §10): the wording is
# the 决算 glossary's, said of a budget year.
BUDGET_INCOME_TERMS = (
    Term(
        "一般公共预算拨款收入",
        "指单位{year}年从同级财政部门取得的一般公共预算财政拨款。",
    ),
    Term(
        "政府性基金预算拨款收入",
        "指单位{year}年从同级财政部门取得的政府性基金预算财政拨款。",
    ),
    Term(
        "国有资本经营预算拨款收入",
        "指单位{year}年从同级财政部门取得的国有资本经营预算财政拨款。",
    ),
    *(t for t in INCOME_TERMS if t.term in ("上级补助收入", "事业收入")),
    Term(
        "事业单位经营收入",
        "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。",
    ),
    *(t for t in INCOME_TERMS if t.term in ("附属单位上缴收入", "其他收入")),
    Term(
        "上年结转",
        "指以前年度尚未完成、结转到{year}年按有关规定继续使用的资金。",
    ),
)
BUDGET_OTHER_TERMS = (
    *(t for t in OTHER_TERMS if t.term in ("“三公”经费", "机关运行经费")),
    Term(
        "政府采购预算",
        "指单位{year}年预算中使用财政性资金依法采购货物、工程和服务的预算金额。",
    ),
    Term(
        "绩效目标",
        "指预算资金计划在一定期限内达到的产出和效果，由产出、效益和满意度等指标及其指标值组成。",
    ),
)

# 上海 预算's eight items, verbatim (普陀区 2025 区级部门预算, docs/templates.md
# §11): one list, without section headings.
SHANGHAI_BUDGET_TERMS = (
    Term(
        "财政拨款收入",
        "是区级预算主管部门及所属预算单位本年度从本级财政部门取得的财政拨款，"
        "包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。",
    ),
    Term("事业收入", "指事业单位开展专业业务活动及其辅助活动取得的收入。"),
    Term(
        "事业单位经营收入",
        "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。",
    ),
    Term(
        "其他收入",
        "指除上述“财政拨款收入”、“事业收入”、“事业单位经营收入”等以外的收入。",
    ),
    Term(
        "基本支出预算",
        "是区级预算主管部门及所属预算单位为保障其机构正常运转、完成日常工作任务而编制的"
        "年度基本支出计划，包括人员经费和公用经费两部分。",
    ),
    Term(
        "项目支出预算",
        "是区级预算主管部门及所属预算单位为完成行政工作任务、事业发展目标或政府发展战略、"
        "特定目标，在基本支出之外编制的年度支出计划。",
    ),
    Term(
        "“三公”经费",
        "是与区级财政有经费领拨关系的部门及其下属预算单位使用区级财政拨款安排的因公出国"
        "（境）费、公务用车购置及运行费、公务接待费。其中：因公出国（境）费主要安排机关及"
        "下属预算单位人员的国际合作交流、重大项目洽谈、境外培训研修等的国际旅费、国外城市间"
        "交通费、住宿费、伙食费、培训费、公杂费等支出；公务接待费主要安排全国性专业会议、"
        "国家重大政策调研、专项检查以及外事团组接待交流等执行公务或开展业务所需住宿费、"
        "交通费、伙食费等支出；公务用车购置及运行费主要安排编制内公务车辆的报废更新，以及"
        "用于安排市内因公出差、公务文件交换、日常工作开展等所需公务用车燃料费、维修费、"
        "过路过桥费、保险费等支出。",
    ),
    Term(
        "机关运行经费",
        "指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的"
        "日常公用经费支出。",
    ),
)

# Keyed by ReportTemplate.glossary. A section without a number and title is
# printed as a list under the part's heading alone.
GLOSSARIES = {
    "jx2022_unit": {
        "version": "江西单位决算 2022.1",
        "sections": (
            ("一", "收入科目", INCOME_TERMS),
            ("二", "支出科目", SPENDING_TERMS),
            ("三", "相关专业名词", OTHER_TERMS),
        ),
    },
    "jx2023_budget": {
        "version": "江西单位预算 2023.1",
        "sections": (
            ("一", "收入科目", BUDGET_INCOME_TERMS),
            (
                "二",
                "支出科目",
                tuple(t for t in SPENDING_TERMS if t.term not in ("年末结转和结余",)),
            ),
            ("三", "相关专业名词", BUDGET_OTHER_TERMS),
        ),
    },
    "sh2025_budget": {
        "version": "上海区级部门预算 2025.1",
        "sections": (("", "", SHANGHAI_BUDGET_TERMS),),
    },
}


def _glossary(report) -> dict:
    return GLOSSARIES[template_for(report).glossary]


def glossary_version(report) -> str:
    return _glossary(report)["version"]


def build_glossary(data) -> list[GlossarySection]:
    """The glossary of the report's variant, with its years and only the unit's own 科目."""
    used = {
        line.function_code.code
        for group in (data.income_lines, data.expenditure_lines, data.fiscal_lines)
        for line in group
    }
    values = {"year": data.year, "last_year": data.year - 1}
    sections = []
    for number, title, terms in _glossary(data.report)["sections"]:
        entries = tuple(
            (term.term, term.text.format(**values))
            for term in terms
            if not term.code or term.code in used
        )
        sections.append(GlossarySection(number, title, entries))
    return sections
