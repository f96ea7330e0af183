"""Consistency rules of the 审核 specification that need no check of their own.

The specification (domain.md §3) lists every relation a published report must
satisfy. Most are checked by a registered rule. The rest are made true by the
platform itself: the 情况说明 is written from the same tables it describes, the
headings, glossary and footnotes come from one template and the report's year,
and some figures cannot be entered out of range. Three procurement relations are
checked together under N7-1. The public rule catalogue lists these beside the
checked rules, so that every rule id of the specification is accounted for.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Guarantee:
    id: str
    title: str
    how: str  # how the platform makes the relation hold, or which rule checks it


def _narrative(rule_id: str, title: str, source: str) -> Guarantee:
    return Guarantee(rule_id, title, f"情况说明中的数字取自{source}，与表中一致。")


GUARANTEES = (
    _narrative("N1-1", "收入总计与公开01表一致", "公开01表“收入总计”"),
    _narrative("N1-2", "年初结转和结余与公开01表一致", "公开01表“年初结转和结余”"),
    _narrative("N1-3", "本年收入合计与公开01表一致", "公开01表“本年收入合计”"),
    Guarantee(
        "N1-4",
        "增减额、增减方向和增减率正确",
        "增减额 = 本年数 − 上年数，“增加/减少/持平”取自增减额的正负，增减率由未取整的数字计算后一次取整；"
        "上年数为 0 时只写金额，不写百分比。",
    ),
    _narrative("N1-5", "各项收入与公开02表一致", "公开02表合计行的各收入列"),
    Guarantee(
        "N1-6",
        "收入构成占比正确",
        "占比 = 该项收入 ÷ 本年收入合计，由未取整的数字计算后一次取整（不会出现两次取整的 94.7%）。",
    ),
    Guarantee(
        "N1-7",
        "所列各项收入之和等于本年收入合计",
        "所列各项取自公开02表合计行，其和等于本年收入合计（公开02表各行由 T02-1 和 X-01 检查）；"
        "各占比分别一次取整，合计与 100% 的差不超过取整误差。",
    ),
    _narrative("N2-1", "支出总计与公开01表一致", "公开01表“支出总计”"),
    _narrative("N2-2", "本年支出合计与公开01表一致", "公开01表“本年支出合计”"),
    _narrative("N2-3", "年末结转和结余与公开01表一致", "公开01表“年末结转和结余”"),
    Guarantee(
        "N2-4",
        "支出构成与公开03表一致",
        "基本支出、项目支出、经营支出和“其他支出（对附属单位补助支出、上缴上级支出）”取自公开03表合计行，"
        "占比 = 该项 ÷ 本年支出合计，一次取整。",
    ),
    _narrative("N3-1", "财政拨款支出决算数与公开04表一致", "公开04表“本年支出合计”"),
    Guarantee(
        "N3-2",
        "财政拨款年初预算数和完成率正确",
        "年初预算数是各科目填报的年初预算之和；完成率 = 决算数 ÷ 年初预算数，一次取整；"
        "年初预算为 0 时写“未安排年初预算”，不写百分比。",
    ),
    Guarantee(
        "N3-3",
        "各类财政拨款支出与表一致",
        "每一类的决算数和年初预算数由该类科目的明细相加得出，与公开04表、公开05表的类级数字同源。",
    ),
    Guarantee(
        "N3-4",
        "所列各类之和等于财政拨款支出合计",
        "有预算或决算数的类全部列出，各类之和即合计。",
    ),
    Guarantee(
        "N3-5",
        "决算与预算差异的表述与差额方向一致",
        "各类只写年初预算数、决算数和由两者算出的完成率，不写方向词；决算数与预算数不同时要求"
        "填写原因（R-1）。“三公”经费的“增加/减少”由决算数与预算数之差的正负决定。",
    ),
    Guarantee(
        "N4-1",
        "基本支出合计与公开05表、公开06表一致",
        "情况说明中的基本支出 = 公开06表人员经费合计 + 公用经费合计；与公开05表基本支出的一致由 X-14 检查。",
    ),
    _narrative(
        "N4-2", "基本支出各经济分类与公开06表一致", "公开06表各经济分类类级数字"
    ),
    Guarantee(
        "N4-3",
        "列出的经济分类与公开06表的非零项一致",
        "公开06表中数字不为 0 的经济分类全部列出（工资福利支出等常列项目为 0 时也列出），未列出的均为 0。",
    ),
    _narrative("N5-1", "“三公”经费预算数、决算数和完成率与公开09表一致", "公开09表"),
    Guarantee(
        "N5-2",
        "“三公”经费与上年比较正确",
        "上年数取自上年已审核通过或已公开的报告的公开09表（系统中没有时取填报的上年数），"
        "增减按 N1-4 的方法计算。",
    ),
    Guarantee(
        "N5-3",
        "“三公”各项与公开09表一致",
        "各项的预算数、决算数取自公开09表；预算为 0 时写“未安排全年预算”，不写完成率。",
    ),
    Guarantee(
        "N5-5",
        "“三公”各项占比合计约为 100%",
        "平台的江西 2022 单位决算模板在情况说明中不列“三公”各项占比。",
    ),
    Guarantee(
        "N6-3",
        "机关运行经费与上年比较正确",
        "增减按 N1-4 的方法由本年和上年机关运行经费计算。",
    ),
    Guarantee(
        "N7-2",
        "授予中小企业合同金额不超过采购总额",
        "由 N7-1 检查：每一类授予中小企业的金额不超过该类采购金额，因而合计也不超过总额；占比一次取整。",
    ),
    Guarantee(
        "N7-3",
        "授予小微企业合同金额不超过中小企业合同金额",
        "由 N7-1 检查；占比 = 小微企业 ÷ 中小企业，一次取整。",
    ),
    Guarantee(
        "N7-4",
        "各类采购授予中小企业金额不超过该类采购金额",
        "由 N7-1 检查；某类采购为 0 时不写该类占比，写“本年度无政府采购××支出”。",
    ),
    _narrative("N8-1", "国有资产情况与公开10表一致", "公开10表车辆数合计和大型设备数"),
    Guarantee(
        "T10-2",
        "公开10表各数为非负整数",
        "车辆和设备数量只能填报非负整数，表单、导入和数据库约束均拒绝其他值。",
    ),
    Guarantee(
        "ALL-2",
        "标题、表头、注释和情况说明中的年度一致",
        "所有年度都取自报告的年度，没有手工填写的年度。",
    ),
    Guarantee(
        "H-2",
        "目录与正文标题一致",
        "目录由正文的章节标题生成。",
    ),
    Guarantee(
        "H-3",
        "名词解释中的年度正确",
        "名词解释按报告的模板生成，其中的年度取本年和上年，只列本单位用到的科目。",
    ),
    Guarantee(
        "H-4",
        "零基数不写增减率",
        "上年数为 0 时只写金额；预算为 0 时写“未安排预算”；百分比的分母为 0 时不计算百分比。",
    ),
)
