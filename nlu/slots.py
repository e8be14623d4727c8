"""Deterministic slot extractors: phone, e-mail, ticket number, priority, ticket status,
interaction type and contacts (张总, 李经理, Mr. Smith). Patterns first, as in Snips NLU:
they are exact where they fire, and the trained classifier never has to learn them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from nlu.cn_numerals import parse_chinese_number
from nlu.interaction_kinds import outranking_kind, said_kind
from nlu.new_customers_zh import labelled_people
from nlu.regex_scout import scouted

PHONE = scouted(
    r"(?<![0-9A-Za-z+])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)"  # Chinese mobile
    r"|(?<![0-9A-Za-z+])(?:\+?86[\s-]?)?0\d{2,3}[\s-]?\d{7,8}(?!\d)"  # Chinese landline
    r"|(?<![0-9A-Za-z])\+\d{1,3}[\s-]?(?:\(?\d{1,4}\)?[\s-]?){2,4}\d{2,4}(?!\d)"  # international
    # national numbers as English speakers group them: "07 5443 2100", "0412 345 678",
    # "020 7946 0958", "(312) 555-0142", "312-555-0142"
    # (a comma or full stop after one ends it: "phone 0903 112 456, email …"; "1,200" is no number)
    r"|(?<![0-9A-Za-z+$£€.,])0\d{1,4}[\s-]\d{3,4}[\s-]?\d{3,4}(?!\d|[.,]\d)"
    r"|(?<![0-9A-Za-z+$£€.,])(?:\(\d{3}\)\s?|\d{3}-)\d{3}-\d{4}(?!\d|[.,]\d)"
    # "theyre on 312 555 0188": the American grouping said with spaces
    r"|(?<![0-9A-Za-z+$£€.,])\d{3}\s\d{3}\s\d{4}(?!\d|[.,]\d)"
    # a Singapore mobile, eight digits in two fours, after a label or a name's comma:
    # "contact Wong Mei Xin, 9123 4567", "hp 8123 4567"
    r"|(?i:(?<=[a-z],\s)|(?<=\bhp\s)|(?<=\btel\s)|(?<=\bmobile\s)|(?<=\bphone\s)"
    r"|(?<=\bnumber\s)|(?<=\bmob\s)|(?<=\bph\s))"
    r"[89]\d{3}\s\d{4}(?!\d|[.,]\d)"
    # a Hong Kong number, eight digits, after 电话/手机: "手機 9123 4567"
    r"|(?:(?<=[话话機机話])|(?<=[话機机話][:：\s]))[2-9]\d{3}[\s-]?\d{4}(?![\d.,])"
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
TICKET = scouted(
    # "T-3087", "T 3087", dictated "T - 3156", "T杠5207" (the hyphen dictated as a word)
    r"(?<![A-Za-z0-9])[Tt](?:\s?[-–]\s?|\s?横?杠\s?|\s)?(?P<a>\d{3,7})(?!\d)"
    r"|(?P<b>\d{3,7})\s*号?\s*(?:工单|单子|ticket)"
    r"|(?:工单|单号|(?<![A-Za-z])(?:ticket|tkt|case|incident)(?:\s*(?:no\.?|number|num|nr))?\s*#?|#)"
    r"\s*(?P<c>\d{3,7})(?!\d)",
    re.IGNORECASE,
)

# Ordered by strength, the qualified and negated phrases first: "not urgent" is low, "fairly
# urgent" and "很着急" high, "低优先级" low although it holds "优先".
_PRIORITY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "low",
        (
            "不急", "不着急", "不太急", "不算急", "不算着急", "不是很急", "不用急", "不紧急",
            "不緊急",
            "not urgent", "nothing urgent", "not very urgent", "not so urgent", "isn't urgent",
            "no hurry", "not in a hurry",
            "not critical", "not that urgent", "not a priority", "no rush", "低优先",
            # "优先级低", "优先级：低": the level said after the word (before "优先" reads high)
            "优先级低", "优先级:低", "优先级：低", "优先级为低", "优先级设低",
            # hedged or Cantonese: "没那么急", "不用太急", "唔急", "慢慢来"
            "没那么急", "不那么急", "不用太急", "不是特别急", "不太着急", "不怎么急", "唔急",
            "唔使急", "不赶", "慢慢来",
            "not a big deal", "no big deal", "not a huge deal", "not a big issue",
            "low priority", "low prio",
        ),
    ),
    (
        "high",
        (
            "有点急", "有点着急", "比较急", "比较着急", "挺急", "挺着急", "很着急", "高优先",
            "蛮急", "高优",
            "fairly urgent", "quite urgent", "kind of urgent", "kinda urgent", "somewhat urgent",
            "a bit urgent", "high priority", "high prio",
        ),
    ),
    (
        "normal",
        (
            "一般优先", "优先级一般", "普通优先", "普通工单", "普通单子", "一般工单", "中优先",
            "降为一般", "降成一般", "改为一般",
            "改成一般", "调成一般", "调为一般", "normal priority", "medium priority",
            "priority normal", "standard priority",
        ),
    ),
    (
        "urgent",
        (
            # northern "贼急", "老急了"; someone found at once, "赶紧找人去"
            "贼急", "老急了", "赶紧找人", "赶快找人", "马上找人",
            "非常紧急", "特别急", "十万火急", "急得不行", "急得很", "急死了", "很急", "紧急",
            # Cantonese "好急", Taiwan "緊急"
            "好急", "緊急",
            # as soon as it can be: "越快越好", "第一时间处理"
            "越快越好", "第一时间", "急用",
            "加急",
            "急急", "火急", "马上处理", "赶紧处理", "赶快处理", "立刻处理", "立即处理",
            # "赶紧派人", "赶快派个人过来": someone sent at once
            "赶紧派", "赶快派", "马上派人", "立刻派人",
            # "现在 马上 要工程师": someone wanted this minute
            "现在马上", "现在 马上", "马上要人", "马上要工程师", "马上要师傅",
            "urgent", "urgently", "emergency", "critical",
            "right away", "immediately", "asap", "p1", "sev1", "sev 1", "top priority",
        ),
    ),
    (
        "high",
        (
            "着急", "尽快", "优先", "重要", "抓紧", "催得紧", "催得急", "important", "soon as",
            "p2", "sev2",
            "sev 2",
        ),
    ),
    ("low", ("有空再", "whenever", "p4")),
)  # fmt: skip

# Ordered by strength: a note that says both "fixed" and "you can close it" closes the ticket.
_STATUS_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "reopened",
        (
            "重新打开", "重开", "重新开", "又出现", "复发", "又坏了", "又报", "又说不行", "又不行",
            "还是不行", "又出问题", "问题没解决", "没解决", "又登不上", "又跳", "又来了", "又掉线",
            "又黑", "又死机", "又不上传", "又不同步", "又卡", "reopen", "re-open", "reopened",
            "happening again", "broken again", "still broken", "not fixed", "came back",
            "back again", "same issue again", "same problem again", "recurred",
            "recurring", "recurs", "still not working", "still down", "still offline",
            "happened again", "failing again", "down again", "offline again", "open it again",
            "reopen it",
            "back open", "open again", "re-opened", "issue is back", "problem is back",
            "fault is back", "error is back", "didn't hold", "didnt hold", "not resolved",
            "又出现了", "又出毛病", "又开始", "又有问题",
        ),
    ),
    (
        "closed",
        (
            "关闭", "关掉", "关了", "关单", "结单", "可以结", "结了吧", "可以关", "直接关",
            "close it", "closed",
            "close ticket", "close the ticket", "close this", "close that", "can be closed",
            "go ahead and close", "closing it", "closing now", "closing the ticket",
            "please close", "close t-", "close #", ", closing", "close it out", "close out",
            "you can close", "mark it closed", "mark as closed", "mark it as closed",
            "close the case", "closing", "close off",
            # "已闭环", "闭环了": the service desk's word for a ticket closed; "结案"
            "闭环", "結案", "结案",
            "pls close", "plz close", "ok to close", "okay to close", "can close",
        ),
    ),
    (
        "resolved",
        (
            "已解决", "解决了", "已经解决", "修好了", "搞定了", "搞定", "处理好了", "已处理",
            "恢复正常", "现在正常", "正常了", "已更换",
            "已修复",
            "修复了", "恢复了", "已恢复", "弄好了", "已经好了", "resolved", "fixed", "solved",
            "sorted", "working again", "back up", "back to normal", "done", "patch applied",
            "fix applied", "all good", "working fine", "works now", "working now",
            "back online", "up and running", "fine now", "ok now", "okay now", "all fixed",
            "sorted now", "all sorted", "completed", "mark it done", "mark as done",
            "mark it resolved", "mark as resolved", "mark it as resolved", "no longer",
            "resolve t-", "resolve #", "resolve ticket", "resolve it",
            "replaced the", "swapped the",
            "已完成", "完成了", "处理完", "弄完了", "搞好了", "换好了", "装好了", "调好了",
            "，好了", ", 好了", "好了。", "all working", "working properly", "fixed now",
            "is fine now", "现在好了",
            # Cantonese "搞掂" (搞定), "整好咗", "整返好"
            "搞掂", "搞惦", "整好咗", "整返好",
        ),
    ),
    (
        "in_progress",
        (
            "处理中", "在处理", "正在处理", "正在更换", "更换中", "跟进中", "已派工", "派工",
            "在排查", "排查中", "在路上", "已受理", "已安排", "到现场", "上门", "备件到了",
            # "師傅已經在現場了": someone of ours is there now
            "在现场", "在現場",
            # "师傅已经在查了", "正在修": the fault being looked into now
            "已经在查", "在查了", "正在查", "在修了", "正在修",
            "配件到了", "配件已到", "零件到了", "安排师傅", "师傅过去", "師傅過去",
            "in progress", "working on", "looking into", "on it", "on site", "on the way",
            "investigating", "assigned", "waiting on", "waiting for", "parts arrived",
            "replacing", "fitting", "engineer booked", "engineer scheduled", "engineer visiting",
            "engineer on site", "engineer coming", "engineer dispatched", "tech on site",
            "engineer's going", "engineer is going", "engineer going", "engineer's heading",
            "engineer is heading", "engineer heading",
            "escalated", "being looked at", "parts ordered", "ordered parts", "派人", "工程师",
            "being worked on", "being looked into", "looking at it", "someone's on it",
            "someone is on it", "on his way", "on her way", "on their way", "en route",
            "awaiting", "on hold", "pending customer", "pending the customer", "pending parts",
            "pending response", "pending a response", "pending their",
            "挂起", "暂停处理", "等客户", "等备件", "等配件", "等厂家", "等回复", "等对方",
            "待客户", "还在修", "还在处理", "还没回复", "没回音", "在等", "still waiting",
            "waiting to hear", "put on hold", "still working on",
        ),
    ),
)  # fmt: skip
_STILL_FAILING = re.compile(
    r"\bstill\s+(?:not|isn'?t|aren'?t|won'?t|wont|can'?t|cant|doesn'?t|don'?t|failing|broken|"
    r"dead|faulty|dropping|crashing|freezing|throwing|showing|reading|alarming|rebooting)\b",
    re.IGNORECASE,
)
_AGAIN = re.compile(r"\bagain\b|又(?:坏|出|不|掉|黑|死|卡|报|跳|漂|断|停|误)", re.IGNORECASE)
# "先观察两天再关": closing later is not closing now.
# A ticket note that is only 完成 ("T-2201 完成", "2201：完成"): the work is done; not
# "年底前要完成", "把安装完成".
_DONE_AT_END = scouted(r"(?:^|[\s,，:：、零〇一幺二两三四五六七八九]|\d)完成\s*[。！!.~]*\s*$")
# "T-3120 好了👍", "3120 整好了": a ticket note that is only "it's fine now", emoji after it.
_FINE_AT_END = re.compile(
    r"(?:^|(?<=[\s,，:：\d]))(?:好了|好啦|整好了|弄好了|没毛病了)(?:[^\w]|_)*$"
)
_LATER_CLOSE = re.compile(
    r"(?:再|之后|以后|[天周月]后|then|later)\s*(?:关|close)"
    # "close it later if no complaints", "close it once they confirm": not yet
    r"|\bclose\s+(?:it|this|that|the ticket)?\s*(?:later|once|after|when|if|tomorrow|next)\b",
    re.IGNORECASE,
)

_INTERACTION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "visit",
        (
            "拜访",
            "上门",
            "去了",
            "见了",
            # Cantonese and Taiwan: "今日去咗…見咗何生", "拜訪"
            "去咗",
            "見咗",
            "见咗",
            "見了",
            "拜訪",
            "上門",
            "出来",
            "现场",
            "visited",
            "visit",
            "met ",
            "dropped by",
            "dropped in",
            "popped in",
            "popped by",
            "popped over",
            "swung by",
            "stopped by",
            "went out to",
            "went over to",
            "went down to",
            "went round to",
            "went to see",
            "i saw",
            "on site",
            "onsite",
            "finished up at",
            "just finished at",
            "dropped into",
            "popped into",
        ),
    ),
    (
        "meeting",
        (
            "开会",
            "会议",
            "视频会",
            "线上会",
            "开了个会",
            "对接会",
            # a meal, a tour, a fair, a quick meeting in person: met, not visited
            "吃饭",
            "吃了顿饭",
            "吃了个饭",
            "吃了饭",
            "吃飯",
            "食饭",
            "食飯",
            "食完饭",
            "食完飯",
            "食咗饭",
            "食咗飯",
            "開會",
            "會議",
            "視訊",
            "喝茶",
            "参观",
            "展会",
            "碰了个面",
            "碰了个头",
            "meeting",
            "video call",
            "zoom",
            "teams call",
        ),
    ),
    (
        "call",
        (
            "电话",
            "打给",
            "来电",
            "電話",
            "來電",
            "打嚟",
            "打來",
            "通话",
            "致电",
            "called",
            "phoned",
            "call with",
            "rang",
            "phone call",
            "call from",
            "off the phone",
            "voicemail",
            "left vm",
            "left a vm",
            "left a message",
            "on the call",
            # "spoke to Priya at Pemberton": talked, by phone unless a visit or meeting is named
            "spoke to",
            "spoke with",
            "talked to",
            "talked with",
        ),
    ),
    (
        "message",
        (
            "微信",
            "钉钉",
            "飞书",
            "企微",
            "短信",
            "邮件",
            "发了",
            "留言",
            "wechat",
            "emailed",
            "texted",
            "messaged",
            "email",
            # "WhatsApp from Marcus", "text from Sam", "Teams msg from Anna": a message came in
            "whatsapp",
            "whatsapped",
            "whatsapp'd",
            "text from",
            "msg",
            "message from",
            "sms",
        ),
    ),
)

# The common surnames (about 99% of people in China); a title after one of them is a contact.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝楼萧"
    # as typed in Taiwan and Hong Kong
    "張劉陳楊黃趙吳孫馬許鄭謝韓馮鄧葉蘇呂盧鍾譚陸賈鄒龍顧龔湯喬龐聶魯歐紀駱饒麥衛鄺樓蕭"
)
# Chinese surnames as English text spells them ("manager zhang"); ambiguous English words
# (he, ma, yu, long, fan) are left out.
PINYIN_SURNAMES = tuple(
    """zhang wang li liu chen yang zhao huang zhou wu xu sun zhu gao lin guo luo liang song
    zheng xie han tang feng dong xiao cheng cao yuan deng fu shen zeng peng lv lu su jiang cai
    jia ding wei xue yan pan du dai xia zhong tian ren fang shi yao tan liao zou xiong jin hao
    kong bai cui kang mao qiu qin gu hou shao meng duan lei qian yin qiao lai gong wen pang niu
    hu ho wong chan lee lim tan ng teo goh koh lau leung cheung""".split()
)
_SURNAMES_EN = tuple(
    """smith jones brown taylor wilson evans thomas johnson roberts walker wright robinson thompson
    white hughes edwards green hall wood harris lewis martin jackson clarke clark turner hill scott
    cooper morris ward moore king watson baker harrison morgan patel young allen mitchell anderson
    phillips bell parker davies kelly bennett cole grant brooks foster mills owen walsh lowe wong
    ong chua koh goh teo ng kaur singh shah rahman ibrahim kumar sharma gupta khan ali hussain
    murphy obrien ryan campbell stewart reid murray fraser""".split()
)
COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "令狐",
    "长孙",
    "宇文",
)
TITLES = (
    "总经理|董事长|董(?!事)|总裁|总监|经理|主任|总|工程师|工|师傅|专员|顾问|老师|医生|大夫|院长|博士|教授|处长|科长|局长|部长|主管|"
    "助理|小姐|女士|先生|老板|律师|会计|秘书|组长|厂长|校长|行长|护士长|所长|店长|园长|站长|书记|"
    # the same titles as Taiwan and Hong Kong type them: "何總", "林經理", "趙校長"
    "總經理|董事長|董(?!事)|總裁|總監|經理|總|工程師|師傅|專員|顧問|老師|醫生|院長|處長|科長|局長|部長|"
    "會計|秘書|組長|廠長|校長|行長|護士長|所長|店長|園長|站長|書記|老闆|"
    # Taiwan's 協理 (assistant general manager)
    "協理|协理"
)
CONTACT_ZH = scouted(
    rf"(?P<name>(?:{'|'.join(COMPOUND_SURNAMES)}|[{SURNAMES}])[\u4e00-\u9fff]?)(?P<title>{TITLES})"
    # 刘姐, 陈哥: an older colleague called by surname, with no given name between
    rf"|(?P<name2>[{SURNAMES}])(?P<title2>姐|哥)(?!们)"
    # 陈生, 黄太: Cantonese Mr and Mrs by surname alone, after a verb or 的/嘅 (见陈生, 同黄生)
    # or before what they did or a break (陈生说…); not 卫生, 学生, 医生, 生产, 生日, 太多
    rf"|(?:(?<=[见見同跟搵揾问問叫畀俾的嘅和与咗了])"
    rf"|(?<![卫学医先花发产人新毕余考师招众终一天原书后])(?!卫生|毕生|余生|平生|花生|终生)"
    rf"(?=[{SURNAMES}][生太](?:[刚啱说讲问打来去约今昨明那这也又已都要想让话，,。；;\s]|[A-Za-z]|$)))"
    rf"(?P<name3>[{SURNAMES}])(?P<title3>生|太)"
    r"(?![产產日意活命物态態病气氣效成长長鲜鮮阳陽多少大小久快慢贵貴好难難忙远遠晚早])"
)
# One word of a name: "O'Brien", "o'connor", "D'Souza", "Lim-Tan", "Mary-Jane".
# "McAllister", "MacLeod", "DiMarco", "DeLuca": a capital inside the surname.
_INNER_CAPITAL = r"(?:(?<=Mc)|(?<=Mac)|(?<=Di)|(?<=De)|(?<=La)|(?<=Le))[A-Z][a-z]+"
_NAME_WORD = rf"(?:[OoDd]['’])?[A-Za-z][a-z]+(?:{_INNER_CAPITAL})?(?:-[A-Za-z][a-z]+)?"
_CAPITAL_WORD = rf"(?:[OD]['’])?[A-Z][a-z]{{2,}}(?:{_INNER_CAPITAL})?(?:-[A-Z][a-z]+)?"
_NEXT_CAPITAL_WORD = rf"(?:[OD]['’])?[A-Z][a-z]+(?:{_INNER_CAPITAL})?(?:-[A-Z][a-z]+)?"
# Words inside a full name: "Ahmad bin Ismail", "Nurul binti Hassan", "Pieter van der Berg".
_NAME_PARTICLE = r"(?:(?:bin|binti|bte|van|von|der|den|de|da|del|dos|du|al)\s+){0,2}"
_NAME_ENDS = (
    r"(?i:of|from|at|and|or|the|in|on|to|is|was|re|about|with|for|he|she|said|says|"
    # what the person did or is, said straight after the name: "ms cruz interested in …"
    r"interested|wants|wanted|asked|mentioned|confirmed|agreed|complained|called|rang|"
    r"will|would|can|could|who|ok|okay|happy|not)\b"
)
CONTACT_EN = scouted(
    r"(?<![A-Za-z])(?P<title>(?i:Mr|Mrs|Ms|Miss|Dr|Prof|doctor|professor|mister|"
    # Malay titles and a ward's nurse, as Singapore reps dictate them ("encik rahman", "nurse
    # joyce"); not a nurse call system, nor the chief nurse who rang
    r"encik|puan|madam|"
    # Philippine reps' "Ma'am Santos", and "sir Reyes said" (a bare "Dear sir," or "sir po"
    # names nobody)
    r"ma['’]?am|sir(?=\.?\s+[A-Za-z][a-z]+(?:\s+[A-Za-z][a-z]+)?\s+(?:said|says|told|asked|"
    r"wants|mentioned|called|from|of)\b)|(?<!chief\s)(?<!head\s)(?<!charge\s)(?<!senior\s)"
    r"nurse(?!\s+(?:call|station|rang|called|said|says|wants)s?\b))"
    # an engineer's title, as Gulf and Nigerian reps write it: "Eng. Khalid", "Engr Bello"
    r"|Eng(?=\.\s)|Engr)\.?\s+"
    # not "Mr. and Mrs. Tan" read as Mr "and Mrs"
    # "Mr Iyer of Pemberton": a word that links the name to its firm ends the name
    rf"(?P<name>(?!(?i:and|or|the|a|an)\b){_NAME_WORD}(?:\s+(?!{_NAME_ENDS}){_NAME_WORD}){{0,3}})"
    r"|(?:\b(?i:met|meet|see|ring|with|(?<!customer\s)(?<!client\s)(?<!account\s)called|call|"
    r"emailed|ask|told|spoke to|talked to|contact|rang|phoned|texted|messaged|saw|pinged|chased)"
    r"|(?<![A-Za-z])(?i:w/))\s+"
    # an initial before the surname: "met J. Smith"
    # up to four words: "Kenneth Lim Wei Jie", "Ng Boon Hock"
    # not a title read as a first name: "rang Mrs de Souza" is Mrs de Souza
    r"(?!(?:Mr|Mrs|Ms|Miss|Dr|Prof|Eng|Engr)\b)"
    rf"(?P<first>(?:[A-Z]\.\s?(?=[A-Z][a-z]))?{_CAPITAL_WORD}"
    rf"(?:\s+{_NAME_PARTICLE}{_NEXT_CAPITAL_WORD}){{0,3}})"
    r"(?![A-Za-z])"
    # A new customer's contact, dictated in lower case: "contact is jason teo".
    # An English name in Chinese text: "见了Pemberton的Priya".
    r"|的(?P<first_zh>[A-Z][a-z]{2,}(?:\s[A-Z][a-z]{2,})?)(?![A-Za-z])"
    r"|\b(?i:contact(?:\s+(?:is|will\s+be)(?:\s+now)?|\s+person(?:\s+is)?)?:?|her name's|"
    r"his name's|name is)\s+"
    r"(?P<named>(?!(?i:is|the|a|an|and|at|on|for|mr|mrs|ms|miss|dr|prof|doctor|professor|mister|eng|engr|"
    r"date|now|in|there|details|number|info|email|phone|list|name|with|from|since|person|will|"
    # "ask them for the site contact tomorrow": a time, not a name
    r"tomorrow|today|tonight|yesterday|tmrw|asap|soon|later|again|next|this|on|by|before|after|"
    r"about|re|to|who|there|here|yet|too|also)\b)"
    r"[A-Za-z][a-z]+(?:\s+(?!(?i:at|on|for|and|"
    r"from|in|the|is|by|to|seems|sent|says|said|wants|called|was|will|who|has|had|she|he|they|"
    r"we|i|um|uh|so|but|very|really|looks|set|signed|please|pls|add|create|email|e-mail|phone|"
    r"mobile|tel|number|hp|whatsapp)\b)[A-Za-z][a-z]+)"
    r"{0,2})\b"
)
# A Chinese contact named in English by role and surname: "manager zhang", "factory director
# Wang", "Director Zhou".
CONTACT_EN_TITLED = re.compile(
    r"\b(?P<role>(?:(?:factory|plant|general|sales|purchasing|procurement|it|ops|operations|"
    r"finance|project|technical|deputy|vice)\s+)?(?i:manager|director|engineer|president|"
    r"principal|chairman|boss|supervisor|dean|chief))\s+(?P<surname>(?i:"
    + "|".join(PINYIN_SURNAMES)
    + r"))(?![A-Za-z'])",
    re.IGNORECASE,
)
# "Priya says", "Kevin in maintenance": a capitalised name right before a reporting verb.
CONTACT_EN_SAYS = re.compile(
    # "Kate reckons", "Sue's keen" (Australian and British)
    r"\b(?P<first>[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{1,})?)(?:'s|’s|\s+is)?\s+"
    r"(?:says|said|wants|asked|told|mentioned|confirmed|called|emailed|happy|unhappy|keen|thinks|"
    r"reckons|reckoned|agreed|in\s+(?:maintenance|"
    r"procurement|finance|it|ops|purchasing))\b"
)
# A capitalised name with its company, then what they did: "Nkechi from Fairbank called", "Bongani
# at Aldgate rang"; or what came from them: "a call from Ximena", "email from Ximena re…".
CONTACT_EN_FROM = scouted(
    rf"(?<![A-Za-z])(?P<first>{_CAPITAL_WORD}(?:\s+{_NEXT_CAPITAL_WORD})?)\s+(?:from|at|@)\s+"
    r"[A-Z][\w&'’]*(?:\s+[A-Z][\w&'’]*){0,3}\s*,?\s+(?:called|rang|phoned|emailed|texted|messaged|"
    r"says|said|wants|asked|confirmed|replied)\b"
    r"|\b(?i:call|email|e-mail|message|text|voicemail|vm|reply|note|whatsapp)\s+from\s+"
    rf"(?P<sender>{_CAPITAL_WORD}(?:\s+{_NEXT_CAPITAL_WORD})?)(?![A-Za-z])"
)
# Roles named instead of people: "the ops director", "QA lead", "the procurement guy"; in
# "head of biomed rang": the verb after a role is what they did, not the role's second word.
_DID_AFTER_ROLE = (
    r"(?:on|to|has|had|will|would|rang|called|phoned|emailed|texted|messaged|wanted|asked|"
    r"asks|came|reported|confirmed|mentioned|complained|needs|agreed|signed)\b"
)
# Chinese text too, with no space around ("跟Greenfield的ops director开了个电话会").
CONTACT_EN_ROLE = scouted(
    # (not the rep's own: "my manager asked", "My supervisor says I should follow up")
    r"(?<![A-Za-z])(?<!\bmy\s)(?:the\s+|their\s+|our\s+|his\s+|her\s+)?(?P<role>(?:head|director|vp)\s+of\s+(?!(?:the|a|an|our|their)\b)[a-z]+(?:\s+(?!at\b|"
    r"from\b|in\b|about\b|and\b|is\b|was\b|says\b|said\b|wants\b|" + _DID_AFTER_ROLE + r")[a-z]+)?|"
    r"(?:(?!the\b|a\b|an\b|our\b|their\b|"
    r"with\b|and\b|to\b|met\b|new\b|about\b|for\b|of\b|on\b|in\b|at\b|from\b|by\b|re\b|is\b|"
    r"was\b|no\b|any\b|this\b|that\b|my\b|your\b|send\b|sent\b|get\b|need\b|needs\b|them\b|"
    r"us\b|me\b|him\b|tell\b)[A-Za-z]{2,12}\s+)?(?:director|manager|mgr|lead(?!\s+times?\b)|guy|"
    r"officer|"
    # "head teacher", "head of IT" are roles of their own ("Riverside head teacher complained")
    r"head(?!\s+(?:teacher|of|office|nurse|pharmacist|chef)\b)|"
    r"teacher|engineer|buyer|owner|principal|coordinator|supervisor|administrator)|cto|ceo|cfo|"
    r"coo|cio|md|gm|bursar|registrar|matron|(?:chief|head|senior|charge)\s+"
    r"(?:nurse|pharmacist|chef)|head\s+of\s+[a-z]+(?:\s+(?!at\b|from\b|in\b|"
    + _DID_AFTER_ROLE
    + r")[a-z]+)?)(?![A-Za-z])",
    re.IGNORECASE,
)
# Chinese roles without a surname: 院长, 副校长, 老板, QA经理, CTO.
CONTACT_ZH_ROLE = scouted(
    r"(?P<role>(?:[A-Za-z]{2,5}|运营|财务|采购|设备|技术|销售|市场|行政|人事|质量|质检|生产|仓储|物流|"
    r"信息|总务|后勤|研发|项目|工程|客服|售后|区域|部门|车队|门店|店面|实验室|调度|仓库|车间|品质|品管|"
    r"计划|安全|厂务|班组)(?:经理|总监|主管|工程师|主任|专员|负责人)"
    # "生产部长", "采购部经理": a department's head
    r"|(?:运营|财务|采购|设备|技术|销售|市场|行政|人事|质量|生产|研发|工程|品质|信息)部(?:长|经理|主任|主管)"
    # "设备科主任", "信息科科长": a hospital section's head
    r"|(?:设备|信息|总务|财务|护理|医务|采购|后勤|保卫|基建|药剂|检验|器械)科(?:主任|科?长)"
    # "教务处长", "总务处长": a school's or hospital's office head
    r"|(?:教务|总务|后勤|财务|人事|学生|招生|科研|医务|护理|保卫|基建|信息|设备)处(?:处长|长)"
    # Taiwan's officers: 技術長 (CTO), 執行長 (CEO), 財務長, 營運長, 資訊長
    r"|(?:技术|技術|执行|執行|财务|財務|营运|營運|资讯|資訊)长(?![期度大])|(?:技術|執行|財務|營運|資訊)長"
    # "跟他们采购聊了聊", "问问他们采购怎么回事": a department named for the person in it
    r"|(?:(?<=们)|(?<=们的)|(?<=跟)|(?<=和))(?:采购|财务|行政|人事|质检|前台|售后|技术)"
    # (northern 唠: "跟他们采购唠了唠")
    r"(?=聊|唠|谈|说|讲|沟通|见|碰|吃|打|那边|反馈|怎么|[，,。]|$)"
    r"|副?(?:院长|校长|园长|所长|厂长|店长|董事长|总经理|院長|校長|園長|廠長|店長|董事長|總經理)|护士长|副总|老板娘|老板|老总(?!是)|总工程师|总工(?![期程资作会时])|CTO|CEO|CFO|"
    r"COO|CIO|小(?!时|程序|单|米|车|组|区|孩|型|批|额|票|商)["
    + SURNAMES
    # not 小王经理 (王经理 is found), but 小王说工单
    + r"](?![\u4e00-\u9fff]?(?:经理|总|主任|工(?![业厂程作具人资期艺单地商位会])))"
    # "顺达家电的老刘说": an older contact called by surname (not 老是, 老师, 老款, 老毛病)
    + r"|老(?!是|师|家|板|款|式|化|客户|毛病|问题|样子|地方|大|鼠)["
    + SURNAMES
    # "计划部老周通了个电话", "跟老李见了一面"
    + r"](?=说|那边|这边|讲|反馈|打|来|电话|微信|聊|唠|谈|发|也|还|回|约|问|通了|通电话|见了|"
    r"$|[，,。、])"
    # after a company's 的 ("给天合的老周回个电话") the same man, whatever follows
    + r"|(?<=的)老(?!是|师|家|板|款|式|化|客户|毛病|问题|样子|地方|大|鼠)["
    + SURNAMES
    + r"](?![\u4e00-\u9fff]?(?:经理|总|主任|工(?![业厂程作具人资期艺单地商位会]))))"
)
_EN_NOT_NAMES = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December Today Tomorrow The They Them "
    "Visited Called Met Spoke Talked Emailed Sent Had Just Left Went Got Need Please Remind "
    "Follow Call Ping Check Ticket Urgent Deal Signed Quote Lunch Coffee Dinner Meeting He She "
    "We It This That Their Our His Her Who What When Where Why How Also And But So Um Uh Ok Okay "
    "Hi Hello Thanks Yes No Team Teams Zoom Site Sales Support Service Mon Tue Wed Thu Fri Sat "
    "Sun Next Last End Week Month Year Morning Afternoon Evening Tonight Yesterday Excel "
    # software and brands said after "with" ("helped with Windows 11 on the laptops")
    "Windows Android Office Outlook Chrome Google Apple Microsoft Linux Wifi Bluetooth Zoom "
    "Salesforce Oracle".split()
)


# Words that follow a name without being part of it ("call Mr. Smith back").
_COMMON_WORDS = frozenset(
    "back tomorrow today tonight about at from in on and or said says told asked wants at re "
    "again now later soon this next last is was will about regarding for to with sent called "
    "rang emailed texted messaged seems thinks wrote replied confirmed needs has had he she they "
    "we i it his her their likes like loves hates is are was signed set sent "
    # dictated after a name: "mister okafor the procurement lead", "doctor aziz um"
    "the a an um uh so who "
    # dictated by reps in Singapore and Hong Kong: "mr wong say …", "mrs chan whatsapp me …",
    # "revert to mr tan by tuesday", "nurse joyce call …", "doctor lee phone nine one …"
    "say by me ah lah call ring whatsapp whatsapped wechat email e-mail phone mobile kindly "
    # how the person is, dictated straight after the name: "mr tan happy with the trackers"
    "happy unhappy keen ok okay fine upset ask asks asked asking whether".split()
)


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    text: str
    value: str
    kind: str = "name"  # contacts: "name" (周主任, Priya) or "role" (运营经理, the ops director)


# A Chinese mobile dictated digit by digit after its label: "电话是幺三八零五七四六六二一九",
# "手机一五零二七一八八三四零" (eleven digits; one said twice after them is a slip).
SPOKEN_PHONE_ZH = re.compile(
    r"(?:电话|手机|手機|電話)(?:号码?)?(?:是|为)?[:：\s]*"
    r"(?P<digits>[一幺][三四五六七八九][零〇一幺二两三四五六七八九]{9})"
)


def find_phones(text: str) -> list[Found]:
    found = [
        Found(m.start(), m.end(), m.group(), re.sub(r"[\s()-]", "", m.group()))
        for m in PHONE.finditer(text)
    ]
    for m in SPOKEN_PHONE_ZH.finditer(text):
        digits = m.group("digits")
        found.append(
            Found(m.start("digits"), m.end("digits"), digits, digits.translate(_ZH_DIGITS))
        )
    return sorted(found, key=lambda f: f.start)


def find_emails(text: str) -> list[Found]:
    return [Found(m.start(), m.end(), m.group(), m.group().lower()) for m in EMAIL.finditer(text)]


def find_tickets(text: str) -> list[Found]:
    found = []
    for match in TICKET.finditer(text):
        digits = match.group("a") or match.group("b") or match.group("c")
        # "T-0918" is the ticket's written number: its leading zero is kept (the four-digit form)
        number = digits if len(digits) == 4 else str(int(digits))
        found.append(Found(match.start(), match.end(), match.group(), f"T-{number}"))
    taken = [(f.start, f.end) for f in found]
    for match in SPOKEN_TICKET_ZH.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        digits = (match.group("digits") or match.group("digits2")).translate(_ZH_DIGITS)
        found.append(Found(match.start(), match.end(), match.group(), f"T-{int(digits)}"))
        taken.append((match.start(), match.end()))
    for match in SPOKEN_TICKET_ZH_CARDINAL.finditer(text):
        value = parse_chinese_number(match.group("n") or match.group("n2"))
        if (
            value is None
            or value < 100
            or any(s < match.end() and match.start() < e for s, e in taken)
        ):
            continue
        found.append(Found(match.start(), match.end(), match.group(), f"T-{int(value)}"))
        taken.append((match.start(), match.end()))
    for match in SPOKEN_TICKET.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        group = "words" if match.group("words") else "words2"
        number = spoken_ticket_number(match.group(group))
        if number is not None:
            start = match.start() if group == "words" else match.start(group)
            end = match.start(group) + len(match.group(group).rstrip(" -"))
            found.append(Found(start, end, text[start:end], f"T-{number}"))
    return sorted(found, key=lambda item: item.start)


# Ticket numbers dictated digit by digit in Chinese: "T幺幺零二", "一零零三号工单",
# "幺幺三二那个单子", "那个单子二三九八".
_ZH_DIGITS = str.maketrans("零〇一幺二两三四五六七八九", "0011223456789")
SPOKEN_TICKET_ZH = re.compile(
    r"(?:(?:(?<![A-Za-z])[Tt]\s*(?:-|横?杠)?|(?:工单|单号|单子)\s*(?:是|号)?)\s*"
    r"(?P<digits>[零〇一幺二两三四五六七八九]{3,7})"
    r"|(?P<digits2>[零〇一幺二两三四五六七八九]{4,7})(?=\s*(?:号|的)?\s*(?:工单|单子|那个单子|号单)))"
)
# The same number said as a number: "工单一千零二", "一千一百五十号工单" (a unit word in it, no 万:
# "十二万的单子" is a deal's amount).
_ZH_CARDINAL = r"[零一幺二两三四五六七八九]?[千百][零一幺二两三四五六七八九十百]{0,6}"
SPOKEN_TICKET_ZH_CARDINAL = scouted(
    rf"(?:工单|单号)\s*(?:号|是|号是)?\s*(?P<n>{_ZH_CARDINAL})(?![万亿块元台个])"
    rf"|(?P<n2>{_ZH_CARDINAL})(?=\s*(?:号工单|号单|号的?单子|工单))"
)
_DIGIT_WORDS = {
    "zero": 0, "oh": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_NUMBER_WORD = "|".join(
    [*_DIGIT_WORDS, *_TEENS, *_TENS, "hundred", "thousand", "and", "double", "triple"]
)
# "ticket one zero zero three", "t eleven oh two", "ticket twelve hundred": a ticket number
# dictated the way people read four digits aloud.
SPOKEN_TICKET = re.compile(
    # "t dash two zero four one", "tee two oh four one": the prefix as speech writes it
    rf"\b(?:ticket|tkt|case|incident|t|tee|t\s+dash)\s+(?:number\s+|no\.?\s+)?"
    rf"(?P<words>(?!and\b)(?:(?:{_NUMBER_WORD})\b[\s-]*){{2,8}})"
    # "the eleven forty five ticket"
    rf"|\b(?:the|that|this|on)\s+(?P<words2>(?!and\b)(?:(?:{_NUMBER_WORD})\b[\s-]*){{2,8}})"
    r"(?=(?:ticket|job)\b(?!s))",
    re.IGNORECASE,
)


def spoken_ticket_number(words: str) -> int | None:
    """Digits read one by one (one zero zero three), in pairs (eleven oh two, twenty fourteen,
    eleven sixty one), or as hundreds (twelve hundred)."""
    tokens = _doubled(words.lower().replace("-", " ").split())
    while tokens and tokens[-1] == "and":
        tokens.pop()  # "ticket twenty forty and it's urgent"
    if "thousand" in tokens or (len(tokens) == 3 and tokens[-1] == "hundred"):
        return _cardinal(tokens)  # "two thousand and fifteen", "twenty one hundred"
    if all(token in _DIGIT_WORDS for token in tokens) and len(tokens) >= 3:
        return int("".join(str(_DIGIT_WORDS[token]) for token in tokens))
    if len(tokens) == 2 and tokens[1] == "hundred" and tokens[0] in _TEENS:
        return _TEENS[tokens[0]] * 100
    pairs: list[int] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token in _TEENS:
            pairs.append(_TEENS[token])
        elif token in _TENS:
            unit = _DIGIT_WORDS.get(following or "", 0) if following != "oh" else 0
            if following in _DIGIT_WORDS and following not in ("oh", "o", "zero"):
                index += 1
            pairs.append(_TENS[token] + unit)
        elif token in ("oh", "o", "zero") and following in _DIGIT_WORDS:
            pairs.append(_DIGIT_WORDS[following])
            index += 1
        else:
            return None
        index += 1
    if len(pairs) == 2:
        return pairs[0] * 100 + pairs[1]
    return None


_REPEATS = {"double": 2, "triple": 3}


def _doubled(tokens: list[str]) -> list[str]:
    """ "one double oh three" is one oh oh three."""
    out: list[str] = []
    repeat = 1
    for token in tokens:
        if token in _REPEATS:
            repeat = _REPEATS[token]
            continue
        out.extend([token] * repeat)
        repeat = 1
    return out


def _cardinal(tokens: list[str]) -> int | None:
    """ "two thousand and fifteen", "three thousand three hundred one"."""
    words = {**_DIGIT_WORDS, **_TEENS, **_TENS}
    total = current = 0
    for token in tokens:
        if token in words and token not in ("oh", "o"):
            current += words[token]
        elif token in _MULTIPLIERS:
            current = max(current, 1) * _MULTIPLIERS[token]
            if _MULTIPLIERS[token] == 1000:
                total, current = total + current, 0
        elif token not in ("and",):
            return None
    value = total + current
    return value if 100 <= value <= 9_999_999 else None


_MULTIPLIERS = {"hundred": 100, "thousand": 1000}


def _first_keyword(
    text: str, table: tuple[tuple[str, tuple[str, ...]], ...], *, strongest_class: bool
) -> Found | None:
    """The leftmost keyword; with `strongest_class`, only within the first class that has one
    (the table is ordered by strength), otherwise across all classes. A Latin keyword counts
    only as whole words ("on it" is not in "monitoring", "done" not in "abandoned")."""
    lowered = text.casefold()
    best: Found | None = None
    for value, words in table:
        scout = _KEYWORD_SCOUTS.get(id(words))
        if scout is not None and scout.search(lowered) is None:
            continue  # none of the class's words is in the text
        for word in words:
            position = lowered.find(word)
            if position < 0 or (best is not None and position >= best.start):
                continue
            if word[:1].isascii():
                position = _whole_word(lowered, word, position)
                if position < 0 or (best is not None and position >= best.start):
                    continue
            best = Found(
                position, position + len(word), text[position : position + len(word)], value
            )
        if strongest_class and best is not None:
            return best
    return best


# Each class of keywords as one regex, that says whether any of them is in the text at all
# (one search instead of a `find` per word; most texts hold none).
_KEYWORD_SCOUTS = {
    id(words): re.compile("|".join(re.escape(word) for word in words))
    for table in (_PRIORITY_WORDS, _STATUS_WORDS, _INTERACTION_WORDS)
    for _, words in table
}


def _whole_word(lowered: str, word: str, position: int) -> int:
    """The first occurrence of `word` from `position` that stands as whole words, or -1."""
    while position >= 0:
        before = lowered[position - 1] if position > 0 else " "
        end = position + len(word)
        after = lowered[end] if end < len(lowered) else " "
        if not (before.isascii() and before.isalnum()) and not (
            after.isascii() and after.isalnum() and word[-1:].isalnum()
        ):
            return position
        position = lowered.find(word, position + 1)
    return -1


# "降成一般吧客户说不着急": the level a ticket is set to outranks how the customer feels.
PRIORITY_SET = re.compile(
    r"(?:改成|改为|调成|调为|调到|降成|降为|降到|提到|提成|升为|升到|设为|设成|升级成|升级为|升级到|"
    r"降级为|降级成|降级到)\s*(?P<level>紧急|加急|高优先级?|高|"
    r"一般|普通|中|低优先级?|低)"
)
_PRIORITY_LEVELS = {
    "紧急": "urgent", "加急": "urgent", "高": "high", "一般": "normal", "普通": "normal",
    "中": "normal", "低": "low",
}  # fmt: skip


# "escalate T-2260 to high", "bump it up to medium", "set 2041 as low": a level a ticket is set
# to, named by the bare word.
PRIORITY_SET_EN = scouted(
    r"\b(?:escalate|escalated|bump|bumped|raise|raised|set|change|changed|move|moved|make|drop|"
    r"dropped|lower|lowered|downgrade|downgraded|upgrade|upgraded|put|mark|priority)\b[^.;,!?]{0,30}?"
    r"\b(?:to|as)\s+(?P<level>high|low|normal|medium|urgent|critical)\b(?!\s+(?:temp|temperature|reading|level|"
    r"volume|setting|speed|alarm))",
    re.IGNORECASE,
)
_EN_LEVELS = {
    "high": "high",
    "low": "low",
    "normal": "normal",
    "medium": "normal",
    "urgent": "urgent",
    "critical": "urgent",
}
# "open ticket … priority high", "priority is low": the level dictated after the word, as a
# form's field is read out.
PRIORITY_AFTER_EN = scouted(
    r"\bpriority\s*(?:is\s+|:\s*|of\s+|level\s+)?(?P<level>high|low|normal|medium)\b", re.IGNORECASE
)


# "超声又死机了 … 急！！": 急 said on its own, a word between breaks, is urgent.
_BARE_URGENT = scouted(r"(?:^|(?<=[\s,，。.!！]))急(?=\s*(?:[!！。.,，]|$))")


def find_priority(text: str) -> Found | None:
    chosen = PRIORITY_SET.search(text)
    if chosen is not None:
        level = _PRIORITY_LEVELS[chosen["level"].removesuffix("优先级").removesuffix("优先")]
        return Found(chosen.start("level"), chosen.end("level"), chosen["level"], level)
    found = _first_keyword(text, _PRIORITY_WORDS, strongest_class=True)
    if found is None and (bare := _BARE_URGENT.search(text)) is not None:
        return Found(bare.start(), bare.end(), bare.group(), "urgent")
    if found is None and (named := PRIORITY_SET_EN.search(text) or PRIORITY_AFTER_EN.search(text)):
        level = _EN_LEVELS[named["level"].casefold()]
        return Found(named.start("level"), named.end("level"), named["level"], level)
    return found


# A command that moves a ticket by its verb alone: "close twenty forty one", "pls reopen 2180".
_STATUS_COMMAND = re.compile(
    r"^\s*(?:(?:um+|uh+|so|ok|okay|please|pls|can you|could you)[\s,]+)*"
    r"(?P<verb>close|reopen|resolve)\b",
    re.IGNORECASE,
)
_COMMANDED = {"close": "closed", "reopen": "reopened", "resolve": "resolved"}


def find_status(text: str) -> Found | None:
    found = _first_keyword(text, _STATUS_WORDS, strongest_class=True)
    if found is None and (command := _STATUS_COMMAND.match(text)) is not None:
        verb = command.group("verb")
        start = command.start("verb")
        return Found(start, command.end(), verb, _COMMANDED[verb.casefold()])
    if found is None and (done := _DONE_AT_END.search(text) or _FINE_AT_END.search(text)):
        return Found(done.start(), done.end(), done.group(), "resolved")  # "T-2201 完成"
    if found is None:
        # "T-2040 the gateway is offline again", "… the dashcams are still not uploading": it
        # came back, or never went away
        again = _AGAIN.search(text) or _STILL_FAILING.search(text)
        return Found(again.start(), again.end(), again.group(), "reopened") if again else None
    if found.value == "closed" and _LATER_CLOSE.search(text):
        later = _first_keyword(text, _STATUS_WORDS[2:], strongest_class=True)
        return later or Found(found.start, found.end, found.text, "resolved")
    return found


# Met over a meal or at an event, not at their site: "Lunch w/ Dr. Alvarez at Lakeshore",
# "Met Ahmad from Sunda Palm at the trade expo".
_OCCASION = re.compile(
    # "had a cuppa with the buyer" (Australian), "a quick coffee with", "tea with"
    r"\b(?:lunch|dinner|coffee|breakfast|drinks|cuppa|tea|beer|drink|bite)\s+(?:with|w/)|"
    r"\bat\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:expo|trade\s+show|conference|exhibition|"
    r"trade\s+fair|summit)\b|"
    # trade-show voice notes: "booth 12 met …", "trade show Vegas met …", "at the show they said"
    r"\btrade\s*show\b|\bbooth\b|\bexpo\b|\b(?:at|from)\s+the\s+(?:show|fair)\b",
    re.IGNORECASE,
)


# "just left northwind": the rep was there; "just left a voicemail" is a call.
_LEFT_THEM = re.compile(
    r"\bjust\s+left\b(?!\s+(?:a|an|him|her|them|msg|message|messages|vm|voicemail|word|it)\b)",
    re.IGNORECASE,
)


def find_interaction_type(text: str) -> Found | None:
    found = _first_keyword(text, _INTERACTION_WORDS, strongest_class=False)
    left = _LEFT_THEM.search(text)
    if left is not None and (found is None or found.start > left.start()):
        return Found(left.start(), left.end(), left.group(), "visit")
    if found is None or found.value == "visit":
        occasion = _OCCASION.search(text)
        if occasion is not None:
            return Found(occasion.start(), occasion.end(), occasion.group(), "meeting")
    shaped = said_kind(text) if found is None else outranking_kind(text, found.value)
    if shaped is not None:
        start, end, kind = shaped
        return Found(start, end, text[start:end], kind)
    return found


_GONG_WORDS = frozenset("业厂程作具人资期艺单地商位会")
# Characters that end a word, not a given name, after a surname character (单子, 金的, 钱了).
_NOT_A_GIVEN_NAME = frozenset("子们的了个这那是和跟说排")


# Words 总 begins (总部, 总结, 总算): "向总部申请", "周五总算签了" name no 总.
_ZONG_WORDS = frozenset("部结共算体之价额量数包线账计归")
# Days and times that begin with a surname character (周五, 明天): no given name.
_TIME_NOT_NAMES = frozenset(
    "周一 周二 周三 周四 周五 周六 周日 周天 周末 明天 明年 明早 明晚 明日".split()
)
# One-character "surnames" that are far more often a word before a title: "老板和经理都在",
# "向经理反映".
_WORD_NOT_SURNAME = frozenset("和向")
# Surname characters that end a word with the character before them: "工单工程师到了" is the
# ticket's engineer, not engineer 单; "五金老板是黎总" is the hardware shop's owner.
_ENDS_A_WORD = {
    "单": "工订清名报下买账保菜",
    "金": "五现资基租押奖",
    # "华康那边护士长", "对方经理": a place or a party, not 边 or 方 by surname
    "边": "那这旁身左右两外里一",
    "方": "对双我甲乙厂校院买卖",
    # "分管院长", "主管经理": the one in charge, not a person surnamed 管
    "管": "分主监托接掌",
}


def _not_titled_zh(text: str, match: re.Match[str]) -> bool:
    """A surname and title that are words of their own, not a person."""
    name = match.group("name") or match.group("name2") or match.group("name3")
    title = match.group("title") or ""
    following = text[match.end() : match.end() + 1]
    return (
        (len(name) == 2 and name[1] in _NOT_A_GIVEN_NAME)  # "那个单子工程师说": 单子 is a ticket
        or (title == "工" and following in _GONG_WORDS)  # "苏州工业园区": 工业, not an engineer
        or (title == "总" and following in _ZONG_WORDS)
        or name in _TIME_NOT_NAMES
        or name in _WORD_NOT_SURNAME
        or (
            match.start() > 0
            and text[match.start() - 1] in _ENDS_A_WORD.get(name[0], "")
            and not (len(name) == 2 and name[1] in SURNAMES)  # "那边黄总": 黄总
        )
    )


def _titled_zh(text: str) -> list[Found]:
    """周主任, 李总, 王工: a surname (and a given-name character) before a title."""
    found = []
    for match in CONTACT_ZH.finditer(text):
        name = match.group("name") or match.group("name2") or match.group("name3")
        start = match.start()
        if _not_titled_zh(text, match):
            continue
        if len(name) == 2 and name[1] in SURNAMES and name not in COMPOUND_SURNAMES:
            start += 1  # 王李总: two surnames in a row, the title goes with the second
        found.append(
            Found(start, match.end(), text[start : match.end()], text[start : match.end()])
        )
    return found


# "联系人是蒋总", "对接人是采购部的邱经理", "contact: Kenneth Lim": the person named as the contact.
_CONTACT_LABEL = re.compile(
    r"(?:联系人|对接人)(?:是|为|：|:)?[^，。,；;：:]{0,6}$|\bcontact(?:\s+(?:is|person))?\s*:?\s*$",
    re.IGNORECASE,
)


def labelled_contact(text: str, contact: Found) -> bool:
    """The contact is introduced as such ("联系人是…"), not merely mentioned beside it."""
    return _CONTACT_LABEL.search(text, max(0, contact.start - 12), contact.start) is not None


# Whoever a ticket is handed to is one of ours, not the customer's contact: "assign T-2231 to
# Wei Ming", "hand T-1172 over to Sophie", "T-3380 assigned to Dave", "转给售后李工跟进".
_HANDED_TO = re.compile(
    r"(?:\b(?:re)?assign(?:ed)?\b[^.;!?]{0,30}?"
    # a ticket given or handed on: not "give the quote to Priya"
    r"|\b(?:give|hand(?:ed)?|pass(?:ed)?)\s+(?:it|this|(?:the\s+)?ticket(?:\s+\w+)?|T-?\d+)"
    r"(?:\s+over)?\s+)\bto\s+(?:the\s+)?$"
    r"|(?:转给|分给|交给|派给|指派给)(?:售后|技术|我们)?的?$",
    re.IGNORECASE,
)


def _handed_to(text: str, found: Found) -> bool:
    """The person after "assign … to" / "转给": ours; and a colleague a manager's dictation
    addresses or sends ("小王你下礼拜二去一趟…", "明天让小张去把合同拿回来")."""
    return _HANDED_TO.search(text, max(0, found.start - 40), found.start) is not None or (
        _COLLEAGUE.fullmatch(found.text) is not None
        and _SENT_COLLEAGUE.match(text, found.end) is not None
        and (
            text.startswith("你", found.end)
            or _SENDS.search(text, max(0, found.start - 2), found.start) is not None
        )
    )


# "小王你…", "让小张去…", "叫老李过去…": the colleague told to go, called as colleagues are
# (a customer's 周主任 asked to send something stays the contact).
_COLLEAGUE = re.compile(r"[小老][\u4e00-\u9fff]")
_SENT_COLLEAGUE = re.compile(
    r"你|(?:明天|今天|后天|明儿|今儿|一早|上午|中午|下午|晚上)*(?:去|过去|跑一趟|送|把|带)"
)
_SENDS = re.compile(r"(?:让|叫|派|通知)$")


# An English name in Chinese text, where a person is expected: after 跟/给/见了/那边 or a role
# ("跟Sophie开了个会", "Harbourview那边Sophie说", "采购经理Sophie说"), or before 说/打电话.
_LATIN_NAME_IN_ZH = scouted(
    r"(?:(?<=[跟和给找问])|(?<=见了|约了|问了|那边|联系|拜访|经理|主管|总监|老板)|(?<=负责人))"
    r"(?P<name>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?![A-Za-z])"
    r"|(?<![A-Za-z])(?P<before>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?=说|讲|打电话|打了|来电|发邮件|发了|发微信|反馈)"
)


def _latin_names_in_zh(text: str) -> list[tuple[int, int]]:
    """English given names written into Chinese text, where only a person fits."""
    if text.isascii():
        return []
    given = _given_name_set()
    spans = []
    for match in _LATIN_NAME_IN_ZH.finditer(text):
        group = "name" if match.group("name") else "before"
        if match.group(group).split()[0].casefold() in given:
            spans.append((match.start(group), match.end(group)))
    return spans


def find_contacts(text: str) -> list[Found]:
    """People named with a title (周主任, 李总, Mr. Smith) or after a verb (met Priya)."""
    found = _titled_zh(text)
    for match in CONTACT_EN.finditer(text):
        bare = next((g for g in ("first", "first_zh", "named") if match.group(g)), None)
        if bare is not None:  # a name without a title
            _add_name(found, text, match.start(bare), match.end(bare))
        else:
            found.append(_titled(text, match))
    if _TITLE_WORD.search(text):
        titled = [(m.start(), m.end()) for m in CONTACT_EN_TITLED.finditer(text)]
        _add_apart(found, text, titled)
    for match in CONTACT_EN_SAYS.finditer(text):
        _add_name(found, text, match.start("first"), match.end("first"))
    for match in CONTACT_EN_FROM.finditer(text):
        group = "first" if match.group("first") else "sender"
        if group == "sender" and not _is_given_name(match.group(group)):
            continue  # "reply from Contoso": a company sends mail too
        _add_name(found, text, match.start(group), match.end(group))
    _add_untitled(found, text)
    for start, end in _introduced(text):
        found = [f for f in found if not (start <= f.start and f.end <= end)]
        found.append(Found(start, end, text[start:end], text[start:end]))
    _add_roles(found, text)
    return _role_then_name_zh(text, _widest_once(text, found))


# "车队经理 李强 手机…": a Chinese role, a blank, then the person's full name.
_ZH_ROLE_BLANK = re.compile(r"(?:经理|主任|主管|总监|科长|处长|部长|厂长|店长|队长)\s+$")
_ZH_FULL_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}(?=[\s,，。；;:：]|手机|电话|邮箱|$)")


def _role_then_name_zh(text: str, found: list[Found]) -> list[Found]:
    """A role typed before a full name with a blank between ("车队经理 李强") names that person:
    the name is the contact, the role only says what they do."""
    result = []
    for f in found:
        after = _ZH_FULL_NAME.match(text, f.end + 1) if f.end < len(text) else None
        if (
            _ZH_ROLE_BLANK.search(text, 0, f.end + 1)
            and text[f.end : f.end + 1].isspace()
            and after is not None
            and after.group()[0] in SURNAMES
            and not any(o.start == after.start() for o in found)
        ):
            name = after.group()
            result.append(Found(after.start(), after.end(), name, name))
            continue
        result.append(f)
    return result


def _add_untitled(found: list[Found], text: str) -> None:
    """Names with no title or verb before them: beside a role, known given names, Latin names
    in Chinese text, a form's labelled person."""
    for start, end in _named_beside_role(text):
        _add_name(found, text, start, end)
    _add_apart(found, text, _given_names(text))
    _add_apart(found, text, _unlisted_names(text))
    for start, end in _latin_names_in_zh(text):
        _add_name(found, text, start, end)
    if not text.isascii():
        _add_apart(found, text, labelled_people(text, SURNAMES))
    for match in _known_names().finditer(text):
        if not _word_not_name(text, match.start(), match.end()):
            _add_name(found, text, match.start(), match.end())


