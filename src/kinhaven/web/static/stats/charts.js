/* Draws the statistics charts: each <figure class="kh-chart"> holds its Vega-Lite specification
   in a <script type="application/json"> (Django's json_script) and a <div class="kh-chart-view">.
   The page's Content-Security-Policy allows no eval and no inline styles, so expressions are
   interpreted (vega-interpreter, inside vega-embed), vega-embed adds no <style> element, the
   tooltip's look comes from kinhaven.css, and the chart is drawn on a canvas. Without script, or
   if drawing fails, the figure keeps its table. */
(function () {
  "use strict";

  var OPTIONS = {
    actions: false,
    ast: true,
    defaultStyle: false,
    renderer: "canvas",
    tooltip: { disableDefaultStyle: true },
  };

  function draw(figure) {
    var source = figure.querySelector('script[type="application/json"]');
    var view = figure.querySelector(".kh-chart-view");
    if (!source || !view || figure.classList.contains("kh-chart-drawn")) {
      return;
    }
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (error) {
      return;
    }
    var options = Object.assign({}, OPTIONS);
    if (window.vega && window.vega.expressionInterpreter) {
      options.expr = window.vega.expressionInterpreter;
    }
    window
      .vegaEmbed(view, spec, options)
      .then(function () {
        figure.classList.add("kh-chart-drawn");
        // The table stays one click away; it is open until then for pages without charts.
        var table = figure.querySelector("details.kh-chart-table");
        if (table) {
          table.open = false;
        }
      })
      .catch(function (error) {
        figure.classList.add("kh-chart-failed");
        if (window.console) {
          window.console.error("chart not drawn", error);
        }
      });
  }

  function drawAll(root) {
    if (typeof window.vegaEmbed !== "function") {
      return;
    }
    var figures = (root || document).querySelectorAll("figure.kh-chart");
    for (var i = 0; i < figures.length; i++) {
      draw(figures[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      drawAll(document);
    });
  } else {
    drawAll(document);
  }
  // Figures that htmx swaps into the page.
  document.addEventListener("htmx:afterSettle", function (event) {
    drawAll(event.target);
  });
})();
