"""English fault reports recognised by their shape rather than by a fixed phrase.

A rep dictates a fault in words of their own: "the weighbridge is printing wrong weights", "the
kiosks keep logging people out", "the door sensors stopped reporting", "the badge readers aren't
working", "showing E12". Each of these is a thing said to fail: a verb of failure after a
negation or "keeps", a device verb with a wrong result, an error code. The hits found here join
the phrase triggers of resources/intents.json as `open_ticket` evidence.
"""

from __future__ import annotations

import re

from nlu.intents import TriggerHit
from nlu.regex_scout import scouted

# English rules hold for a line with a pound sign or a curly quote too: only Chinese is out.
_HAN = re.compile(r"[\u4e00-\u9fff]")

# What a device does, when it is said not to do it ("won't pair", "stopped reporting").
_DEVICE_VERB = (
    r"(?:work|working|turn(?:ing)?\s+on|switch(?:ing)?\s+on|power(?:ing)?\s+on|charg\w*|"
    r"pair\w*|recogni[sz]\w*|read\w*|load\w*|print\w*|sync\w*|connect\w*|boot\w*|start\w*|"
    r"updat\w*|upload\w*|report\w*|wak\w*\s+up|pick\w*\s+up\s+(?!the\s+phone)|call\w*\s+home|scan\w*|"
    r"log\w*\s+in|login|respond\w*|register\w*|display\w*|detect\w*|open\w*|lock\w*|count\w*|"
    r"send\w*\s+(?:any\s+)?(?:data|readings?|alerts?|alarms?|updates?|signals?|anything)|"
    r"transmit\w*|beep\w*\s+properly|ring(?:ing|s)?(?:\s+(?:through|out))?(?!\s+(?:back|me|us|him|her|them)\b)|"
    # what a machine is for: "the proving ovens are not heating", "the chiller won't cool"
    r"heat\w*|cool\w*|chill\w*|weigh\w*|dispens\w*|spin\w*|pump\w*|seal\w*|cut\w*|export\w*|"
    # what it should keep: "the defib wont hold a charge", "not holding temperature"
    r"hold\w*\s+(?:a\s+|its\s+|the\s+|any\s+)?(?:charge|temp\w*|pressure|vacuum|settings?|"
    r"calibration|signal|zero))"
)
# "keeps <doing>" is a fault unless what is kept up is a person's doing.
_KEPT_UP_BY_PEOPLE = (
    r"(?:asking|calling|ringing|phoning|emailing|chasing|saying|talking|pushing|coming|going\s+"
    r"(?:on|back|quiet)|ordering|buying|growing|expanding|sending\s+(?:us|me|over)|delaying|"
    r"postponing|moving|changing\s+(?:their|his|her)\s+mind|mentioning|bringing)"
)
_FAULT = scouted(
    r"(?=[A-Za-z'’])"  # every branch starts so: a cheap test before the alternatives
    r"(?:\b(?:keeps?|kept)\s+(?!" + _KEPT_UP_BY_PEOPLE + r"\b)[a-z]+ing\b"
    r"|\b(?:won'?t|wont|can'?t|cant|cannot|isn'?t|aren'?t|wasn'?t|weren'?t|haven'?t|hasn'?t|"
    r"didn'?t|doesn'?t|don'?t|not|stopped|no\s+longer)\s+(?:properly\s+)?" + _DEVICE_VERB + r"\b"
    r"|\b(?:is|are|was|were|been|'s|'re|’s|’re)\s+(?:(?:still|now|just|all|constantly|"
    r"randomly|suddenly)\s+)?(?:printing|throwing|displaying|double[\s-]counting|drifting(?!\s+away)|"
    r"rejecting|resetting|producing|reading\s+(?:zero|wrong|negative|minus|high|low)|"
    r"showing\s+(?!interest\b|(?:us|me|them)\b)|logging\s+\w+\s+out|timing\s+out|"
    r"charging\s+\w+\s+for|going\s+off)"
    # "throwing temp errors", "giving a sensor fault", "showing error codes"
    r"|\b(?:throwing|showing|displaying|giving)\s+(?:an?\s+|the\s+)?(?:[a-z]+\s+)?"
    r"(?:errors?|codes?|faults?)\b"
    r"|\b(?:showing|throwing|displaying|with)\s+(?:error\s+|code\s+|fault\s+)?[A-Z]{1,2}-?\d{1,4}\b"
    r"|\b(?:flat[\s-]?lined|died|gone\s+blank|went\s+blank|gone\s+dark|lost\s+all\s+(?:their|its|the)"
    r"|keeps?\s+going\s+off|going\s+off\s+(?:at|for|every|all)|timing\s+out|stuck\s+(?:on|at)|"
    r"double[\s-](?:counting|scanning|charging|billing)|no\s+gps|wrong\s+(?:weights?|locations?|prices?|readings?|values?|"
    r"data|totals?|figures)|negative\s+(?:values|readings)|minus\s+readings|garbage\s+readings|"
    r"for\s+no\s+reason|out\s+of\s+action|out\s+of\s+(?:spec|tolerance|calibration)|playing\s+up|acting\s+up|on\s+the\s+blink|"
    # "FCU noisy in 14 rooms", "AHU-3 tripping on overload", "the pump's leaking"
    r"(?:is\s+|are\s+|'s\s+|'re\s+)?(?:very\s+|really\s+|quite\s+)?(?:noisy|leaking|overheating|"
    r"tripping|rattling|vibrating|sparking)(?!\s+(?:neighbours?|office|room|kids|crowd)\b)|"
    r"packed\s+(?:it\s+)?up|packed\s+(?:it\s+)?in|conked\s+out|gave\s+up|giving\s+up\s+the\s+ghost|"
    # Australian and British: "the door seal's gone again"; goods come wrong: "arrived damaged",
    # "are the wrong size", "a hundred short"
    r"(?:'s|’s|has|have|'ve|is|are)\s+gone\s+again|"
    r"(?:arrived|came|come|delivered|turned\s+up)\s+(?:all\s+)?(?:damaged|broken|crushed|dented|"
    r"cracked|smashed|faulty|defective|leaking)|"
    r"(?:is|are|'s|'re|was|were)\s+(?:all\s+)?the\s+wrong\s+(?:size|sizes|colou?r|model|type|spec|"
    r"length|part|parts|ones?|voltage)|"
    r"(?:\d+|hundred|dozen|few)\s+(?:units\s+|pieces\s+|pcs\s+|cartons\s+|boxes\s+)?short\b|"
    # "scales reading 2g heavy", "showing stale data", "flagging good boards as defects"
    r"reading\s+(?:[\d.]+\s*[a-z%°]*\s+)?(?:heavy|light|high|low|over|under)|stale\s+data|"
    r"flagging\s+(?:good|ok|fine)\s+\w+|"
    # "has been down since last night", "bricked one unit", "reading like five degrees off",
    # "are off by fifty grams", "throwing 500s"
    r"(?:has|have|had)\s+been\s+down|bricked|"
    r"reading\s+(?:like\s+|about\s+|around\s+)?(?:[\w.]+\s+){1,3}?(?:high|low|off|out)|"
    r"reading\s+(?:empty|full)|(?:is|are|'s|'re|was|were)\s+(?:all\s+)?off\s+by|"
    # "the bed scales are reading off by like five pounds"
    r"\b(?:reading|weighing|measuring|showing)\s+off\s+by\b|"
    r"throwing\s+\d{3}s?|"
    # a device losing what it should hold, or drifted off its setting: "the power pack is
    # losing pressure", "the chamber has drifted to 27C"
    r"(?:is|are|'s|'re|keeps?|kept)\s+losing\s+(?:pressure|power|signal|connection|connectivity|"
    r"charge|vacuum|temperature|temp|oil|air|settings|calibration|sync)|"
    r"(?:has|have|had)\s+drifted|"
    # "Excel export fails since the release", "login page throws 500 errors", "not showing
    # anything", "smart scales weighing wrong", "flicker then die", "shows everything as grey"
    r"fails|throws\s+(?:\d{3}\s+)?errors?|not\s+showing\s+(?:anything|any\s+\w+)|"
    r"weighing\s+wrong|then\s+die|shows?\s+everything\s+as|"
    # "monitor showing wrong temps", "MES terminals down on line 2", "oven sensors drifting",
    # "badge printer producing smudged cards"
    r"(?:showing|giving|printing|reading|displaying)\s+(?:the\s+)?wrong\s+[a-z]+|"
    # typed "Pemberton - blast chiller down, pls send someone": a device then "down" and a stop
    r"(?:terminal|sensor|gateway|scanner|printer|server|screen|tablet|monitor|camera|kiosk|"
    r"reader|handheld|phone|till|unit|controller|router|chiller|freezer|fridge|comms|wifi|"
    r"network|link|RTU|line|machine|oven|press|conveyor|pump|compressor|system)s?\s+"
    r"(?:all\s+)?down(?:\s+(?:on|in|at|since|again|across)\b|"
    r"(?=\s*(?:[,.;!\n]|$)))|drifting(?!\s+away)|"
    r"producing\s+(?:smudged|blank|faded|blurry|blurred|wrong|bad|garbled)\s+[a-z]+|"
    # Singapore and Hong Kong English: "the aoi machine still hang", "the pos keep hang hang",
    # "the printer spoilt already", "the scanner cannot on"
    r"(?:still|keeps?|always|kept|all)\s+hang(?:s|ing)?|"
    r"spoil(?:t|ed|s)?(?!\s+(?:the|our|their|his|her|my|it|its|a|an|us|them|things|everything)\b)|"
    r"(?:cannot|can'?t|cant)\s+(?:on|switch\s+on|turn\s+on|power\s+on)(?!\s+(?:time|track|board)\b)|"
    # British: "the till's knackered", "out of order", "on the fritz", "the loggers are all over
    # the place"
    r"(?:is|are|was|were|'s|'re)\s+still\s+(?:down|dead|offline)|knackered|kaput|clapped\s+out|out\s+of\s+order|on\s+the\s+fritz|"
    # "the dashboards time out in the afternoons" (not "take time out")
    r"(?<!take\s)(?<!taking\s)(?<!some\s)\b(?:time|times)\s+out\b|"
    # trouble had with a thing: "having trouble with the label printers", "issues with the app"
    r"(?:having|had|getting|experiencing)\s+(?:(?:a\s+lot\s+of|lots\s+of|some|more|constant|"
    r"real|big)\s+)?(?:trouble|issues|problems|difficulties|difficulty|grief|hassle)\s+(?:with|on)"
    r"|"
    # what a device keeps doing, said in the present: "the tank sensors drop off every night",
    # "the app freezes", "the tablets cut out"
    r"drops\s+(?:off|out)\b(?!\s+(?:the|a|an|some|our|their)\b)|drop\s+(?:off|out)\s+(?:every|"
    r"all\s+the\s+time|constantly|randomly|overnight|at\s+night|now\s+and\s+then|a\s+lot)|"
    r"(?:cuts?|cutting)\s+out|freezes|freeze\s+(?:up|on)|hangs\s+(?:on|at|when|every)|"
    r"(?:reboots|restarts|resets)\s+(?:itself|themselves|randomly|every|on\s+its\s+own)|"
    # a device that fell silent: "the loggers at the reservoir have gone quiet"
    r"(?:loggers?|sensors?|gateways?|trackers?|meters?|devices?|units?|probes?|cameras?|RTUs?|"
    r"beacons?|tags?|modems?|routers?)\s+(?:[a-z]+\s+){0,4}?(?:have\s+|has\s+|'ve\s+|are\s+)?"
    r"(?:gone|went|going)\s+(?:quiet|silent|dark|offline)|"
    # what is sent not arriving: "invoices from the integration bouncing", "alerts not coming
    # through"
    r"(?:e-?mails?|invoices?|messages?|orders?|alerts?|notifications?|texts?|reports?|payments?|"
    r"labels?|tickets?|files?|transactions?)\s+(?:[a-z]+\s+){0,4}?(?:are\s+|is\s+|keep\s+)?"
    r"(?:bouncing|bounced|bounce\s+back|not\s+arriving|not\s+coming\s+through|going\s+missing|"
    r"getting\s+(?:lost|rejected|stuck)|disappearing|duplicating)|"
    r"(?:readings?|temps?|temperatures?|values|loggers?|sensors?|meters?|probes?|gauges?|scales)"
    r"\s+(?:are\s+|is\s+|'re\s+|'s\s+)?(?:all\s+)?over\s+the\s+place)\b)",
    re.IGNORECASE,
)
# A ticket number said as "T-2041" is no error code.
_TICKET_LIKE = re.compile(r"T-?\d", re.IGNORECASE)


