"""Demo self-evaluation: the seed unit's project 数字化城管运行维护费 (2022).

The funds, goals and all sixteen indicators are the seed's 项目支出绩效自评表
exactly (total 98, grade 优), including its cost indicator's 147.68万 against
the 147.98 spent, which rule N9-4 reports. Two things are added or changed,
and recorded in docs/demo-data.md §7:

* the two 效益 indicators scored 4 of 5 get the deviation reason the seed
  lacks, and the reason for scoring below the formula's suggestion;
* the evaluation report's text is the seed's, with the figures that
  contradict the 自评表 (综合评价 100 分, 16357 件, 30812 件, 6 期, 90.68%,
  99.98%) replaced by the 自评表's, and without the seed's separate 绩效目标
  table and its economic breakdown (which sums to 147.68, not 148).

It also loads the sample 绩效目标 of the seed unit's 2023 预算
(demo.budget_2023.BUDGET_TARGETS). `load_performance_demo()` is idempotent:
it writes only what differs.
"""

from decimal import Decimal

from demo.budget_2023 import BUDGET_TARGETS, TARGET_DEPARTMENT, TARGET_IMPLEMENTER
from disclosure.models import Report, generated_data_reset
from performance.models import COST_LEVEL2, Indicator, Level1, Level2, Project
from performance.parsing import parse
from performance.scoring import infer_direction

SEED_UNIT = "360200105"
SEED_YEAR = 2022
BUDGET_YEAR = 2023
PROJECT_NAME = "数字化城管运行维护费"

BASIC_INFO = """（一）项目概况
鉴于数字城管新模式在全国各地城市管理工作中所取得的显著经济和社会效益，依据中共中央、国务院《关于深入推进城市执法体制改革改进城市管理工作的指导意见》和中央城市工作会议精神，遵循《关于深入推进城市执法体制改革改进城市管理工作的实施意见》和景德镇市城市管理委员会相关文件的规定和要求，在市委、市政府的重视支持和相关部门的大力配合下，我市数字城管系统和数字城市管理服务中心正式建成并投入运行。为最大限度地实现数字城管系统规范、高效运行，使数字化城管的社会效益、经济效益获得最大化，客观上就面临着运行维护这一课题。为了更好发挥系统的作用，经过多方论证，由景德镇市城管局负责，数字城市管理服务中心具体承办，依据“数字城管”统一的管理标准，具体负责对城市事件动态问题及部件完好、变更信息的限时采集；对热线投诉、视频监控、领导交办等途径反馈问题进行核查；对所发现问题结案前进行核实。
（二）项目主要内容及实施情况
一是制定项目管理工作制度，二是严格财经纪律，及时支付。
（三）项目绩效目标
总目标：加强专业人员培训，提高人员的思想和业务素质；维护数字城管系统的高效运行，能够产生最大的效益。
阶段性目标：做好智慧城管一体化升级改造后续工作，确保系统顺利完成升级；强化人员培训，增强素质及自身能力；开展数字化城市管理推广宣传。
（四）项目资金投入及使用情况
项目起止日期为2022年1月1日—2022年12月31日。项目资金收入总计148万元，全部为财政资金。
资金到位。截至2022年12月，计划资金全部到位，共计148万元。
资金使用。截至2022年12月，数字城管运行维护项目资金支出147.98万元，主要用于：数字城市管理服务中心接线员、电脑操作员、信息采集员工资和四险一金及系统维护费等。"""

