"""The trained intent classifier: a spaCy text categorizer per language, trained on first use
from the messages in nlu/data/ (nothing is downloaded) and cached on disk by the data's hash.

It backs up the trigger rules: it decides when no trigger fires, and tempers the confidence when
it disagrees with them (see parsing.decide.decide_clause).

Its tokens are its own, registered as spaCy tokenizers: Chinese is jieba's words plus every pair
of adjacent Chinese characters (a word jieba splits differently in a new sentence, or a typo in
dictation, still shares most of its pairs), English is lower-cased words (dictation arrives
lower-case, typed notes do not). Chosen by five-fold cross-validation on the training messages
(intent accuracy of the classifier alone: zh 79.1 -> 81.5, en 82.4 -> 84.7, with 20 epochs
instead of 12); never by the dev split.

The parser asks it about clauses, so it also learns from the clauses of messages with several
actions (training_examples), and with single words as features (ngram_size 1: the Chinese
character pairs already carry the order that matters). `python -m bench.classifier_cv` is the
five-fold cross-validation these settings were chosen by: the classifier alone on held-out
messages and multi-action clauses zh 88.7 -> 90.3, en 86.6 -> 90.9; the whole parser on the
held-out lines, whole message zh 86.5 -> 87.1, en 85.5 -> 85.5, and right actions sure enough
to be written at once zh 82.4 -> 86.1%, en 77.0 -> 82.8%. With the clauses, 10 epochs do as
well as 20 (classifier alone, 2,213 zh / 2,586 en held-out texts: zh 91.5 -> 92.0, en 92.1 ->
92.3; 6 and 8 epochs no better) and halve the first start's training.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jieba
import numpy
import spacy
from spacy.attrs import ORTH  # type: ignore[import-not-found]  # no stubs
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry
from spacy.vocab import Vocab
from thinc.api import fix_random_seed

from nlu.customer_index import CustomerIndex, DirectoryEntry
from nlu.parser import ParseContext
from nlu.parsing.questions import classifier_clauses
from nlu.spaced_zh import as_read

DATA_DIR = Path(__file__).parent / "data"
LANGUAGES = ("zh", "en")
EPOCHS = 10
SEED = 13
WHOLE_MESSAGE_REPEATS = 2  # see training_examples
TEXTCAT_MODEL: dict[str, Any] = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": True,
    "ngram_size": 1,
    "no_output_layer": False,
    "length": 65536,
}


_TOKENIZERS = {"zh": "crm.zh_words_and_pairs.v1", "en": "crm.lowercase_words.v2"}


def blank(lang: str) -> Language:
    """The blank pipeline for a language, with the classifier's own tokens."""
    return spacy.blank(lang, config={"nlp": {"tokenizer": {"@tokenizers": _TOKENIZERS[lang]}}})


class _StatelessTokenizer:
    """Nothing to save: the tokens follow from the code (spaCy still asks)."""

    def to_disk(self, path: Path, **_: object) -> None:
        return None

    def from_disk(self, path: Path, **_: object) -> _StatelessTokenizer:
        return self


class _WordsAndPairs(_StatelessTokenizer):
    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        tokens = self.tokens(text)
        return Doc(self.vocab, words=tokens, spaces=[False] * len(tokens))

    @staticmethod
    def tokens(text: str) -> list[str]:
        words = [word for word in jieba.lcut(text) if not word.isspace()]
        pairs = [
            text[i : i + 2]
            for i in range(len(text) - 1)
            if _is_han(text[i]) and _is_han(text[i + 1])
        ]
        return words + pairs


class _LowercaseWords(_StatelessTokenizer):
    def __init__(self, nlp: Language) -> None:
        self.vocab = nlp.vocab
        self._words = registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)

    def __call__(self, text: str) -> Doc:
        # Lower-cased before tokenizing: the tokenizer's cache answers, and no second Doc is
        # built word by word (that cost a quarter of a millisecond per English message).
        doc: Doc = self._words(text.lower())
        return doc


def zh_words_and_pairs() -> Callable[[Language], _WordsAndPairs]:
    return lambda nlp: _WordsAndPairs(nlp.vocab)