_SENTENCE_BETWEEN = re.compile(r"[.!?;\n]\s")


def fault_hits(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """`open_ticket` hits for fault reports no trigger phrase already covers."""
    if _HAN.search(text):
        return []
    found = []
    covered = [(h.start - 12, h.end + 12) for h in hits if h.intent == "open_ticket"]
    for match in _FAULT.finditer(text):
        start, end = match.start(), match.end()
        code = re.search(r"[A-Z]{1,2}-?\d", match.group())
        if code is not None and _TICKET_LIKE.match(code.group()):
            continue
        if any(
            low < end
            and start < high
            and not _SENTENCE_BETWEEN.search(text, end, max(end, low + 12))
            for low, high in covered
        ):
            continue  # ("…throwing temp errors. Raise ticket": the request's own sentence is apart)
        hit = TriggerHit("open_ticket", start, end, match.group())
        if not _business_word(text, hit):
            found.append(hit)
    return found


# A trigger word said of figures or of a deal, not of a device: "sales are down this quarter",
# "the budget is broken down by site", "the deal broke down over terms", "talks are dead".
_FIGURES = (
    r"(?:sales|revenue|revenues|margins?|volumes?|numbers|figures|orders|footfall|bookings|"
    r"occupancy|profits?|spend|budgets?|prices?|demand|takings|turnover|morale|interest|"
    r"deal|talks|negotiations?|project|pilot|tender|idea|plan|proposal|opportunity|relationship)"
)
_BUSINESS_NOT_FAULT = re.compile(
    r"\b" + _FIGURES + r"(?:'s|\s+(?:is|are|was|were|has\s+been|have\s+been|went|gone))?"
    r"(?:\s+(?:all|now|well|way|right|still|really|pretty|totally|completely))?\s*$",
    re.IGNORECASE,
)
# "broken down by site", "broken out per region": a split, not a breakage.
_SPLIT_AFTER = re.compile(r"\s+(?:down|out)\s+(?:by|into|per|across|for\s+each)\b", re.IGNORECASE)
_BUSINESS_FAULT_WORDS = frozenset(
    {"is down", "are down", "dead", "broken", "failed", "slow", "its down", "it's down"}
)


def no_fault_in_business_talk(text: str, hits: list[TriggerHit]) -> list[TriggerHit]:
    """Drop `open_ticket` hits whose fault word is said of sales figures or of a deal ("sales are
    down", "the deal is dead") or means a split ("broken down by site"): no device has failed."""
    if _HAN.search(text):
        return hits
    return [hit for hit in hits if not _business_word(text, hit)]


def _business_word(text: str, hit: TriggerHit) -> bool:
    """The hit is a fault word about figures, a deal, or a split into parts."""
    if hit.intent != "open_ticket":
        return False
    phrase = hit.phrase.strip().casefold()
    if phrase == "broken" and _SPLIT_AFTER.match(text, hit.end):
        return True
    if phrase not in _BUSINESS_FAULT_WORDS and not phrase.endswith((" down", " dead")):
        return False
    # "sales are down": the figure word ends right where the verb of the hit starts
    head = text[max(0, hit.start - 40) : hit.start]
    return _BUSINESS_NOT_FAULT.search(head) is not None
