// The chain map (ECharts graph: a column per tier, nodes coloured by state and sized by
// investment) and its link to the node panels the page carries: a click on a node, or on its
// name in the table, shows what the node has — enterprises, projects, targets.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("zs-chain").textContent);
  const esc = (value) => echarts.format.encodeHTML(String(value));

  function show(id) {
    const panel = document.getElementById("node-" + id);
    if (!panel) return;
    document.querySelectorAll("[data-node-panel]").forEach((el) => el.classList.add("d-none"));
    document.getElementById("node-hint").classList.add("d-none");
    panel.classList.remove("d-none");
    if (history.replaceState) history.replaceState(null, "", "#node-" + id);
  }

  document.querySelectorAll(".zs-node-link").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      show(link.dataset.nodeId);
      document.getElementById("node-panels").scrollIntoView({ block: "nearest" });
    });
  });
  const fromHash = /^#node-(\d+)$/.exec(location.hash);
  if (fromHash) show(fromHash[1]);

  const el = document.getElementById("chain-chart");
  if (!el || !data.nodes.length) {
    if (el) el.classList.add("d-none");
    return;
  }
  const chart = echarts.init(el, null, { renderer: "canvas" });
  const tierLabels = data.tiers.map((name, i) => ({
    type: "text", left: (i * 33 + 4) + "%", top: 4, style: { text: name, fill: "#5a6b7d", font: "600 13px sans-serif" },
  }));
  chart.setOption({
    animation: false,
    graphic: tierLabels,
    tooltip: {
      formatter: (p) => p.dataType === "node" ? [
        "<b>" + esc(p.data.name) + "</b>",
        esc(p.data.tier) + " · " + esc(p.data.state),
        esc(p.data.enterprisesLabel) + " · " + esc(p.data.projectsLabel),
      ].join("<br>") : "",
    },
    series: [{
      type: "graph",
      layout: "none",
      top: 44, bottom: 36, left: 40, right: 150,
      roam: false,
      label: { show: true, position: "right", fontSize: 12, width: 110, overflow: "break" },
      edgeSymbol: ["none", "arrow"],
      edgeSymbolSize: 8,
      data: data.nodes.map((n) => ({
        id: n.id, name: n.name, x: n.x, y: n.y, symbolSize: n.symbolSize,
        itemStyle: { color: n.colour, borderColor: "#fff", borderWidth: 1 },
        tier: n.tier, state: n.state,
        enterprisesLabel: n.enterprises_label, projectsLabel: n.projects_label,
      })),
      links: data.links.map((l) => ({
        source: l.source, target: l.target,
        lineStyle: l.kind === "part"
          ? { type: "dashed", color: "#adb5bd", curveness: 0 }
          : { color: "#6b7f95", width: 1.5, curveness: 0.15 },
        symbol: l.kind === "part" ? ["none", "none"] : ["none", "arrow"],
      })),
    }],
  });
  chart.on("click", (p) => { if (p.dataType === "node") show(p.data.id); });
  window.addEventListener("resize", () => chart.resize());
})();
