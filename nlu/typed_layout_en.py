"""Typed English layout: reps who learnt on Salesforce-style forms write "Subject: … / Notes: … /
Next steps: …" (on one line or several), and a pasted chat line starts "[10:42] Raj (LCL):".
The field labels and the chat's clock time are layout, not words: a label becomes a sentence
break of the same length (offsets kept), a plan label ("Next steps:") stays as the cue it is
and is only parted from what stands before it, and "Next steps: none" says there is no plan."""

import re

# Fields that carry the note itself; the label is only layout. ("Note:" alone is no field: it
# labels the message a record, which plans nothing — own_plans_en.labelled_note.)
_NOTE_LABEL = (
    r"subject|subj|re|fwd?|notes|summary|outcome|details|update|comments?|discussion|"
    r"background|context|(?:call|meeting|mtg|visit)\s+(?:notes|summary|report)"
)
# Fields that carry what is to be done: the words after them are the plan.
_PLAN_LABEL = (
    r"next\s+steps?|nxt\s+steps?|action\s+items?|actions?|to[\s-]?dos?|follow[\s-]?ups?|f/u"
)
# Where a field starts: the message's or a line's start, or after a typed " / " or " | ".
_FIELD_START = r"(?:^|(?<=\n)|(?<=\s[/|])|(?<=;))"
_FIELD = re.compile(
    rf"{_FIELD_START}[ \t]*(?:(?P<note>(?:{_NOTE_LABEL})(?:\s*:\s*(?:re|fwd?|fw)(?=\s*:))?)"
    rf"|(?P<plan>{_PLAN_LABEL}))\s*:",
    re.IGNORECASE | re.MULTILINE,
)
# A plan field that says there is none: "Next steps: none", "Actions: n/a", "F/U: -".
_NO_PLAN = re.compile(
    r"\s*(?:none|nil|n/?a|nothing(?:\s+(?:yet|for\s+now|further))?|tbc|tbd|-+|—)\s*\.?\s*(?=$|\n|\s[/|])",
    re.IGNORECASE,
)
# The separator typed between one-line fields: " / " or " | " (the field's break replaces it).
_SEPARATOR_BEFORE = re.compile(r"\s[/|]\s*$")
# A pasted chat line's clock: "[10:42]", "[29/11 10:42]", "[29/11/2026, 10:42:13]".
_CHAT_CLOCK = re.compile(
    r"^\s*\[(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?,?\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?\]",
    re.IGNORECASE | re.MULTILINE,
)


# Phone keyboards type smart punctuation ("aren’t", "Pemberton – call"): the rules read the
# plain character it stands for, one for one, so offsets are kept.
_TYPOGRAPHIC = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "}
)
_HAN = re.compile(r"[\u3400-\u9fff]")


def blank_english_layout(text: str) -> str:
    """Smart punctuation made plain, field labels, their " / " separators and chat clock
    stamps turned into the break they stand for, the text keeping its length."""
    if _HAN.search(text) is None:
        text = text.translate(_TYPOGRAPHIC)
    if ":" not in text:
        return text
    text = _CHAT_CLOCK.sub(lambda m: " " * len(m.group()), text)
    chars = list(text)
    for match in _FIELD.finditer(text):
        start, end = match.start(), match.end()
        separator = _SEPARATOR_BEFORE.search(text, 0, start)
        if separator is not None and text[: separator.start()].strip():
            chars[separator.start() + 1] = ";"  # "… / Notes:": the slash ends what was before
        if match.group("note"):
            chars[start:end] = " " * (end - start)
        elif (empty := _NO_PLAN.match(text, end)) is not None:
            chars[start : empty.end()] = " " * (empty.end() - start)
    return "".join(chars)
