"""Does a learned span tagger find the `product` slot better than the rules? Not clearly: kept
as an experiment, not wired into the parser (session 8, branch h-product-ner).

The tagger: a spaCy NER (one label, PRODUCT) per language on a blank pipeline, HashEmbedCNN
tok2vec (width 96, depth 4, 2,000 rows, no pretrained vectors) under the transition-based
parser, 10 epochs, batches of 16, dropout 0.2, fixed seed. Its spans: every action's `product`
string of train_{en,zh}.jsonl found in the text the parser reads (case-insensitive, English on
word boundaries; nested ones keep the longest). en 1,199 spans from the 1,183 lines with a
product, zh 1,166 from 1,120; no line skipped (every product string is found, none ambiguous).
Lines without a product teach the negatives. Chinese is tagged per character: 35 of the 1,166
spans cross jieba's word boundaries (3.0%), none cross characters'.

`cv`: five-fold cross-validation on train, span-level (exact character spans) and string-level
(distinct product strings of a line, case-folded), the tagger alone vs the rules' product slots
(rules-only parse, its products located the same way; the rules were tuned on these lines, so
they are flattered):
  en (default tokens, 3,003 lines)   tagger P 76.7 R 77.8 F1 77.2 | rules P 79.7 R 92.1 F1 85.4
  zh (characters, 2,467 lines)        tagger P 87.5 R 86.2 F1 86.8 | rules P 94.2 R 97.8 F1 96.0
  (string-level within 0.1 of these.) A fold trained in 7-19 minutes on the loaded shared
  cores (11-12 minutes typical); zh jieba tokens not cross-validated for want of time.
  Per message the tagger alone takes a median 1.94 ms (English, 400 train texts, load ~4),
  the whole parse's budget by itself (28-35 ms medians under the cross-validation's load).

`plug`: the tagger trained on all of train, run once per message on the analysed text, plugged into
a copy of the parser's product decision (`parsing.slot_filling.product_slot`, per clause, for the
intents that take a product); everything after it (products said again, follow-ups beside a report
dropping theirs, ...) unchanged. Modes: `replace` (the tagger's first span in the clause, or none),
`tagger_first` (it, else the rules'), `rules_first` (the rules', else the tagger's: the tagger only
fills a clause the rules leave without a product), `boundary` (the rules decide, an overlapping
tagger span gives the edges), `veto` (the rules' only where the tagger agrees). Product P/R, frame
and whole-message accuracy as `crm nlu eval` counts them:   rules only (modes: rules, replace,
tagger_first, rules_first, boundary, veto)   dev_en    product P/R  70.8/77.3 66.7/57.6 65.8/75.8
68.4/78.8 69.4/75.8 73.1/57.6             frame/msg  80.6/78.5 74.5/72.0 79.6/78.0 80.6/78.5
80.1/78.5 75.0/72.0   exam_en   product P/R  77.8/63.6 73.7/42.4 74.1/60.6 77.8/63.6 77.8/63.6
83.3/45.5             frame/msg  61.0/53.3 54.9/45.0 59.8/51.7 61.0/53.3 61.0/53.3 56.1/46.7
exam3_en  product P/R  66.7/64.9 90.9/54.1 74.4/78.4 69.2/73.0 72.2/70.3 78.9/40.5
frame/msg  62.5/51.3 59.8/48.7 66.1/56.4 64.3/53.8 64.3/53.8 56.2/43.6   exam4_en  product P/R
54.5/52.2 64.3/39.1 50.0/52.2 54.2/56.5 45.5/43.5 81.8/39.1             frame/msg  57.9/48.8
56.1/46.2 57.9/48.8 57.9/48.8 57.0/47.5 56.1/46.2   with classifier (modes: rules, replace,
tagger_first, rules_first, boundary, veto)   dev_en    product P/R  70.8/77.3 66.7/57.6 65.8/75.8
68.4/78.8 69.4/75.8 73.1/57.6             frame/msg  81.0/79.0 75.0/72.6 80.1/78.5 81.0/79.0
80.6/79.0 75.5/72.6   exam_en   product P/R  77.8/63.6 73.7/42.4 74.1/60.6 77.8/63.6 77.8/63.6
83.3/45.5             frame/msg  67.1/61.7 61.0/53.3 65.9/60.0 67.1/61.7 67.1/61.7 62.2/55.0
exam3_en  product P/R  66.7/64.9 90.9/54.1 74.4/78.4 69.2/73.0 72.2/70.3 78.9/40.5
frame/msg  67.0/57.7 62.5/52.6 70.5/62.8 68.8/60.3 68.8/60.3 58.9/47.4   exam4_en  product P/R
52.2/52.2 64.3/39.1 48.0/52.2 52.0/56.5 43.5/43.5 81.8/39.1             frame/msg  60.5/52.5
58.8/50.0 60.5/52.5 60.5/52.5 59.6/51.2 58.8/50.0   rules only (modes: rules, replace,
tagger_first, rules_first, boundary, veto)   dev_zh    product P/R  86.1/91.2 87.5/92.6 87.5/92.6
86.1/91.2 86.1/91.2 87.3/91.2             frame/msg  85.9/84.5 86.4/84.5 86.4/84.5 85.9/84.5
85.9/84.5 85.9/84.5   exam_zh   product P/R  83.9/70.3 81.2/70.3 81.8/73.0 84.8/75.7 83.9/70.3
83.3/67.6             frame/msg  67.9/63.3 67.9/63.3 69.1/65.0 70.4/66.7 67.9/63.3 66.7/61.7
exam3_zh  product P/R  52.4/61.1 40.9/50.0 38.5/55.6 42.3/61.1 47.6/55.6 58.8/55.6
frame/msg  69.0/57.0 67.3/54.4 68.1/55.7 69.0/57.0 68.1/55.7 68.1/55.7   with classifier (modes:
rules, replace, tagger_first, rules_first, boundary, veto)   dev_zh    product P/R  87.3/91.2
88.7/92.6 88.7/92.6 87.3/91.2 87.3/91.2 88.6/91.2             frame/msg  90.0/89.3 90.5/89.3
90.5/89.3 90.0/89.3 90.0/89.3 90.0/89.3   exam_zh   product P/R  83.9/70.3 81.2/70.3 81.8/73.0
84.8/75.7 83.9/70.3 83.3/67.6             frame/msg  71.6/68.3 71.6/68.3 72.8/70.0 74.1/71.7
71.6/68.3 70.4/66.7   exam3_zh  product P/R  52.4/61.1 40.9/50.0 38.5/55.6 42.3/61.1 47.6/55.6
58.8/55.6             frame/msg  69.9/58.2 68.1/55.7 69.0/57.0 69.9/58.2 69.0/57.0 69.0/57.0

Reading: cross-validated on train, the tagger alone is well below the rules (F1 en 77 vs 85,
zh 87 vs 96). Replacing the rules loses recall on every file but dev_zh (the tagger misses
what the lexicons and fault-subject shapes catch); vetoing buys precision at a larger loss of
recall. `tagger_first` helps exam3_en (frame +3.6/+3.5) but costs dev_en and exam_en a frame each
and exam3_zh one. `rules_first` (the tagger only fills a clause the rules leave empty) never
loses a frame on any file in either setting and gains exam3_en +1.8 frame (+2.5/+2.6 message) and
exam_zh +2.5 frame (+3.4 message, both settings); product recall dev_en +1.5, exam3_en +8.1,
exam4_en +4.3, exam_zh +5.4, but exam3_zh precision 52.4 -> 42.3 (its new products are wrong
ones that cost no frame only because those frames were already lost). That is a couple of
frames per 100 messages on two writers, not a clear win on the held-out writers, against a
model trained on first use (22 minutes for English, 14 for Chinese on the loaded shared two
cores of session 8; not timed on an idle core) and 1.94 ms a message, the parse's
whole median budget. Not made a parser component. The modes were compared on held-out
aggregates, so a follow-up should pick its mode by cross-validation on train, not by these;
where to look instead: the clauses the rules leave without a product that the tagger fills
rightly (exam_zh, exam3_en) name shapes a rule could learn.

Run from the repository root: `python -m bench.product_tagger_experiment spans`, `cv --lang en
[--tokenizer default|jieba|chars] [--epochs N]`, `plug [--lang en|zh|both]` (trains and caches
its models under var/product_tagger_experiment).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.vocab import Vocab
from thinc.api import fix_random_seed

from nlu import parsing
from nlu.classifier import DATA_DIR, IntentClassifier, training_directory
from nlu.customer_index import CustomerIndex
from nlu.evaluation import evaluate_gold, load_jsonl
from nlu.parser import ParseContext, parse
from nlu.parsing import reading, slot_filling

SEED = 13
MODELS_DIR = Path("var") / "product_tagger_experiment"
LABEL = "PRODUCT"
NER_MODEL: dict[str, Any] = {
    "@architectures": "spacy.TransitionBasedParser.v2",
    "state_type": "ner",
    "extra_state_tokens": False,
    "hidden_width": 64,
    "maxout_pieces": 2,
    "use_upper": True,
    "nO": None,
    "tok2vec": {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "pretrained_vectors": None,
        "width": 96,
        "depth": 4,
        "embed_size": 2000,
        "window_size": 1,
        "maxout_pieces": 3,
        "subword_features": True,
    },
}

Span = tuple[int, int]


# --- tokenizers -------------------------------------------------------------------------------


class _Jieba:
    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = list(jieba.cut(text))
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


class _Chars:
    """One token per character (spaces dropped into the token before them)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for char in text:
            if char == " " and words and not spaces[-1]:
                spaces[-1] = True
            else:
                words.append(char)
                spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)