EVALUATION_PROCESS = """（一）绩效评价目的、对象和范围
（1）绩效评价目的：了解2022年数字城管专项资金的使用情况和项目取得的绩效，总结项目管理成功经验，发现项目管理存在的问题，加强和规范项目资金管理，完善项目和资金管理办法，不断强化支出责任，建立科学、合理的数字城管专项绩效评价管理体系，提高数字城管专项资金的使用效益。
（2）评价对象：2022年数字化城管运行维护费。
（3）评价范围：第一，绩效目标设定情况。重点评价绩效目标设立的充分性、明确性、合理性、科学性、针对性以及细化程度，看绩效目标的设立是否符合客观实际，是否与部门（单位）履职相一致，绩效指标是否清晰、细化、可衡量。第二，资金投入和使用情况。重点评价资金分配过程、投入方式、预算执行和结果。评价资金分配过程是否科学规范，资金投入方式是否合理，预算执行进度是否按预期进行，资金使用是否经济高效。第三，实现绩效目标的制度措施。包括项目管理制度、财务管理制度、资产管理制度和绩效跟踪管理措施等是否齐全、科学、合理并得到有效实施。第四，绩效目标的实现程度和效果。评价绩效目标的实现程度，包括产出数量、产出质量、产出时效和产出成本，涉及经济效益、社会效益、可持续影响以及服务对象满意度等。
（二）绩效评价的原则、评价指标体系、评价方法和评价标准
（1）评价原则。1）原则性与灵活性相结合原则。评价不仅要遵循一般的绩效评价原则，也要根据实际情况采取变通的方法，以适应项目的具体情况。2）科学客观性原则：按照定性与定量、总量与比值相结合的方法，对数字城管专项经费的支出标准、整体水平和可持续发展状况进行客观评价。3）秉承重要性和相关性相结合的原则，择优选择能反映被评价项目实质和核心目标的内容作为评价的主要方向和侧重点。4）客观资料采集和预测、评估相结合的原则，确保绩效评价有理可循、有据可依。5）采用实地取数原则，对照绩效目标进行审核，形成结论和相关建议。
（2）评价指标体系。以财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）、《中共江西省委江西省人民政府关于全面实施预算绩效管理的实施意见》（赣发〔2019〕8号）为依据，经过研究论证，确定了评价指标体系，主要从三个方面进行评价：第一是项目立项情况，包括绩效目标设立情况、专项资金预算情况。第二是项目管理情况，包括财务管理情况和数字城管工作及管理情况：其中，财务管理情况包括专项资金财务制度健全性、资金使用合规性、资金使用效率性、财务监控有效性等内容；专项工作及其管理情况，包括工作及其措施执行性、组织科学性、工作质量及其可控性等内容。第三是项目绩效情况，包括工作及其成果和社会效益、社会影响情况。
（3）绩效评价方法。采取定量评价与定性评价相结合，以定量评价为主，无法定量的则采用定性评价。
（4）采取材料核实、选点抽查、访谈座谈、问卷调查等方式，对收集的基础材料进行严格核实分析，并对资金投入量较大的项目进行实地对照勘查，综合运用对比分析、专家评议等方法，进行分析评价。
（5）评价标准及评价等次。评价标准：以历史标准、行业标准、正常标准为主，兼顾其他标准。评价等次：分为优，得分90分及以上；良，得分在80分至90分，不含90分；合格，得分在60分以上至80分，不含80分；不合格，得分在60分以下。
（6）评价依据：1）《中华人民共和国预算法》；2）财政部《财政支出绩效评价暂行管理办法》（财预〔2011〕285号）；3）财政部《预算绩效管理的工作规划（2012-2015）》（财预〔2012〕396号）；4）财政部《预算绩效管理共性指标体系框架》（财预〔2013〕53号）；5）《江西省财政厅关于转发财政部<预算绩效评价共性指标体系框架>的通知》（赣财绩〔2013〕14号）；6）《景德镇市人民政府关于推进预算绩效管理的指导意见》（景府发〔2013〕13号）；7）《中共景德镇市委景德镇市人民政府关于全面实施预算绩效管理的实施意见》（景党发〔2019〕18号）；8）《景德镇市财政局关于开展2022年预算绩效管理有关工作的通知》（景财绩〔2023〕1号）等。
（三）绩效评价工作过程
1.明确评价对象、评价工作目标及评价要求。组成项目评价工作组，了解项目总体情况，学习绩效评价政策、评价标准，全面了解和掌握财政支出绩效评价方法和有关要求，收集相关资料，拟定评价工作方案，设计评价指标，并对评价方案不断修订和完善。
2.了解项目完成度、完成质量、组织管理等总体情况。查阅、收集有关文件、规章制度、工作台帐等评价资料；审查项目资金的透明度，了解项目机构、人员的支撑条件，调查相关管理制度是否建立健全并落实到位，根据审查结果分析项目资金到位、资金管理使用情况及组织管理水平；查看与项目相关的财务会计报表、账簿、会计凭证，了解各项收支情况、审核专款专用情况、财政资金到位情况、实际支出情况和财务管理状况；核实和统计相关数据资料，评价2022年数字化城管运行维护费项目是否达到项目预期目标；根据核实和调查情况，做好评价工作底稿。
3.对资料进行整理、分类和分析。评价组成员进一步计算统计定量指标，对定性指标做出经验判断，并运用相应的评价方法对绩效情况进行综合性评价。召开评价组会议，组织讨论，评价打分，形成评价结论，提出存在问题、建议和意见，撰写初步评价报告。"""

