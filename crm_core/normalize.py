"""Name normalization for duplicate detection.

Two customer names are "the same" when they differ only by width (full/half), case, spaces,
punctuation or a legal-form suffix: 蓝湾医疗有限公司 == 蓝湾医疗, "ACME Corp." == "acme".
"""

from __future__ import annotations

import re
import unicodedata

# Longest first, so 股份有限公司 is removed whole rather than leaving 股份.
_ZH_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        (
            "股份有限公司",
            "有限责任公司",
            "集团有限公司",
            "集团股份有限公司",
            "有限公司",
            "分公司",
            "株式会社",
            "集团",
            "公司",
        ),
        key=len,
        reverse=True,
    )
)
_EN_SUFFIXES: frozenset[str] = frozenset(
    {
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "llp",
        "lp",
        "corp",
        "corporation",
        "co",
        "company",
        "gmbh",
        "ag",
        "plc",
        "sa",
        "sas",
        "sarl",
        "bv",
        "nv",
        "pty",
        "pte",
        "kk",
        "oy",
        "ab",
        "srl",
        "spa",
        "group",
        "holdings",
    }
)
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


def normalize_name(name: str) -> str:
    """Fold a company or alias name to the key used for duplicate detection."""
    text = unicodedata.normalize("NFKC", name).casefold()
    words = [word for word in _SEPARATORS.split(text) if word]
    words = _strip_english_suffixes(words)
    folded = "".join(words)
    stripped = _strip_chinese_suffixes(folded)
    return stripped or folded


def _strip_english_suffixes(words: list[str]) -> list[str]:
    while len(words) > 1 and words[-1] in _EN_SUFFIXES:
        words = words[:-1]
    return words


def _strip_chinese_suffixes(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for suffix in _ZH_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                changed = True
                break
    return text