def blank(lang: str, tokenizer: str) -> Language:
    nlp = spacy.blank(lang) if lang == "en" else spacy.blank("xx")
    if tokenizer == "jieba":
        nlp.tokenizer = _Jieba(nlp.vocab)
    elif tokenizer == "chars":
        nlp.tokenizer = _Chars(nlp.vocab)
    return nlp


# --- data -------------------------------------------------------------------------------------


@dataclass
class Line:
    id: str
    raw: dict[str, Any]
    text: str  # the analysed text the parser reads (offsets as its entities)
    gold: list[Span] | None  # None: a product not found or ambiguous, line skipped


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _context(record: dict[str, Any], directory: CustomerIndex | None) -> ParseContext:
    now = datetime.fromisoformat(record["now"]).astimezone(ZoneInfo(record["tz"]))
    return ParseContext(now=now, customers=directory)


def locate(text: str, products: Sequence[str], lang: str) -> list[Span] | None:
    """Every occurrence of every product string (case-insensitive; English on word
    boundaries). None when one is not found or two overlap without one holding the other."""
    folded = text.casefold()
    if len(folded) != len(text):
        return None
    found: list[Span] = []
    for product in {p.casefold() for p in products}:
        if lang == "en":
            pattern = r"(?<![A-Za-z0-9])" + re.escape(product) + r"(?![A-Za-z0-9])"
        else:
            pattern = re.escape(product)
        hits = [(m.start(), m.end()) for m in re.finditer(pattern, folded)]
        if not hits:
            return None
        found.extend(hits)
    # nested: keep the longest ("X200 scanners" over "scanners"); crossing: ambiguous
    found = sorted(set(found), key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[Span] = []
    for start, end in found:
        if kept and start < kept[-1][1]:
            if end <= kept[-1][1]:
                continue
            return None
        kept.append((start, end))
    return kept


def products_of(actions: Sequence[dict[str, Any]]) -> list[str]:
    return [
        a["slots"]["product"]
        for a in actions
        if isinstance(a.get("slots", {}).get("product"), str) and a["slots"]["product"].strip()
    ]


def load_lines(lang: str, directory: CustomerIndex | None) -> list[Line]:
    lines = []
    for record in _records(DATA_DIR / f"train_{lang}.jsonl"):
        _, analysed = reading.read_message(record["text"], _context(record, directory))
        lines.append(
            Line(
                record["id"],
                record,
                analysed,
                locate(analysed, products_of(record["actions"]), lang),
            )
        )
    return lines


def misaligned(nlp: Language, lines: Sequence[Line]) -> tuple[int, int]:
    total = bad = 0
    for line in lines:
        doc = nlp.make_doc(line.text)
        for start, end in line.gold or ():
            total += 1
            bad += doc.char_span(start, end, label=LABEL) is None
    return bad, total


# --- training ---------------------------------------------------------------------------------


def examples(nlp: Language, lines: Sequence[Line]) -> list[Example]:
    out = []
    for line in lines:
        if line.gold is None:
            continue
        doc = nlp.make_doc(line.text)
        ents = [doc.char_span(s, e, label=LABEL, alignment_mode="expand") for s, e in line.gold]
        spans: list[Any] = []
        for ent in ents:
            if ent is not None and not any(ent.start < o.end and o.start < ent.end for o in spans):
                spans.append(ent)
        entities = [(sp.start_char, sp.end_char, LABEL) for sp in spans]
        out.append(Example.from_dict(doc, {"entities": entities}))
    return out


def train(lang: str, tokenizer: str, lines: Sequence[Line], epochs: int) -> Language:
    fix_random_seed(SEED)
    nlp = blank(lang, tokenizer)
    ner = nlp.add_pipe("ner", config={"model": NER_MODEL})
    ner.add_label(LABEL)  # type: ignore[attr-defined]
    prepared = examples(nlp, lines)
    optimizer = nlp.initialize(lambda: prepared)
    shuffler = random.Random(SEED)
    for _ in range(epochs):
        shuffler.shuffle(prepared)
        losses: dict[str, float] = {}
        for start in range(0, len(prepared), 16):
            nlp.update(prepared[start : start + 16], sgd=optimizer, drop=0.2, losses=losses)
    return nlp


def tagged(nlp: Language, text: str) -> list[Span]:
    return [(e.start_char, e.end_char) for e in nlp(text).ents]


# --- scoring ----------------------------------------------------------------------------------


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, got: set[Any], gold: set[Any]) -> None:
        self.tp += len(got & gold)
        self.fp += len(got - gold)
        self.fn += len(gold - got)

    def __str__(self) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"P {100 * p:5.1f} R {100 * r:5.1f} F1 {100 * f:5.1f}"