CONCLUSION = """根据开展绩效评价工作的有关要求，结合中心的具体情况设计了绩效评价考核指标体系，从产出指标、效益指标和满意度指标三方面进行了评价，评价结果为预算执行指标10分、产出指标45分、效益指标23分和满意度指标20分，综合评价为98分，评价结果为优。
项目执行总体情况：截至2022年12月，共受理各类案卷13580件；扩展智慧应用系统5个；编辑简报4期；案卷处理结案率99.35%；扩展智慧应用系统质量达标率100%；简报质量达标率100%；简报社会公示率100%。"""

INDICATOR_ANALYSIS = """（一）项目产出指标
1.数量指标：受理各类案卷数13580件，完成率超过100%；扩展智慧应用系统5个，完成率超过100%；编辑简报数4期，完成率100%。
2.质量指标：案卷处理结案率99.35%；扩展智慧应用系统质量达标率100%；简报质量达标率100%。
3.时效指标：业务培训及时率100%；简报编辑及时率100%。
4.成本指标：项目资金全年执行数147.98万元，执行率99.99%。
（二）项目效益指标
1.社会效益指标：推动城市管理高效、促进城市管理便捷化均已达成，简报社会公示率100%。
2.生态效益指标：促进环境质量提高。
3.可持续影响指标：加强平台队伍建设，全年开展业务培训2次。
（三）项目满意度指标
服务对象满意度指标：工作态度满意度97.78%、问题解决满意度93.47%。"""

