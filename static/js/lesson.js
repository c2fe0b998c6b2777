// Lesson pages, progressive enhancement: without this file a glossary term is a link to its
// entry further down the page; with it, the term link works as a button that shows the
// definition in place, below the sentence.
(function () {
  "use strict";

  function glossaryEntries() {
    var entries = {};
    document.querySelectorAll(".glossary__entry[id^='term-']").forEach(function (entry) {
      var dt = entry.querySelector("dt");
      var dd = entry.querySelector("dd");
      if (dt && dd) {
        entries[entry.id.slice(5)] = { term: dt.textContent.trim(), definition: dd.textContent.trim() };
      }
    });
    return entries;
  }

  function close(button) {
    button.setAttribute("aria-expanded", "false");
    document.getElementById(button.getAttribute("aria-controls")).textContent = "";
  }

  function open(button, entry) {
    var tip = document.getElementById(button.getAttribute("aria-controls"));
    var name = document.createElement("strong");
    name.textContent = entry.term;
    tip.textContent = "";
    tip.appendChild(name);
    tip.appendChild(document.createTextNode(": " + entry.definition));
    button.setAttribute("aria-expanded", "true");
  }

  function enhance() {
    var entries = glossaryEntries();
    var count = 0;
    document.querySelectorAll("a.term-link[data-term]").forEach(function (link) {
      var entry = entries[link.getAttribute("data-term")];
      if (!entry) { return; }
      count += 1;
      // The link itself becomes the control: it stays an inline run of words, so the sentence
      // wraps as before (a <button> is one box, and the words after it could break oddly).
      var button = link;
      button.classList.add("term-button");
      button.setAttribute("role", "button");
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", "term-tip-" + count);
      // The definition is announced when it appears (a live region that exists before it fills).
      // It opens below the paragraph or list item, never in the middle of the sentence.
      var block = link.closest("p, li, dd, td");
      var tip = document.createElement(block && block.tagName === "P" ? "div" : "span");
      tip.id = "term-tip-" + count;
      tip.className = "term-tip";
      tip.setAttribute("role", "status");
      if (block && block.tagName === "P") {
        var last = block;
        while (last.nextElementSibling && last.nextElementSibling.classList.contains("term-tip")) {
          last = last.nextElementSibling;
        }
        last.after(tip);
      } else if (block) {
        block.appendChild(tip);
      } else {
        button.after(tip);
      }
      button.addEventListener("keydown", function (event) {
        if (event.key === " ") { event.preventDefault(); button.click(); }
      });
      button.addEventListener("click", function (event) {
        event.preventDefault(); // stay in the sentence rather than jump to the glossary
        if (button.getAttribute("aria-expanded") === "true") { close(button); } else { open(button, entry); }
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      document.querySelectorAll(".term-button[aria-expanded='true']").forEach(close);
    });
  }

  // "For the curious" panels and picture descriptions are printed open, then closed again.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".lesson details:not([open])").forEach(function (panel) {
      panel.open = true;
      openedForPrint.push(panel);
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (panel) { panel.open = false; });
    openedForPrint = [];
  });

  // --- Reading progress by time (education/progress.py has the rule) -----------------------
  // A section counts as read once it has been on screen (in the middle of the window, with the
  // page visible) for as long as reading its words takes at WORDS_PER_MINUTE, the figure
  // education.progress.READING_WORDS_PER_MINUTE documents. Sections read are sent together in
  // one request every FLUSH_MS and when the page is hidden; one request at a time. Scrolling
  // past saves nothing; the buttons stay the reader's own say ("I have finished reading").
  var WORDS_PER_MINUTE = 300;
  var MIN_SECONDS = 3;
  var FLUSH_MS = 5000;
  var TICK_MS = 500;

  function trackReading() {
    var end = document.querySelector("form.section-progress--end");
    if (!end || !("IntersectionObserver" in window)) { return; }
    var url = end.getAttribute("action");
    var token = end.querySelector("input[name='csrfmiddlewaretoken']");
    var sections = [];
    document.querySelectorAll(".lesson-section").forEach(function (el) {
      var heading = el.querySelector("h2[id]");
      if (!heading) { return; }
      var words = (el.textContent || "").trim().split(/\s+/).length;
      sections.push({
        el: el, anchor: heading.id, visible: false, seconds: 0, sent: false,
        needed: Math.max(MIN_SECONDS, (words / WORDS_PER_MINUTE) * 60)
      });
    });
    if (!sections.length || !token) { return; }
    var queue = [];
    var busy = false;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        sections.forEach(function (s) { if (s.el === entry.target) { s.visible = entry.isIntersecting; } });
      });
    }, { rootMargin: "-25% 0px -25% 0px" });
    sections.forEach(function (s) { observer.observe(s.el); });

    setInterval(function () {
      if (document.visibilityState !== "visible") { return; }
      sections.forEach(function (s) {
        if (!s.visible || s.sent) { return; }
        s.seconds += TICK_MS / 1000;
        if (s.seconds >= s.needed) {
          s.sent = true;
          queue.push(s.anchor);
          s.el.setAttribute("data-read", "");
        }
      });
    }, TICK_MS);

    function flush(leaving) {
      if (!queue.length || (busy && !leaving)) { return; }
      var body = new URLSearchParams();
      body.append("csrfmiddlewaretoken", token.value);
      queue.splice(0).forEach(function (anchor) { body.append("read", anchor); });
      busy = true;
      fetch(url, {
        method: "POST", body: body, credentials: "same-origin", keepalive: !!leaving,
        headers: { "X-CSRFToken": token.value }
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (result) {
        if (result && result.finished) { markFinished(); }
      }).catch(function () {
        // Not saved: the reader's place is still theirs to save with the buttons.
      }).then(function () { busy = false; });
    }

    function markFinished() {
      var status = end.querySelector(".section-progress__status");
      if (status && !status.textContent.trim()) {
        status.textContent = "You have read every section of this lesson.";
      }
    }

    setInterval(function () { flush(false); }, FLUSH_MS);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { flush(true); }
    });
    window.addEventListener("pagehide", function () { flush(true); });
  }

  document.addEventListener("DOMContentLoaded", enhance);
  document.addEventListener("DOMContentLoaded", trackReading);
})();