def rules_spans(line: Line, directory: CustomerIndex | None, lang: str) -> list[Span]:
    result = parse(line.raw["text"], _context(line.raw, directory))
    got = products_of(result.to_json()["actions"])
    return locate(line.text, got, lang) or [] if got else []


def strings(text: str, spans: Sequence[Span]) -> set[str]:
    return {text[s:e].casefold() for s, e in spans}


def cross_validate(lang: str, tokenizer: str, epochs: int, folds: int = 5) -> None:
    directory = training_directory(DATA_DIR)
    lines = load_lines(lang, directory)
    usable = [line for line in lines if line.gold is not None]
    print(f"{lang}: {len(lines)} lines, {len(usable)} usable", flush=True)
    rules = {line.id: rules_spans(line, directory, lang) for line in usable}
    order = list(usable)
    random.Random(SEED).shuffle(order)
    tag_span, rule_span, tag_str, rule_str = PRF(), PRF(), PRF(), PRF()
    timings: list[float] = []
    started = time.perf_counter()
    for fold in range(folds):
        held = order[fold::folds]
        rest = [line for i, line in enumerate(order) if i % folds != fold]
        t0 = time.perf_counter()
        nlp = train(lang, tokenizer, rest, epochs)
        print(f"  fold {fold}: trained in {time.perf_counter() - t0:.0f}s", flush=True)
        for line in held:
            gold = line.gold or []
            t1 = time.perf_counter()
            got = tagged(nlp, line.text)
            timings.append(time.perf_counter() - t1)
            tag_span.add(set(got), set(gold))
            rule_span.add(set(rules[line.id]), set(gold))
            tag_str.add(strings(line.text, got), strings(line.text, gold))
            rule_str.add(strings(line.text, rules[line.id]), strings(line.text, gold))
    print(
        f"{lang} {tokenizer} epochs={epochs} ({time.perf_counter() - started:.0f}s)\n"
        f"  spans   tagger {tag_span} | rules {rule_span}\n"
        f"  strings tagger {tag_str} | rules {rule_str}\n"
        f"  tagger median {1000 * statistics.median(timings):.2f} ms/message",
        flush=True,
    )