def lowercase_words() -> Callable[[Language], _LowercaseWords]:
    return _LowercaseWords


registry.tokenizers.register(_TOKENIZERS["zh"], func=zh_words_and_pairs)
registry.tokenizers.register(_TOKENIZERS["en"], func=lowercase_words)


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


@dataclass(frozen=True, slots=True)
class Labelled:
    text: str
    intent: str


CUSTOMER_PLACEHOLDER = "ENTITYCUSTOMER"


def masked(text: str, customers: Sequence[tuple[int, int]]) -> str:
    """The text with every customer named in it replaced by one placeholder word, so the model
    learns how things are said, not which customers they were said about (a name seen mostly in
    look-ups pulled "提醒我跟进一下青禾食品" towards a look-up). Cross-validated on train: zh
    85.8 -> 87.7, en 88.9 -> 90.6."""
    kept = len(text)
    for start, end in sorted(customers, reverse=True):
        if end <= kept:
            text = f"{text[:start]} {CUSTOMER_PLACEHOLDER} {text[end:]}"
            kept = start
    return text


def training_examples(path: Path, directory: CustomerIndex | None = None) -> list[Labelled]:
    """What the classifier learns from a data file. At parse time it is asked about clauses, so
    a message of several actions teaches its clauses, each with its action's intent (where the
    parser cuts it into as many clauses as it has actions). A message of one intent teaches its
    whole text, twice: else the extra clauses, mostly visits and follow-ups, pull a message
    saying little ("test", "1") towards those intents (a line weighs about as much as before).
    Customers `directory` finds are masked as the parser masks them."""
    examples: list[Labelled] = []
    for record in _records(path):
        examples.extend(record_examples(record, directory))
    return examples


def record_examples(record: dict[str, Any], directory: CustomerIndex | None) -> list[Labelled]:
    """One data line's examples: its aligned clauses when it has several actions, else (or when
    the clauses do not line up with the actions) its whole text twice if it has one intent."""
    if len(record["actions"]) > 1:
        clauses = clause_examples(record, directory)
        if clauses:
            return clauses
    whole = whole_example(record, directory)
    return [whole] * WHOLE_MESSAGE_REPEATS if whole is not None else []


def whole_example(record: dict[str, Any], directory: CustomerIndex | None) -> Labelled | None:
    """The whole message with its intent, when all its actions share one (else None)."""
    intents = {action["intent"] for action in record["actions"]}
    if len(intents) != 1:
        return None
    text = as_read(record["text"])  # as `parse` reads it: a recogniser's spaces closed up
    if directory is not None:
        text = masked(text, [(m.start, m.end) for m in directory.find(text)])
    return Labelled(text, intents.pop())


def clause_examples(record: dict[str, Any], directory: CustomerIndex | None) -> list[Labelled]:
    """Clause i with action i's intent, for a message the parser's clause splitter cuts into
    exactly as many clauses as it has actions (else none: the pairing would be a guess)."""
    moment = datetime.fromisoformat(record.get("now") or _NO_NOW)
    if "tz" in record:
        moment = moment.astimezone(ZoneInfo(record["tz"]))
    clauses = classifier_clauses(record["text"], ParseContext(now=moment, customers=directory))
    if len(clauses) != len(record["actions"]):
        return []
    return [
        Labelled(masked(text, customers), action["intent"])
        for (text, customers), action in zip(clauses, record["actions"], strict=True)
    ]


_NO_NOW = "2026-01-01T09:00:00+00:00"  # a line without its "now": its times still cut clauses


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record: dict[str, Any] = json.loads(line)
                yield record


def training_directory(data_dir: Path) -> CustomerIndex | None:
    """The customers the training messages name (the data's own directory.json)."""
    path = data_dir / "directory.json"
    if not path.exists():
        return None
    entries = json.loads(path.read_text(encoding="utf-8"))
    return CustomerIndex.build(
        DirectoryEntry(id=e["id"], name=e["name"], aliases=tuple(e["aliases"])) for e in entries
    )


