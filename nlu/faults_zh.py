"""Chinese fault reports recognised by their shape: a device verb under a negation.

Dictated faults come in words no trigger list holds: "定位终端不上线了", "打印机不出纸了",
"门禁不开门了", "屏幕没画面了". Each is a thing said to stop doing its job: 不/没 before what a
device does, ending in 了 (it did, and now does not). What people stop doing ("不要了", "不签了",
"不来了") is business, not a fault, and is not in the verb list. The hits join the phrase triggers
of resources/intents.json as `open_ticket` evidence, as `faults_en` does for English.
"""

from __future__ import annotations

import re

from nlu.intents import TriggerHit
from nlu.regex_scout import scouted

# What a device does: go on line, power up, print, show, sound, move, cool, read, send.
_DEVICE_VERB = (
    r"(?:上线|联网|联机|在线|开机|启动|通电|充电|出纸|出单|出票|出水|出料|出图|出数|出声|出风|"
    r"打印|显示|响|亮|转|工作|运行|运转|制冷|制热|加热|识别|扫码|读卡|刷卡|定位|同步|上传|"
    r"报数|称重|计数|开门|关门|开闸|抬杆|升降|升起|降下)"
)
_FAULT_ZH = scouted(
    rf"(?:不|没法|没有?|无法)(?:能|会)?{_DEVICE_VERB}(?:了|啦)"
    # "屏幕没画面了", "终端没信号了": what it gives is gone
    r"|没(?:有)?(?:信号|画面|图像|显示|数据|反应|声音)了"
    # "电动护理床升降不了", "打印不了": what it does, no longer possible
    rf"|(?<!说){_DEVICE_VERB}不了"
    # "冷柜门关不上", "抽屉打不开", "滚筒转不动": a part that will not close, open or move
    r"|(?<![联系])(?:关|锁|合|插|打|推|拉|转|升|降)不(?:上|开|动)(?!去|来|[线网钱])"
    # "灌装机又不行了": it failed again, or all at once
    r"|(?:又|突然|彻底|完全)不行了"
    # "络筒机又卡纱了", "管道老是堵": a jam or leak that keeps coming back
    r"|(?:又|老是|总是|经常|频繁)(?:卡|堵|漏)[\u4e00-\u9fff]?了?"
    # "水路堵了", "液压那块漏油", "整条线 停了": blocked, leaking, a line stopped
    # (a road blocked is no fault: "高速上堵了三个小时")
    r"|(?:水路|气路|油路|管路|管道|水管|喷嘴|喷头|滤网|滤芯|下水)\s?堵(?:住|死)?了"
    r"|漏(?:油|水|气|电)|(?:线|产线|机器|设备)\s?停了"
    # an engine's or a motor's: "发动机冒黑烟", "有异响", "打不着火", "老跳闸"
    r"|冒[黑白蓝青]?烟|异响|打不着火?|跳闸"
    # goods that came damaged, some of them counted: "有二十来袋受潮结块了", "有一桶漏了",
    # "有十二个裂了" (grain, oil, tea and ceramics traders' faults are the goods')
    r"|有[\d一二两三四五六七八九十百几]+[来多]?[个袋桶箱件盒瓶包只块套]"
    r"(?:都)?(?:受潮|结块|发霉|变质|漏|破|碎|裂|坏|瘪|变形|过期)"
    # an order not arrived that the customer chases: "还没到，客户在催"
    r"|还没(?:到|到货|送到|发货)[，,\s]{0,2}(?:客户|他们|对方)?(?:在|一直|天天)?催"
)


def fault_hits_zh(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """`open_ticket` hits for Chinese faults no trigger phrase already covers."""
    covered = [(h.start - 6, h.end + 6) for h in hits if h.intent == "open_ticket"]
    return [
        TriggerHit("open_ticket", m.start(), m.end(), m.group())
        for m in _FAULT_ZH.finditer(text)
        if not any(low < m.end() and m.start() < high for low, high in covered)
    ]


# A fault left as it is, by the customer's choice: "不影响生产 他们说先观察着", "先观察两天".
_LEFT_TO_WATCH = re.compile(r"先观察|再观察|观察(?:着|一下|几天|两天|一段时间|看看)|先用着")
# A ticket or a repair asked for: then it is a ticket however mild.
_REPAIR_ASKED_ZH = re.compile(
    r"工单|开(?:个|一个)单|派人|派个人|上门|过来看|过去看|来修|修一下|处理一下|安排|尽快|急|换(?:一个|个|新)"
)


def left_to_watch(text: str) -> bool:
    """ "到天合纺织跟周科长聊了…络筒机上个月报修的毛病偶尔还会出来 不过不影响生产 他们说先观察
    着": a fault still there during a logged talk, which the customer will keep an eye on and no
    one asks to have repaired, is news of the talk (README: a fault still there is news unless a
    ticket is asked for or a repair is under way)."""
    return _LEFT_TO_WATCH.search(text) is not None and _REPAIR_ASKED_ZH.search(text) is None
