"""The demo preparer's own draft: the seed unit's 2023 report, not yet complete.

The demo user `kuaiji` prepares the seed unit's reports, whose 2021 and 2022
reports are published; this draft gives that user a report to complete and
submit. It is sample data: the 2022 figures carried forward, with one added
post (in service 10 → 11) paid from the 城市管理事务 line, so that totals, the
fund balances and the year-over-year changes stay consistent. Its balances
continue the 2022 closing balances.

Reasons are stored only for the items whose figures did not move; the reasons
for the changes (income, spending, closing balance, 301 wages) are left for the
preparer to write, as the 审核检查 page asks.

No official 2023 code list is bundled; the 2022 lists stand in for it, as they
do for 2021 (`CODE_LIST_SOURCE_YEAR`).
"""

from dataclasses import replace

from demo.jingdezhen import SEED_2022
from demo.specs import DRAFT
from disclosure.models import Fund

DRAFT_NOTE = (
    "【示例数据】本年度决算为演示用途拟定：沿用本单位2022年度决算的数字，"
    "增加一名在职人员的工资福利支出，不代表本单位的真实决算。"
)

# The new post costs 12.60 (万元) of wages (30101) on 2120199, from the general
# budget: income, basic spending, the fiscal line and 301 each rise by 12.60.
SEED_2023 = replace(
    SEED_2022,
    year=2023,
    status=DRAFT,
    note=DRAFT_NOTE,
    approval_date=None,
    income={
        **SEED_2022.income,
        "2120199": {"general_budget": "300.62", "other": "17.94"},
    },
    expenditure={
        **SEED_2022.expenditure,
        "2120199": {"basic": "124.06", "project": "176.47"},
    },
    # Its 年初预算数 are read from the unit's published 2023 预算
    # (demo/budget_2023.py), not typed here.
    fiscal={
        Fund.GENERAL: {
            code: (basic, project, "0", opening, closing)
            for code, (basic, project, _, opening, closing) in {
                **SEED_2022.fiscal[Fund.GENERAL],
                # Opening is the 2022 closing (18.16); +0.20 carried over again.
                "2120199": ("124.06", "176.36", "0", "18.16", "18.36"),
            }.items()
        },
    },
    basic={**SEED_2022.basic, "30101": "42.24"},
    # 35.99 (2022 closing) + 347.88 income − 329.85 spending.
    balances={"opening_total": "35.99", "closing_total": "54.02"},
    # The 2022 report's figures, as its 公开 tables print them.
    prior={
        "income_grand_total": "353.24",
        "opening_total": "17.96",
        "income_total": "335.28",
        "expenditure_grand_total": "353.24",
        "expenditure_total": "317.25",
        "closing_total": "35.99",
        "fiscal_expenditure_total": "317.14",
        "basic_301": "118.24",
        "basic_302": "16.34",
        "basic_303": "0.00",
        "basic_310": "6.20",
        "three_public_total": "2.45",
        "three_public_abroad": "0.00",
        "three_public_reception": "0.00",
        "three_public_vehicle_purchase": "0.00",
        "three_public_vehicle_operation": "2.45",
    },
    reasons={
        key: text
        for key, text in SEED_2022.reasons.items()
        if key
        not in {
            "income_total",
            "expenditure_total",
            "closing_total",
            "basic_class:301",
            "three_public:vehicle_operation:yoy",
        }
    },
)
