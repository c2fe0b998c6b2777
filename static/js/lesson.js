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

  document.addEventListener("DOMContentLoaded", enhance);
})();
