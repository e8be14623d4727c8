"""The whole parser with a large customer directory: latency, memory and start-up.

    .venv/bin/python -m bench.bench_parse [--customers 100000] [--messages 2000] [--no-classifier]
        [--stages]

Prints start-up (index build, or its load from the restart cache, + models), resident memory,
and per-message median and p99 of `nlu.parse`, with plain `jieba.lcut` of the same messages as
the baseline ratio. `--stages` also times a few of the parser's parts alone on the same whole
messages (what each costs, not a breakdown of `parse`: it runs some of them per clause, and
many passes besides).
"""

from __future__ import annotations

import argparse
import gc
import pickle
import random
import resource
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jieba

from bench.bench_customer_index import TEMPLATES
from bench.synthetic_directory import names
from nlu.classifier import IntentClassifier
from nlu.customer_index import CustomerIndex, DirectoryEntry
from nlu.language import detect_language
from nlu.money import find_money
from nlu.parser import ParseContext, parse
from nlu.slots import find_contacts
from nlu.time import find_times

MORE_TEMPLATES = [
    "刚从{c}出来跟周主任聊了二期他说预算八十万上下下周四再约一次另外他们那台监护仪又报错了",
    "嗯 那个 {c} 签了 三十五万 下个月初回款",
    "T-2001 已解决",
    "哪些客户有流失风险",
    "follow up with {c} next tuesday about the 35k renewal",
]


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=2_000)
    parser.add_argument("--no-classifier", action="store_true")
    parser.add_argument("--stages", action="store_true", help="time some parts alone too")
    args = parser.parse_args()
    rng = random.Random(11)
    directory = list(names(args.customers))

    started = time.perf_counter()
    index = CustomerIndex.build(
        DirectoryEntry(id=i, name=name, aliases=tuple(aliases))
        for i, (name, aliases) in enumerate(directory, start=1)
    )
    index_seconds = time.perf_counter() - started
    started = time.perf_counter()
    classifier = None
    if not args.no_classifier:
        classifier = IntentClassifier.load_or_train(Path("var") / "models")
    jieba.initialize()
    models_seconds = time.perf_counter() - started

    templates = TEMPLATES + MORE_TEMPLATES
    messages = []
    for _ in range(args.messages):
        name, aliases = rng.choice(directory)
        mention = rng.choice([name, *aliases]) if aliases else name
        messages.append(rng.choice(templates).format(c=mention))
    context = ParseContext(
        now=datetime(2026, 11, 25, 14, 20, tzinfo=ZoneInfo("Asia/Shanghai")), customers=index
    )
    for message in messages[:50]:  # warm caches (jieba, pinyin) as a running bot would be
        parse(message, context, classifier=classifier)

    baseline = []
    for message in messages:
        tick = time.perf_counter()
        jieba.lcut(message)
        baseline.append(time.perf_counter() - tick)
    latencies = []
    for message in messages:
        tick = time.perf_counter()
        parse(message, context, classifier=classifier)
        latencies.append(time.perf_counter() - tick)

    resident = _rss_mib()
    # What a restart on an unchanged directory does instead of the build: bot/understanding.py
    # loads the previous build (measured after the memory figure, which it would inflate).
    cached = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    started = time.perf_counter()
    gc.disable()
    pickle.loads(cached)  # noqa: S301 - made just above
    gc.enable()
    cache_seconds = time.perf_counter() - started

    ordered = sorted(latencies)
    median = statistics.median(latencies) * 1e3
    p99 = ordered[int(0.99 * (len(ordered) - 1))] * 1e3
    base = statistics.median(baseline) * 1e3
    print(
        f"directory: {len(index):,} customers; "
        f"index built in {index_seconds:.1f} s (from the cache {cache_seconds:.1f} s), "
        f"models loaded in {models_seconds:.1f} s"
    )
    print(f"resident memory (max RSS): {resident:.0f} MiB")
    print(f"parse: median {median:.2f} ms, p99 {p99:.2f} ms over {len(messages):,} messages")
    print(f"baseline jieba.lcut: median {base:.3f} ms; ratio {median / base:.1f}x")
    if args.stages:
        _print_stages(messages, index, context.now, classifier, base)


def _print_stages(
    messages: list[str],
    index: CustomerIndex,
    now: datetime,
    classifier: IntentClassifier | None,
    base: float,
) -> None:
    """Median per message of some parts of the parser, each run alone on the whole messages."""
    stages: dict[str, Callable[[str], object]] = {
        "customer index find": index.find,
        "find_times": lambda text: find_times(text, now, detect_language(text)),
        "find_money": lambda text: find_money(text, detect_language(text)),
        "find_contacts": find_contacts,
    }
    if classifier is not None:
        stages["classifier (whole message)"] = lambda text: classifier(text, detect_language(text))
    for name, stage in stages.items():
        times = []
        for message in messages:
            tick = time.perf_counter()
            stage(message)
            times.append(time.perf_counter() - tick)
        median = statistics.median(times) * 1e3
        print(f"  stage {name}: median {median:.3f} ms ({median / base:.1f}x jieba)")


if __name__ == "__main__":
    main()