LESSONS = """（一）优秀经验及做法
（1）多措并举，逐步推动数字城管向智慧城管升级。智慧城管建设于“智慧城市”项目建设之一，在市委、市政府、主管局的统一筹划下，不断完善43个责任部门之间的相互协调，不断加强与交警部门、社会治理、12345市长热线等指挥平台沟通互动，逐渐形成相互合作、联动处置的效果，推动大城管体制的建设。
1、建立城市管理同步指挥平台。依托数字城管升级改造，建设市、县（市、区）一体化指挥平台，建立“一级监督、两级指挥”管理体系。以智慧城管平台的基础地理信息系统、人员车辆GPS定位系统、车载视频监控系统、雪亮工程摄像头、综合执法系统等对城管力量进行统一调度，及时处理群众来电和视频监控发现的城市管理问题。做到统一指挥、迅速到位、妥善处置、及时反馈。
2、完善基础数据普查，做到管理全覆盖。二期数字城管系统的基础数据为2014年建设，由于时间远久，城市日新月异的变化，相关地理信息要素已不能满足智慧城管平台的需求。于今年11月完成优化数据普查工作，由原来建成区只覆盖昌江区、珠山区扩展至高新区、昌南拓展新区、乐平市、浮梁县，由原来建成区60平方公里增加到136平方公里，基本实现城市管理范围全覆盖。
3、完善智慧城管平台功能。城管行业数据、地理信息数据、城管事件数据、公共政务数据等对接完成，各子系统总体完成原型设计，针对各部门业务深化需求进行了功能优化，基本实现以下功能：一是通过数据普查摸清整个城市的“家底”，了解掌握城市各类部件设施情况，如公厕点位、路灯数量、井盖数量、古树名木等；二是通过接入两家环卫公司的车辆数据及运行轨迹，实现对垃圾车、清扫车、保洁车等作业情况的掌握；三是通过视频智能分析实现对垃圾桶满溢、出店经营、渣土洒落及流浪犬等城市管理乱象的实时监管；四是通过打造综合执法平台实现城管队员无纸化线上执法办案；五是通过对市区10座城市桥梁进行安装传感器，可以监测桥梁病害情况；六是通过在摄像头安装喊话设备，可以远程劝离游摊小贩、出店经营，缩减执法人力成本。
（2）推广应用“景德镇城市管家”微信公众号。景德镇城市管家系统进行了全新的升级改版，系统基于微信小程序进行开发，以提升操作体验和使用效果，具有智能化、便捷化、可视化、生动化等优点。主要新增功能有：一是事件上报更智能、更便捷，利用AI图像识别功能，上报事件只需拍事件照片，简单进行现场描述，系统会通过AI图像识别功能对上报的事件自动分类；二是留言互动功能，用户在事件地图上可查看身边发生的事件，并对事件进行留言互动，通过收集群众的反馈，更直观的掌握事件满意度和事件线索；三是进行系统数据管理及综合API数据接口建设，实现与智慧城市大数据平台的数据对接互通。
（3）加强队伍建设。一是依靠制度加强管理，相继优化《数字城管数字中心岗位职责》《数字城管指挥大厅管理制度》《信息采集员考核办法》等制度；二是定期召开中心工作人员工作例会，积极部署各项任务，明确岗位职责；三是加强业务知识培训，截至目前，已组织电脑操作员和信息采集员业务知识培训各2次。开展业务技能评比工作。一是完善督查机制，采取不定期督查，由专人负责，对区域内采集情况进行检查，重点督查采集人员到岗情况及问题漏报情况；二是开展采集业务技能评比工作，根据系统统计，对采集员上报数、核查数、及时核查数等数据进行评比，评出年度优秀采集员进行奖励，进一步调动采集员积极性，提高采集质量；三是开展优秀坐席员评比工作，结合案卷受理、派遣、结案率及文明礼貌用语等情况，评出年度优秀坐席员进行奖励，有效激发工作人员的积极性和主动性。
（4）维护和管理市局网站。安排专人对市局门户网站进行日常维护和信息更新工作。
（二）主要存在问题及原因分析
（1）单人平均巡查面积较高，难以真正做到信息巡查的全时段、全区域覆盖。
（2）预算绩效目标设置待改进。离“全覆盖、全运行、全联网”的要求有差距，项目专项支出绩效目标基础和依据不够充分，预算精确度待提高。
（3）绩效管理存在薄弱环节，跟踪存在不够及时，未形成闭环。
（4）数据统计分析，定期通报交流力度待加强。
（5）平台专业队伍建设力度待加强。
（三）相关建议
1.不断提升智慧城管服务效能。充分发挥已经建成的智慧化城市管理平台作用，利用新一代信息技术全方位多层次多角度增强城市协调统筹能力，进一步推动公共服务便捷化、城市管理精细化、生活环境宜居化，符合现代化城市发展的需要，以智慧城管为抓手，实现智慧化管理和运行，努力形成综合性城市管理数据库，推动跨部门、跨区域、跨层级的整合利用。
2.扎实配合做好各类规范文件出台。协同相关市直部门做好规范文件出台，如《景德镇市数字化城市管理各责任单位职责》《景德镇市数字化城市管理部件和事件立案、结案规范》等，理清各责任单位职责，明确处置标准和时限。
3.完善景德镇市数字化城市管理绩效考评办法。为进一步提升我市城市管理整体水平，增强责任单位管理城市的责任意识，规范数字化城市管理绩效考评工作，依据国家标准化管理委员会最新发布的数字化城市管理信息系统相关标准，结合工作实际，将对《景德镇市数字化城市管理绩效考核暂行办法》进行修改完善。
4.完成城市运行管理服务平台建设。根据住建部办公厅印发的《关于全面加快建设城市运行管理服务平台的通知》（建办督〔2021〕54号）和省住建厅2022年1号文件精神，市级运管服平台建设按照《城市运行管理服务平台技术标准》（CJJ/T312—2021）、《城市运行管理服务平台数据标准》（CJ/T545—2021）、《城市运行管理服务平台建设指南（试行）》，建设完善国家级城市运管服平台、省级城市运管服平台、市级城市运管服平台，实现三级平台互联互通、数据同步、业务协同。省级城市2022年底完成建设，设区市2023年底完成，县（市、区）市区2024年底完成建设，2025年实现“一网统管”四级联网。
5.将景德镇城市管家数据纳入常态长效创建国家文明城市考核。按照《关于严肃纪律重申路长制志愿服务要求的通知》和《关于印发路长制、社区、城中村挂点、交通志愿者服务安排表及参照标准的通知》等文件要求，落实好常态长效创建全国文明城市的工作部署，在各单位中开展“景德镇城市管家”微信公众号“随手拍”助力创建工作，将景德镇城市管家数据纳入常态长效创建国家文明城市考核，充分发挥景德镇数字城管平台的效用，进一步提升创建文明城市的群众参与度。
6.加大项目推进速度，完成项目年度预算目标。
7.切实关心关爱服务平台中心工作人员，逐步提高他们的工资待遇，尤其是为他们购买保险，以提升他们的主人翁意识，增强职业自豪感。"""