def _widest_once(text: str, found: list[Found]) -> list[Found]:
    """Each person once, at their widest (surname or hyphen joined), none inside another."""
    widened = [
        _across_hyphen(text, _with_surname(text, f))
        for f in found
        if not _SOMEONE_ELSES.match(text, f.end) and not _handed_to(text, f)
    ]
    found = list({(f.start, f.end): f for f in reversed(widened)}.values())  # "mary-jane" once
    found = [
        f
        for f in found
        if not any(
            o.start <= f.start and f.end <= o.end and o.end - o.start > f.end - f.start
            for o in found
        )
    ]
    return sorted(found, key=lambda item: item.start)


# Second names dictated in lower case after a given name: "daniel wong", "james porter", "mei
# ling". Surnames that are everyday English words are left out ("tom green lights it").
_SECOND_NAMES = frozenset(
    {*(name.casefold() for name in PINYIN_SURNAMES), *_SURNAMES_EN}
    | set("porter ling ming hua xin jun hui ying qing fen ping yi mei".split())
) - set(
    "hall wood green white king bell young hill ward cole mills brooks long song sun pan ho hu "
    "lu su du fang han shi gong mao xu yi lee".split()
)
_NEXT_WORD = re.compile(r" ([a-z]+)(?![a-z'])")
# "对接人Amy Zhang", "Kevin Wong": a capitalised surname typed after a capitalised given name.
_NEXT_CAPITALISED = re.compile(r" ([A-Z][a-z]+)(?![A-Za-z'])")
_CAPITALISED_SURNAMES = frozenset({*(name.casefold() for name in PINYIN_SURNAMES), *_SURNAMES_EN})


