// "Listen to this section": reads a lesson section aloud with the browser's own speech
// synthesis (nothing is sent anywhere). Progressive enhancement: the controls are added only
// when the browser can speak and has a voice; without this file, or without speech, the page
// is unchanged. One section speaks at a time; Pause/Resume, Stop and a speed choice.
(function () {
  "use strict";

  var synth = window.speechSynthesis;
  var speaking = null; // the controls of the section being read

  function sectionText(section) {
    var copy = section.cloneNode(true);
    // Not read: the controls, the save-my-place form, pictures' drawings (their text is read
    // from the caption and description instead) and closed "For the curious" panels.
    copy.querySelectorAll(".listen, .section-progress, svg, .term-tip, .cite").forEach(function (el) { el.remove(); });
    section.querySelectorAll("details").forEach(function (panel, n) {
      if (!panel.open) {
        var twin = copy.querySelectorAll("details")[n];
        if (twin) { twin.querySelectorAll(":scope > :not(summary)").forEach(function (el) { el.remove(); }); }
      }
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function setState(controls, state) {
    controls.state = state;
    controls.play.textContent = state === "playing" ? "Pause" : state === "paused" ? "Resume" : "Listen to this section";
    controls.play.setAttribute("aria-pressed", state === "playing" ? "true" : "false");
    controls.stop.hidden = state === "idle";
    controls.status.textContent = state === "playing" ? "Reading aloud." : state === "paused" ? "Paused." : "";
  }

  function stopAll() {
    synth.cancel();
    if (speaking) { setState(speaking, "idle"); speaking = null; }
  }

  function start(controls) {
    stopAll();
    var utterance = new SpeechSynthesisUtterance(sectionText(controls.section));
    utterance.rate = parseFloat(controls.speed.value) || 1;
    utterance.lang = document.documentElement.lang || "en";
    utterance.onend = function () { if (speaking === controls) { setState(controls, "idle"); speaking = null; } };
    utterance.onerror = utterance.onend;
    speaking = controls;
    setState(controls, "playing");
    synth.speak(utterance);
  }

  function build(section, n) {
    var heading = section.querySelector("h2");
    if (!heading) { return; }
    var box = document.createElement("div");
    box.className = "listen";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Listen to " + heading.textContent.trim());
    var controls = { section: section, state: "idle" };
    controls.play = document.createElement("button");
    controls.play.type = "button";
    controls.play.className = "btn btn-outline-primary listen__play";
    controls.stop = document.createElement("button");
    controls.stop.type = "button";
    controls.stop.className = "btn btn-outline-primary listen__stop";
    controls.stop.textContent = "Stop";
    var label = document.createElement("label");
    label.className = "listen__speed";
    label.setAttribute("for", "listen-speed-" + n);
    label.textContent = "Speed ";
    controls.speed = document.createElement("select");
    controls.speed.id = "listen-speed-" + n;
    controls.speed.className = "form-select";
    [["0.75", "Slower"], ["1", "Normal"], ["1.25", "Faster"]].forEach(function (pair) {
      var option = document.createElement("option");
      option.value = pair[0];
      option.textContent = pair[1];
      if (pair[0] === "1") { option.selected = true; }
      controls.speed.appendChild(option);
    });
    controls.status = document.createElement("span");
    controls.status.className = "listen__status";
    controls.status.setAttribute("role", "status");
    label.appendChild(controls.speed);
    box.appendChild(controls.play);
    box.appendChild(controls.stop);
    box.appendChild(label);
    box.appendChild(controls.status);
    heading.after(box);
    setState(controls, "idle");

    controls.play.addEventListener("click", function () {
      if (controls.state === "playing") { synth.pause(); setState(controls, "paused"); }
      else if (controls.state === "paused") { synth.resume(); setState(controls, "playing"); }
      else { start(controls); }
    });
    controls.stop.addEventListener("click", function () { stopAll(); controls.play.focus(); });
    // A new speed takes effect from the start of the section (speech cannot change pace midway).
    controls.speed.addEventListener("change", function () { if (controls.state !== "idle") { start(controls); } });
  }

  function enhance() {
    if (document.querySelector(".listen")) { return; }
    document.querySelectorAll(".lesson-section").forEach(build);
  }

  function whenVoicesReady() {
    if (synth.getVoices().length) { enhance(); return; }
    synth.addEventListener("voiceschanged", function ready() {
      if (synth.getVoices().length) { synth.removeEventListener("voiceschanged", ready); enhance(); }
    });
  }

  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") { return; }
  window.addEventListener("pagehide", function () { synth.cancel(); });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && speaking) { stopAll(); } });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", whenVoicesReady);
  } else {
    whenVoicesReady();
  }
})();
