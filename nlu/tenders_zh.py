"""A tender won is news until the contract is signed (README Conventions: a deal not yet signed
is logged, not recorded).

"闽江制药洁净室监测系统中标了，一百一十八万", "招标结果出来了，我们中了": winning the bid says the
customer chose us; the deal is the contract signed, stamped or paid ("中标的那单合同已经盖章了").
Two independent writers annotated a bare 中标 as news (session 9 settled the convention and the
training lines at once), so the parser logs it — joining the call or visit it was heard in — and
records a deal only when the same message says the paperwork or the money is done.
"""

from __future__ import annotations

import re

# The bid won: "中标了", "正式中标", "我们中了", "中了标", "得标".
_TENDER_WON = re.compile(
    r"中标(?!价|金额|额|通知书?[^了到]|结果)|中了标|得标|(?:我们|我司|咱们)中了"
)

# The deal done in the same message: signed, stamped, ordered, paid.
_DONE = re.compile(
    r"签了|签下|签好|签完|签约了|签署了|签字了|盖章了|盖了章|已经?盖章|合同(?:已经?)?(?:回来了|到了)|"
    r"付了|付款了|已付|到账|下单了|下了单|收到(?:了)?po|po(?:到了|下来了)",
    re.IGNORECASE,
)


def tender_won_unsigned(segment: str, message: str) -> bool:
    """`segment` tells of a bid won, and nothing in `message` says the contract is signed,
    stamped or paid."""
    return _TENDER_WON.search(segment) is not None and _DONE.search(message) is None