def _with_surname(text: str, found: Found) -> Found:
    """A one-word name with the lower-case second name dictated after it, or a capitalised
    surname typed after a capitalised given name."""
    if found.kind != "name" or " " in found.text or not found.text.isascii():
        return found
    after = _NEXT_WORD.match(text, found.end)
    if after is None and found.text[:1].isupper():
        typed = _NEXT_CAPITALISED.match(text, found.end)
        if typed is not None and typed.group(1).casefold() in _CAPITALISED_SURNAMES:
            after = typed
    elif after is not None and after.group(1) not in _SECOND_NAMES:
        after = None
    if after is None:
        return found
    end = after.end()
    return Found(found.start, end, text[found.start : end], text[found.start : end])


_HYPHEN_BEFORE = re.compile(r"([A-Za-z][a-z]+)-$")
_HYPHEN_AFTER = re.compile(r"-([A-Za-z][a-z]+)(?![A-Za-z])")


def _across_hyphen(text: str, found: Found) -> Found:
    """A name found in part of a hyphenated one ("Jane" in "Mary-Jane", "Ms Lim" in "Ms
    Lim-Tan") is the whole of it, when the other half is written the same way."""
    if found.kind != "name" or not found.text.isascii():
        return found
    start, end = found.start, found.end
    before = _HYPHEN_BEFORE.search(text, max(0, start - 20), start)
    if before is not None and before.group(1)[0].isupper() == text[start].isupper():
        start = before.start()
    after = _HYPHEN_AFTER.match(text, end)
    last = found.text.split()[-1]
    if after is not None and after.group(1)[0].isupper() == last[0].isupper():
        end = after.end()
    if (start, end) == (found.start, found.end):
        return found
    return Found(start, end, text[start:end], text[start:end])


