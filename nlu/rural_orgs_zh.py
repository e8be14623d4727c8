"""Chinese customers not in the directory that county and trade reps name by their kind of firm.

Dealers of farm machinery and farm supplies sell to 合作社, 家庭农场, 农资店 and 经营部; building-
material and textile reps to "鑫宇建材", "天山棉业". Such a name ends in the kind of firm, like the
directory's trades (`parsing.entities._ORG_SUFFIX`), and is an unknown customer. A place or a
word of the sentence glued before it ("昌吉的天山棉业", "先是王家庄合作社") is no part of it.
"""

from __future__ import annotations

import re

# Kinds of firm a name ends in; longer words first, so "农资经营部" wins over "经营部".
RURAL_ORG_SUFFIXES = (
    "农民专业合作社|专业合作社|合作社|家庭农场|农场|养殖场|种植园|农资经营部|农资店|农资站|农机站|"
    "经营部|门市部|五金店|建材城|建材|棉业|种业|商行"
)

# The last word of the sentence before the name: "昌吉的", "先是", "一个".
_BEFORE_NAME = re.compile(r"^.*(?:的|是|个|给)")


def without_words_before(start: int, end: int, name: str) -> tuple[int, int, str]:
    """The name without the place or sentence word said before it; unchanged when what is left
    would be too short to name a firm."""
    lead = _BEFORE_NAME.match(name)
    if lead is None or len(name) - lead.end() < 4:
        return start, end, name
    return start + lead.end(), end, name[lead.end() :]


_ENDS_IN_KIND = re.compile(rf"(?:{RURAL_ORG_SUFFIXES})$")


def names_a_firm_kind(name: str) -> bool:
    """The name ends in one of these kinds of firm, so no product is read inside it
    ("红旗农机合作社" sells 农机; it is not one)."""
    return _ENDS_IN_KIND.search(name) is not None
