from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from zhaoshang.core.amounts import format_wan, parse_wan


@pytest.mark.parametrize(
    ("typed", "wan"),
    [
        ("12亿元", "120000"),
        ("5.1亿", "51000"),
        ("8000万", "8000"),
        ("3,500万元", "3500"),
        ("十二亿", "120000"),
        ("1.2亿元人民币", "12000"),
        ("2500", "2500"),
        ("2500.5", "2500.5"),
        ("１２亿元", "120000"),  # full-width digits from Chinese input methods
        (" 6 亿 ", "60000"),
        ("三千五百万", "3500"),
        ("一亿二千万", "12000"),
        ("5亿3000万", "53000"),
        ("0.01", "0.01"),
        (8000, "8000"),
        (Decimal("9999.99"), "9999.99"),
        (12.5, "12.5"),
    ],
)
def test_it_reads_what_people_type(typed, wan):
    assert parse_wan(typed) == Decimal(wan)


@pytest.mark.parametrize("garbage", ["abc", "12亿abc", "亿", "1.2.3", "--5", "五点一亿"])
def test_it_refuses_garbage_naming_the_value(garbage):
    with pytest.raises(ValidationError) as caught:
        parse_wan(garbage)
    assert garbage in caught.value.messages[0]


def test_it_refuses_negative_amounts():
    with pytest.raises(ValidationError) as caught:
        parse_wan("-500万")
    assert caught.value.code == "negative"
    with pytest.raises(ValidationError):
        parse_wan(-1)


def test_it_refuses_more_precision_than_a_hundred_yuan():
    with pytest.raises(ValidationError) as caught:
        parse_wan("0.001")
    assert caught.value.code == "too_precise"


def test_it_refuses_empty_where_required_and_allows_it_otherwise():
    with pytest.raises(ValidationError) as caught:
        parse_wan("  ")
    assert caught.value.code == "required"
    assert parse_wan("", required=False) is None
    assert parse_wan(None, required=False) is None


@pytest.mark.parametrize(
    ("wan", "shown"),
    [
        ("120000", "12.00亿元"),
        ("51000", "5.10亿元"),
        ("10000", "1.00亿元"),
        ("9999.99", "9,999.99万元"),
        ("8000", "8,000.00万元"),
        ("0", "0.00万元"),
        ("1234567.89", "123.46亿元"),
    ],
)
def test_it_shows_yi_from_one_yi_up(wan, shown):
    assert format_wan(Decimal(wan)) == shown


def test_it_shows_nothing_for_no_amount():
    assert format_wan(None) == ""


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(amounts)
def test_exact_format_round_trips(amount):
    assert parse_wan(format_wan(amount, exact=True)) == amount


@given(amounts)
def test_display_format_round_trips_to_its_precision(amount):
    back = parse_wan(format_wan(amount))
    # 亿元 are shown to two decimals, i.e. to the nearest 100 万元; 万元 to the cent.
    tolerance = Decimal(50) if amount >= 10000 else Decimal(0)
    assert abs(back - amount) <= tolerance


def test_an_english_interface_shows_millions_and_billions():
    from django.utils import translation

    with translation.override("en"):
        assert format_wan(Decimal("120000")) == "1.20 billion yuan"
        assert format_wan(Decimal("139500")) == "1.395 billion yuan"  # 13.95亿, not 1.40
        assert format_wan(Decimal("51000")) == "510.00 million yuan"
        assert format_wan(Decimal("8000")) == "80.00 million yuan"
        assert format_wan(Decimal("120000"), exact=True) == "12亿元"  # exact is for reading back