# A name the lists do not know, dictated in lower case where only a person fits: after a verb
# of meeting or calling and before "at <customer>" ("rang nkechi at fairbank", "met with ahmed
# and his boss at kb trading").
_UNLISTED_NAME = scouted(
    r"\b(?:met(?:\s+with)?|spoke\s+(?:to|with)|talked\s+to|rang|called|phoned|saw)\s+"
    r"(?P<name>[a-z]{3,12})(?:\s+and\s+(?:his|her|their)\s+[a-z]+)?\s+(?:at|from)\s"
    # "nkechi rang from fairbank": the name first, then the call and where from
    r"|(?:^|(?<=\buh\s)|(?<=\bum\s)|(?<=\bso\s)|(?<=,\s))(?P<caller>[a-z]{3,12})\s+"
    r"(?:rang|called|phoned|emailed|texted)\s+(?:from|at)\s"
)
# Departments are not named as contacts in the training lines ("Greenfield procurement asked").
_DEPARTMENTS = frozenset(
    "ops operations procurement purchasing finance accounts estates it hr".split()
)
_NOT_UNLISTED_NAMES = frozenset(
    "them him her us you everyone someone somebody anyone nobody everybody back again today "
    "yesterday twice briefly earlier later once round over there here reception support sales "
    "security site home people staff both all most some none guy lady woman man bloke chap "
    "they she he someone".split()
)


