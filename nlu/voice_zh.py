"""Chinese speech-to-text output read as typed, offsets kept.

A recogniser writes the speaker's opening hesitation (嗯, 呃, 那个, 然后, 就是) as words; typed, the
message starts at what it says. Left in, a bare 嗯 reads as a yes ("嗯哈哈哈哈" is laughter, not
agreement) and an opening 那个 makes "那个好的" a clause of two instead of one reply. The words
become spaces of the same length, so every span still points into what the user said.
"""

from __future__ import annotations

import re

# One or more fillers at the very start, with what follows still Chinese words. A lone 嗯/嗯嗯
# is itself the reply and stays; 就是说 is left to the parser's own opening (it reports nobody).
_OPENING_FILLERS = re.compile(
    r"^(?:\s*(?:嗯+|呃+|额+|唔+|啊+|那个|然后|就是(?!说)|那么)[，,。\s]*)+"
    r"(?=[\u4e00-\u9fffA-Za-z0-9])(?!嗯+[\s。！!？?]*$)"
)


def opening_fillers(text: str) -> str:
    """ "嗯哈哈哈哈" -> " 哈哈哈哈", "那个好的" -> "  好的"; "嗯" and "嗯嗯" stay a yes."""
    return _OPENING_FILLERS.sub(lambda m: " " * len(m.group()), text)