def report_spans() -> None:
    directory = training_directory(DATA_DIR)
    for lang in ("en", "zh"):
        lines = load_lines(lang, directory)
        with_product = [line for line in lines if products_of(line.raw["actions"])]
        skipped = [line for line in with_product if line.gold is None]
        spans = sum(len(line.gold or ()) for line in lines)
        print(
            f"{lang}: {len(lines)} lines, {len(with_product)} with a product, {len(skipped)} "
            f"skipped (not found/ambiguous), {spans} spans"
        )
        for tokenizer in ("default", "jieba", "chars") if lang == "zh" else ("default",):
            bad, total = misaligned(blank(lang, tokenizer), lines)
            print(f"  {tokenizer}: {bad}/{total} spans off token boundaries")
        for line in skipped[:8]:
            print("   skipped", line.id, products_of(line.raw["actions"]), line.text[:80])


# --- plugged into the parser ------------------------------------------------------------------

MODES = ("rules", "replace", "tagger_first", "rules_first", "boundary", "veto")
EVAL_FILES = (
    "dev_en",
    "dev_zh",
    "exam_en",
    "exam_zh",
    "exam3_en",
    "exam3_zh",
    "exam4_en",
)
_state: dict[str, Any] = {"mode": "rules", "lang": "en", "models": {}, "cache": {}}
_rules_product = slot_filling.product_slot