def _unlisted_names(text: str) -> list[tuple[int, int]]:
    """Lower-case names after a verb of meeting and before "at"/"from" its customer."""
    spans = []
    for match in _UNLISTED_NAME.finditer(text):
        group = "name" if match.group("name") else "caller"
        name = match.group(group)
        if (
            name in _NOT_UNLISTED_NAMES
            or name in _COMMON_WORDS
            or _ROLE_ONLY.fullmatch(name)
            or name in _DEPARTMENTS
        ):
            continue
        spans.append((match.start(group), match.end(group)))
    return spans


def _add_roles(found: list[Found], text: str) -> None:
    """Roles named instead of people, where no person was found."""
    for pattern in (CONTACT_EN_ROLE, CONTACT_ZH_ROLE):
        for match in pattern.finditer(text):
            start, end = match.start("role"), match.end("role")
            if match.group("role").casefold() in _OUR_PEOPLE or _ours(match.group("role")):
                continue  # "engineer on site": ours, not the customer's
            if not any(f.start <= start < f.end or start <= f.start < end for f in found):
                # 小孙, 老周: a person called by surname, not a job ("调度主管小孙" is 小孙)
                kind = "name" if _BY_SURNAME.fullmatch(match.group("role")) else "role"
                found.append(Found(start, end, text[start:end], text[start:end], kind))


