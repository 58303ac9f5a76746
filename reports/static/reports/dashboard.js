/* Draw the dashboard's charts from the json_script block; a click on a unit opens its dashboard. */
(function () {
  "use strict";
  var COLORS = { red: "#c62828", amber: "#ef8f00", green: "#2e7d32" };

  function option(chart) {
    var axisNames = { type: "category", data: chart.categories, axisLabel: { interval: 0, rotate: chart.categories.length > 6 ? 40 : 0 } };
    var base = {
      // richText: ECharts draws the tooltip itself; its HTML tooltip writes style="…" attributes through
      // innerHTML, which the Content-Security-Policy (style-src 'self') refuses.
      tooltip: { trigger: chart.type === "pie" ? "item" : "axis", confine: true, renderMode: "richText" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      color: ["#c62828", "#1565c0", "#ef8f00", "#2e7d32", "#6a1b9a", "#00838f"]
    };
    if (chart.type === "pie") {
      base.series = [{
        type: "pie", radius: ["35%", "65%"], top: 24,
        label: { formatter: "{b}: {c} ({d}%)" },
        data: chart.categories.map(function (name, i) { return { name: name, value: chart.series[0].data[i] }; })
      }];
      return base;
    }
    if (chart.type === "ranking") {
      base.legend.show = false;
      base.yAxis = { type: "category", data: chart.categories.slice().reverse(), axisLabel: { interval: 0 } };
      base.xAxis = { type: "value", scale: true };
      base.series = [{ type: "bar", name: chart.series[0].name, data: chart.series[0].data.slice().reverse() }];
      return base;
    }
    base.xAxis = axisNames;
    base.yAxis = { type: "value" };
    if (chart.type === "status") {
      // Red and amber findings stacked; a unit without findings gets a short green bar.
      var green = chart.categories.map(function (_, i) {
        return chart.series[0].data[i] + chart.series[1].data[i] === 0 ? 0.5 : 0;
      });
      base.series = [
        { type: "bar", stack: "s", name: chart.series[0].name, data: chart.series[0].data, itemStyle: { color: COLORS.red } },
        { type: "bar", stack: "s", name: chart.series[1].name, data: chart.series[1].data, itemStyle: { color: COLORS.amber } },
        { type: "bar", stack: "s", name: document.documentElement.lang.indexOf("en") === 0 ? "Green" : "绿", data: green, itemStyle: { color: COLORS.green }, tooltip: { show: false } }
      ];
      return base;
    }
    var stacked = chart.type === "stacked";
    var palette = [COLORS.green, COLORS.amber, COLORS.red];
    base.series = chart.series.map(function (s, i) {
      var serie = { type: chart.type === "line" ? "line" : "bar", name: s.name, data: s.data };
      if (stacked) {
        serie.stack = "s";
        if (chart.id === "disclosures") serie.itemStyle = { color: palette[i] };
        if (chart.id === "compliance_rules") serie.itemStyle = { color: i === 0 ? COLORS.red : COLORS.amber };
      }
      return serie;
    });
    return base;
  }

  function init() {
    var block = document.getElementById("dashboard-data");
    if (!block || typeof echarts === "undefined") return;
    var data = JSON.parse(block.textContent);
    var drawn = [];
    data.charts.forEach(function (chart) {
      var el = document.querySelector('[data-chart="' + chart.id + '"]');
      if (!el) return;
      var instance = echarts.init(el, null, { renderer: "svg" });
      instance.setOption(option(chart));
      if (chart.links && chart.links.length) {
        instance.on("click", function (params) {
          var index = chart.type === "ranking" ? chart.categories.length - 1 - params.dataIndex : params.dataIndex;
          if (chart.links[index]) window.location.href = chart.links[index];
        });
      }
      drawn.push(instance);
    });
    window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
