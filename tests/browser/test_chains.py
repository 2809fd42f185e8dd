"""The chain map in a real browser, at 1440 and 1280 px in both languages: the director opens a
chain, the map draws (a canvas, no script error), nothing runs off the screen, and a click on a
red node of the map opens its panel with the companies the zone approaches and who owns each."""

import pytest

from tests.browser.test_layout import save, signed_in
from zhaoshang.chains.models import Chain
from zhaoshang.demo.loader import load_demo

YEAR = 2025
pytestmark = pytest.mark.usefixtures("static_files")


@pytest.fixture
def demo(transactional_db, national_regions):
    return load_demo(year=YEAR)


@pytest.mark.parametrize("width", [1440, 1280])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_director_points_at_a_red_node_and_sees_its_targets(
    browser, live_server, demo, width, language
):
    chain = Chain.objects.get(zone=demo, name="精细化工产业链")
    gap = chain.nodes.get(name="生物可降解材料")
    context, page = signed_in(browser, live_server, "director", width=width, language=language)
    page.goto(f"{live_server.url}/chains/{chain.pk}/?as_of={YEAR}-05-31")
    page.locator("#chain-chart canvas").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    panel = page.locator(f"#node-{gap.pk}")
    assert panel.is_hidden()
    # The map's node: ECharts knows where it drew it.
    x, y = page.evaluate(
        """(id) => {
          const chart = echarts.getInstanceByDom(document.getElementById("chain-chart"));
          const data = chart.getModel().getSeriesByIndex(0).getData();
          const i = data.mapArray((idx) => idx).find((idx) => data.getId(idx) === id);
          const p = chart.convertToPixel({ seriesIndex: 0 }, data.getItemLayout(i));
          const box = document.getElementById("chain-chart").getBoundingClientRect();
          return [box.left + p[0], box.top + p[1]];
        }""",
        str(gap.pk),
    )
    page.mouse.click(x, y)
    panel.wait_for(state="visible")
    assert panel.locator("[data-node-state]").inner_text() in {"缺失", "Gap"}
    targets = panel.locator("[data-target]")
    assert targets.count() == 2
    text = panel.inner_text()
    assert "安徽华驰生物降解材料有限公司" in text and "招商一组" in text and "第一招商局" in text
    save(page, f"chain-{language}-{width}")
    assert page.errors == []
    context.close()
