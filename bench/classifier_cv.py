"""Five-fold cross-validation of the intent classifier on the training files (never dev).

The lines of train_{lang}.jsonl are shuffled with a fixed seed into five folds; each fold is
held out in turn while the classifier trains on the other four. Printed per language:

- classifier alone: accuracy on the held-out messages with one intent (whole text), on the
  held-out clauses of multi-action messages (the parser's clauses paired with their actions,
  where the counts agree), and both together;
- with --parser: the whole parser with that fold's classifier on the held-out lines (intent,
  frame and whole-message accuracy, as `crm nlu eval` scores them);
- the classifier's median time per call on the held-out texts.

Run from the repository root: `python -m bench.classifier_cv [--examples NAME] [--epochs N]
[--ngram N] [--parser] [--lang zh]`. `--examples` picks what the model learns from:
`single` (one-intent messages whole: the classifier before clause-aligned training),
`clauses` (and the aligned clauses of multi-action messages instead of their whole text),
`clauses-twice` (the same with each whole message learned twice: what
`nlu.classifier.training_examples` does), `both` (one-intent messages whole, and the aligned
clauses of multi-action ones too), `all-clauses` (aligned clauses of every message, the whole
text where they do not align).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from nlu.classifier import (
    DATA_DIR,
    EPOCHS,
    TEXTCAT_MODEL,
    IntentClassifier,
    Labelled,
    clause_examples,
    train,
    training_directory,
    whole_example,
)
from nlu.customer_index import CustomerIndex
from nlu.evaluation import ACT_THRESHOLD, evaluate_gold, load_jsonl
from nlu.parser import ParseContext, ParseResult, parse

FOLDS = 5
FOLD_SEED = 0


@dataclass(frozen=True, slots=True)
class Line:
    record: dict[str, Any]
    whole: Labelled | None
    clauses: tuple[Labelled, ...]


def _single(line: Line) -> list[Labelled]:
    return [line.whole] if line.whole is not None else []


def _clauses(line: Line) -> list[Labelled]:
    if len(line.record["actions"]) > 1 and line.clauses:
        return list(line.clauses)
    return _single(line)


def _both(line: Line) -> list[Labelled]:
    return _single(line) + (list(line.clauses) if len(line.record["actions"]) > 1 else [])


def _clauses_whole_twice(line: Line) -> list[Labelled]:
    if len(line.record["actions"]) > 1 and line.clauses:
        return list(line.clauses)
    return _single(line) * 2


def _all_clauses(line: Line) -> list[Labelled]:
    return list(line.clauses) or _single(line)


EXAMPLES: dict[str, Callable[[Line], list[Labelled]]] = {
    "single": _single,
    "clauses": _clauses,
    "both": _both,
    "all-clauses": _all_clauses,
    "clauses-twice": _clauses_whole_twice,
}


@dataclass
class Scores:
    counts: dict[str, list[int]] = field(default_factory=dict)
    timings: list[float] = field(default_factory=list)

    def add(self, name: str, right: int, total: int) -> None:
        tally = self.counts.setdefault(name, [0, 0])
        tally[0] += right
        tally[1] += total

    def line(self) -> str:
        return "  ".join(
            f"{name} {100 * right / total:.1f} ({right}/{total})"
            for name, (right, total) in self.counts.items()
            if total
        )


def _accuracy(classifier: IntentClassifier, lang: str, examples: list[Labelled]) -> int:
    right = 0
    for example in examples:
        cats = classifier(example.text, lang)
        right += max(cats, key=lambda label: cats[label]) == example.intent
    return right


def cross_validate(lang: str, arguments: argparse.Namespace, directory: CustomerIndex) -> Scores:
    lines = [
        Line(record, whole_example(record, directory), tuple(clause_examples(record, directory)))
        for record in load_jsonl(DATA_DIR / f"train_{lang}.jsonl")
    ]
    order = list(range(len(lines)))
    random.Random(FOLD_SEED).shuffle(order)
    model = {**TEXTCAT_MODEL, "ngram_size": arguments.ngram}
    pick = EXAMPLES[arguments.examples]
    scores = Scores()
    for fold in range(FOLDS):
        held = {index for position, index in enumerate(order) if position % FOLDS == fold}
        learned = [e for i, line in enumerate(lines) if i not in held for e in pick(line)]
        classifier = IntentClassifier(
            {lang: train(lang, learned, epochs=arguments.epochs, model=model)}
        )
        tested = [lines[i] for i in sorted(held)]
        messages = [line.whole for line in tested if line.whole is not None]
        clauses = [c for line in tested if len(line.record["actions"]) > 1 for c in line.clauses]
        scores.add("messages", _accuracy(classifier, lang, messages), len(messages))
        scores.add("clauses", _accuracy(classifier, lang, clauses), len(clauses))
        both = messages + clauses
        scores.add("both", _accuracy(classifier, lang, both), len(both))
        for example in messages + clauses:
            start = time.perf_counter()
            classifier(example.text, lang)
            scores.timings.append(time.perf_counter() - start)
        if arguments.parser:
            _parser_scores(scores, classifier, directory, [line.record for line in tested])
    return scores


def _parser_scores(
    scores: Scores,
    classifier: IntentClassifier,
    directory: CustomerIndex,
    records: list[dict[str, Any]],
) -> None:
    results: list[ParseResult] = []

    def parser(text: str, now: datetime) -> ParseResult:
        results.append(
            parse(text, ParseContext(now=now, customers=directory), classifier=classifier)
        )
        return results[-1]

    report = evaluate_gold(records, parser, name="fold")
    scores.add("parser intent", report.intents.correct, report.intents.total)
    scores.add("frame", report.frames.correct, report.frames.total)
    scores.add("whole", report.messages.correct, report.messages.total)
    # The engine writes an action at once when it is this sure, else asks first: a right
    # intent should clear the bar, a wrong one should not.
    sure_right = sure_wrong = right = wrong = 0
    for record, result in zip(records, results, strict=True):
        for gold, action in zip(record["actions"], result.actions, strict=False):
            ok = gold["intent"] == action.intent
            sure = action.confidence >= ACT_THRESHOLD
            right, wrong = right + ok, wrong + (not ok)
            sure_right, sure_wrong = sure_right + (ok and sure), sure_wrong + (sure and not ok)
    scores.add("sure|right", sure_right, right)
    scores.add("sure|wrong", sure_wrong, wrong)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--examples", choices=sorted(EXAMPLES), default="clauses-twice")
    options.add_argument("--epochs", type=int, default=EPOCHS)
    options.add_argument("--ngram", type=int, default=int(TEXTCAT_MODEL["ngram_size"]))
    options.add_argument("--parser", action="store_true", help="also score the whole parser")
    options.add_argument("--lang", nargs="*", default=["zh", "en"])
    arguments = options.parse_args()
    directory = training_directory(DATA_DIR)
    assert directory is not None, "nlu/data/directory.json is missing"
    for lang in arguments.lang:
        started = time.perf_counter()
        scores = cross_validate(lang, arguments, directory)
        median = statistics.median(scores.timings) * 1000
        print(
            f"{lang} examples={arguments.examples} epochs={arguments.epochs} "
            f"ngram={arguments.ngram}: {scores.line()}  "
            f"classifier median {median:.3f} ms  ({time.perf_counter() - started:.0f} s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