def train(
    lang: str,
    examples: Sequence[Labelled],
    *,
    epochs: int = EPOCHS,
    model: dict[str, Any] | None = None,
) -> Language:
    """Train deterministically (fixed seed) so the same data gives the same model. `epochs` and
    `model` (a textcat architecture config) are for cross-validating other settings."""
    fix_random_seed(SEED)
    nlp = blank(lang)
    textcat = nlp.add_pipe("textcat", config={"model": model or TEXTCAT_MODEL})
    labels = sorted({example.intent for example in examples})
    for label in labels:
        textcat.add_label(label)  # type: ignore[attr-defined]
    prepared = [
        Example.from_dict(
            nlp.make_doc(example.text),
            {"cats": {label: float(label == example.intent) for label in labels}},
        )
        for example in examples
    ]
    optimizer = nlp.initialize(lambda: prepared)
    shuffler = random.Random(SEED)
    for _ in range(epochs):
        shuffler.shuffle(prepared)
        for start in range(0, len(prepared), 16):
            nlp.update(prepared[start : start + 16], sgd=optimizer, drop=0.1)
    return nlp


class _BagOfWords:
    """A trained pipeline's probabilities without its Doc: the token ids the textcat's
    bag-of-words model reads, counted, through its own layers. The same numbers as
    `nlp(text).cats` (the same arrays into the same layers), at about a third of the cost
    for English and two thirds for Chinese (bench_parse): no Doc, no vocabulary entry, no
    memory zone (every unseen word would otherwise stay in the vocabulary for the life of the
    process: a long-running bot grew ~570 MB over 100,000 novel lines).

    English words come from a spare tokenizer of the same rules with a vocabulary of its own,
    whose cache answers for words seen before (the pipeline's, asked inside a memory zone,
    tokenizes every word anew); it is built again when its vocabulary grows past
    _MOST_SPARE_WORDS."""

    def __init__(self, nlp: Language, linear: Any, output: Any) -> None:
        self._labels = tuple(nlp.get_pipe("textcat").labels)  # type: ignore[attr-defined]
        self._linear = linear
        self._output = output
        self._lang = nlp.lang or "en"
        self._zh = isinstance(nlp.tokenizer, _WordsAndPairs)
        self._spare = None if self._zh else self._spare_tokenizer()

    @classmethod
    def of(cls, nlp: Language) -> _BagOfWords | None:
        """The fast path for a pipeline of this module's shape (else None: ask the pipeline)."""
        if nlp.pipe_names != ["textcat"] or not isinstance(
            nlp.tokenizer, _WordsAndPairs | _LowercaseWords
        ):
            return None
        model = nlp.get_pipe("textcat").model  # type: ignore[attr-defined]
        try:
            features, resizable = model.layers[0].layers[0].layers
            output = model.layers[1]
        except (IndexError, ValueError):
            return None
        if (
            features.name != "extract_ngrams"
            or features.attrs.get("ngram_size") != 1
            or features.attrs.get("attr") != ORTH
            or resizable.name != "resizable(sparse_linear)"
            or output.name != "with_cpu(softmax_activation)"
        ):
            return None
        return cls(nlp, resizable, output)

    def _spare_tokenizer(self) -> _LowercaseWords:
        spare = _LowercaseWords(spacy.blank(self._lang))
        spare.vocab.lex_attr_getters = {}  # type: ignore[attr-defined]  # not in the stubs
        return spare

    def _ids(self, text: str) -> list[int]:
        if self._spare is None:
            return [get_string_id(token) for token in _WordsAndPairs.tokens(text)]
        ids: list[int] = self._spare(text).to_array(ORTH).tolist()
        if len(self._spare.vocab) > _MOST_SPARE_WORDS:
            self._spare = self._spare_tokenizer()
        return ids

    def __call__(self, text: str) -> dict[str, float]:
        counts = Counter(self._ids(text))
        if not counts:  # what the textcat answers for a text of no tokens
            return dict.fromkeys(self._labels, 0.0)
        # what extract_ngrams makes of the Doc: its unique ids in order, their counts, one row
        keys = sorted(counts)
        features = (
            numpy.asarray(keys, dtype=numpy.uint64),
            numpy.asarray([counts[key] for key in keys], dtype="f"),
            numpy.asarray([len(keys)], dtype="int32"),
        )
        scores = self._output.predict(self._linear.predict(features))
        return dict(zip(self._labels, scores[0].tolist(), strict=True))