EXPECTED_GOALS = (
    "做好智慧城管一体化升级改造后续工作，确保系统顺利完成升级；"
    "强化人员培训，增强素质及自身能力；开展数字化城市管理推广宣传。"
)
ACHIEVED_GOALS = (
    "智慧城管一体化升级改造工作顺利进行；人员培训常态化；数字化城市管理推广宣传。"
)

# The seed scores these two 4 of 5 although both are 达成, and gives no reason.
BELOW_FORMULA = "指标已达成，评价组综合实际成效评定扣 1 分（自评表原评分）。"
EFFICIENCY_DEVIATION = (
    "偏差原因：指标已达成，但部分案卷处置时效不稳定，城市管理高效化仍有提升空间。"
    "改进措施：加强案卷派遣督办和结案核查，按月通报各责任单位处置时效。"
)
CONVENIENCE_DEVIATION = (
    "偏差原因：指标已达成，但“景德镇城市管家”小程序的推广范围有限，群众参与度有待提高。"
    "改进措施：加大推广宣传，完善事件上报和留言互动功能。"
)

PROJECT = {
    "position": 1,
    "department": "市城市管理局",
    "implementer": "市数字城市管理服务中心",
    "initial_fiscal": Decimal("148.00"),
    "annual_fiscal": Decimal("148.00"),
    "executed_fiscal": Decimal("147.98"),
    "initial_carryover": None,
    "annual_carryover": None,
    "executed_carryover": None,
    "initial_other": None,
    "annual_other": None,
    "executed_other": None,
    "execution_weight": Decimal("10.00"),
    "execution_score": Decimal("10.00"),
    "execution_override_reason": "",
    "expected_goals": EXPECTED_GOALS,
    "achieved_goals": ACHIEVED_GOALS,
    "basic_info": BASIC_INFO,
    "evaluation_process": EVALUATION_PROCESS,
    "conclusion": CONCLUSION,
    "indicator_analysis": INDICATOR_ANALYSIS,
    "lessons": LESSONS,
    "other_matters": "",
}

OUT, BEN, SAT = Level1.OUTPUT, Level1.BENEFIT, Level1.SATISFACTION
# (一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 调整理由, 偏差原因), as the seed's 自评表.
INDICATORS = (
    (OUT, Level2.QUANTITY, "受理各类案卷数", "12000", "13580", "5", "5", "", ""),
    (OUT, Level2.QUANTITY, "扩展智慧应用系统", "4", "5", "5", "5", "", ""),
    (OUT, Level2.QUANTITY, "编辑简报数", "4", "4", "5", "5", "", ""),
    (OUT, Level2.QUALITY, "案卷处理结案率", "95%", "99.35%", "5", "5", "", ""),
    (
        OUT,
        Level2.QUALITY,
        "扩展智慧应用系统质量达标率",
        "90%",
        "100%",
        "5",
        "5",
        "",
        "",
    ),
    (OUT, Level2.QUALITY, "简报质量达标率", "95%", "100%", "5", "5", "", ""),
    (OUT, Level2.TIMELINESS, "业务培训及时率", "100%", "100%", "5", "5", "", ""),
    (OUT, Level2.TIMELINESS, "简报编辑及时率", "100%", "100%", "5", "5", "", ""),
    (OUT, Level2.COST, "成本控制率", "148万", "147.68万", "5", "5", "", ""),
    (
        BEN,
        Level2.SOCIAL,
        "推动城市管理高效",
        "推动",
        "达成",
        "5",
        "4",
        BELOW_FORMULA,
        EFFICIENCY_DEVIATION,
    ),
    (
        BEN,
        Level2.SOCIAL,
        "促进城市管理便捷化",
        "促进",
        "达成",
        "5",
        "4",
        BELOW_FORMULA,
        CONVENIENCE_DEVIATION,
    ),
    (BEN, Level2.SOCIAL, "简报社会公示率", "=100%", "=100%", "5", "5", "", ""),
    (BEN, Level2.ECOLOGICAL, "促进环境质量提高", "促进", "促进", "5", "5", "", ""),
    (
        BEN,
        Level2.SUSTAINABLE,
        "加强平台队伍建设",
        "培训次数≥2次",
        "2次",
        "5",
        "5",
        "",
        "",
    ),
    (SAT, Level2.SATISFACTION, "工作态度满意度", "90%", "97.78%", "10", "10", "", ""),
    (SAT, Level2.SATISFACTION, "问题解决满意度", "90%", "93.47%", "10", "10", "", ""),
)


