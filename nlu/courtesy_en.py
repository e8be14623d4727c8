"""The Filipino courtesy particle "po" in English chat: "Good morning po", "they are interested
po in our laundry chemicals", "please open ticket po high priority".

Philippine reps and distributors put "po" after a greeting, a verb or a request out of respect;
it means nothing the rules read, but it splits the phrases they look for ("interested in",
"ticket … high priority"). The rules read it as blank (offsets kept); the summary still shows it.
A purchase order written "po" stays: after an article, a possessive or a verb that handles one
("the po", "their po", "sent po"), or before its number ("po 4471", "po no.", "po for 20 units").
"""

from __future__ import annotations

import re

_PO = re.compile(
    r"(?<![A-Za-z0-9#./-])"
    r"(?<!the )(?<!a )(?<!an )(?<!our )(?<!their )(?<!your )(?<!my )(?<!his )(?<!her )"
    r"(?<!this )(?<!that )(?<!new )(?<!for )(?<!of )(?<!per )(?<!no )(?<!same )(?<!signed )"
    r"(?<!sent )(?<!send )(?<!got )(?<!get )(?<!issue )(?<!issued )(?<!raise )(?<!raised )"
    r"(?<!received )(?<!approved )(?<!revised )(?<!its )"
    r"po(?![A-Za-z0-9#@'’-])(?!\s*(?:#|\d|no\b|number\b|num\b|nr\b|for\b|of\b|is\b|was\b|has\b))"
)


def blank_po(text: str) -> str:
    """Each courtesy "po" (lower case; "PO" is a purchase order) as spaces."""
    if "po" not in text:
        return text
    return _PO.sub("  ", text)
