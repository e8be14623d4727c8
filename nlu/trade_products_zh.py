"""Chinese product nouns of trades the machine-and-device heads in `parsing.products` miss.

New writers sell medicines (医药代表: "阿莫西林胶囊", "局麻针剂", "氯吡格雷", "头孢"), bank
products (客户经理: "流动资金授信", "供应链融资", "代发工资"), freight (跨境物流: "整柜运输") and
car parts ("刹车片", "减震器总成"), building materials ("瓷砖", "地坪漆", "石膏板", "防水卷材"),
packaging ("月饼礼盒", "瓶标") and farm supplies ("有机肥", "地膜"); a northern rep calls a
machine tool a "床子" and a container a "柜子". The names end in the kind of thing — a dosage
form, a drug family's ending, a kind of credit or freight, a part, a material — and the words
before it name it, read exactly as the machine names are (`parsing.products.zh_product_phrases`)."""

from __future__ import annotations

# Heads that end a name; tried before the machine heads, so "床子" wins over "床".
TRADE_HEADS = (
    # dosage forms and medicines
    "胶囊|针剂|粉针|水针|注射液|注射剂|口服液|冻干粉|软膏|滴眼液|原料药|制剂|疫苗|胰岛素|"
    # a drug family by its ending: 阿莫西林, 左氧氟沙星, 泮托拉唑, 氯吡格雷, 阿托伐他汀, 头孢…
    "(?<=[\u4e00-\u9fff])(?:西林|沙星|拉唑|格雷|他汀|霉素|地平|洛尔|普利|沙坦)|头孢|"
    # credit and banking products
    "授信|融资|贷款|代发工资|保函|承兑汇票|信用证|"
    # freight sold as a service
    "(?<=[柜箱车])运输|海运|空运|"
    # parts: 刹车片, 减震器总成; northern "床子"
    "(?<=[\u4e00-\u9fff])片(?![区子刻])|总成|床子|柜子|箱子|"
    # building materials: 瓷砖, 地坪漆, 石膏板, 幕墙铝板, 防水卷材, PVC管件
    # (never 老板, 板块, 样板学校)
    "(?<=[\u4e00-\u9fff])砖|(?<=[\u4e00-\u9fff])漆(?!黑)|(?<!老)板(?![块子学房间])|卷材|管件|"
    "染料|水泥|钢筋|"
    # packaging and labels: 月饼礼盒, 瓶标, 不干胶标签; farm supplies: 有机肥, 地膜, 农药
    "礼盒|瓶标|标签|(?<=[\u4e00-\u9fff])肥(?!料)|肥料|地膜|农药|种子|"
    # benches a school or lab buys: 学生分组实验台, 操作台
    "实验台|操作台|工作台"
)

# Heads that name a product alone ("我们的头孢已经挂网了", "原料药年度框架协议").
TRADE_WHOLE = frozenset(
    {"头孢", "原料药", "疫苗", "胰岛素", "代发工资", "瓷砖", "水泥", "钢筋", "染料", "地膜", "农药"}
)

# Kinds of thing after a name that still end one name: "减震器总成" is the assembly.
TRADE_KIND_WORDS = frozenset({"总成"})

# Words ending like a product that are not one.
TRADE_NOT_PRODUCTS = (
    "名片",
    "照片",
    "图片",
    "卡片",
    "相片",
    "影片",
    "大片",
    "唱片",
    "一片",
    "片片",
)

# Verbs of a rep's work said right before the name: "确认原料药…", "提交头孢的资料".
TRADE_CUT = "确认|提交|推广"
