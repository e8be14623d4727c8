import pytest

from nlu.customer_index import CustomerIndex, DirectoryEntry

DIRECTORY = [
    DirectoryEntry(12, "厦门蓝湾医疗科技有限公司", ("蓝湾医疗", "蓝湾")),
    DirectoryEntry(13, "蓝海科技有限公司"),
    DirectoryEntry(14, "Procter & Gamble", ("P&G",)),
    DirectoryEntry(15, "Pemberton Foods Ltd"),
    DirectoryEntry(16, "杭州青禾食品股份有限公司", ("青禾食品",)),
    DirectoryEntry(17, "Acme Corp"),
    DirectoryEntry(18, "华东蓝湾物流有限公司", ("蓝湾物流",)),
]


@pytest.fixture(scope="module")
def index() -> CustomerIndex:
    return CustomerIndex.build(DIRECTORY)


@pytest.mark.parametrize(
    ("text", "mention", "customer_id"),
    [
        ("下午去蓝湾医疗见了采购部周主任", "蓝湾医疗", 12),  # alias
        ("拜访厦门蓝湾医疗科技有限公司", "厦门蓝湾医疗科技有限公司", 12),  # full legal name
        ("厦门蓝湾医疗科技那边", "厦门蓝湾医疗科技", 12),  # without the legal suffix
        ("刚从兰湾医疗出来", "兰湾医疗", 12),  # speech-recognition homophone
        ("青禾那边要补货", "青禾", 16),  # without place and industry
        ("Met Priya at Pemberton Foods, they want a quote", "Pemberton Foods", 15),
        ("met priya at pemberton they want a quote", "pemberton", 15),  # lowercase, short form
        ("见了Pemberton的Priya", "Pemberton", 15),  # mixed script
        ("Pembertn foods called", "Pembertn foods", 15),  # typo
        ("p&g wants samples", "p&g", 14),
        ("procter and gamble wants samples", "procter and gamble", 14),
        ("ＡＣＭＥ 来电", "ＡＣＭＥ", 17),  # full-width, offsets into the original text
    ],
)
def test_finds_the_customer_and_its_span(
    index: CustomerIndex, text: str, mention: str, customer_id: int
) -> None:
    mentions = index.find(text)
    assert len(mentions) == 1
    found = mentions[0]
    assert found.text == mention
    assert text[found.start : found.end] == mention
    assert found.best.id == customer_id
    assert found.best.score >= 80


def test_exact_beats_homophone_beats_fuzzy(index: CustomerIndex) -> None:
    exact = index.find("蓝湾医疗")[0].best.score
    homophone = index.find("兰湾医疗")[0].best.score
    fuzzy = index.find("Pembertn foods")[0].best.score
    assert exact == 100.0
    assert exact > homophone > fuzzy


def test_a_shared_short_name_returns_both_candidates(index: CustomerIndex) -> None:
    mentions = index.find("蓝湾那边又来电话了")
    assert len(mentions) == 1
    assert {candidate.id for candidate in mentions[0].candidates} == {12, 18}


def test_two_customers_in_one_message(index: CustomerIndex) -> None:
    mentions = index.find("上午去了蓝海下午去青禾食品")
    assert [(m.text, m.best.id) for m in mentions] == [("蓝海", 13), ("青禾食品", 16)]


@pytest.mark.parametrize(
    "text",
    [
        "华光科技的李总约了下周",  # a company not in the directory
        "acmes are not acme corp's",  # only the whole word counts ... see below
        "global warming is real",
        "蓝天白云",
        "",
        "   ",
        "😀😀😀",
    ],
)
def test_unknown_names_are_not_forced_onto_a_customer(index: CustomerIndex, text: str) -> None:
    ids = {m.best.id for m in index.find(text)}
    if "acme corp" in text:
        assert ids == {17}
    else:
        assert ids == set()


def test_word_boundaries_for_latin_names(index: CustomerIndex) -> None:
    assert index.find("the acmes") == []
    assert [m.best.id for m in index.find("the acme deal")] == [17]


def test_incremental_add_and_remove() -> None:
    index = CustomerIndex.build(DIRECTORY)
    assert index.find("华光科技的李总") == []
    index.add(DirectoryEntry(99, "华光科技有限公司"))
    assert [m.best.id for m in index.find("华光科技的李总")] == [99]
    index.remove(99)
    assert index.find("华光科技的李总") == []
    index.add(DirectoryEntry(12, "厦门蓝湾医疗科技有限公司"))  # re-adding drops the old aliases
    [mention] = index.find("蓝湾医疗")
    assert [(c.id, c.score) for c in mention.candidates] == [(12, 97.0)]  # a derived form now
    assert len(index) == len(DIRECTORY)


def test_long_and_junk_input_is_handled(index: CustomerIndex) -> None:
    text = ("无关的内容" * 4000) + "蓝湾医疗"
    mentions = index.find(text)
    assert [m.best.id for m in mentions] == [12]
    assert index.find("\x00\x01\x02\ufffd") == []


