/* Charts that cost nothing until touched (explainer/sphinx_ext.py, explainer/render.py).

   Every chart arrives in the page's HTML as the SVG the build drew (explainer.sphinx_ext
   inlines one for a wide column and one for a phone's, and CSS shows the one that fits), with
   each mark that stands for a record already a link to it. So a page paints at once and runs
   nothing for its charts: this file only listens.

   When the reader first points at, touches or tabs into a chart, it fetches vega-bundle.js
   (once per page; about 300 KB gzipped and a long task to run), draws that chart live from
   the spec compiled to Vega at build time, in a hidden layer over the drawing, then swaps the
   live chart in: same box (the height is reserved), so nothing below it moves. Then it gives
   the reader what they reached for: the tooltip under the pointer, the click they made while
   it loaded (a legend entry, say), and keyboard focus on the same mark they had focused.
   Only the chart touched is drawn; each other chart waits for its own first touch. */
(function () {
  "use strict";
  var me = document.currentScript;
  var bundleUrl = me && me.getAttribute("data-vega-bundle");
  var SVG_NS = "http://www.w3.org/2000/svg";
  var XLINK_NS = "http://www.w3.org/1999/xlink";
  var loading = null;

  function loadBundle() {
    if (typeof window.vegaEmbed === "function") {
      return Promise.resolve();
    }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = bundleUrl;
        script.onload = resolve;
        script.onerror = function () {
          loading = null;  // a later touch may try again
          reject(new Error("cannot load " + bundleUrl));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // Running the bundle and drawing a chart are long tasks; separate tasks keep the page
  // responsive in between.
  function nextTask() {
    return new Promise(function (resolve) { window.setTimeout(resolve, 0); });
  }

  // The spec to draw a block's chart from: the chart compiled to Vega at build time when the
  // page has it (a third less work here than compiling the Vega-Lite spec), with the rows of
  // its inline datasets put back from the Vega-Lite spec, which has them by the same name.
  function chartSpec(block) {
    var lite = JSON.parse(block.textContent);
    var compiled = document.getElementById("vega-" + block.id.replace(/^spec-/, ""));
    if (!compiled) {
      return { spec: lite, mode: "vega-lite" };
    }
    var datasets = lite.datasets || {};
    var spec = JSON.parse(compiled.textContent);
    (spec.data || []).forEach(function (entry) {
      if (entry.values === undefined && datasets[entry.name]) {
        entry.values = datasets[entry.name];
      }
    });
    return { spec: spec, mode: "vega" };
  }
  window.explainerChartSpec = chartSpec;  // for the tests

  // Vega follows a mark's href on click only. Make each such mark a keyboard link too, as it
  // is in the drawing: focusable in document order, announced as a link (its aria-label
  // describes it), followed on Enter. Re-applied when Vega redraws (a resize can replace the
  // SVG elements).
  function linkMarks(view) {
    (function visit(node) {
      if (!node) {
        return;
      }
      var el = node._svg;
      if (node.href && el && el.getAttribute("data-href") !== node.href) {
        el.setAttribute("data-href", node.href);
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "link");
        el.removeAttribute("aria-roledescription");
        el.addEventListener("keydown", function (event) {
          if (event.key === "Enter") {
            event.preventDefault();
            window.location.assign(new URL(el.getAttribute("data-href"), document.baseURI).href);
          }
        });
      }
      (node.items || []).forEach(visit);
    })(view.scenegraph().root);
  }

  function hrefOf(el) {
    return el.getAttribute("href") || el.getAttributeNS(XLINK_NS, "href");
  }

  // The focused link of the drawing, as (href, how many links before it share that href).
  function focusedMark(chart) {
    var active = document.activeElement;
    var link = active && active.closest && active.closest("a");
    if (!link || !chart.contains(link) || link.namespaceURI !== SVG_NS) {
      return null;
    }
    var href = hrefOf(link);
    var same = Array.prototype.filter.call(chart.querySelectorAll("a"), function (a) {
      return a.closest(".chart-static") === link.closest(".chart-static") && hrefOf(a) === href;
    });
    return { href: href, index: same.indexOf(link) };
  }

  function refocus(live, mark) {
    var matches = Array.prototype.filter.call(live.querySelectorAll("[data-href]"), function (el) {
      return el.getAttribute("data-href") === mark.href;
    });
    var target = matches[Math.max(0, Math.min(mark.index, matches.length - 1))];
    if (target) {
      target.focus({ preventScroll: true });
    }
  }

  // What the reader did to the drawing while the live chart was on its way.
  function Pending(chart) {
    this.chart = chart;
    this.point = null;  // where the pointer was last
    this.click = null;  // a click that was not on a link (which the browser followed anyway)
  }

  function replay(pending) {
    if (pending.point) {
      var p = pending.point;
      var under = document.elementFromPoint(p.clientX, p.clientY);
      if (under && pending.chart.contains(under)) {
        var init = {
          bubbles: true, cancelable: true, composed: true, view: window,
          clientX: p.clientX, clientY: p.clientY, pointerType: p.pointerType, isPrimary: true
        };
        under.dispatchEvent(new PointerEvent("pointerover", init));
        under.dispatchEvent(new PointerEvent("pointermove", init));
      }
    }
    if (pending.click) {
      var c = pending.click;
      var target = document.elementFromPoint(c.clientX, c.clientY);
      if (target && pending.chart.contains(target)) {
        target.dispatchEvent(new MouseEvent("click", {
          bubbles: true, cancelable: true, composed: true, view: window,
          clientX: c.clientX, clientY: c.clientY
        }));
      }
    }
  }

  function wake(chart, block, pending) {
    chart.setAttribute("data-chart-state", "loading");
    var live = document.createElement("div");
    live.className = "vega-live";
    live.style.width = "100%";
    chart.insertBefore(live, chart.firstChild);
    return loadBundle().then(nextTask).then(function () {
      if (typeof window.vegaEmbed !== "function") {
        throw new Error("window.vegaEmbed is missing after loading " + bundleUrl);
      }
      var drawn = chartSpec(block);
      // Which spec was drawn, for the tests (tests/test_pageweight.py).
      chart.setAttribute("data-vega-mode", drawn.mode);
      return window.vegaEmbed(live, drawn.spec, {
        renderer: "svg", actions: false, mode: drawn.mode
      });
    }).then(function (result) {
      // The chart's name and role stay on its box, where the drawing had them.
      ["role", "aria-roledescription", "aria-label"].forEach(function (name) {
        live.removeAttribute(name);
      });
      linkMarks(result.view);
      new MutationObserver(function () { linkMarks(result.view); })
        .observe(live, { childList: true, subtree: true });
      var mark = focusedMark(chart);
      Array.prototype.slice.call(chart.querySelectorAll(".chart-static")).forEach(function (svg) {
        svg.remove();
      });
      chart.setAttribute("data-chart-state", "live");
      if (mark) {
        refocus(live, mark);
      }
      replay(pending);
    }).catch(function (err) {
      live.remove();
      chart.setAttribute("data-chart-state", "static");
      console.error("vega-init: could not draw #" + chart.id, err);
    });
  }

  function listen(block) {
    var chart = document.getElementById(block.getAttribute("data-vega-target"));
    if (!chart) {
      return;
    }
    var pending = new Pending(chart);
    var woken = null;
    function start() {
      if (!woken) {
        woken = wake(chart, block, pending);
      }
    }
    function remember(event) {
      if (chart.getAttribute("data-chart-state") !== "live") {
        pending.point = {
          clientX: event.clientX, clientY: event.clientY, pointerType: event.pointerType || "mouse"
        };
      }
    }
    chart.addEventListener("pointerover", function (event) { remember(event); start(); });
    chart.addEventListener("pointermove", remember, { passive: true });
    chart.addEventListener("pointerleave", function () { pending.point = null; });
    chart.addEventListener("touchstart", start, { passive: true });
    chart.addEventListener("focusin", start);
    chart.addEventListener("click", function (event) {
      var state = chart.getAttribute("data-chart-state");
      if (state === "live" || (event.target.closest && event.target.closest("a"))) {
        return;
      }
      pending.click = { clientX: event.clientX, clientY: event.clientY };
      start();
    });
  }

  Array.prototype.forEach.call(
    document.querySelectorAll('script.vega-spec[type="application/json"]'), listen);

  /* The embed code under each chart is pasted into another site, so its frame's address must be
     full. A site built without its published address (explainer/site/sphinx_embed.py, snippet)
     writes it here, from the address this page was served from. */
  Array.prototype.forEach.call(document.querySelectorAll("span.embed-src[data-src]"), function (
    span
  ) {
    span.textContent = new URL(span.getAttribute("data-src"), document.baseURI).href;
  });
})();
