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

  // A chart with nothing to show says what it would show and how to fill it, instead of a blank
  // card (the words come from the page, in the user's language).
  function empty(id, hasData) {
    const el = document.getElementById("chart-" + id);
    const note = document.getElementById("empty-" + id);
    if (!el || !note) return hasData;
    note.classList.toggle("d-none", hasData);
    el.classList.toggle("zs-chart-empty", !hasData);
    return hasData;
  }
  const anyCount = (rows) => rows.some((r) => r.count > 0);

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
      // Half the card for the funnel, the other half for its labels: the longest stage name
      // (Substantive negotiation) fits beside it at 1280 px.
      type: "funnel", sort: "none", minSize: "14%", left: "2%", width: "50%", top: 10, bottom: 10,
      label: { formatter: "{b} {c}", overflow: "truncate", width: 170 },
      data: data.funnel.map((s) => ({ name: s.label, value: s.reached, count: s.count, amount: s.amount_yi })),
    }],
  });
  empty("funnel", data.funnel.some((s) => s.reached > 0));
  table("funnel", [t.stage, t.at_stage, t.reached, t.amount_yi], data.funnel.map((s) => [s.label, s.count, s.reached, yi(s.amount_yi)]));

  // Rankings by industry and park: bars of counts on the left axis, a line of amounts on the
  // right one, largest first; the legend sits above the axis names, the names are cut to fit.
  const byCount = (rows) => rows.slice().sort((a, b) => b.count - a.count || b.amount_yi - a.amount_yi);
  const cut = (n) => (value) => (value.length > n ? value.slice(0, n - 1) + "…" : value);
  function ranking(id, unsorted) {
    const rows = byCount(unsorted);
    init(id, {
      tooltip: { trigger: "axis", formatter: axisTip },
      legend: { data: [t.count, t.amount_yi], top: 0, left: "center" },
      grid: { left: 28, right: 10, bottom: 5, top: 58, containLabel: true },
      xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: 30, formatter: cut(8) } },
      yAxis: [
        { type: "value", name: t.count, minInterval: 1, nameTextStyle: { align: "left" } },
        { type: "value", name: t.amount_yi, nameTextStyle: { align: "right" } },
      ],
      series: [
        { name: t.count, type: "bar", data: rows.map((r) => r.count), label: { show: true, position: "top" } },
        { name: t.amount_yi, type: "line", yAxisIndex: 1, data: rows.map((r) => Number(yi(r.amount_yi))) },
      ],
    });
    empty(id, anyCount(rows));
    table(id, [t.name, t.count, t.amount_yi], rows.map((r) => [r.name, r.count, yi(r.amount_yi)]));
  }
  ranking("industry", data.industry);
  ranking("park", data.park);

  // The units' ranking: two panels side by side on the same units, sorted by count; the left
  // one counts projects, the right one sums their investment: one measure per axis.
  (function units() {
    const rows = byCount(data.unit);
    const names = rows.map((r) => r.name);
    const category = (index, show) => ({
      type: "category", gridIndex: index, data: names, inverse: true,
      axisLabel: { show, interval: 0, formatter: cut(7) }, axisTick: { show: false },
    });
    init("unit", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: axisTip },
      grid: [
        { left: 10, width: "46%", top: 28, bottom: 5, containLabel: true },
        { right: 46, width: "34%", top: 28, bottom: 5, containLabel: true },
      ],
      title: [
        { text: t.count, left: "5%", top: 0, textStyle: { fontSize: 12, fontWeight: "normal" } },
        { text: t.amount_yi, right: 18, top: 0, textStyle: { fontSize: 12, fontWeight: "normal" } },
      ],
      xAxis: [
        { type: "value", gridIndex: 0, minInterval: 1, splitNumber: 3 },
        { type: "value", gridIndex: 1, splitNumber: 3 },
      ],
      yAxis: [category(0, true), category(1, false)],
      series: [
        { name: t.count, type: "bar", xAxisIndex: 0, yAxisIndex: 0, data: rows.map((r) => r.count), label: { show: true, position: "right" }, barMaxWidth: 12 },
        { name: t.amount_yi, type: "bar", xAxisIndex: 1, yAxisIndex: 1, data: rows.map((r) => Number(yi(r.amount_yi))), label: { show: true, position: "right" }, barMaxWidth: 12, itemStyle: { color: "#6b9bd1" } },
      ],
    });
    empty("unit", anyCount(rows));
    table("unit", [t.name, t.count, t.amount_yi], rows.map((r) => [r.name, r.count, yi(r.amount_yi)]));
  })();

  // Source provinces on the map of China (ECharts' map names provinces briefly: 山东, not 山东省),
  // named where projects come from; the ten largest listed beside it.
  const maxCount = Math.max(1, ...data.province.map((p) => p.count));
  init("province", {
    tooltip: {
      trigger: "item",
      formatter: (p) => lines(esc(p.name), esc(t.count + ": " + (p.value || 0)), ...(p.data ? [esc(t.amount_yi + ": " + yi(p.data.amount))] : [])),
    },
    visualMap: { min: 0, max: maxCount, left: 10, bottom: 10, text: [String(maxCount), "0"], inRange: { color: ["#eef2f7", "#1f3a5f"] }, calculable: true },
    series: [{
      type: "map", map: "china", roam: true, top: 10, bottom: 10,
      label: { show: true, fontSize: 11, color: "#1f2937", textBorderColor: "#fff", textBorderWidth: 2, formatter: (p) => (p.value > 0 ? p.name : "") },
      emphasis: { label: { show: true } },
      data: data.province.map((p) => ({ name: p.name, value: p.count, amount: p.amount_yi })),
    }],
  });
  const top = byCount(data.province).filter((p) => p.count > 0).slice(0, 10);
  const list = document.getElementById("top-province");
  if (list) {
    list.replaceChildren(...top.map((p, i) => {
      const row = document.createElement("tr");
      [String(i + 1), p.full_name, String(p.count), yi(p.amount_yi)].forEach((v, j) => {
        const c = cell("td", v);
        if (j !== 1) c.className = "text-end";
        row.appendChild(c);
      });
      return row;
    }));
    if (!top.length) {
      const none = list.insertRow().appendChild(cell("td", t.no_data));
      none.colSpan = 4;
      none.className = "text-secondary";
    }
  }
  empty("province", anyCount(data.province));
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
  empty("trend", ["signed", "started", "funds_arrived_wan"].some((k) =>
    tr.this_year[k].some((v) => v > 0) || tr.last_year[k].some((v) => v > 0)));
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
