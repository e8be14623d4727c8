"""Typed Chinese layout: WeCom notes carry headers (【客户】, 客户：…事项：…) and numbered items
(1. 2. / ①② / 1、) that are layout, not words. They become punctuation of the same length so
offsets are kept and the clause cutter sees the breaks the writer meant."""

import re

# A header label: 【客户】, 【跟进】, 【下一步】 …, or "客户：" / "事项：" opening a field.
_LABEL_WORDS = "客户|跟进|跟进记录|事项|下一步|后续|进展|情况|内容|结果|计划"
_BRACKET_LABEL = rf"【(?:{_LABEL_WORDS})】"
_FIELD_LABEL = rf"(?:(?<=^)|(?<=[\s；;，,/]))(?:{_LABEL_WORDS})[：:]"
# A list item marker at a line start or after a space / header: "1." "2、" "3)" "①".
# Not the minutes of a clock time ending a sentence ("at 10:30." is no item 30), nor a number
# that ends a sentence ("put it down for Jan 15."): something must follow an item's number, and
# a day after an English month is a date.
_ITEM_MARKER = (
    r"(?:(?<=^)|(?<=[\s】；;，,])|(?<=[：:])(?<!\d[：:]))"
    r"(?<!(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|ary|rch|ril|une|uly|ust|ber|ept)\s)"
    r"(?:[①-⑩]|\d{1,2}[.、．)）](?![\d.])(?=\s*\S))"
)
_LAYOUT = re.compile(
    rf"[\s；;，,/：:]*(?:(?P<label>{_BRACKET_LABEL}|{_FIELD_LABEL})|(?P<item>{_ITEM_MARKER}))\s*"
)
_CUSTOMER_LABEL = re.compile(r"^【?客户[】：:]$")


def blank_typed_layout(text: str) -> str:
    """Headers and item markers become spaces at the start, a comma after a heading (the
    customer line, or what stands before item 1 belongs to the first item), else a semicolon."""
    if not _LAYOUT.search(text):
        return text
    out: list[str] = []
    last = 0
    heading = False  # the segment just passed is a heading that leads into the next one
    items_seen = 0
    for match in _LAYOUT.finditer(text):
        before = text[last : match.start()]
        out.append(before)
        span = match.end() - match.start()
        has_content = bool("".join(out).strip())
        if not has_content:
            sep = ""
        elif heading or (match.group("item") and items_seen == 0):
            sep = "，"
        else:
            sep = "；"
        out.append((sep + " " * span)[:span])
        label = (match.group("label") or "").strip()
        heading = bool(_CUSTOMER_LABEL.match(label)) or (not has_content and not label)
        if match.group("item"):
            items_seen += 1
            heading = False
        last = match.end()
    out.append(text[last:])
    return "".join(out)