_MOST_SPARE_WORDS = 50_000


class IntentClassifier:
    """`classifier(text, lang) -> {intent: probability}`; the parser's IntentClassifier."""

    def __init__(self, pipelines: dict[str, Language]) -> None:
        self._pipelines = pipelines
        for nlp in pipelines.values():
            # The bag-of-words model reads only each token's text; the language's lexical
            # attributes (shape, like_num, ...) computed for every word new to the vocabulary
            # cost ~0.2 ms a message and change no probability.
            nlp.vocab.lex_attr_getters = {}  # type: ignore[attr-defined]  # not in the stubs
        self._fast = {lang: _BagOfWords.of(nlp) for lang, nlp in pipelines.items()}

    def __call__(
        self, text: str, lang: str, customers: Sequence[tuple[int, int]] = ()
    ) -> dict[str, float]:
        """Intent probabilities; `customers` are the spans of customers named in `text`."""
        if lang not in self._pipelines:
            lang = next(iter(self._pipelines))
        fast = self._fast[lang]
        if fast is not None:
            return fast(masked(text, customers))
        nlp = self._pipelines[lang]
        # Every unseen word or character pair would stay in the vocabulary for the life of the
        # process (a long-running bot grew ~570 MB over 100,000 novel lines); the zone frees them.
        with nlp.memory_zone():
            return dict(nlp(masked(text, customers)).cats)

    @classmethod
    def load_or_train(cls, cache_dir: Path, data_dir: Path = DATA_DIR) -> IntentClassifier:
        """Load the cached models for this data and code, training (under a minute) when there are
        none."""
        sources = {lang: data_dir / f"train_{lang}.jsonl" for lang in LANGUAGES}
        directory_file = data_dir / "directory.json"
        target = cache_dir / f"intent-{data_fingerprint([*sources.values(), directory_file])}"
        pipelines: dict[str, Language] = {}
        directory: CustomerIndex | None = None
        trained = False
        for lang, source in sources.items():
            if not source.exists():
                continue
            model_dir = target / lang
            if (model_dir / "meta.json").exists():
                pipelines[lang] = spacy.load(model_dir)
                continue
            directory = directory or training_directory(data_dir)
            nlp = train(lang, training_examples(source, directory))
            _save_once(nlp, model_dir)
            pipelines[lang] = nlp
            trained = True
        if not pipelines:
            raise FileNotFoundError(f"no training data under {data_dir}")
        if trained:
            # Every change of the data or the parser's code trains anew (7 MB a time): the
            # models of earlier versions are never loaded again.
            for stale in cache_dir.glob("intent-*"):
                if stale != target and stale.is_dir():
                    shutil.rmtree(stale, ignore_errors=True)
        return cls(pipelines)


def _save_once(nlp: Language, model_dir: Path) -> None:
    """Written beside, then renamed into place: processes started together (API, worker, bot)
    all train the same model, and none may load another's half-written one."""
    model_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=model_dir.parent, prefix=f".{model_dir.name}-"))
    nlp.to_disk(staging)
    try:
        staging.rename(model_dir)
    except OSError:  # another process saved it first: theirs is the same model
        shutil.rmtree(staging, ignore_errors=True)


def data_fingerprint(paths: Iterable[Path]) -> str:
    """The cache key of the models: the data, the settings, and the parser's code and resources
    (its clause splitter and customer matching decide the training examples; this module's own
    source holds the settings)."""
    digest = hashlib.sha256(
        f"{TEXTCAT_MODEL}{EPOCHS}{SEED}{WHOLE_MESSAGE_REPEATS}{_TOKENIZERS}{CUSTOMER_PLACEHOLDER}".encode()
    )
    for path in sorted(paths):
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    for path in _code_files():
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_PACKAGE = Path(__file__).parent


def _code_files() -> list[Path]:
    """The package's sources and resources (not its data, which is hashed as data)."""
    return sorted(
        path
        for path in (*_PACKAGE.rglob("*.py"), *(_PACKAGE / "resources").rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    )
