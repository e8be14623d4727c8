"""Customer resolution speed with a large directory, against plain jieba segmentation.

    .venv/bin/python bench/bench_customer_index.py [--customers 100000] [--messages 2000]

Prints index build time, memory, and per-message latency (median, p99) of CustomerIndex.find,
with the time jieba.lcut takes on the same messages as the baseline ratio.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time

import jieba

from bench.synthetic_directory import names
from nlu.customer_index import CustomerIndex, DirectoryEntry

TEMPLATES = [
    "下午去{c}见了采购部周主任聊了二期扩容下周四再跟进",
    "刚从{c}出来 跟李经理聊了报价 预算三十万左右",
    "Met Priya at {c}, they want a quote for 200 seats, call back Friday 3pm",
    "{c}反馈监护仪报错，很急",
    "嗯 那个 {c} 的王工说设备又坏了",
    "called {c} about the renewal, they need a discount",
    "今天拜访了一个新客户华光动力的张总",
    "明天上午十点和团队开会",
]


def _messages(directory: list[tuple[str, list[str]]], count: int, rng: random.Random) -> list[str]:
    messages = []
    for _ in range(count):
        name, aliases = rng.choice(directory)
        mention = rng.choice([name, *aliases]) if aliases else name
        messages.append(rng.choice(TEMPLATES).format(c=mention))
    return messages


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=2_000)
    args = parser.parse_args()
    rng = random.Random(7)

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    directory = list(names(args.customers))
    index = CustomerIndex.build(
        DirectoryEntry(id=i, name=name, aliases=tuple(aliases))
        for i, (name, aliases) in enumerate(directory, start=1)
    )
    build_seconds = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    messages = _messages(directory, args.messages, rng)

    jieba.initialize()
    baseline = []
    for message in messages:
        tick = time.perf_counter()
        jieba.lcut(message)
        baseline.append(time.perf_counter() - tick)
    latencies = []
    found = 0
    for message in messages:
        tick = time.perf_counter()
        mentions = index.find(message)
        latencies.append(time.perf_counter() - tick)
        found += bool(mentions)

    median, p99 = statistics.median(latencies) * 1e3, _percentile(latencies, 0.99) * 1e3
    base_median = statistics.median(baseline) * 1e3
    print(f"directory: {len(index):,} customers, index built in {build_seconds:.1f} s")
    print(f"memory: +{(rss_after - rss_before) / 1024:.0f} MB for the index (max RSS)")
    print(f"find: median {median:.3f} ms, p99 {p99:.3f} ms over {len(messages):,} messages")
    print(f"baseline jieba.lcut: median {base_median:.3f} ms; ratio {median / base_median:.1f}x")
    print(f"messages with a customer found: {found / len(messages):.0%}")


if __name__ == "__main__":
    main()
