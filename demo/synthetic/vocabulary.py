"""Names and wording of the synthetic set: departments, kinds of units, bodies, reasons."""

from dataclasses import dataclass

from units.models import Unit

VEHICLE_CATEGORIES = (
    "vehicles_law_enforcement",
    "vehicles_emergency",
    "vehicles_special",
    "vehicles_confidential",
    "vehicles_other",
)

UNIT_TYPE_WEIGHTS = (
    (Unit.UnitType.ADMINISTRATIVE, 10),
    (Unit.UnitType.CIVIL_SERVANT_MANAGED, 15),
    (Unit.UnitType.PUBLIC_WELFARE_1, 45),
    (Unit.UnitType.PUBLIC_WELFARE_2, 25),
    (Unit.UnitType.OTHER, 5),
)

# Social security and housing codes nearly every unit carries, by kind of unit.
ADMINISTRATIVE_COMMON = (
    "2080501",
    "2080505",
    "2080506",
    "2101101",
    "2101103",
    "2210201",
)

PUBLIC_SERVICE_COMMON = ("2080502", "2080505", "2080506", "2101102", "2210201")
# 基本工资, 津贴补贴, 养老保险缴费, 住房公积金: every unit pays them.
CORE_PERSONNEL = ("30101", "30102", "30108", "30113")

BODY_NAMES = (
    "办公室",
    "财务科",
    "人事科",
    "综合科",
    "法规科",
    "信息科",
    "业务一科",
    "业务二科",
    "规划发展科",
    "监督检查科",
    "后勤服务科",
    "党建工作科",
)

CHANGE_REASONS = {
    True: (
        "业务工作量增加，相应支出增加",
        "调整工资标准和社会保障缴费基数",
        "新增项目任务",
    ),
    False: (
        "压减一般性支出",
        "部分项目已于上年完成",
        "人员减少，相应支出减少",
    ),
}

BUDGET_REASONS = {
    True: ("年中追加项目经费", "执行中新增工作任务", "上年结转资金在本年支出"),
    False: (
        "厉行节约，压减一般性支出",
        "部分项目未完成支付，结转下年",
        "政府采购节约资金",
    ),
}

THREE_PUBLIC_BUDGET_REASONS = {
    True: ("年中公务活动增加", "车辆老化，维修费用增加"),
    False: ("严格执行中央八项规定精神，厉行节约", "压减公务接待和公务用车开支"),
}

ACTIVITIES = {
    "abroad": "赴外学习交流和业务考察",
    "reception": "接待上级部门业务检查和调研",
}


@dataclass(frozen=True)
class Area:
    """A department's field: its 功能分类 类 and the kinds of units under it."""

    department: str
    classes: tuple[str, ...]
    kinds: tuple[str, ...]
    duty: str


AREAS = (
    Area(
        "城市管理局",
        ("212", "224"),
        ("数字城市管理服务中心", "市政设施管理所", "园林绿化管理处", "环境卫生管理处"),
        "城市管理、市政设施运行维护和城市环境卫生",
    ),
    Area(
        "教育局",
        ("205", "208"),
        ("第一中学", "实验小学", "职业技术学校", "教育考试中心", "幼儿园"),
        "教育教学和学生资助",
    ),
    Area(
        "卫生健康委员会",
        ("210", "208"),
        ("人民医院", "疾病预防控制中心", "妇幼保健院", "卫生健康监督所"),
        "医疗卫生服务和公共卫生",
    ),
    Area(
        "农业农村局",
        ("213", "211"),
        ("农业技术推广中心", "水产技术推广站", "动物疫病预防控制中心"),
        "农业技术推广和农村发展",
    ),
    Area(
        "交通运输局",
        ("214", "212"),
        ("公路事业发展中心", "道路运输服务中心", "港航管理所"),
        "公路养护和道路运输管理",
    ),
    Area(
        "文化广电旅游局",
        ("207", "205"),
        ("图书馆", "博物馆", "文化馆", "广播电视台"),
        "公共文化服务和文物保护",
    ),
    Area(
        "人力资源和社会保障局",
        ("208", "201"),
        ("就业服务中心", "社会保险服务中心", "劳动人事争议仲裁院"),
        "就业服务和社会保险经办",
    ),
    Area(
        "生态环境局",
        ("211", "213"),
        ("环境监测站", "生态环境保护综合执法支队"),
        "生态环境监测和执法",
    ),
    Area(
        "公安局",
        ("204", "201"),
        ("派出所", "交通警察支队", "警务保障中心"),
        "治安管理和交通管理",
    ),
    Area(
        "财政局",
        ("201", "229"),
        ("财政投资评审中心", "国库支付中心", "非税收入管理中心"),
        "财政资金管理和投资评审",
    ),
    Area(
        "科学技术局",
        ("206", "215"),
        ("科技情报研究所", "生产力促进中心"),
        "科技服务和成果转化",
    ),
    Area(
        "自然资源和规划局",
        ("220", "212"),
        ("不动产登记中心", "测绘院", "土地储备中心"),
        "自然资源管理和不动产登记",
    ),
    Area(
        "住房和城乡建设局",
        ("221", "212"),
        ("住房保障服务中心", "建设工程质量安全监督站"),
        "住房保障和建设工程监督",
    ),
    Area(
        "应急管理局",
        ("224", "201"),
        ("应急救援指挥中心", "安全生产执法支队"),
        "应急救援和安全生产监管",
    ),
    Area(
        "商务局",
        ("216", "215"),
        ("招商服务中心", "口岸服务中心"),
        "招商引资和商贸流通服务",
    ),
    Area(
        "民政局",
        ("208", "229"),
        ("社会福利院", "救助管理站", "殡葬服务中心"),
        "社会救助和社会福利",
    ),
)
