// saywho web UI: keyboard navigation and the article view's statement
// panel. Progressive: every page works without it. No inline script is
// allowed by the Content-Security-Policy, so all behaviour lives here.
(function () {
  "use strict";

  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }

  // --- Article view: select a statement, show its details. ---
  var text = document.querySelector("[data-text]");
  var order = []; // statement ids in text order
  var current = -1;

  function ids(el) {
    return (el.getAttribute("data-s") || "").split(" ").filter(Boolean);
  }

  function select(id, scroll) {
    if (!text) return;
    current = order.indexOf(id);
    text.querySelectorAll(".st.sel").forEach(function (el) { el.classList.remove("sel"); });
    var first = null;
    text.querySelectorAll(".st").forEach(function (el) {
      if (ids(el).indexOf(id) >= 0) {
        el.classList.add("sel");
        if (!first) first = el;
      }
    });
    document.querySelectorAll("[data-detail]").forEach(function (el) {
      el.hidden = el.getAttribute("data-detail") !== id;
    });
    var hint = document.querySelector("[data-panel-hint]");
    if (hint) hint.hidden = true;
    if (first && scroll) first.scrollIntoView({ block: "center", behavior: "smooth" });
    if (history.replaceState) history.replaceState(null, "", "#s" + id);
  }

  if (text) {
    text.querySelectorAll(".st").forEach(function (el) {
      var id = ids(el)[0];
      if (id && order.indexOf(id) < 0) order.push(id);
    });
    text.addEventListener("click", function (e) {
      var el = e.target.closest("[data-s]");
      if (el) select(ids(el)[0], false);
    });
    text.addEventListener("keydown", function (e) {
      if ((e.key === "Enter" || e.key === " ") && e.target.matches(".st")) {
        e.preventDefault();
        select(ids(e.target)[0], false);
      }
    });
    var m = /^#s(\d+)$/.exec(location.hash);
    if (m) select(m[1], true);
  }

  // --- Lists: j/k move through results, Enter opens. ---
  var list = document.querySelector("[data-nav]");
  var items = list ? Array.prototype.slice.call(list.querySelectorAll(".hit")) : [];
  var cur = -1;
  function move(d) {
    if (!items.length) return;
    if (cur >= 0) items[cur].classList.remove("cur");
    cur = Math.max(0, Math.min(items.length - 1, cur + d));
    items[cur].classList.add("cur");
    var a = items[cur].querySelector("a");
    if (a) a.focus({ preventScroll: true });
    items[cur].scrollIntoView({ block: "nearest" });
  }

  var dialog = document.getElementById("shortcuts");
  function help() {
    if (dialog && dialog.showModal && !dialog.open) dialog.showModal();
  }
  document.querySelectorAll("[data-keys]").forEach(function (b) { b.addEventListener("click", help); });

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape") {
      if (typing(e)) e.target.blur();
      return;
    }
    if (typing(e)) return;
    switch (e.key) {
      case "/": {
        var box = document.querySelector('[data-key="/"]');
        if (box) { e.preventDefault(); box.focus(); box.select(); }
        break;
      }
      case "?":
        help();
        break;
      case "j":
      case "k": {
        var d = e.key === "j" ? 1 : -1;
        if (text && order.length) {
          var i = Math.max(0, Math.min(order.length - 1, current + d));
          select(order[i], true);
        } else {
          move(d);
        }
        break;
      }
    }
  });
})();
