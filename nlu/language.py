"""Which language a message is in, for the reply: Chinese if it has a fair share of Chinese."""

from __future__ import annotations

from nlu.text import is_cjk


def detect_language(text: str, default: str = "zh") -> str:
    """'zh' or 'en'. Mixed text with Chinese grammar around English names ("见了Pemberton的Priya")
    is Chinese; an English sentence naming one Chinese customer is English."""
    chinese = sum(1 for char in text if is_cjk(char))
    latin_words = sum(1 for word in text.split() if any(c.isascii() and c.isalpha() for c in word))
    if chinese == 0 and latin_words == 0:
        return default
    # A Chinese character carries about as much as an English word of 1.5 characters' weight.
    return "zh" if chinese >= latin_words * 1.5 else "en"
