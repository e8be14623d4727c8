import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_core.normalize import normalize_name


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("厦门蓝湾医疗科技有限公司", "厦门蓝湾医疗科技"),
        ("蓝湾医疗股份有限公司", "蓝湾医疗"),
        ("青禾集团", "青禾"),
        ("ＡＢＣ　Ｔｒａｄｉｎｇ", "abc trading"),
        ("Pemberton Foods Ltd.", "pemberton foods"),
        ("ACME, Inc.", "Acme"),
        ("Acme Co., Ltd.", "ACME"),
        ("Siemens GmbH", "siemens"),
        ("P&G", "P & G"),
        ("Northwind  Traders LLC", "northwind-traders"),
        ("蓝湾（厦门）有限公司", "蓝湾(厦门)"),
    ],
)
def test_equivalent_names_normalize_alike(left: str, right: str) -> None:
    assert normalize_name(left) == normalize_name(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("蓝湾医疗", "蓝湾科技"),
        ("Acme", "Acne"),
        ("North Co", "South Co"),
    ],
)
def test_different_names_stay_different(left: str, right: str) -> None:
    assert normalize_name(left) != normalize_name(right)


def test_a_bare_suffix_is_not_erased() -> None:
    assert normalize_name("公司") == "公司"
    assert normalize_name("Ltd") == "ltd"


@given(st.text(max_size=40))
def test_normalization_is_idempotent(name: str) -> None:
    once = normalize_name(name)
    assert normalize_name(once) == once