def test_a_name_sounds_like_every_reading_of_its_characters() -> None:
    # 晟 reads cheng and sheng: a dictated 海盛 is 海晟
    index = CustomerIndex.build([DirectoryEntry(20, "厦门海晟贸易有限公司", ("海晟贸易",))])
    mentions = index.find("那个海盛贸易陈经理约了下周三")
    assert [m.best.id for m in mentions] == [20]
    assert mentions[0].text == "海盛贸易"


def test_the_same_sounds_in_another_number_of_characters_are_no_match() -> None:
    # 西安路 and 先路 both read "xianlu": three characters cannot be misheard as two
    index = CustomerIndex.build([DirectoryEntry(1, "西安路贸易有限公司", ("西安路",))])
    assert index.find("先路") == []


MORE = [
    DirectoryEntry(30, "常州金田新材料股份有限公司", ("金田新材",)),
    DirectoryEntry(31, "厦门海晟贸易有限公司", ("海晟贸易",)),
    DirectoryEntry(32, "Contoso Pharmaceuticals", ("Contoso",)),
]


@pytest.fixture(scope="module")
def more() -> CustomerIndex:
    return CustomerIndex.build([*DIRECTORY, *MORE])


@pytest.mark.parametrize(
    ("text", "mention", "customer_id"),
    [
        ("uh dropped in at contosso to say hi", "contosso", 32),  # a letter typed twice
        ("called contoso's qa lead", "contoso", 32),
        ("金田新材的马总", "金田新材", 30),
        ("上海海晟贸易那边", "海晟贸易", 31),  # a place before the name, then the name itself
    ],
)
def test_misspelt_and_prefixed_names(
    more: CustomerIndex, text: str, mention: str, customer_id: int
) -> None:
    [found] = more.find(text)
    assert (found.text, found.best.id) == (mention, customer_id)


@pytest.mark.parametrize(
    "text",
    [
        "老板今天心情不好大家小心",  # 今天心 sounds like 金田新, but no character is shared
        "新客户：上海澄心",  # 海澄 sounds like 海晟, but it cuts 上海 in two
        "新客户：上海澄心科技有限公司",  # shares only 科技有限公司 with 蓝海科技有限公司
    ],
)
def test_sound_alikes_that_are_not_customers(more: CustomerIndex, text: str) -> None:
    assert more.find(text) == []


SOUNDS = [
    *DIRECTORY,
    *MORE,
    DirectoryEntry(40, "成都青力食品股份有限公司", ("青力食品",)),
    DirectoryEntry(41, "苏州青海软件有限责任公司", ("青海软件",)),
    DirectoryEntry(42, "喜安达物流有限公司"),
]


@pytest.fixture(scope="module")
def sounds() -> CustomerIndex:
    return CustomerIndex.build(SOUNDS)


@pytest.mark.parametrize(
    ("text", "mention", "customer_id"),
    [
        ("嗯海盛贸易陈经理微信上说", "海盛贸易", 31),  # 晟 is read sheng too, not only cheng
        ("去了海森贸易", "海森贸易", 31),  # sh/s and eng/en: alike, not the same
        ("Met at Haisheng Trading", "Haisheng", 31),  # pinyin with 晟's second reading
        ("去了青里食品", "青里食品", 40),  # li for li: a plain homophone
        ("清丽食品那边", "清丽食品", 40),  # two of four characters differ, all sound the same
    ],
)
def test_sound_alikes(sounds: CustomerIndex, text: str, mention: str, customer_id: int) -> None:
    [found] = sounds.find(text)
    assert (found.text, found.best.id) == (mention, customer_id)


def test_an_exact_homophone_outranks_a_sound_alike(sounds: CustomerIndex) -> None:
    [homophone] = sounds.find("海胜贸易")
    [alike] = sounds.find("海森贸易")
    assert homophone.best.score > alike.best.score


@pytest.mark.parametrize(
    "text",
    [
        "跟陈经理视频了一下",  # 经理视频 can be read as 青力食品, but shares no character
        "海森那边",  # alike in sound, and only half of a two-character name
        "中央站软件升级以后",  # 青海软件 less the place name is only an industry word
        "先达物流来电",  # xian-da-wu-liu is five syllables in 喜安达物流, four here
    ],
)
def test_weak_sound_alikes_are_not_customers(sounds: CustomerIndex, text: str) -> None:
    assert sounds.find(text) == []


LATIN = [
    *DIRECTORY,
    DirectoryEntry(50, "深圳市科达智能设备有限公司", ("科达智能", "科达")),
    DirectoryEntry(51, "大塔物流有限公司"),
    DirectoryEntry(56, "乐安电子有限公司"),
    DirectoryEntry(52, "吉安电子有限公司"),
    DirectoryEntry(53, "Thames Valley Engineering Ltd", ("TVE",)),
    DirectoryEntry(54, "Meridian Health Partners", ("Meridian Health",)),
    DirectoryEntry(55, "Coastal Energy Operations Ltd"),
]


