"""English names of companies the directory lacks, known by the trade word that ends them.

Reps in India, Malaysia and the UK name new accounts the way the companies name themselves: a
place or a family name, then the trade ("Hooghly Jute Mills", "Damodar Steel", "Seri Mutiara
Catering", "Eastern Agro Exports", "Bengal Sweets House"). `TRADE_WORDS` adds those trades to the
ones `parsing.entities` already reads ("Foods", "Engineering", "Logistics" …), for a capitalised
name. Dictated, the same name comes in lower case ("visited damodar steel durgapur plant"): read
only right after a word of going or meeting there, from words that are no determiner or pronoun.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlu import slots as slot_finders

TRADE_WORDS = (
    r"Mills|Mill|Steel|Steels|Cement|Cements|Catering|Caterers|Exports|Exporters|Imports|Agro|"
    r"Sweets|House|Enterprises|Garments|Fabrics|Polymers|Papers|Plantations|Estates|Berhad|Bhd|"
    r"Works|Brewery|Builders|Developers|Infra|Infratech|Transport|Hospitality|Restaurants|"
    r"Resorts|Diagnostics|Hospitals|Foundry|Forgings|Castings|Ceramics|Technologies|Pvt"
)

_TRADE_WORD = re.compile(rf"(?:{TRADE_WORDS})\.?", re.IGNORECASE)


def a_persons_name(name: str) -> bool:
    """ "procurement lead Karen Mills", "met Anna House": a given name then a surname that is
    also a trade word is a person."""
    words = name.split()
    return (
        len(words) == 2
        and _TRADE_WORD.fullmatch(words[1]) is not None
        and slot_finders.is_given_name(words[0])
    )


# the trades `parsing.entities` reads capitalised that name a company in lower case too
_OLDER_TRADES = (
    r"textiles|foods|pharma|pharmaceuticals|industries|motors|chemicals|plastics|electronics|"
    r"logistics|engineering|dairy|dairies|bakery|trading|traders|hospital|clinic|hotels?"
)

# lower case, dictated: only after going, meeting or calling there
_DICTATED = re.compile(
    r"\b(?:visited|visiting|visit\s+to|went\s+to|at|from|of)\s+"
    r"(?P<name>(?:[a-z][a-z&]+\s+){1,3}?(?:" + TRADE_WORDS.lower() + "|" + _OLDER_TRADES + r"))\b"
)
_NOT_A_NAME = frozenset(
    """the a an their our his her its my your this that these those new old main local big small
    same other some any all every one two three four five six seven eight nine ten""".split()
)


def dictated_companies(text: str, taken: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, name) of lower-case company names said after a visit: "visited damodar steel
    durgapur plant" gives "damodar steel"."""
    found = []
    for match in _DICTATED.finditer(text):
        start, end = match.span("name")
        words = match["name"].split()
        if words[0] in _NOT_A_NAME or any(s < end and start < e for s, e in taken):
            continue
        found.append((start, end, match["name"]))
    return found
