import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import uscc

from zhaoshang.companies.models import Company
from zhaoshang.companies.services import clean_uscc, get_or_create_company

BODY = "91371400MA3C5D2E1"  # 17 characters; the 18th is the GB 32100 check digit
VALID = BODY + uscc.calc_check_digit(BODY)
WRONG_DIGIT = BODY + next(c for c in "0123456789" if c != VALID[-1])


def test_it_accepts_a_code_with_its_check_digit_and_normalises_case_and_spaces():
    assert clean_uscc(f" {VALID.lower()} ") == VALID
    assert clean_uscc("") == ""


@pytest.mark.parametrize("bad", [WRONG_DIGIT, VALID[:-1], VALID + "1", "ABCDEFGHIJKLMNOPQR"])
def test_it_refuses_a_wrong_code_naming_it(bad):
    with pytest.raises(ValidationError) as caught:
        clean_uscc(bad)
    assert bad in caught.value.message_dict["uscc"][0]


def test_a_company_is_known_by_its_normalised_name(zone):
    first = get_or_create_company(zone=zone, actor=None, name="史丹利化肥股份有限公司")
    again = get_or_create_company(zone=zone, actor=None, name=" 史丹利化肥 股份有限公司")
    assert again == first
    assert Company.objects.count() == 1


def test_full_width_brackets_and_letters_match_half_width(zone):
    first = get_or_create_company(zone=zone, actor=None, name="华鲁（国际）融资租赁ＡＢ有限公司")
    assert (
        get_or_create_company(zone=zone, actor=None, name="华鲁(国际)融资租赁ab有限公司") == first
    )


def test_a_company_is_found_by_its_uscc_under_another_name(zone):
    first = get_or_create_company(zone=zone, actor=None, name="甲公司", uscc=VALID)
    assert get_or_create_company(zone=zone, actor=None, name="甲公司(更名后)", uscc=VALID) == first


def test_a_uscc_that_contradicts_the_stored_one_is_refused(zone):
    get_or_create_company(zone=zone, actor=None, name="甲公司", uscc=VALID)
    other_body = "91110000MA01ABCD2"
    other = other_body + uscc.calc_check_digit(other_body)
    with pytest.raises(ValidationError) as caught:
        get_or_create_company(zone=zone, actor=None, name="甲公司", uscc=other)
    assert VALID in caught.value.messages[0] and other in caught.value.messages[0]
    assert Company.objects.count() == 1


def test_companies_are_per_zone(zone):
    from zhaoshang.org.services import create_zone

    other = create_zone(code="other", name="别的开发区")
    a = get_or_create_company(zone=zone, actor=None, name="甲公司", uscc=VALID)
    b = get_or_create_company(zone=other, actor=None, name="甲公司", uscc=VALID)
    assert a != b


def test_a_company_needs_a_name(zone):
    with pytest.raises(ValidationError):
        get_or_create_company(zone=zone, actor=None, name="  ")


def test_a_code_of_another_company_is_that_company_on_a_form_and_refused_in_a_file():
    from zhaoshang.companies.services import Registered, uscc_conflict

    holder = Registered(1, "甲公司", VALID)
    other = Registered(2, "乙公司", "")
    assert (
        uscc_conflict(name="乙公司", uscc=VALID, by_name=other, by_uscc=holder, renamed=True)
        is None
    )
    refused = uscc_conflict(name="乙公司", uscc=VALID, by_name=other, by_uscc=holder)
    assert refused.message_dict["uscc"] == [
        f"统一社会信用代码 {VALID} 已登记为投资方“甲公司”,与投资方“乙公司”不符。"
    ]
    # A blank code on record is no conflict; a different one is, whoever asks.
    assert uscc_conflict(name="乙公司", uscc=VALID, by_name=other, by_uscc=None) is None
    stored = Registered(2, "乙公司", WRONG_DIGIT)
    for renamed in (False, True):
        refused = uscc_conflict(
            name="乙公司", uscc=VALID, by_name=stored, by_uscc=None, renamed=renamed
        )
        assert WRONG_DIGIT in refused.messages[0] and VALID in refused.messages[0]
