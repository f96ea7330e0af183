"""Reference data (years, classification codes), reports and their facts.

One module each: `reference` (years, codes), `reports` (the report, its
workflow state and the locks past draft), `facts` (each figure stored once),
`review` (审核 explanations, status moves), `reminders` (催办 sent),
`snapshots` (what a publication freezes). Everything is importable from here.
"""

from disclosure.models.consolidation import (  # noqa: F401
    ConsolidationAdjustment,
    ConsolidationMember,
)
from disclosure.models.facts import (  # noqa: F401
    EXPENDITURE_FIELDS,
    FISCAL_FIELDS,
    INCOME_FIELDS,
    PROCUREMENT_FIELDS,
    REASON_KEY_PATTERN,
    REASON_MAX_LENGTH,
    THREE_PUBLIC_FIELDS,
    THREE_PUBLIC_ITEMS,
    AssetHolding,
    Balances,
    BasicExpenditureLine,
    DraftOnly,
    ExpenditureLine,
    FactLine,
    FactQuerySet,
    FiscalExpenditureLine,
    Fund,
    IncomeLine,
    OperatingExpense,
    PriorYearFigure,
    Procurement,
    Reason,
    ReportFact,
    ReportFacts,
    ThreePublicExpenses,
    non_negative,
)
from disclosure.models.reference import (  # noqa: F401
    ECONOMIC_CODE_PATTERN,
    FUNCTION_CODE_PATTERN,
    CodeCrosswalk,
    EconomicCode,
    FiscalYear,
    FunctionCode,
)
from disclosure.models.reminders import Reminder  # noqa: F401
from disclosure.models.reports import (  # noqa: F401
    DEPARTMENT_FIGURES_REFUSED,
    Report,
    ReportLocked,
    ReportQuerySet,
    ensure_facts_editable,
    ensure_reports_editable,
    generated_data_reset,
    profile_lock_message,
    status_transition,
    validate_template_code,
)
from disclosure.models.review import (  # noqa: F401
    ReviewLog,
    RuleExplanation,
)
from disclosure.models.snapshots import (  # noqa: F401
    Frozen,
    FrozenQuerySet,
    PublicGeneration,
    SnapshotFigures,
    SnapshotFile,
    YearArchive,
    snapshot_upload_to,
)
