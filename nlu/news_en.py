"""English notes that pass on news about a customer without a trigger word of their own.

"Pemberton says the rollout is slipping", "per Kevin, the budget's approved", "Tanjong - budget
approved", "email from Grace: they loved the demo": no visit or call is named, yet the rep is
recording what was heard (the README logs news heard without our contact). A note that names a
customer and only a thing ("Pemberton contacts", "KB Trading last order") is still a look-up:
news needs a source that passed it on or a verb that says what happened.
"""

from __future__ import annotations

import re

# Who or what passed the news on: reported speech, a source, a message that brought it.
_SOURCE = re.compile(
    r"\b(?:says|said|saying|tells|told\s+(?:me|us|him|her|them)|mentioned|mentions|reckons|"
    r"confirmed|confirms|reported|reports|informed|let\s+(?:me|us)\s+know|according\s+to|"
    r"heard|hearing|got\s+word|word\s+is|word\s+that|heads[- ]?up|fyi|feedback|"
    r"got\s+back\s+to\s+(?:me|us)|came\s+back|news\s*:|update\s+from)\b"
    # "per Kevin", "per the bursar": a source, not a rate ("per unit", "per month")
    r"|\bper\s+(?:the\s+|their\s+|her\s+|his\s+)?(?!(?:unit|month|year|week|day|hour|seat|user|"
    r"licen[cs]e|head|annum|cent|person|site|item|box|piece)s?\b)[A-Za-z]"
    # "email from Grace", "WhatsApp from Marcus", "Teams msg from Anna", "text from Tom"
    r"|\b(?:e-?mail|whatsapp|wa|teams|slack|text|sms|msg|message|note|letter|linkedin|wechat)"
    r"(?:\s+(?:msg|message|note))?\s+from\b"
    r"|\bgot\s+an?\s+(?:e-?mail|whatsapp|text|message|msg|note)\b"
    # the talk itself named by a word no trigger holds: "Phone call: …", "plant tour with …",
    # "LinkedIn message to the IT director"
    r"|\bphone\s+call\b|\b(?:plant|site|factory|warehouse)\s+tour\b|\bmessage\s+to\b",
    re.IGNORECASE,
)
# A verb that says what happened: a past form, a present state, a change under way.
_HAPPENED = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|won't|wont|paid|left|lost|went|came|gave|took|"
    r"made|got|quit|starts|started|starting|leaving|moving|joining|"
    # a state said of the customer or the goods: "Tanjong MD: happy to go ahead", "all good"
    r"happy|unhappy|fine|good|great|ok|okay|keen|working|done|on\s+track|on\s+hold|"
    r"go(?:ing)?\s+ahead|slipping|delayed|"
    # what they want or may do, and what we sent: "Contoso wants pricing on 80 licences",
    # "lion city might go for the full upgrade", "quote sent, £22.4k", "proposal out to them"
    r"wants?|needs?|might|would\s+like|negotiating|sent|out\s+to|"
    # how things stand: "Contoso still dragging their feet on the HPLC quote", "still sitting on it"
    r"still\s+(?:not\s+)?[a-z]{3,}ing|dragging\s+(?:their|its|his|her)\s+feet)\b"
    r"|(?:'s|'re|'ve|'ll)\s+[a-z]+|\b[a-z]{3,}ed\b",
    re.IGNORECASE,
)
# "-ed" words that are no verb.
_NOT_VERBS = frozenset({"hundred", "speed", "feed", "bed", "shed", "red", "seed"})
# A look-up said without a question mark: a question word heading the note or any part of it
# ("Brightwater - what stage is the deal at", "orchard hotels how are they doing").
_LOOK_UP = re.compile(
    r"^\s*(?:(?:um|uh|so|ok|okay|hey)[\s,]+)*(?:when|show|list|pull|find|get\s+me|give\s+me|"
    r"tell\s+me|is|are|do|does|did|has|have|can|could)\b"
    r"|(?<!\bknow\s)(?<!\bsee\s)(?<!\bshowed\s)(?<!\bthem\s)(?<!\bus\s)(?<!\bme\s)"
    r"\b(?:who|who's|whos|what|what's|whats|how|how's|hows|which|where|why)\b"
    r"|[?？]\s*$",
    re.IGNORECASE,
)


def reports_news(segment: str) -> bool:
    """The English clause passes on news (a source, or a verb saying what happened) and asks
    nothing."""
    if _LOOK_UP.search(segment):
        return False
    if _SOURCE.search(segment):
        return True
    return any(match.group().casefold() not in _NOT_VERBS for match in _HAPPENED.finditer(segment))
