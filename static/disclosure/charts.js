/* Draws the report page's charts with the vendored Apache ECharts.
 * Each chart's figures come from a <script type="application/json"> written by
 * the server (json_script) as exact decimal strings; labels show those strings
 * as they are, so a chart never shows a figure the data table does not. */
(function () {
  "use strict";
  if (!window.echarts) {
    return;
  }
  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';
  // Distinguishable for common colour-vision deficiencies, all ≥ 3:1 on white.
  var PALETTE = ["#0b4a8b", "#c0392b", "#1e7b4f", "#8a5a00", "#6a3d9a", "#00798c", "#b0306a", "#505050"];
  var charts = [];

  function number(text) {
    return text === null ? null : Number(text);
  }

  function points(series) {
    return series.values.map(function (text, i) {
      return { value: number(text), text: series.labels[i] };
    });
  }

  // Tooltips are HTML: every text from the data is escaped.
  var escape = window.echarts.format.encodeHTML;

  function axisTooltip(measure) {
    return function (params) {
      var lines = [escape(params[0].axisValueLabel)];
      params.forEach(function (p) {
        var text = p.data && p.data.text !== "" ? p.data.text + " " + measure : "—";
        lines.push(p.marker + escape(p.seriesName + "：" + text));
      });
      return lines.join("<br>");
    };
  }

  // 长者模式 (html.elder) enlarges the charts' text with the page's.
  function fontSize() {
    return document.documentElement.classList.contains("elder") ? 16 : 13;
  }

  function base(data) {
    return {
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: FONT, fontSize: fontSize(), color: "#1b1b1b" },
      aria: { enabled: false }, // the container carries the description
      tooltip: {},
    };
  }

  function pie(data) {
    var series = data.series[0];
    var items = [];
    data.categories.forEach(function (name, i) {
      if (series.values[i] !== null && number(series.values[i]) > 0) {
        items.push({ name: name, value: number(series.values[i]), text: series.labels[i], share: data.shares[i] });
      }
    });
    var option = base(data);
    option.tooltip = { trigger: "item", formatter: function (p) { return escape(p.name + "：" + p.data.text + " " + data.measure + "（" + p.data.share + "%）"); } };
    option.legend = { bottom: 0, type: "scroll" };
    option.series = [{
      type: "pie",
      radius: ["35%", "62%"],
      center: ["50%", "45%"],
      data: items,
      label: { formatter: function (p) { return p.name + "\n" + p.data.share + "%"; } },
    }];
    return option;
  }

  function categoryAxisLabel(width) {
    return { width: width, overflow: "break", interval: 0 };
  }

  function bar(data) {
    var series = data.series[0];
    var option = base(data);
    option.grid = { left: 8, right: 72, top: 8, bottom: 8, containLabel: true };
    option.tooltip = { trigger: "axis", axisPointer: { type: "shadow" }, formatter: axisTooltip(data.measure) };
    option.xAxis = { type: "value", name: data.measure, nameLocation: "end" };
    option.yAxis = { type: "category", inverse: true, data: data.categories, axisLabel: categoryAxisLabel(120) };
    option.series = [{
      type: "bar",
      name: series.name,
      data: points(series),
      label: { show: true, position: "right", formatter: function (p) { return p.data.text; } },
      barMaxWidth: 28,
    }];
    return option;
  }

  function columns(data, width) {
    var option = base(data);
    option.legend = { top: 0 };
    option.grid = { left: 8, right: 8, top: 36, bottom: 8, containLabel: true };
    option.tooltip = { trigger: "axis", axisPointer: { type: "shadow" }, formatter: axisTooltip(data.measure) };
    // Each category's label breaks into lines within its own slot, so labels
    // never run into each other on a phone (about 50 px per category at 375 px).
    var slot = Math.floor((width - 56) / Math.max(data.categories.length, 1)) - 6;
    option.xAxis = { type: "category", data: data.categories, axisLabel: categoryAxisLabel(Math.max(28, Math.min(70, slot))) };
    option.yAxis = { type: "value", name: data.measure };
    option.series = data.series.map(function (series) {
      return {
        type: "bar",
        name: series.name,
        data: points(series),
        label: { show: true, position: "top", formatter: function (p) { return p.data.text; } },
        barMaxWidth: 28,
      };
    });
    return option;
  }

  function line(data, width) {
    var option = columns(data, width);
    option.tooltip = { trigger: "axis", formatter: axisTooltip(data.measure) };
    option.grid.right = 40;
    option.series.forEach(function (series, i) {
      series.type = "line";
      series.symbol = i === 0 ? "circle" : "rect";
      series.symbolSize = 9;
      series.lineStyle = { width: 3, type: i === 0 ? "solid" : "dashed" };
    });
    return option;
  }

  var BUILDERS = { pie: pie, bar: bar, columns: columns, line: line };

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var build = BUILDERS[data.kind];
    if (!build) {
      return;
    }
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    var entry = { chart: chart, data: data, build: build, element: element };
    render(entry);
    element.setAttribute("data-chart-ready", "true");
    charts.push(entry);
  }

  function render(entry) {
    entry.chart.setOption(entry.build(entry.data, entry.element.clientWidth), true);
    // The SVG is drawn for sighted readers; the container's label and the
    // data table beside it are what assistive technology reads.
    var svg = entry.element.querySelector("svg");
    if (svg) {
      svg.setAttribute("aria-hidden", "true");
      svg.setAttribute("focusable", "false");
    }
  }

  function redrawAll() {
    charts.forEach(function (entry) {
      entry.chart.resize();
      render(entry);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw);

  var timer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(redrawAll, 100);
  });
  // 长者模式 switched on or off: draw again with the other text size.
  new MutationObserver(redrawAll).observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
})();
