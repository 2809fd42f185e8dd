// The dashboard's charts and their table views, from the JSON the page carries.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("zs-charts").textContent);
  const t = JSON.parse(document.getElementById("zs-chart-labels").textContent);
  const blue = ["#1f3a5f", "#3d6a9e", "#6b9bd1", "#a9c5e8", "#c0392b", "#e67e22", "#16a085"];
  const charts = {};

  function init(id, option) {
    const el = document.getElementById("chart-" + id);
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(Object.assign({ color: blue, tooltip: { trigger: "item" }, animation: false }, option));
    charts[id] = chart;
  }

  // Names are what people typed (industries, parks, units…): they go into the page as text
  // nodes, never as markup.
  function cell(tag, text) {
    const el = document.createElement(tag);
    el.textContent = text;
    return el;
  }

  function table(id, headers, rows) {
    const el = document.createElement("table");
    el.className = "table table-sm table-zs mb-0";
    const head = el.createTHead().insertRow();
    headers.forEach((h) => head.appendChild(cell("th", h)));
    const body = el.createTBody();
    rows.forEach((r) => {
      const tr = body.insertRow();
      r.forEach((c) => tr.appendChild(cell("td", c)));
    });
    if (!rows.length) {
      const empty = body.insertRow().appendChild(cell("td", t.no_data));
      empty.colSpan = headers.length;
      empty.className = "text-secondary";
    }
    document.getElementById("table-" + id).replaceChildren(el);
  }

  // ECharts writes tooltips into the page as HTML: every text in them is escaped here (the
  // markers are ECharts' own markup).
  const esc = (value) => echarts.format.encodeHTML(String(value));
  const lines = (...parts) => parts.join("<br>");
  function axisTip(params) {
    return lines(esc(params[0].axisValueLabel), ...params.map((p) =>
      p.marker + esc(p.seriesName) + ": " + esc(p.value === undefined || p.value === null ? "—" : p.value)));
  }

  const yi = (v) => (Math.round(v * 100) / 100).toFixed(2);

  // Stage funnel on the as-of date: projects at each stage or beyond.
  init("funnel", {
    tooltip: {
      trigger: "item",
      formatter: (p) => lines(esc(p.name), esc(t.reached + ": " + p.value), esc(t.at_stage + ": " + p.data.count), esc(t.amount_yi + ": " + yi(p.data.amount))),
    },
    series: [{
      type: "funnel", sort: "none", minSize: "12%", left: "4%", width: "64%", top: 10, bottom: 10,
      label: { formatter: "{b} {c}" },
      data: data.funnel.map((s) => ({ name: s.label, value: s.reached, count: s.count, amount: s.amount_yi })),
    }],
  });
  table("funnel", [t.stage, t.at_stage, t.reached, t.amount_yi], data.funnel.map((s) => [s.label, s.count, s.reached, yi(s.amount_yi)]));

  // Rankings by industry, park and unit: bars of counts, a line of amounts.
  // `wide`: long names (referrers) — the axis keeps 150 px of each, the table and tooltip all.
  function ranking(id, rows, horizontal, wide) {
    const names = rows.map((r) => r.name);
    const counts = rows.map((r) => r.count);
    const amounts = rows.map((r) => Number(yi(r.amount_yi)));
    const label = { interval: 0, rotate: horizontal ? 0 : 30 };
    const category = { type: "category", data: names, axisLabel: wide ? Object.assign({}, label, { width: 150, overflow: "truncate" }) : label };
    const value = { type: "value", name: t.count, minInterval: 1 };
    const grid = wide
      ? { left: 10, right: 90, bottom: 20, top: 35, containLabel: true }
      : { left: horizontal ? 90 : 40, right: 50, bottom: horizontal ? 20 : 70, top: 35 };
    init(id, {
      tooltip: { trigger: "axis", formatter: axisTip },
      legend: { data: [t.count, t.amount_yi], top: 0 },
      grid: grid,
      xAxis: horizontal ? [value, { type: "value", name: t.amount_yi, position: "top" }] : category,
      yAxis: horizontal ? Object.assign({}, category, { inverse: true }) : [value, { type: "value", name: t.amount_yi }],
      series: [
        { name: t.count, type: "bar", data: counts, label: { show: true, position: horizontal ? "right" : "top" } },
        horizontal
          ? { name: t.amount_yi, type: "bar", xAxisIndex: 1, data: amounts, barGap: "10%" }
          : { name: t.amount_yi, type: "line", yAxisIndex: 1, data: amounts },
      ],
    });
    table(id, [t.name, t.count, t.amount_yi], rows.map((r) => [r.name, r.count, yi(r.amount_yi)]));
  }
  ranking("industry", data.industry, false);
  ranking("park", data.park, false);
  ranking("unit", data.unit.slice().sort((a, b) => b.count - a.count || b.amount_yi - a.amount_yi), true);
  // Credit: the period's signings by channel and by referrer (each adds up to the signings).
  ranking("channel", data.channel.slice().sort((a, b) => b.count - a.count || b.amount_yi - a.amount_yi), true, true);
  ranking("referrer", data.referrer, true, true);

  // Source provinces on the map of China (ECharts' map names provinces briefly: 山东, not 山东省).
  const maxCount = Math.max(1, ...data.province.map((p) => p.count));
  init("province", {
    tooltip: {
      trigger: "item",
      formatter: (p) => lines(esc(p.name), esc(t.count + ": " + (p.value || 0)), ...(p.data ? [esc(t.amount_yi + ": " + yi(p.data.amount))] : [])),
    },
    visualMap: { min: 0, max: maxCount, left: 10, bottom: 10, text: [String(maxCount), "0"], inRange: { color: ["#eef2f7", "#1f3a5f"] }, calculable: true },
    series: [{
      type: "map", map: "china", roam: true, zoom: 1.15,
      emphasis: { label: { show: true } },
      data: data.province.map((p) => ({ name: p.name, value: p.count, amount: p.amount_yi })),
    }],
  });
  table("province", [t.name, t.count, t.amount_yi], data.province.map((p) => [p.full_name, p.count, yi(p.amount_yi)]));

  // Monthly trend, this year against last year.
  const months = Array.from({ length: 12 }, (_, i) => i + 1 + t.month_suffix);
  const y = data.trend.year;
  const tr = data.trend;
  init("trend", {
    tooltip: { trigger: "axis", formatter: axisTip },
    legend: { top: 0, type: "scroll" },
    grid: { left: 45, right: 70, bottom: 30, top: 60 },
    xAxis: { type: "category", data: months },
    yAxis: [{ type: "value", name: t.count, minInterval: 1 }, { type: "value", name: t.funds }],
    series: [
      { name: y + t.signed, type: "line", data: tr.this_year.signed },
      { name: (y - 1) + t.signed, type: "line", data: tr.last_year.signed, lineStyle: { type: "dashed" } },
      { name: y + t.started, type: "line", data: tr.this_year.started },
      { name: (y - 1) + t.started, type: "line", data: tr.last_year.started, lineStyle: { type: "dashed" } },
      { name: y + t.funds, type: "bar", yAxisIndex: 1, data: tr.this_year.funds_arrived_wan },
      { name: (y - 1) + t.funds, type: "bar", yAxisIndex: 1, data: tr.last_year.funds_arrived_wan },
    ],
  });
  table("trend",
    [t.month, y + t.signed, (y - 1) + t.signed, y + t.started, (y - 1) + t.started, y + t.funds, (y - 1) + t.funds],
    months.map((m, i) => [m, tr.this_year.signed[i], tr.last_year.signed[i], tr.this_year.started[i], tr.last_year.started[i], tr.this_year.funds_arrived_wan[i], tr.last_year.funds_arrived_wan[i]]
      .map((v) => (v === undefined ? "—" : v))));

  // Chart / table switch.
  document.querySelectorAll("[data-view]").forEach((button) => {
    button.addEventListener("click", () => {
      const id = button.dataset.target;
      const asTable = button.dataset.view === "table";
      document.getElementById("chart-" + id).classList.toggle("d-none", asTable);
      document.getElementById("table-" + id).classList.toggle("d-none", !asTable);
      button.parentElement.querySelectorAll("button").forEach((b) => b.classList.toggle("active", b === button));
      if (!asTable) charts[id].resize();
    });
  });
  // A chart shown as its table has no size to fit (ECharts fails on it); it is fitted when shown.
  window.addEventListener("resize", () => Object.entries(charts).forEach(([id, c]) => {
    if (!document.getElementById("chart-" + id).classList.contains("d-none")) c.resize();
  }));
})();