def indicator_rows() -> dict[int, dict]:
    rows = {}
    for position, row in enumerate(INDICATORS, 1):
        level1, level2, name, target, actual, weight, score, override, deviation = row
        rows[position] = {
            "level1": level1.value,
            "level2": level2.value,
            "name": name,
            "direction": infer_direction(
                parse(target), cost=level2 in COST_LEVEL2
            ).value,
            "target_text": target,
            "actual_text": actual,
            "weight": Decimal(weight),
            "score": Decimal(score),
            "override_reason": override,
            "deviation_reason": deviation,
        }
    return rows


def budget_targets() -> dict[str, tuple[dict, dict[int, dict]]]:
    """The seed unit's 2023 预算 projects: name → (project fields, indicators by position)."""
    wanted = {}
    for position, (name, (amount, goals, indicators)) in enumerate(
        BUDGET_TARGETS.items(), 1
    ):
        project = {
            "position": position,
            "department": TARGET_DEPARTMENT,
            "implementer": TARGET_IMPLEMENTER,
            "initial_fiscal": Decimal(amount),
            "expected_goals": goals,
        }
        rows = {
            number: {
                "level1": level1,
                "level2": level2,
                "name": title,
                "direction": infer_direction(
                    parse(target), cost=level2 in COST_LEVEL2
                ).value,
                "target_text": target,
                "weight": Decimal(weight),
            }
            for number, (level1, level2, title, target, weight) in enumerate(
                indicators, 1
            )
        }
        wanted[name] = (project, rows)
    return wanted


def _differs(obj, values: dict) -> bool:
    return any(getattr(obj, name) != value for name, value in values.items())


def _in_place(report, wanted: dict) -> bool:
    """Whether the report holds exactly the `wanted` projects (name → fields, indicators)."""
    projects = {p.name: p for p in Project.objects.filter(report=report)}
    if projects.keys() != wanted.keys():
        return False
    for name, (values, rows) in wanted.items():
        if _differs(projects[name], values):
            return False
        existing = {
            i.position: i for i in Indicator.objects.filter(project=projects[name])
        }
        if existing.keys() != rows.keys() or any(
            _differs(existing[position], row) for position, row in rows.items()
        ):
            return False
    return True


def _write(report, wanted: dict) -> None:
    Project.objects.filter(report=report).exclude(name__in=list(wanted)).delete()
    for name, (values, rows) in wanted.items():
        project = Project.objects.filter(report=report, name=name).first()
        if project is None:
            project = Project.objects.create(report=report, name=name, **values)
        elif _differs(project, values):
            for field, value in values.items():
                setattr(project, field, value)
            project.save()
        existing = {i.position: i for i in Indicator.objects.filter(project=project)}
        for position, row in rows.items():
            indicator = existing.pop(position, None)
            if indicator is None:
                Indicator.objects.create(project=project, position=position, **row)
            elif _differs(indicator, row):
                for field, value in row.items():
                    setattr(indicator, field, value)
                indicator.save()
        for indicator in existing.values():
            indicator.delete()


def _restore(report, wanted: dict) -> None:
    """Write `wanted` into the report when it differs.

    Facts of a published report cannot change, so when something differs the
    report is a draft for the time of the write and gets its status back after.
    """
    if _in_place(report, wanted):
        return
    # The demo replaces its own published report (`generated_data_reset`);
    # demo.loader deletes its snapshot and freezes it again.
    with generated_data_reset():
        status = report.status
        reports = Report.objects.filter(pk=report.pk)
        reports.update(status=Report.Status.DRAFT)
        try:
            _write(report, wanted)
        finally:
            reports.update(status=status)


def load_performance_demo() -> Project | None:
    """Create or restore the seed project on the seed unit's 2022 report (if loaded),
    and the 绩效目标 of its 2023 预算 (if loaded). Returns the 2022 project."""
    budget = Report.objects.filter(
        unit__code=SEED_UNIT,
        fiscal_year__year=BUDGET_YEAR,
        kind=Report.Kind.BUDGET,
        revision=1,
    ).first()
    if budget is not None:
        _restore(budget, budget_targets())
    report = Report.objects.filter(
        unit__code=SEED_UNIT,
        fiscal_year__year=SEED_YEAR,
        kind=Report.Kind.FINAL,
        revision=1,
    ).first()
    if report is None:
        return None
    _restore(report, {PROJECT_NAME: (PROJECT, indicator_rows())})
    return Project.objects.get(report=report)
