/* Record cards for the annotated article (book/article.html; markup from explainer/annotate.py).

   Progressive enhancement: without this script every highlight keeps its title, and the record
   table under the text lists every record with its citation. With it, hovering or focusing a
   highlight shows that record's card (type, voice, relay chain, date, corroboration, "cite this"),
   read from the same table (tr[data-record] > td[data-field]). Keyboard: Tab moves between
   highlights and shows each card; Enter or Space opens the card to use its links and the copy
   button; Escape closes it. A record reached by permalink (#record-id) is outlined and its card
   shown. Jupyter Book loads this file on every page; it does nothing where there is no article. */
(function () {
  "use strict";

  var NARROW = "(max-width: 40em)";

  function init() {
    var text = document.querySelector(".annotated-article");
    var table = document.querySelector(".record-index table");
    if (!text || !table) {
      return;
    }
    var rows = {};
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr[data-record]"), function (tr) {
      rows[tr.getAttribute("data-record")] = tr;
    });
    // Field labels are the table's own column headers.
    var labels = {};
    var firstRow = table.querySelector("tbody tr");
    var heads = table.querySelectorAll("thead th");
    if (firstRow) {
      Array.prototype.forEach.call(firstRow.cells, function (td, i) {
        labels[td.getAttribute("data-field")] = heads[i] ? heads[i].textContent : "";
      });
    }
    var marks = Array.prototype.slice.call(text.querySelectorAll("mark.rec[tabindex]"));
    marks.forEach(function (mark) {
      // The card replaces the native tooltip; screen readers get the card's brief line instead.
      if (mark.title) {
        mark.setAttribute("data-title", mark.title);
        mark.removeAttribute("title");
      }
    });

    var card = document.createElement("div");
    card.className = "record-card";
    card.id = "record-card";
    card.hidden = true;
    card.tabIndex = -1;
    card.setAttribute("role", "group");
    text.appendChild(card);

    var current = null; // the first mark of the record shown
    var pinned = false;
    var returning = false;
    var showTimer = 0;
    var hideTimer = 0;

    function field(tr, name) {
      return tr.querySelector('td[data-field="' + name + '"]');
    }
    function value(tr, name) {
      var td = field(tr, name);
      return td ? td.textContent : "";
    }
    function el(tag, className, content) {
      var node = document.createElement(tag);
      if (className) {
        node.className = className;
      }
      if (content !== undefined) {
        node.textContent = content;
      }
      return node;
    }
    function fragments(id) {
      return text.querySelectorAll('mark[data-record="' + id + '"]');
    }
    function setClass(id, name, on) {
      if (!id) {
        return;
      }
      Array.prototype.forEach.call(fragments(id), function (m) {
        m.classList.toggle(name, on);
      });
    }
    function voiceOf(mark) {
      var match = /(?:^|\s)voice-([\w-]+)/.exec(mark.className);
      return match ? match[1] : "narration";
    }
    function permalink(id) {
      return location.href.split("#")[0] + "#" + id;
    }

    function build(mark) {
      var id = mark.getAttribute("data-record");
      var tr = rows[id];
      card.textContent = "";
      card.className = "record-card voice-" + voiceOf(mark);
      card.setAttribute("aria-label", "Record " + id);

      var head = el("p", "card-head");
      head.appendChild(el("span", "", value(tr, "type") + " "));
      var self = el("a", "", id);
      self.href = "#" + id;
      self.title = "Permalink of this record";
      head.appendChild(self);
      card.appendChild(head);
      var brief = el("p", "card-summary", value(tr, "summary"));
      brief.id = "record-card-brief";
      card.appendChild(brief);

      var dl = el("dl");
      function row(name, node, label) {
        dl.appendChild(el("dt", "", label || labels[name] || name));
        var dd = el("dd");
        dd.appendChild(node);
        dl.appendChild(dd);
      }
      var voice = el("span");
      voice.appendChild(el("span", "swatch"));
      voice.appendChild(document.createTextNode(value(tr, "voice_label")));
      row("voice_label", voice);
      row("chain", document.createTextNode(value(tr, "chain")));
      if (value(tr, "date")) {
        row("date", document.createTextNode(value(tr, "date")));
      }
      // Why the chain or the date says "our inference" (the hop's basis, the event's note).
      if (value(tr, "reasoning")) {
        row("reasoning", document.createTextNode(value(tr, "reasoning")));
      }
      var span = value(tr, "start") + "–" + value(tr, "end") + " of the article text";
      row("start", document.createTextNode(span), "Characters");
      var status = value(tr, "corroboration");
      var corr = el("span");
      corr.appendChild(el("span", "stance stance-" + status.replace("/", ""), status));
      row("corroboration", corr);
      // What each context fact says, from the context list on this page.
      var claims = el("ul", "card-claims");
      var links = field(tr, "context").querySelectorAll("a");
      Array.prototype.forEach.call(links, function (a) {
        var li = el("li");
        var item = document.getElementById(a.getAttribute("href").split("#")[1]);
        var claim = item && item.querySelector(".claim");
        // Every source the fact cites, not the first only, and "our inference" where it is ours.
        var sources = item ? item.querySelectorAll("a.source") : [];
        if (claim) {
          li.appendChild(document.createTextNode(claim.textContent + " "));
        }
        var link = a.cloneNode(true);
        if (sources.length) {
          link.textContent = Array.prototype.map
            .call(sources, function (s) {
              return s.textContent;
            })
            .join("; ");
        }
        li.appendChild(link);
        if (item && item.getAttribute("data-confidence") === "inferred") {
          li.appendChild(document.createTextNode(" (our inference from these sources)"));
        }
        claims.appendChild(li);
      });
      card.appendChild(dl);
      if (claims.childNodes.length) {
        card.appendChild(claims);
      }

      // The records this one sits inside (a figure inside a quotation, a name inside a relation).
      var outer = [];
      for (var p = mark.parentElement; p && p !== text; p = p.parentElement) {
        var pid = p.getAttribute("data-record");
        if (p.matches("mark.rec") && pid !== id && outer.indexOf(pid) < 0) {
          outer.push(pid);
        }
      }
      if (outer.length) {
        var also = el("p", "card-also", "Inside: ");
        outer.forEach(function (pid, i) {
          var a = el("a", "", pid);
          a.href = "#" + pid;
          also.appendChild(document.createTextNode(i ? "; " : ""));
          also.appendChild(a);
          if (rows[pid]) {
            also.appendChild(document.createTextNode(" (" + value(rows[pid], "type").toLowerCase() + ")"));
          }
        });
        card.appendChild(also);
      }

      card.appendChild(el("p", "card-label", labels.citation || "Cite this"));
      var relative = "#" + id;
      var idLink = field(tr, "id").querySelector("a");
      if (idLink) {
        relative = idLink.getAttribute("href");
      }
      var citation = value(tr, "citation");
      if (citation.slice(-relative.length) === relative) {
        citation = citation.slice(0, -relative.length) + permalink(id);
      }
      var cite = el("p", "card-cite", citation);
      card.appendChild(cite);
      var actions = el("div", "card-actions");
      var copy = el("button", "card-copy", "Copy citation");
      copy.type = "button";
      var said = el("span", "card-status");
      said.setAttribute("role", "status");
      copy.addEventListener("click", function () {
        copyText(cite, said);
      });
      actions.appendChild(copy);
      actions.appendChild(said);
      card.appendChild(actions);

      var close = el("button", "card-close", "×");
      close.type = "button";
      close.setAttribute("aria-label", "Close the record card");
      close.addEventListener("click", function () {
        hide(true);
      });
      card.appendChild(close);
    }

    function copyText(node, said) {
      var done = function () {
        said.textContent = "Copied.";
      };
      var select = function () {
        var range = document.createRange();
        range.selectNodeContents(node);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        var ok = false;
        try {
          ok = document.execCommand("copy");
        } catch (err) {
          ok = false;
        }
        said.textContent = ok ? "Copied." : "Selected: press Ctrl+C (or ⌘C) to copy.";
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(node.textContent).then(done, select);
      } else {
        select();
      }
    }

    function place(mark) {
      card.style.left = "";
      card.style.top = "";
      if (window.matchMedia(NARROW).matches) {
        // A bottom sheet, placed by CSS: keep the record visible above it.
        var box = mark.getBoundingClientRect();
        var sheetTop = card.getBoundingClientRect().top;
        if (box.bottom > sheetTop - 8) {
          window.scrollBy(0, box.bottom - sheetTop + 16);
        }
        return;
      }
      var host = text.getBoundingClientRect();
      var rects = mark.getClientRects();
      var line = rects[rects.length - 1] || mark.getBoundingClientRect();
      var first = rects[0] || line;
      var height = card.offsetHeight;
      var top = line.bottom - host.top + 6;
      if (line.bottom + height + 8 > window.innerHeight && first.top - height - 8 > 0) {
        top = first.top - host.top - height - 6; // no room below: above the record
      }
      var left = Math.min(line.left - host.left, text.clientWidth - card.offsetWidth);
      card.style.left = Math.max(0, left) + "px";
      card.style.top = top + "px";
    }

    function show(mark, pin) {
      var id = mark.getAttribute("data-record");
      if (!rows[id]) {
        return;
      }
      window.clearTimeout(hideTimer);
      if (current && current !== mark) {
        current.removeAttribute("aria-describedby");
        setClass(current.getAttribute("data-record"), "is-active", false);
      }
      if (current !== mark || card.hidden) {
        build(mark);
      }
      current = mark;
      pinned = pinned || Boolean(pin);
      card.hidden = false;
      mark.setAttribute("aria-describedby", "record-card-brief");
      setClass(id, "is-active", true);
      place(mark);
    }

    function hide(restoreFocus) {
      window.clearTimeout(showTimer);
      window.clearTimeout(hideTimer);
      var mark = current;
      var focusInCard = card.contains(document.activeElement);
      card.hidden = true;
      pinned = false;
      if (mark) {
        mark.removeAttribute("aria-describedby");
        setClass(mark.getAttribute("data-record"), "is-active", false);
        if (restoreFocus || focusInCard) {
          returning = true;
          mark.focus();
          returning = false;
        }
      }
      current = null;
    }

    function hideSoon() {
      window.clearTimeout(hideTimer);
      hideTimer = window.setTimeout(function () {
        var active = document.activeElement;
        if (pinned || card.contains(active) || (current && active === current)) {
          return;
        }
        if (card.matches(":hover") || (current && current.matches(":hover"))) {
          return;
        }
        hide(false);
      }, 300);
    }

    function first(mark) {
      // A continuation fragment stands for its record's first mark.
      var id = mark.getAttribute("data-record");
      return document.getElementById(id) || mark;
    }

    text.addEventListener("focusin", function (event) {
      var mark = event.target.closest("mark.rec[tabindex]");
      if (mark && !returning) {
        pinned = false;
        show(mark, false);
      }
    });
    text.addEventListener("focusout", function () {
      hideSoon();
    });
    text.addEventListener("keydown", function (event) {
      var mark = event.target.closest("mark.rec[tabindex]");
      if (event.key === "Escape" && !card.hidden) {
        event.preventDefault();
        hide(card.contains(document.activeElement));
        return;
      }
      if (mark && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        show(mark, true);
        card.focus();
        return;
      }
      if (event.key === "Tab" && card.contains(event.target)) {
        // Leaving the card returns to the highlights, in reading order.
        var items = card.querySelectorAll("a[href], button");
        var last = items[items.length - 1];
        var back = event.shiftKey && (event.target === card || event.target === items[0]);
        if (back || (!event.shiftKey && event.target === last)) {
          event.preventDefault();
          var from = current;
          var next = back ? from : marks[marks.indexOf(from) + 1] || from;
          hide(false);
          next.focus();
        }
      }
    });
    text.addEventListener("mouseover", function (event) {
      if (card.contains(event.target)) {
        window.clearTimeout(hideTimer);
        return;
      }
      var mark = event.target.closest("mark.rec");
      if (!mark || pinned) {
        return;
      }
      window.clearTimeout(showTimer);
      window.clearTimeout(hideTimer);
      showTimer = window.setTimeout(function () {
        show(first(mark), false);
      }, 120);
    });
    text.addEventListener("mouseout", function () {
      window.clearTimeout(showTimer);
      hideSoon();
    });
    text.addEventListener("click", function (event) {
      var mark = event.target.closest("mark.rec");
      if (mark && !card.contains(event.target)) {
        pinned = false;
        show(first(mark), true);
      }
    });
    document.addEventListener("click", function (event) {
      if (!card.hidden && !text.contains(event.target)) {
        hide(false);
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !card.hidden && !text.contains(event.target)) {
        hide(false);
      }
    });

    var target = null;
    function followHash() {
      var id = decodeURIComponent(location.hash.slice(1));
      setClass(target, "is-target", false);
      target = null;
      var mark = id ? document.getElementById(id) : null;
      if (mark && mark.matches("mark.rec")) {
        target = id;
        setClass(id, "is-target", true);
        window.requestAnimationFrame(function () {
          show(mark, false);
        });
      } else if (!card.hidden) {
        hide(false);
      }
    }
    window.addEventListener("hashchange", followHash);
    // Keep the card next to its record when the layout moves (window resized, fonts or the
    // theme's scripts settling after load).
    function replace() {
      if (current && !card.hidden) {
        place(current);
      }
    }
    window.addEventListener("resize", replace);
    window.addEventListener("load", replace);
    if (window.ResizeObserver) {
      new window.ResizeObserver(replace).observe(text);
    }
    followHash();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