def _tagger_spans(text: str) -> list[Span]:
    key = (_state["lang"], text)
    if key not in _state["cache"]:
        _state["cache"][key] = tagged(_state["models"][_state["lang"]], text)
    spans: list[Span] = _state["cache"][key]
    return spans


def _product(clause: Any, entities: Any, intent: str) -> tuple[int, int, str] | None:
    """The parser's product decision with the tagger's spans, per `_state["mode"]`."""
    rules = _rules_product(clause, entities, intent)
    mode = _state["mode"]
    if mode == "rules":
        return rules
    text = entities.text
    inside = [(s, e, text[s:e]) for s, e in _tagger_spans(text) if clause.start <= s < clause.end]
    tagger = inside[0] if inside else None
    agreeing = (
        next((t for t in inside if t[0] < rules[1] and rules[0] < t[1]), None) if rules else None
    )
    if mode == "replace":
        return tagger
    if mode == "tagger_first":
        return tagger or rules
    if mode == "rules_first":
        return rules or tagger
    if mode == "boundary":
        return agreeing or rules
    return rules if agreeing else None  # veto


def load_models(tokenizers: dict[str, str], epochs: int) -> None:
    directory = training_directory(DATA_DIR)
    for lang, tokenizer in tokenizers.items():
        target = MODELS_DIR / f"{lang}-{tokenizer}-{epochs}"
        if (target / "meta.json").exists():
            nlp = blank(lang, tokenizer)
            nlp.add_pipe("ner", config={"model": NER_MODEL})
            nlp.from_disk(target, exclude=["tokenizer"])
        else:
            t0 = time.perf_counter()
            nlp = train(lang, tokenizer, load_lines(lang, directory), epochs)
            print(f"{lang}: trained on all of train in {time.perf_counter() - t0:.0f}s", flush=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            nlp.to_disk(target, exclude=["tokenizer"])
        _state["models"][lang] = nlp


def plug(tokenizers: dict[str, str], epochs: int, modes: Sequence[str]) -> None:
    load_models(tokenizers, epochs)
    for classifier in (False, True):
        _plug_eval(tokenizers, modes, classifier)


def _plug_eval(tokenizers: dict[str, str], modes: Sequence[str], classifier: bool) -> None:
    for module in vars(parsing).values():  # every stage that imported the rules' decision
        if getattr(module, "product_slot", None) is _rules_product:
            module.product_slot = _product
    index = training_directory(DATA_DIR) or CustomerIndex()
    model = IntentClassifier.load_or_train(Path("var") / "models") if classifier else None
    print(f"--- {'with classifier' if classifier else 'rules only'}", flush=True)
    for name in EVAL_FILES:
        if name.rsplit("_", 1)[1] not in tokenizers:
            continue
        _state["lang"] = name.rsplit("_", 1)[1]
        records = load_jsonl(DATA_DIR / f"{name}.jsonl")
        row = []
        for mode in modes:
            _state["mode"] = mode
            report = evaluate_gold(
                records,
                lambda text, now: parse(
                    text, ParseContext(now=now, customers=index), classifier=model
                ),
                name=name,
            )
            row.append(
                f"{mode}: P {100 * report.precision('product'):.1f} "
                f"R {100 * report.recall('product'):.1f} "
                f"frame {100 * report.frames.rate:.1f} msg {100 * report.messages.rate:.1f}"
            )
        print(f"{name:9} " + " | ".join(row), flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    args = argparse.ArgumentParser()
    args.add_argument("what", choices=("spans", "cv", "train", "plug"))
    args.add_argument("--lang", default="en", help="en, zh (or both for plug)")
    args.add_argument("--tokenizer", default="default")
    args.add_argument("--epochs", type=int, default=10)
    args.add_argument("--zh-tokenizer", default="chars")
    args.add_argument("--modes", default=",".join(MODES))
    opts = args.parse_args(argv)
    if opts.what == "spans":
        report_spans()
    elif opts.what == "cv":
        cross_validate(opts.lang, opts.tokenizer, opts.epochs)
    elif opts.what == "train":
        load_models({opts.lang: opts.tokenizer}, opts.epochs)
    else:
        tokenizers = {"en": "default", "zh": opts.zh_tokenizer}
        if opts.lang in tokenizers:
            tokenizers = {opts.lang: tokenizers[opts.lang]}
        plug(tokenizers, opts.epochs, opts.modes.split(","))


if __name__ == "__main__":
    main()
