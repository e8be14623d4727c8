"""Number and money extraction on Duckling's corpora, and their speed against jieba segmentation.

    .venv/bin/python -m bench.duckling_numbers_money [--failures] [--corpora DIR] [--messages N]

Prints the accuracy of `nlu.numbers.find_numbers` and `nlu.money.find_money` on each Duckling file
(numbers zh/en, money zh/en, the negative money file) by the scoring rules of the corpora's
README, against the parser issue's targets; `--failures` lists each case missed with what was
found instead. Then the per-message time of both on realistic notes, with `jieba.lcut` of the same
messages as the baseline ratio (the numbers cache is cleared before each call, so every message
is scanned afresh).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jieba

from nlu.duckling_eval import Report, evaluate, load_cases
from nlu.money import find_money
from nlu.numbers import find_numbers, scan_numbers
from nlu.types import MoneyMention, NumberMention

DEFAULT_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "duckling"
# (file, kind, target accuracy from the parser issue)
FILES = (
    ("duckling_number_zh", "number", 0.95),
    ("duckling_number_en", "number", 0.95),
    ("duckling_money_zh", "money", 0.90),
    ("duckling_money_en", "money", 0.90),
    ("negative/duckling_money_en", "money", 1.0),
)
MESSAGES = (
    "刚从蓝湾医疗出来跟周主任聊了二期他说预算八十万上下下周四再约一次",
    "嗯那个预算大概三万五左右吧然后下周三下午三点再跟进",
    "见了Pemberton的Priya聊了3.5万的单子",
    "Met Priya at Pemberton Foods, they want a quote for 200 seats, call back Friday 3pm",
    "um so the budget is like 35k and they need 200 licences by next friday",
    "客户说不超过二十万 合同12月5号签 电话13812345678",
    "quoted them $12,500 for the install, between 10 and 20 dollars a seat",
    "T-2001 已解决 两块电池换好了 收了两千块",
)


def _describe(found: Sequence[NumberMention | MoneyMention]) -> str:
    parts = []
    for mention in found:
        if isinstance(mention, NumberMention):
            parts.append(f"{mention.text!r}={mention.value}")
        elif mention.value is not None:
            parts.append(f"{mention.text!r}={mention.value} {mention.currency}")
        else:
            parts.append(
                f"{mention.text!r}=[{mention.minimum}, {mention.maximum}] {mention.currency}"
            )
    return ", ".join(parts) or "nothing"


def _score(path: Path, name: str, kind: str) -> Report:
    cases = load_cases(path)
    if kind == "number":
        return evaluate(cases, name=name, numbers=find_numbers)
    return evaluate(cases, name=name, money=find_money)


def _print_failures(report: Report, kind: str) -> None:
    for case in report.failures:
        expected: dict[str, Any] | None = case["expected"]
        wanted = (
            "nothing"
            if expected is None
            else ", ".join(f"{k}={v}" for k, v in expected.items() if k != "currency_raw")
        )
        finder = find_numbers if kind == "number" else find_money
        got = _describe(finder(case["text"], case["lang"]))
        print(f"    {case['id']}: {case['text']!r}\n        want {wanted}\n        got  {got}")


def _accuracy(corpora: Path, *, failures: bool) -> bool:
    print(f"Duckling corpora in {corpora}")
    print(f"  {'file':<28} {'cases':>5} {'right':>5} {'accuracy':>9} {'target':>7}")
    met = True
    for name, kind, target in FILES:
        path = corpora / f"{name}.jsonl"
        if not path.exists():
            print(f"  {name:<28} missing")
            met = False
            continue
        report = _score(path, name, kind)
        ok = report.accuracy >= target
        met = met and ok
        print(
            f"  {name:<28} {report.total:>5} {report.correct:>5} {report.accuracy:>9.1%} "
            f"{target:>7.0%} {'' if ok else 'BELOW'}"
        )
        if failures:
            _print_failures(report, kind)
    return met


def _time(call: Callable[[str], object], messages: Sequence[str]) -> list[float]:
    timings = []
    for message in messages:
        scan_numbers.cache_clear()
        tick = time.perf_counter()
        call(message)
        timings.append(time.perf_counter() - tick)
    return timings


def _speed(count: int) -> None:
    messages = [MESSAGES[i % len(MESSAGES)] for i in range(count)]
    languages = {m: "en" if m.isascii() else "zh" for m in MESSAGES}
    jieba.initialize()
    for message in MESSAGES:  # warm up caches and imports
        find_money(message, languages[message])
    baseline = statistics.median(_time(jieba.lcut, messages))
    mean_length = statistics.mean(len(m) for m in MESSAGES)
    print(f"\nPer message ({count} messages, {mean_length:.0f} characters on average)")
    print(f"  baseline jieba.lcut: median {baseline * 1e6:.0f} us")
    finders: dict[str, Callable[[str], object]] = {
        "find_numbers": lambda m: find_numbers(m, languages[m]),
        "find_money": lambda m: find_money(m, languages[m]),
    }
    for name, call in finders.items():
        timings = sorted(_time(call, messages))
        median = statistics.median(timings)
        p99 = timings[min(len(timings) - 1, int(0.99 * len(timings)))]
        print(
            f"  {name:<13} median {median * 1e6:.0f} us, p99 {p99 * 1e6:.0f} us; "
            f"ratio to jieba {median / baseline:.2f}x"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--failures", action="store_true", help="list the cases missed")
    parser.add_argument("--messages", type=int, default=4000, help="messages to time")
    args = parser.parse_args()
    met = _accuracy(args.corpora, failures=args.failures)
    if args.messages > 0:
        _speed(args.messages)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
