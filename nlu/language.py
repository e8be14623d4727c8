"""Which language a message is in, for the reply: Chinese if it has a fair share of Chinese."""

from __future__ import annotations

import re

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# A run of Chinese counts for at most this many characters: one long run in an English sentence
# is a name ("Called 苏州瑞丰电子科技有限公司 about the renewal"), not Chinese grammar.
_RUN_CAP = 4


def detect_language(text: str, default: str = "zh") -> str:
    """'zh' or 'en'. Mixed text with Chinese grammar around English names ("见了Pemberton的Priya")
    is Chinese; an English sentence naming one Chinese customer is English."""
    chinese = sum(min(len(run), _RUN_CAP) for run in _CJK_RUN.findall(text))
    latin_words = sum(1 for word in text.split() if any(c.isascii() and c.isalpha() for c in word))
    if chinese == 0 and latin_words == 0:
        return default
    # A Chinese character carries about as much as an English word of 1.5 characters' weight.
    return "zh" if chinese >= latin_words * 1.5 else "en"
