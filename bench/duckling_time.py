"""Date/time extraction on Duckling's corpora, and its speed against jieba segmentation.

    .venv/bin/python -m bench.duckling_time [--failures] [--corpora DIR] [--messages N]

Prints the accuracy of `nlu.timeparse.find_times` on each Duckling time file (zh, en, the
negative en file) by the scoring rules of the corpora's README, over all cases and over the
non-holiday cases, against the parser issue's targets (which are on the non-holiday cases);
`--failures` lists each case missed with what was found instead. Then the per-message time on
realistic notes, with `jieba.lcut` of the same messages as the baseline ratio.

Two kinds of case are counted as misses although they are not errors of the grammar:
- Duckling's open intervals ("until 2pm", "before 11 am": no start; "after 2 pm", "ASAP": no
  end). A `TimeMention` always has a value, so they cannot match; `nlu.duckling_eval.score_time`
  would even raise on the first kind once anything is found, so they are counted here without
  calling it.
- Product readings that differ from Duckling's zh corpus on purpose (这周一 is this week's
  Monday; 三天后 is the day three days on, 两周前 the day two weeks back, not an interval). The
  zh line also shows the figure without them, labelled as such.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jieba

from nlu.duckling_eval import REFERENCE_ZONE, Report, evaluate, load_cases
from nlu.timeparse import find_times
from nlu.types import TimeMention

DEFAULT_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "duckling"
# (file, target accuracy on the non-holiday cases, from the parser issue)
FILES = (
    ("duckling_time_zh", 0.85),
    ("duckling_time_en", 0.75),
    ("negative/duckling_time_en", 1.0),
)
# zh corpus lines this product reads otherwise on purpose (see the module docstring).
PRODUCT_READINGS = re.compile(
    r"^(?:(?:这|這|今個?)(?:周|週|星期|礼拜|禮拜)一"
    r"|[两兩二三]個?(?:秒|分钟|分鐘|小时|小時|鐘|钟|天|日|星期|禮拜|礼拜|月|年)之?[前后後])$"
)
MESSAGES = (
    "嗯那个预算大概三万五左右吧然后下周三下午三点再跟进另外月底前要把合同签了周五给报价",
    "Met Priya at Pemberton Foods, they want a quote for 200 seats, call back Friday 3pm",
    "刚从蓝湾医疗出来跟周主任聊了二期他说预算八十万上下下周四再约一次",
    "um so the budget is like 35k and they need 200 licences by next friday at three thirty",
    "客户说不超过二十万 合同12月5号签 电话13812345678 明天上午十点半再确认",
    "quoted them $12,500 for the install, demo on the 15th at 10am, follow up in two weeks",
    "T-2001 已解决 两块电池换好了 收了两千块 三天后回访",
    "lunch with the CFO tomorrow, then a call 3-4pm and the contract by end of the month",
)
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def open_interval(case: dict[str, Any]) -> bool:
    """Duckling's "until X" / "after X": an interval with no start or no end."""
    expected = case.get("expected") or {}
    return expected.get("type") == "interval" and (
        expected.get("start") is None or expected.get("end") is None
    )


def score(cases: Sequence[dict[str, Any]], name: str) -> Report:
    """`evaluate` on the cases it can score; open intervals are added as misses."""
    report = evaluate(
        [case for case in cases if not open_interval(case)], name=name, times=find_times
    )
    for case in cases:
        if case.get("disputed") or not open_interval(case):
            continue
        report.total += 1
        report.failures.append(case)
        if not case["expected"].get("holiday"):
            report.scored_non_holiday += 1
    return report


def _describe(found: Sequence[TimeMention]) -> str:
    parts = []
    for mention in found:
        end = f" .. {mention.end.isoformat()}" if mention.end is not None else ""
        parts.append(f"{mention.text!r}={mention.value.isoformat()}{end} ({mention.grain})")
    return ", ".join(parts) or "nothing"


def _print_failures(report: Report) -> None:
    for case in report.failures:
        expected: dict[str, Any] | None = case["expected"]
        wanted = (
            "nothing"
            if expected is None
            else ", ".join(
                f"{key}={value}"
                for key, value in expected.items()
                if key in ("start", "end", "grain", "holiday")
            )
        )
        now = datetime.fromisoformat(case["reference"]).astimezone(REFERENCE_ZONE)
        got = _describe(find_times(case["text"], now, case["lang"]))
        print(f"    {case['id']}: {case['text']!r}\n        want {wanted}\n        got  {got}")


def _without_product_readings(cases: Sequence[dict[str, Any]], report: Report) -> str:
    chosen = {case["id"] for case in cases if PRODUCT_READINGS.match(case["text"])}
    if not chosen:
        return ""
    missed = sum(1 for case in report.failures if case["id"] in chosen)
    right = report.correct_non_holiday - (len(chosen) - missed)
    total = report.scored_non_holiday - len(chosen)
    return (
        f"\n  {'':<28} without the {len(chosen)} product readings: "
        f"{right}/{total} = {right / total:.1%} (non-holiday)"
    )


def _accuracy(corpora: Path, *, failures: bool) -> bool:
    print(f"Duckling time corpora in {corpora}")
    header = f"  {'file':<28} {'cases':>5} {'right':>5} {'all':>7}"
    print(f"{header} {'non-hol.':>9} {'right':>5} {'accuracy':>9} {'target':>7}")
    met = True
    for name, target in FILES:
        path = corpora / f"{name}.jsonl"
        if not path.exists():
            print(f"  {name:<28} missing")
            met = False
            continue
        cases = load_cases(path)
        report = score(cases, name)
        ok = report.non_holiday_accuracy >= target
        met = met and ok
        print(
            f"  {name:<28} {report.total:>5} {report.correct:>5} {report.accuracy:>7.1%} "
            f"{report.scored_non_holiday:>9} {report.correct_non_holiday:>5} "
            f"{report.non_holiday_accuracy:>9.1%} {target:>7.0%} {'' if ok else 'BELOW'}"
            + _without_product_readings(cases, report)
        )
        if failures:
            _print_failures(report)
    return met


def _time(call: Callable[[str], object], messages: Sequence[str]) -> list[float]:
    timings = []
    for message in messages:
        tick = time.perf_counter()
        call(message)
        timings.append(time.perf_counter() - tick)
    return timings


def _speed(count: int) -> None:
    messages = [MESSAGES[i % len(MESSAGES)] for i in range(count)]
    languages = {m: "en" if m.isascii() else "zh" for m in MESSAGES}
    jieba.initialize()
    for message in MESSAGES:  # warm up caches and imports
        find_times(message, NOW, languages[message])
    baseline = statistics.median(_time(jieba.lcut, messages))
    mean_length = statistics.mean(len(m) for m in MESSAGES)
    timings = sorted(_time(lambda m: find_times(m, NOW, languages[m]), messages))
    median = statistics.median(timings)
    p99 = timings[min(len(timings) - 1, int(0.99 * len(timings)))]
    print(f"\nPer message ({count} messages, {mean_length:.0f} characters on average)")
    print(f"  baseline jieba.lcut: median {baseline * 1e6:.0f} us")
    print(
        f"  find_times          median {median * 1e6:.0f} us, p99 {p99 * 1e6:.0f} us; "
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