@pytest.fixture(scope="module")
def latin() -> CustomerIndex:
    return CustomerIndex.build(LATIN)


@pytest.mark.parametrize(
    ("text", "mention", "customer_id"),
    [
        ("Met the CTO at Keda Intelligent", "Keda", 50),  # four letters, two syllables
        ("Call with Keda's CTO: signed", "Keda", 50),
        ("Met the Ke Da people", "Ke Da", 50),  # a capitalised syllable per character
        ("um tves kevin says two gateways arrived damaged", "tves", 53),  # acronym + s
        ("TVE's order is late", "TVE", 53),
        ("met the MHP buyer today", "MHP", 54),  # initials of a three-word name, in capitals
        ("the MHPs renewal", "MHPs", 54),
    ],
)
def test_romanised_names_and_acronyms(
    latin: CustomerIndex, text: str, mention: str, customer_id: int
) -> None:
    [found] = latin.find(text)
    assert (found.text, found.best.id) == (mention, customer_id)


@pytest.mark.parametrize(
    "text",
    [
        "so keda the cto emailed",  # four lowercase letters: too easily an English word
        "met the ke da people",
        "Data migration is done",  # da-ta spells 大塔, but "Data" is English
        "Lean manufacturing again",  # le-an spells 乐安, but "Lean" is English too
        "Jian called back",  # ji-an spells 吉安, but Jian is one syllable: a given name
        "met the mhp buyer",  # generated initials count only in capitals
        "the CEO called",  # Coastal Energy Operations: initials that are a business word
    ],
)
def test_short_latin_words_that_are_not_customers(latin: CustomerIndex, text: str) -> None:
    assert latin.find(text) == []


PLACES = [
    *DIRECTORY,
    DirectoryEntry(60, "上海嘉禾连锁超市有限公司", ("嘉禾超市",)),
    DirectoryEntry(61, "深圳市科达智能设备有限公司", ("科达智能", "科达")),
    DirectoryEntry(62, "汕头潮兴玩具有限公司"),
    DirectoryEntry(63, "上海德高药业集团"),
    DirectoryEntry(64, "成都景盛物流有限公司"),
]


@pytest.fixture(scope="module")
def places() -> CustomerIndex:
    return CustomerIndex.build(PLACES)


@pytest.mark.parametrize(
    ("text", "mention", "customer_id"),
    [
        ("潮兴那边要样品", "潮兴", 62),  # 汕头 is a place name: 潮兴 is said alone
        ("上海嘉禾超市的吴总", "嘉禾超市", 60),  # the customer's own city before its name
        ("深圳市科达智能来电", "科达智能", 61),
        ("在上海见了嘉禾的吴总", "嘉禾", 60),  # a city, then other words, then the name
    ],
)
def test_place_names_before_a_name(
    places: CustomerIndex, text: str, mention: str, customer_id: int
) -> None:
    [found] = places.find(text)
    assert (found.text, found.best.id) == (mention, customer_id)


@pytest.mark.parametrize(
    "text",
    [
        "朋友介绍了广西嘉禾农牧帮我建个客户",  # another city's 嘉禾: another company
        "新建客户 合肥科大讯联 联系人 程经理",  # 科大 sounds like 科达, and follows 合肥
        "帮我查下明天去上海的高铁",  # 的高 sounds like 德高, but 的 is not a misheard 德
        "添加客户 锦程物流",  # 锦程 and 景盛 are alike in sound: two characters off of four
    ],
)
def test_other_companies_stay_unknown(places: CustomerIndex, text: str) -> None:
    assert places.find(text) == []


def test_a_three_character_core_is_said_by_its_first_two() -> None:
    index = CustomerIndex.build([DirectoryEntry(70, "上海启明星教育科技有限公司", ("启明星教育",))])
    assert [(m.text, m.best.id) for m in index.find("下午去启明见了孙老师")] == [("启明", 70)]
    assert index.find("说传感器明年再买") == []  # a guessed short form is not matched by sound
    index.add(DirectoryEntry(71, "启明电子有限公司"))
    [mention] = index.find("启明来电")
    assert mention.best.id == 71  # its own short form outranks another's guessed one
    assert mention.candidates[1].score <= mention.best.score - 3


def test_a_latin_word_with_another_ending_is_not_a_typo() -> None:
    entry = DirectoryEntry(80, "Harbourview Medical Centre", ("Harbourview",))
    index = CustomerIndex.build([entry])
    assert index.find("new customer Bristol Harbourside Dental") == []  # 81.8 against harbourview
    assert [(m.text, m.best.id) for m in index.find("called harbourveiw")] == [("harbourveiw", 80)]
