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

  /* The article's selection as offsets, or null when nothing in the article is selected. */
  function liveSelection() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0) { return null; }
    var r = sel.getRangeAt(0);
    var a = offsetOf(r.startContainer, r.startOffset);
    var b = offsetOf(r.endContainer, r.endOffset);
    if (a === null || b === null) { return null; }
    return { start: Math.min(a, b), end: Math.max(a, b), text: sel.toString() };
  }

  /* The last words selected in the article, kept until an action uses them or the editor
     clears them (Escape): clicking a field, a list or a highlight, or the page redrawn after
     an action, no longer loses them. Shown in the panel and marked in the text. */
  var kept = null;

  function selection() {
    var live = liveSelection();
    if (live && live.end > live.start) { return live; }
    return kept || live;
  }

  /* A DOM range for article offsets (the inverse of offsetOf). */
  function rangeOf(start, end) {
    function point(offset) {
      var paras = Array.from(document.querySelectorAll("#text [data-start]"));
      var para = paras.filter(function (p) { return Number(p.dataset.start) <= offset; }).pop();
      if (!para) { return null; }
      var left = offset - Number(para.dataset.start);
      var walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
      var node;
      while ((node = walker.nextNode())) {
        var chars = Array.from(node.data);
        if (left <= chars.length) { return [node, chars.slice(0, left).join("").length]; }
        left -= chars.length;
      }
      return null;
    }
    var a = point(start), b = point(end);
    if (!a || !b) { return null; }
    var range = document.createRange();
    range.setStart(a[0], a[1]);
    range.setEnd(b[0], b[1]);
    return range;
  }

  /* The kept selection, said above the card and above the forms that add from it. */
  function showKept() {
    if (window.CSS && CSS.highlights) { CSS.highlights.delete("kept-selection"); }
    ["#desk .side", "#desk .add"].forEach(function (where) {
      var host = document.querySelector(where);
      if (!host) { return; }
      var box = host.querySelector(":scope > .kept-selection");
      if (!box) {
        box = document.createElement("p");
        box.className = "kept-selection";
        box.setAttribute("aria-live", "polite");
        host.insertBefore(box, where === "#desk .add" ? host.children[1] || null : host.firstChild);
      }
      fill(box);
    });
    var range = kept && rangeOf(kept.start, kept.end);
    if (range && window.CSS && CSS.highlights && window.Highlight) {
      CSS.highlights.set("kept-selection", new Highlight(range));
    }
  }

  function fill(box) {
    box.classList.toggle("none", !kept);
    if (!kept) {
      box.textContent = "Selection: none (select words in the article for the actions that use them)";
      return;
    }
    var words = kept.text.replace(/\s+/g, " ").trim();
    box.textContent = "Selection: “" + (words.length > 80 ? words.slice(0, 79) + "…" : words) +
      "” (" + kept.start + "–" + kept.end + ") ";
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "clear-selection";
    clear.textContent = "Clear (Esc)";
    box.appendChild(clear);
  }

  function keep(sel) {
    kept = sel;
    showKept();
  }

  document.addEventListener("selectionchange", function () {
    var live = liveSelection();
    if (live && live.end > live.start && live.text.trim()) {
      if (!kept || kept.start !== live.start || kept.end !== live.end) { keep(live); }
    }
  });

  /* A mouse press on a highlight (focusable, for the keyboard) would focus it and start no
     selection in Chromium, so a drag begun on a highlight selected nothing: the highlights under
     the pointer are not focusable while the button is down. */
  document.addEventListener("mousedown", function (event) {
    if (event.button !== 0 || !event.target.closest) { return; }
    var marks = [];
    for (var m = event.target.closest("mark[tabindex]"); m; m = m.parentElement.closest("mark[tabindex]")) {
      marks.push([m, m.getAttribute("tabindex")]);
      m.removeAttribute("tabindex");
    }
    if (!marks.length) { return; }
    document.addEventListener("mouseup", function () {
      setTimeout(function () {
        marks.forEach(function (pair) { pair[0].setAttribute("tabindex", pair[1]); });
      }, 0);
    }, { once: true });
  }, true);

  function desk() { return document.getElementById("desk"); }

  /* Whether the request on its way takes the selection: written (200), it is used up; refused,
     it stays for the editor to try again. */
  var usedSelection = false;

  document.body.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-Review-Token"] = token;
    if (ownRequest(event)) { usedSelection = false; }
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
          usedSelection = true;
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
  showKept();

  document.body.addEventListener("htmx:afterSwap", function (event) {
    var hint = document.getElementById("hint");
    if (hint) { hint.textContent = ""; }
    if (usedSelection && event.detail.xhr && event.detail.xhr.status === 200) {
      usedSelection = false;
      window.getSelection().removeAllRanges();
      kept = null;
    }
    showKept();
    showCurrent();
    /* A refusal must be seen: bring its message into view, wherever the page was scrolled. */
    var refusal = document.querySelector(".message.error");
    if (refusal) {
      /* Below the sticky bar, whose height wraps with the window (newcomer read 3: the first
         line of a refusal hid under it). */
      var bar = document.querySelector(".bar");
      refusal.style.scrollMarginTop = ((bar ? bar.offsetHeight : 0) + 8) + "px";
      refusal.scrollIntoView({ block: "nearest" });
    }
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
    if (link) {
      link.href = "preview?token=" + encodeURIComponent(token);
      say("Building the preview in a new tab: a minute or more; it opens when it is built.");
    }
  }, true);

  /* Keys pressed while a request is on its way wait for its answer, then apply in order, so
     "u u u" undoes three times however fast it is typed. */
  var pending = [];
  var busy = false;
  /* The article's new marks, fetched after a write, are no request a key waits for. */
  function ownRequest(event) {
    var elt = event.detail && event.detail.elt;
    return !(elt && elt.id === "text");
  }
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (!ownRequest(event)) { return; }
    busy = true;
    document.body.dataset.busy = "true";
  });
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (ownRequest(event)) { done(); }
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (ownRequest(event) && !event.detail.successful) { done(); }
  });

  document.body.addEventListener("click", function (event) {
    if (event.target.classList && event.target.classList.contains("clear-selection")) {
      window.getSelection().removeAllRanges();
      keep(null);
    }
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
    if (event.key === "Escape" && kept) {
      window.getSelection().removeAllRanges();
      keep(null);
      return;
    }
    var t = event.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
              t.isContentEditable)) { return; }
    var d = desk();
    if (!d || !d.querySelector('[data-key="' + event.key + '"]')) { return; }
    event.preventDefault();
    if (busy) { pending.push(event.key); } else { press(event.key); }
  });
})();
