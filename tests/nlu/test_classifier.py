import json
from pathlib import Path

import pytest

import nlu.classifier as classifier_module
from nlu.classifier import (
    CUSTOMER_PLACEHOLDER,
    WHOLE_MESSAGE_REPEATS,
    IntentClassifier,
    Labelled,
    blank,
    clause_examples,
    data_fingerprint,
    masked,
    train,
    training_examples,
)
from nlu.customer_index import CustomerIndex, DirectoryEntry

ZH = [
    Labelled("监护仪报错了", "open_ticket"),
    Labelled("打印机坏了很急", "open_ticket"),
    Labelled("设备又故障了", "open_ticket"),
    Labelled("今天去拜访了客户", "log_interaction"),
    Labelled("跟周主任聊了二期", "log_interaction"),
    Labelled("见了李总聊报价", "log_interaction"),
    Labelled("今天天气不错", "unknown"),
    Labelled("哈哈哈哈", "unknown"),
    Labelled("帮我订个外卖", "unknown"),
]


def test_training_is_deterministic_and_learns_the_data() -> None:
    first = train("zh", ZH * 5)
    second = train("zh", ZH * 5)
    for example in ZH:
        cats = first(example.text).cats
        assert max(cats, key=lambda label: cats[label]) == example.intent
        assert first(example.text).cats == second(example.text).cats


