"""Tables a user reads: one unit per amount column, named in the header; an empty list says
what it would show and how to fill it."""

import re

from django.conf import settings


def amounts_in(html: str) -> list[str]:
    return re.findall(r'<td class="text-end text-nowrap zs-num">([^<]*)</td>', html)


def test_the_librarys_amounts_share_one_unit_named_in_the_header(client, people, build):
    build("P1", "8000", signed="2026-04-01")
    build("P2", "120000", signed="2026-04-02")
    client.force_login(people["alice"])
    page = client.get("/projects/", {"sort": "amount"}).text
    assert "总投资（万元）" in page
    assert sorted(amounts_in(page)) == ["120,000.00", "8,000.00"]
    assert "亿元" not in "".join(amounts_in(page))

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/projects/").text
    assert "Total investment (million yuan)" in page
    assert sorted(amounts_in(page)) == [
        "1,200.00",
        "80.00",
    ]  # not 80.00 million beside 1.20 billion


def test_an_empty_library_says_how_to_fill_it(client, people):
    client.force_login(people["alice"])
    empty = client.get("/projects/").text
    assert 'id="library-empty"' in empty and "新建项目" in empty and "导入" in empty
    filtered = client.get("/projects/", {"q": "没有这个项目"}).text
    assert "没有符合条件的项目" in filtered and "清除" in filtered


def test_an_empty_board_column_says_what_it_would_hold(client, people, build):
    build("P1", "8000", signed="2026-04-01")
    client.force_login(people["alice"])
    page = client.get("/pipeline/").text
    # Six of the seven columns have no project: each says so and how a card gets there.
    assert page.count("暂无处于此阶段的项目") == 6
    client.force_login(people["lee"])  # a leader reads but does not drag
    assert "拖到这里" not in client.get("/pipeline/").text