_BY_SURNAME = re.compile(rf"[小老][{SURNAMES}]")
# People on our side of a ticket, named by their job alone.
_OUR_PEOPLE = frozenset({"engineer", "tech", "technician"})
# The fields a customer's own engineer works in ("maintenance engineer", "biomed engineer");
# any other word before "engineer" is ours: "ticket forty five ten engineer is on site", "the
# Leeds engineer", "in progress engineer on site monday".
_THEIR_ENGINEERS = frozenset(
    "maintenance biomed biomedical network process plant quality qa it controls facilities "
    "estates electrical mechanical project systems chief senior lead production automation "
    "clinical software hardware site structural civil".split()
)


def _ours(role: str) -> bool:
    """An engineer of ours, named by where they go or next to a ticket number."""
    words = role.casefold().split()
    return len(words) == 2 and words[1] in _OUR_PEOPLE and words[0] not in _THEIR_ENGINEERS


# "Priya's replacement", "Raj's old contact": the person owns what is named; not the contact.
_SOMEONE_ELSES = re.compile(
    r"['’]s\s+(?:replacement|successor|old|new|former|boss|assistant|colleague|deputy|team)\b",
    re.IGNORECASE,
)


# A role said beside the person's name: "the CFO Anna", "estate manager Nadia", "head of IT is
# Wei Ming", "nadia the estate manager": the name is the contact.
_ROLE_WORDS = (
    r"(?:head\s+of\s+[A-Za-z]+|cfo|ceo|cto|coo|cio|md|director|manager|mgr|lead|head|engineer|"
    r"buyer|owner|principal|bursar|supervisor|coordinator|administrator|officer|teacher)"
)
_ROLE_THEN_NAME = re.compile(
    r"(?<![A-Za-z])(?i:" + _ROLE_WORDS + r")\s*,?\s+(?:(?i:is|was)\s+)?"
    r"(?P<name>[A-Za-z][a-z]{2,}(?:\s+[A-Z][a-z]{1,})?)(?![A-Za-z])"
)
_NAME_THEN_ROLE = re.compile(
    r"(?<![A-Za-z'])(?P<name>[A-Za-z][a-z]{2,}(?:\s+[A-Z][a-z]{1,})?)\s*,?\s+(?i:the|their|our)\s+"
    r"(?:[A-Za-z]{2,12}\s+)?(?i:" + _ROLE_WORDS + r")(?![A-Za-z])"
    # the role in brackets: "Jim (their buyer)", "Anna Wright (CFO)"
    r"|(?<![A-Za-z'])(?P<bracketed>[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{1,})?)\s*\((?:(?i:the|their|our)\s+)?"
    r"(?:[A-Za-z]{2,12}\s+)?(?i:" + _ROLE_WORDS + r")\)"
)


