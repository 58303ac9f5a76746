/* Draw the dashboard's charts from the json_script block; a click on a unit opens its dashboard.
   Labels never overlap: long category names (units, kinds of finding) go on horizontal bars, one per line,
   wrapped or cut to the axis width; large values are written in 万 / k on the axis. */
(function () {
  "use strict";
  var COLORS = { red: "#c62828", amber: "#ef8f00", green: "#2e7d32" };
  var english = document.documentElement.lang.indexOf("en") === 0;
  var ROW = 26; // pixels per bar on horizontal charts

  function compact(value) {
    var v = Math.abs(value);
    if (english) {
      if (v >= 1e6) return value / 1e6 + "M";
      if (v >= 1e4) return value / 1e3 + "k";
      return String(value);
    }
    if (v >= 1e4) return value / 1e4 + "万";
    return String(value);
  }

  function longest(names) {
    return names.reduce(function (n, s) { return Math.max(n, String(s).length); }, 0);
  }

  function categoryLabels(width) {
    return { interval: 0, width: width, overflow: "break", lineHeight: 14, hideOverlap: false };
  }

  function option(chart, el) {
    var base = {
      // richText: ECharts draws the tooltip itself; its HTML tooltip writes style="…" attributes through
      // innerHTML, which the Content-Security-Policy (style-src 'self') refuses.
      tooltip: { trigger: chart.type === "pie" ? "item" : "axis", confine: true, renderMode: "richText" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      color: ["#c62828", "#1565c0", "#ef8f00", "#2e7d32", "#6a1b9a", "#00838f"]
    };
    var values = { type: "value", axisLabel: { formatter: compact, hideOverlap: true } };
    if (chart.type === "pie") {
      base.series = [{
        type: "pie", radius: ["35%", "60%"], top: 24, avoidLabelOverlap: true,
        label: { formatter: "{b}: {c} ({d}%)", overflow: "break", width: 110 },
        labelLayout: { hideOverlap: true },
        data: chart.categories.map(function (name, i) { return { name: name, value: chart.series[0].data[i] }; })
      }];
      return base;
    }
    var horizontal = chart.type === "ranking" || chart.type === "status" ||
      (chart.type === "bar" && chart.links && chart.links.length > 0);
    if (horizontal) {
      // One bar per line, the first row on top; the chart grows with its rows.
      el.style.height = Math.max(240, chart.categories.length * ROW + 70) + "px";
      var width = Math.min(180, Math.max(60, longest(chart.categories) * (english ? 7 : 13)));
      base.yAxis = { type: "category", inverse: true, data: chart.categories, axisLabel: categoryLabels(width) };
      base.xAxis = values;
      if (chart.type === "ranking") {
        base.legend.show = false;
        base.xAxis = { type: "value", scale: true, axisLabel: { hideOverlap: true } };
        base.series = [{ type: "bar", name: chart.series[0].name, data: chart.series[0].data }];
        return base;
      }
      if (chart.type === "status") {
        // Missing / overdue in red, late / due soon in amber: named in the legend, not told by colour only.
        base.legend.show = true;
        base.series = [
          { type: "bar", stack: "s", name: chart.series[0].name, data: chart.series[0].data, itemStyle: { color: COLORS.red } },
          { type: "bar", stack: "s", name: chart.series[1].name, data: chart.series[1].data, itemStyle: { color: COLORS.amber } }
        ];
        return base;
      }
      base.series = chart.series.map(function (s) { return { type: "bar", name: s.name, data: s.data }; });
      return base;
    }
    base.xAxis = {
      type: "category", data: chart.categories,
      axisLabel: { interval: 0, hideOverlap: true, rotate: longest(chart.categories) * chart.categories.length > 40 ? 40 : 0 }
    };
    base.yAxis = values;
    var stacked = chart.type === "stacked";
    var palette = [COLORS.green, COLORS.amber, COLORS.red];
    base.series = chart.series.map(function (s, i) {
      var serie = { type: chart.type === "line" ? "line" : "bar", name: s.name, data: s.data };
      if (stacked) {
        serie.stack = "s";
        if (chart.id === "disclosures") serie.itemStyle = { color: palette[i] };
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
      var opts = option(chart, el);
      var instance = echarts.init(el, null, { renderer: "svg" });
      instance.setOption(opts);
      if (chart.links && chart.links.length) {
        instance.on("click", function (params) {
          if (chart.links[params.dataIndex]) window.location.href = chart.links[params.dataIndex];
        });
      }
      drawn.push(instance);
    });
    window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
