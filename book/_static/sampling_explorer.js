/* The sampling explorer of chapter 7: sliders for temperature, top-k and top-p over a
 * next-token distribution exported at build time by pixels_to_gpt.explorer.
 *
 * Plain JavaScript, no library and no network: it finds every <div class="sampling-explorer">
 * on the page, reads the logits from the JSON script inside it, and redraws an SVG bar chart
 * and the list of kept tokens whenever a slider moves.
 *
 * The arithmetic is that of pixels_to_gpt.sampling (and widgets.filtered_distribution):
 * temperature 0 is greedy; otherwise logits / T, then top-k (ties with the k-th kept), then
 * top-p on what is left (the fewest most likely tokens whose probabilities reach p), then the
 * softmax, computed after subtracting the maximum.
 */
(function (root) {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";

  /* ---- the reader's words, in the page's language (<html lang>; English otherwise) ---- */

  var TEXTS = {
    en: {
      temperature: "temperature", temperatureHelp: "0 greedy, < 1 sharper, > 1 flatter",
      topK: "top-k", topKHelp: "keep the k most likely",
      topP: "top-p", topPHelp: "fewest tokens reaching p",
      chart: function (n) {
        return "probability of the next token, the " + n + " most likely tokens";
      },
      probability: "probability",
      axis: function (n) { return "next token (the " + n + " most likely; grey: filtered out)"; },
      greedy: "0 (greedy)", off: "off",
      filtered: function (q) { return "filtered out (" + q + " before the filters)"; },
      summary: function (prompt, kept, total, bits) {
        return "After \u201c" + prompt + "\u201d: " + kept + " of " + total +
          " tokens kept, entropy " + bits + " bits. Kept tokens, most likely first:";
      },
    },
    hu: {
      temperature: "hőmérséklet", temperatureHelp: "0 mohó, < 1 élesebb, > 1 laposabb",
      topK: "top-k", topKHelp: "a k legvalószínűbb marad",
      topP: "top-p", topPHelp: "a legkevesebb token, amely eléri p-t",
      chart: function (n) {
        return "a következő token valószínűsége, a legvalószínűbb " + n + " token";
      },
      probability: "valószínűség",
      axis: function (n) {
        return "következő token (a legvalószínűbb " + n + "; szürke: kiszűrve)";
      },
      greedy: "0 (mohó)", off: "ki",
      filtered: function (q) { return "kiszűrve (a szűrők előtt " + q + ")"; },
      summary: function (prompt, kept, total, bits) {
        return "\u201e" + prompt + "\u201d után: " + total + " tokenből " + kept +
          " marad, entrópia: " + bits + " bit. A megmaradt tokenek, a legvalószínűbbel kezdve:";
      },
    },
    "zh-CN": {
      temperature: "温度", temperatureHelp: "0 为贪心，< 1 更尖锐，> 1 更平坦",
      topK: "top-k", topKHelp: "保留最可能的 k 个",
      topP: "top-p", topPHelp: "累计概率达到 p 的最少词元",
      chart: function (n) { return "下一个词元的概率：最可能的 " + n + " 个词元"; },
      probability: "概率",
      axis: function (n) { return "下一个词元（最可能的 " + n + " 个；灰色：已过滤）"; },
      greedy: "0（贪心）", off: "关",
      filtered: function (q) { return "已过滤（过滤前为 " + q + "）"; },
      summary: function (prompt, kept, total, bits) {
        return "在\u201c" + prompt + "\u201d之后：" + total + " 个词元中保留 " + kept +
          " 个，熵 " + bits + " 比特。保留的词元，按概率从高到低：";
      },
    },
    "zh-TW": {
      temperature: "溫度", temperatureHelp: "0 為貪婪，< 1 更尖銳，> 1 更平坦",
      topK: "top-k", topKHelp: "保留最可能的 k 個",
      topP: "top-p", topPHelp: "累計機率達到 p 的最少詞元",
      chart: function (n) { return "下一個詞元的機率：最可能的 " + n + " 個詞元"; },
      probability: "機率",
      axis: function (n) { return "下一個詞元（最可能的 " + n + " 個；灰色：已過濾）"; },
      greedy: "0（貪婪）", off: "關",
      filtered: function (q) { return "已過濾（過濾前為 " + q + "）"; },
      summary: function (prompt, kept, total, bits) {
        return "在「" + prompt + "」之後：" + total + " 個詞元中保留 " + kept +
          " 個，熵 " + bits + " 位元。保留的詞元，依機率由高到低：";
      },
    },
  };
  var T = (typeof document !== "undefined" && TEXTS[document.documentElement.lang]) || TEXTS.en;

  /* ---- the arithmetic (also exported for node, see the end of the file) ---- */

  function softmax(logits) {
    var max = -Infinity;
    logits.forEach(function (x) { if (x > max) max = x; });
    var exps = logits.map(function (x) { return Math.exp(x - max); }); // -inf -> 0
    var total = exps.reduce(function (a, b) { return a + b; }, 0);
    return exps.map(function (e) { return e / total; });
  }

  function topK(logits, k) {
    if (!k || k >= logits.length) return logits.slice();
    var sorted = logits.slice().sort(function (a, b) { return b - a; });
    var kth = sorted[k - 1];
    return logits.map(function (x) { return x < kth ? -Infinity : x; });
  }

  function topP(logits, p) {
    if (p === null || p === undefined || p >= 1) return logits.slice();
    // indices from most to least likely; equal logits keep vocabulary order
    var order = logits.map(function (_, i) { return i; });
    order.sort(function (a, b) { return logits[b] - logits[a] || a - b; });
    var probs = softmax(order.map(function (i) { return logits[i]; }));
    var out = logits.slice();
    var massBefore = 0;
    order.forEach(function (i, rank) {
      if (massBefore >= p) out[i] = -Infinity; // enough mass already: not needed
      massBefore += probs[rank];
    });
    return out;
  }

  /* Probabilities after temperature, top-k (0: off) and top-p (1: off). */
  function distribution(logits, temperature, k, p) {
    if (temperature === 0) {
      var best = 0;
      logits.forEach(function (x, i) { if (x > logits[best]) best = i; });
      return logits.map(function (_, i) { return i === best ? 1 : 0; });
    }
    var scaled = logits.map(function (x) { return x / temperature; });
    return softmax(topP(topK(scaled, k), p));
  }

  function entropyBits(probs) {
    return probs.reduce(function (h, q) { return q > 0 ? h - q * Math.log2(q) : h; }, 0);
  }

  /* ---- drawing ---- */

  function el(tag, attrs, text) {
    var node = tag.indexOf("svg:") === 0
      ? document.createElementNS(SVG_NS, tag.slice(4))
      : document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function slider(name, label, min, max, step, value, help) {
    var id = name + "-" + Math.random().toString(36).slice(2, 9);
    var row = el("div", { "class": "sampling-explorer-control" });
    row.appendChild(el("label", { "for": id }, label));
    var input = el("input", {
      type: "range", id: id, min: min, max: max, step: step, value: value,
      "data-control": name, "aria-describedby": id + "-help",
    });
    row.appendChild(input);
    var shown = el("output", { "for": id, "data-value-of": name });
    row.appendChild(shown);
    row.appendChild(el("span", { "class": "sampling-explorer-help", id: id + "-help" }, help));
    return { row: row, input: input, shown: shown };
  }

  function build(container) {
    var source = container.querySelector("script.sampling-explorer-data");
    if (!source || container.getAttribute("data-ready") === "true") return;
    var data = JSON.parse(source.textContent);
    var logits = data.logits;
    var labels = data.labels;
    var nBars = Math.min(data.n_bars, logits.length);
    // the bars: the n most likely tokens, in an order no slider changes (temperature keeps it)
    var order = logits.map(function (_, i) { return i; });
    order.sort(function (a, b) { return logits[b] - logits[a] || a - b; });
    var shownIds = order.slice(0, nBars);

    var fallback = container.querySelector(".sampling-explorer-fallback");
    if (fallback) fallback.remove();

    var controls = el("div", { "class": "sampling-explorer-controls" });
    var t = slider("temperature", T.temperature, 0, 2, 0.05, data.temperature,
      T.temperatureHelp);
    var k = slider("top-k", T.topK, 0, logits.length, 1, data.top_k, T.topKHelp);
    var p = slider("top-p", T.topP, 0.05, 1, 0.05, data.top_p, T.topPHelp);
    [t, k, p].forEach(function (s) { controls.appendChild(s.row); });
    container.appendChild(controls);

    // The chart is drawn at the width it is shown (at most 640 px), so that its text keeps
    // its size on a phone instead of shrinking with the drawing; redrawn if the width changes.
    var chart = null;
    function drawChart() {
      var width = Math.round(Math.max(300, Math.min(640, container.clientWidth || 640)));
      var height = 260, left = 44, right = 8, top = 12, bottom = 40;
      var plotH = height - top - bottom, plotW = width - left - right;
      var svg = el("svg:svg", {
        viewBox: "0 0 " + width + " " + height, width: width, height: height, role: "img",
        "class": "sampling-explorer-chart", "data-plot-height": plotH,
        "aria-label": T.chart(nBars),
      });
      [0, 0.25, 0.5, 0.75, 1].forEach(function (v) {
        var y = top + plotH * (1 - v);
        svg.appendChild(el("svg:line", { x1: left, x2: width - right, y1: y, y2: y,
          "class": "sampling-explorer-grid" }));
        svg.appendChild(el("svg:text", { x: left - 6, y: y + 4, "text-anchor": "end",
          "class": "sampling-explorer-tick" }, v.toFixed(2)));
      });
      svg.appendChild(el("svg:text", { x: 12, y: top + plotH / 2, "text-anchor": "middle",
        transform: "rotate(-90 12 " + (top + plotH / 2) + ")", "class": "sampling-explorer-axis" },
        T.probability));
      svg.appendChild(el("svg:text", { x: left + plotW / 2, y: height - 4,
        "text-anchor": "middle", "class": "sampling-explorer-axis" },
        T.axis(nBars)));
      var slot = plotW / nBars;
      var bars = shownIds.map(function (id, i) {
        var x = left + i * slot + slot * 0.15;
        var rect = el("svg:rect", { x: x, width: slot * 0.7, y: top + plotH, height: 0,
          "class": "sampling-explorer-bar", "data-token-id": id, "data-label": labels[id] });
        var title = el("svg:title", {});
        rect.appendChild(title);
        svg.appendChild(rect);
        svg.appendChild(el("svg:text", { x: x + slot * 0.35, y: top + plotH + 15,
          "text-anchor": "middle", "class": "sampling-explorer-label" }, labels[id]));
        return { id: id, rect: rect, title: title };
      });
      var fresh = { svg: svg, bars: bars, width: width, plotH: plotH, top: top };
      if (chart) container.replaceChild(svg, chart.svg);
      else container.appendChild(svg);
      chart = fresh;
    }
    drawChart();

    var summary = el("p", { "class": "sampling-explorer-summary", "aria-live": "polite" });
    container.appendChild(summary);
    var kept = el("ol", { "class": "sampling-explorer-kept" });
    container.appendChild(kept);

    function redraw() {
      var temperature = parseFloat(t.input.value);
      var kValue = parseInt(k.input.value, 10);
      var pValue = parseFloat(p.input.value);
      t.shown.textContent = temperature === 0 ? T.greedy : temperature.toFixed(2);
      k.shown.textContent = kValue === 0 ? T.off : String(kValue);
      p.shown.textContent = pValue >= 1 ? T.off : pValue.toFixed(2);
      var probs = distribution(logits, temperature, kValue, pValue);
      // a filtered-out token keeps its bar, in grey, at its probability before the filters
      var before = distribution(logits, temperature === 0 ? 1 : temperature, 0, 1);
      chart.bars.forEach(function (bar) {
        var q = probs[bar.id];
        var h = chart.plotH * (q > 0 ? q : before[bar.id]);
        bar.rect.setAttribute("height", h);
        bar.rect.setAttribute("y", chart.top + chart.plotH - h);
        bar.rect.setAttribute("data-prob", String(q));
        bar.rect.setAttribute("class", "sampling-explorer-bar" + (q > 0 ? "" : " dropped"));
        bar.title.textContent = labels[bar.id] + ": " + (q > 0 ? q.toFixed(4)
          : T.filtered(before[bar.id].toFixed(4)));
      });
      var keptIds = order.filter(function (id) { return probs[id] > 0; });
      summary.textContent = T.summary(data.prompt_tail, keptIds.length, logits.length,
        entropyBits(probs).toFixed(2));
      while (kept.firstChild) kept.removeChild(kept.firstChild);
      keptIds.forEach(function (id) {
        var item = el("li", { "data-token-id": id });
        item.appendChild(el("code", {}, labels[id]));
        var q = probs[id];
        item.appendChild(document.createTextNode(" " + (q < 0.0005 ? "<0.001" : q.toFixed(3))));
        kept.appendChild(item);
      });
    }
    [t, k, p].forEach(function (s) { s.input.addEventListener("input", redraw); });
    redraw();
    window.addEventListener("resize", function () {
      var width = Math.round(Math.max(300, Math.min(640, container.clientWidth || 640)));
      if (Math.abs(width - chart.width) >= 24) { drawChart(); redraw(); }
    });
    container.setAttribute("data-ready", "true");
  }

  function buildAll() {
    Array.prototype.forEach.call(document.querySelectorAll("div.sampling-explorer"), build);
  }

  var api = { softmax: softmax, topK: topK, topP: topP, distribution: distribution,
    entropyBits: entropyBits };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api; // node: the arithmetic only, for the tests
  } else {
    root.samplingExplorer = api;
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", buildAll);
    } else {
      buildAll();
    }
  }
})(this);