def _named_beside_role(text: str) -> list[tuple[int, int]]:
    """Names right before or after a role: capitalised, or a known given name in any case."""
    if not _TITLE_OR_ROLE.search(text):
        return []
    given = _given_name_set()
    spans = []
    for pattern in (_ROLE_THEN_NAME, _NAME_THEN_ROLE):
        for match in pattern.finditer(text):
            group = "name" if match.group("name") else "bracketed"
            name = match.group(group)
            first = name.split()[0]
            if first in _EN_NOT_NAMES or first.casefold() in _COMMON_WORDS:
                continue
            if first[0].isupper() or first.casefold() in given:
                spans.append((match.start(group), match.end(group)))
    return spans


_ROLE_ONLY = re.compile(r"(?i:(?:[A-Za-z]{2,12}\s+)?" + _ROLE_WORDS + r")")


def is_role(text: str) -> bool:
    """A job named instead of a person ("buyer", "ops director")."""
    return _ROLE_ONLY.fullmatch(text) is not None


_TITLE_OR_ROLE = scouted(r"(?i:" + _ROLE_WORDS + r")")
_LATIN_WORD = re.compile(r"[a-z]+")
_TITLE_WORD = scouted(
    r"manager|director|engineer|president|principal|chairman|boss|supervisor|dean|chief",
    re.IGNORECASE,
)


