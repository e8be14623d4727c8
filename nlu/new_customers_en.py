"""A new customer typed as a form in English: "Please create new customer: Saigon Fresh Mart
JSC, contact Ms. Linh, email linh@…, phone 0903 112 456".

The labels of the form ("email …", "phone …", "tel …") read like a plan to e-mail or phone
somebody, so the clause after them was a follow-up of its own. A clause that holds only such
labelled details of the customer being created is part of creating it: its e-mail and phone go
to the customer's record, and no follow-up is booked.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ().-]{5,}\d")
_LABELS = re.compile(
    r"\b(?:e-?mail|mail|phone|tel|telephone|mobile|mob|cell|hp|whatsapp|wa|viber|contact|"
    r"no|number|and|is|at)\b",
    re.IGNORECASE,
)


def only_contact_details(segment: str) -> bool:
    """The clause is labelled contact details and nothing else ("email a@b.vn, phone 0903 …")."""
    if not (_EMAIL.search(segment) or _PHONE.search(segment)):
        return False
    rest = _LABELS.sub(" ", _PHONE.sub(" ", _EMAIL.sub(" ", segment)))
    return not re.sub(r"[\s,;:.#/()\-–—+]+", "", rest)
