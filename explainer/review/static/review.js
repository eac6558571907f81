/* The review desk's keys, selections and token (explainer/review/). No inline script: the page's
   Content-Security-Policy allows only this file and htmx. */
(function () {
  "use strict";
  var token = document.querySelector('meta[name="review-token"]').content;

  /* Article offset (in code points, as Python counts) of a point in the selection. */
  function offsetOf(node, offset) {
    var el = node.nodeType === 1 ? node : node.parentElement;
    var para = el && el.closest("[data-start]");
    if (!para) { return null; }
    var range = document.createRange();
    range.setStart(para, 0);
    range.setEnd(node, offset);
    return Number(para.dataset.start) + Array.from(range.toString()).length;
  }

  function selection() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0) { return null; }
    var r = sel.getRangeAt(0);
    var a = offsetOf(r.startContainer, r.startOffset);
    var b = offsetOf(r.endContainer, r.endOffset);
    if (a === null || b === null) { return null; }
    return { start: Math.min(a, b), end: Math.max(a, b) };
  }

  function desk() { return document.getElementById("desk"); }

  document.body.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-Review-Token"] = token;
    var d = desk();
    var params = event.detail.parameters;
    if (d && event.detail.verb === "post") {
      params.version = d.dataset.version;
      params.order = d.dataset.order;
      var card = document.getElementById("card");
      if (card && card.dataset.ref) { params.current = card.dataset.ref; }
      var form = event.detail.elt.closest ? event.detail.elt.closest("form") : null;
      var need = form && form.dataset.selection;
      if (need) {
        var sel = selection();
        if (sel && sel.end > sel.start || (sel && form.getAttribute("hx-post") === "action/split")) {
          params.start = sel.start;
          params.end = sel.end;
        } else if (need === "required") {
          event.preventDefault();
          say("Select words in the article first (drag over them), then try again.");
        }
      }
    }
  });

  function say(text) {
    var box = document.getElementById("hint");
    if (!box) {
      box = document.createElement("p");
      box.id = "hint";
      box.setAttribute("role", "alert");
      document.body.insertBefore(box, document.body.firstChild.nextSibling);
    }
    box.textContent = text;
  }

  /* The current record's words in view: the article's own scroll box moves, never the window
     (which would take the card and its buttons out of view). */
  function showCurrent() {
    var box = document.getElementById("text");
    var current = document.querySelector("mark[data-current]");
    if (!box || !current) { return; }
    var b = box.getBoundingClientRect();
    var m = current.getBoundingClientRect();
    if (m.top < b.top || m.bottom > b.bottom) { box.scrollTop += m.top - b.top - b.height / 4; }
  }
  showCurrent();

  document.body.addEventListener("htmx:afterSwap", function () {
    var hint = document.getElementById("hint");
    if (hint) { hint.textContent = ""; }
    showCurrent();
    /* A refusal must be seen: bring its message into view, wherever the page was scrolled. */
    var refusal = document.querySelector(".message.error");
    if (refusal) { refusal.scrollIntoView({ block: "nearest" }); }
  });

  /* A click on a highlight makes that record the current one. */
  document.body.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("mark[data-record]");
    if (!mark || !window.getSelection().isCollapsed) { return; }
    var d = desk();
    htmx.ajax("GET", "desk?rec=" + encodeURIComponent(mark.dataset.record) +
      "&order=" + encodeURIComponent(d.dataset.order), { target: "#desk", swap: "outerHTML" });
  });

  document.body.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#preview-link");
    if (link) { link.href = "preview?token=" + encodeURIComponent(token); }
  }, true);

  /* Keys pressed while a request is on its way wait for its answer, then apply in order, so
     "u u u" undoes three times however fast it is typed. */
  var pending = [];
  var busy = false;
  document.body.addEventListener("htmx:beforeRequest", function () {
    busy = true;
    document.body.dataset.busy = "true";
  });
  document.body.addEventListener("htmx:afterSettle", done);
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful) { done(); }
  });
  function done() {
    busy = false;
    delete document.body.dataset.busy;
    if (pending.length) { press(pending.shift()); }
  }

  function press(key) {
    var d = desk();
    var target = d && d.querySelector('[data-key="' + key + '"]');
    if (!target) { return false; }
    if (target.id === "preview-link") {
      target.href = "preview?token=" + encodeURIComponent(token);
    }
    if (target.tagName === "BUTTON") { target.form.requestSubmit(target); } else { target.click(); }
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var t = event.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
              t.isContentEditable)) { return; }
    var d = desk();
    if (!d || !d.querySelector('[data-key="' + event.key + '"]')) { return; }
    event.preventDefault();
    if (busy) { pending.push(event.key); } else { press(event.key); }
  });
})();