def _add_apart(found: list[Found], text: str, spans: list[tuple[int, int]]) -> None:
    """Add the names found by a weaker pattern where nothing was found yet."""
    for start, end in spans:
        if not any(f.start < end and start < f.end for f in found):
            found.append(Found(start, end, text[start:end], text[start:end]))


@cache
def _given_name_pattern() -> re.Pattern[str]:
    lines = (Path(__file__).parent / "resources" / "first_names.txt").read_text("utf-8")
    names = sorted(
        {w for line in lines.splitlines() if not line.startswith("#") for w in line.split()},
        key=len,
        reverse=True,
    )
    name = r"(?:" + "|".join(names) + r")"
    surname = r"(?:\s+(?P<surname>" + "|".join((*PINYIN_SURNAMES, *_SURNAMES_EN)) + r"))?"
    return re.compile(
        r"(?:\b(?:met|meet|see|ring|meeting|with|to|call|called|ask|asked|told|tell|from|ping|"
        r"email|emailed|chase|chased|thank|update|brief|invite|remind|message|messaged|"
        # a filler dictated before the name: "spoke to uh mick"
        r"text|texted|cc|and|saw|see|phoned|rang)\s+(?:(?:uh+|um+|er+|erm)\s+)?(?P<after>"
        + name
        + r")"
        + surname
        # "sarah jones at greenfield says": not after an article ("the bill at the end")
        + r"|(?<!the\s)(?<!\ba\s)(?<!our\s)(?<!your\s)(?<!this\s)(?<!that\s)\b(?P<before>"
        + name
        + r")"
        + surname.replace("surname", "surname2")
        + r"(?=\s+(?:says|said|wants|wanted|asked|told|mentioned|confirmed|called|emailed|rang|"
        r"texted|replied|messaged|is leaving|will|thinks|agreed|approved|needs|from|"
        r"at\s+(?!(?:the|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
        r"noon|midday|lunch|night|\d)\b))\b))"
        r"(?![A-Za-z])",
        re.IGNORECASE,
    )


def _is_given_name(name: str) -> bool:
    """The first word is a given name the lists know."""
    first = name.split(maxsplit=1)[0]
    return first.casefold() in _given_name_set() or _known_names().fullmatch(name) is not None


def is_given_name(word: str) -> bool:
    """A common given name ("raj", "Mei"), whatever its case."""
    return word.casefold() in _given_name_set()


@cache
def _given_name_set() -> frozenset[str]:
    lines = (Path(__file__).parent / "resources" / "first_names.txt").read_text("utf-8")
    return frozenset(
        w for line in lines.splitlines() if not line.startswith("#") for w in line.split()
    )


def _given_names(text: str) -> list[tuple[int, int]]:
    """A given name where a person is expected, in any case ("met priya", "uh tom says")."""
    names = _given_name_set()
    if not any(word in names for word in _LATIN_WORD.findall(text.casefold())):
        return []
    spans = []
    for match in _given_name_pattern().finditer(text):
        group = "after" if match.group("after") else "before"
        surname = "surname" if group == "after" else "surname2"
        start = match.start(group)
        end = match.end(surname) if match.group(surname) else match.end(group)
        spans.append((start, end))
    return spans


def _titled(text: str, match: re.Match[str]) -> Found:
    """A name after Mr/Dr/doctor, without the words dictated after it ("Mr. Smith back",
    "Dr. Chen tomorrow", "mr huang sent")."""
    name_words = match.group("name").split()
    stop = next(
        (i for i, word in enumerate(name_words) if i and word.casefold() in _COMMON_WORDS),
        len(name_words),
    )
    name_words = name_words[:stop]  # "doctor lim at harbourview", "mr smith wants a call"
    while len(name_words) > 1 and (
        name_words[-1].casefold() in _COMMON_WORDS
        or name_words[-1] in _EN_NOT_NAMES
        or (name_words[0][0].isupper() and name_words[-1][0].islower())
    ):
        name_words.pop()
    end = match.start("name") + len(" ".join(name_words))
    return Found(match.start(), end, text[match.start() : end], text[match.start() : end])


# Given names that are everyday English words ("Grace period", "Will revert", "mark it
# done"): seen anywhere, they are a name only when capitalised inside a sentence.
_WORD_NAMES = frozenset(
    "grace will mark rose bill sue pat ray ruby amber hope joy faith penny dawn summer jack frank "
    "max rob chase guy april may june august bob jay dean sky iris holly".split()
)


_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)\W*$")


def _word_not_name(text: str, start: int, end: int) -> bool:
    """A known name that is also a word, in lower case or where any word is capitalised."""
    if text[start:end].casefold() not in _WORD_NAMES:
        return False
    return text[start].islower() or _SENTENCE_START.search(text[:start]) is not None


@cache
def _known_names() -> re.Pattern[str]:
    """People already named in the training messages (the company's contacts as reps write
    them), matched in any case: dictated text is often all lower case ("met priya")."""
    names: set[str] = set()
    for path in (Path(__file__).parent / "data").glob("train_*.jsonl"):
        for line in path.read_text("utf-8").splitlines():
            for action in json.loads(line).get("actions", []) if line.strip() else []:
                contact = action.get("slots", {}).get("contact")
                if isinstance(contact, str) and contact.isascii() and contact[:1].isupper():
                    first = contact.split()[0]
                    if (
                        first not in _EN_NOT_NAMES
                        and first.isalpha()
                        and len(first) >= 3
                        and _ROLE_ONLY.fullmatch(contact) is None  # "CFO" is no name
                    ):
                        names.add(contact)
    if not names:
        return re.compile(r"(?!)")
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # Not \b: in "见了Pemberton的Priya，" a Chinese character is a word character too.
    return re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])", re.IGNORECASE)


# Words of a company's name ("call Thames Valley", "Lion City", "Riverside Academy emailed"):
# the customer, or the part of it the directory spells otherwise, is no person.
_ORG_WORDS = frozenset(
    "Valley City Group Foods Food Health Hotels Hotel Academy Trading Logistics Electronics Retail "
    "Medical Partners Tools Dairy Water Utilities Engineering Agriculture Schools School Trust "
    "Centre Center Hospital Clinic Pharma Pharmaceuticals Industries Holdings Systems Solutions "
    "Services Ltd Limited Inc Corp Company Co Plc Pte Bhd Berhad Traders Chain Bank Capital".split()
)


# A contact introduced as such: "new contact for orders is Hannah Price", "the new POC is Oliver
# Grant": both capitalised words are the name, even a surname that is also a word ("Price").
_INTRODUCED = re.compile(
    r"\b(?:contact|poc|point\s+of\s+contact|contact\s+person)\b[^,.;:!?\n]{0,25}?\b(?:is|will\s+be)\s+"
    r"(?P<name>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z'-]+)?)\b"
)


def _introduced(text: str) -> list[tuple[int, int]]:
    return [
        m.span("name")
        for m in _INTRODUCED.finditer(text)
        if m["name"].split()[0] not in _EN_NOT_NAMES
        and m["name"].split()[0].casefold() not in _COMMON_WORDS
    ]


# "Contact no +60 12-338 4410", "contact number 07700 900481": the number is said, no person
_CONTACT_DETAIL_WORDS = frozenset({"no", "nos", "number", "num", "nr", "details", "info"})


def _add_name(found: list[Found], text: str, start: int, end: int) -> None:
    if any(word in _ORG_WORDS for word in text[start:end].split()):
        return
    words = text[start:end].split()
    # the name ends before a day or a small word written in capitals ("Sarah Jones Tuesday At")
    stop = next(
        (
            i
            for i, word in enumerate(words)
            if i and (word in _EN_NOT_NAMES or word.casefold() in _COMMON_WORDS)
        ),
        len(words),
    )
    words = words[:stop]
    if not words or words[0] in _EN_NOT_NAMES or words[0].casefold() in _CONTACT_DETAIL_WORDS:
        return
    end = start + len(" ".join(words))
    for index, other in enumerate(found):
        if other.start < end and start < other.end:
            if start <= other.start and end > other.end:  # "Kenneth Ng" over "Kenneth"
                found[index] = Found(start, end, text[start:end], text[start:end])
            return
    found.append(Found(start, end, text[start:end], text[start:end]))