def test_models_are_cached_by_the_data_fingerprint(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    lines = [
        json.dumps({"text": e.text, "actions": [{"intent": e.intent, "slots": {}}]}) for e in ZH * 3
    ]
    (data / "train_zh.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cache = tmp_path / "cache"
    classifier = IntentClassifier.load_or_train(cache, data)
    fingerprint = data_fingerprint([data / "train_zh.jsonl", data / "train_en.jsonl"])
    assert (cache / f"intent-{fingerprint}" / "zh" / "meta.json").exists()
    again = IntentClassifier.load_or_train(cache, data)
    probabilities = again("打印机又坏了", "zh")
    assert probabilities == classifier("打印机又坏了", "zh")
    assert abs(sum(probabilities.values()) - 1.0) < 1e-5
    # New data: a new model, and the one it replaces is removed from the cache.
    lines.append(json.dumps({"text": "电脑蓝屏了", "actions": [{"intent": "open_ticket"}]}))
    (data / "train_zh.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    IntentClassifier.load_or_train(cache, data)
    models = [path.name for path in cache.glob("intent-*")]
    assert len(models) == 1
    assert models != [f"intent-{fingerprint}"]


def test_chinese_tokens_are_words_and_every_pair_of_characters() -> None:
    tokens = [token.text for token in blank("zh")("监护仪又报错了")]
    assert "报错" in tokens  # a jieba word
    assert {"监护", "护仪", "仪又", "又报", "错了"} <= set(tokens)  # every adjacent pair
    assert [token.text for token in blank("zh")("T-2001 已解决")][-1] == "解决"


def test_english_tokens_are_lower_cased_words() -> None:
    tokens = [token.text for token in blank("en")("Called Pemberton, they're HAPPY")]
    assert tokens == ["called", "pemberton", ",", "they", "'re", "happy"]


def test_customers_are_masked_so_their_names_teach_nothing() -> None:
    text = "提醒我跟进一下青禾食品，再问问Pemberton"
    spans = [
        (text.index("青禾食品"), text.index("青禾食品") + 4),
        (text.index("Pemberton"), len(text)),
    ]
    assert masked(text, spans) == (
        f"提醒我跟进一下 {CUSTOMER_PLACEHOLDER} ，再问问 {CUSTOMER_PLACEHOLDER} "
    )
    assert masked(text, []) == text


def test_training_masks_the_customers_its_directory_finds(tmp_path: Path) -> None:
    data = tmp_path / "train_zh.jsonl"
    data.write_text(
        json.dumps({"text": "青禾食品最近怎么样", "actions": [{"intent": "query_customer"}]})
        + "\n",
        encoding="utf-8",
    )
    directory = CustomerIndex.build([DirectoryEntry(id=1, name="杭州青禾食品股份有限公司")])
    example = Labelled(f" {CUSTOMER_PLACEHOLDER} 最近怎么样", "query_customer")
    assert training_examples(data, directory) == [example] * WHOLE_MESSAGE_REPEATS


def test_classifying_new_words_leaves_the_vocabulary_as_it_was() -> None:
    nlp = train("zh", ZH * 3)
    classifier = IntentClassifier({"zh": nlp})
    known = len(nlp.vocab.strings)
    first = classifier("鳕鱼罐头鲟鳇鲮鲶全都没货", "zh")
    second = classifier("鳕鱼罐头鲟鳇鲮鲶全都没货", "zh")
    assert len(nlp.vocab.strings) == known
    assert first == second


def test_probabilities_do_not_depend_on_lexical_attributes() -> None:
    reference = train("zh", ZH * 3)
    expected = [reference(example.text + "吗").cats for example in ZH]
    classifier = IntentClassifier({"zh": train("zh", ZH * 3)})
    assert [classifier(example.text + "吗", "zh") for example in ZH] == expected


def test_multi_action_lines_teach_their_clauses_in_order() -> None:
    directory = CustomerIndex.build(
        [DirectoryEntry(id=1, name="蓝湾医疗器械有限公司", aliases=("蓝湾医疗",))]
    )
    record = {
        "text": "上午去蓝湾医疗见了周主任聊了监护仪扩容，下周二前把报价发过去",
        "now": "2026-11-25T10:00:00+08:00",
        "tz": "Asia/Shanghai",
        "actions": [
            {"intent": "log_interaction", "slots": {}},
            {"intent": "schedule_followup", "slots": {}},
        ],
    }
    assert clause_examples(record, directory) == [
        Labelled(f"上午去 {CUSTOMER_PLACEHOLDER} 见了周主任聊了监护仪扩容，", "log_interaction"),
        Labelled("下周二前把报价发过去", "schedule_followup"),
    ]


def test_clauses_that_do_not_line_up_with_the_actions_teach_nothing(tmp_path: Path) -> None:
    actions = ["log_interaction", "open_ticket", "schedule_followup"]
    record = {
        "text": "Visited them today, the scanners keep freezing, call them back Friday 3pm",
        "now": "2026-11-25T10:00:00+00:00",
        "tz": "Europe/London",
        "actions": [{"intent": intent, "slots": {}} for intent in actions],
    }
    data = tmp_path / "train_en.jsonl"
    data.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert [example.intent for example in training_examples(data)] == actions
    record["actions"] = record["actions"][:2]  # three clauses, two actions: no pairing
    data.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert training_examples(data) == []


def test_a_model_saved_first_by_another_process_is_kept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    lines = [json.dumps({"text": e.text, "actions": [{"intent": e.intent}]}) for e in ZH * 3]
    (data / "train_zh.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cache = tmp_path / "cache"
    IntentClassifier.load_or_train(cache, data)
    [model_dir] = cache.glob("intent-*/zh")
    (model_dir / "meta.json").rename(model_dir / "meta.json.aside")  # as if still being saved
    IntentClassifier.load_or_train(cache, data)  # trains, finds the place taken, keeps it
    assert sorted(path.name for path in model_dir.parent.iterdir()) == ["zh"]
    assert (model_dir / "meta.json.aside").exists()


EN = [
    Labelled("the printer is broken again", "open_ticket"),
    Labelled("Monitor keeps throwing errors, urgent", "open_ticket"),
    Labelled("met Priya at Pemberton about the renewal", "log_interaction"),
    Labelled("called the buyer, they want a quote", "log_interaction"),
    Labelled("nice weather today", "unknown"),
    Labelled("lol", "unknown"),
]


def test_the_classifier_gives_the_pipeline_s_own_probabilities(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # it reads the model's layers without a Doc; English words through a spare tokenizer,
    # built again when its vocabulary grows (here after every few words)
    monkeypatch.setattr(classifier_module, "_MOST_SPARE_WORDS", 5)
    texts = [
        *(e.text for e in ZH + EN),
        "",
        "   ",
        "鳕鱼罐头全都没货 and the o'clock e-mail re: T-2001!",
        f"跟 {CUSTOMER_PLACEHOLDER} 聊了 number mark root",  # spaCy's own symbols as words
    ]
    for lang, examples in (("zh", ZH), ("en", EN)):
        nlp = train(lang, examples * 3)
        classifier = IntentClassifier({lang: nlp})
        for text in texts:
            assert classifier(text, lang) == dict(nlp(text).cats), (lang, text)
            assert list(classifier(text, lang)) == list(nlp(text).cats)
