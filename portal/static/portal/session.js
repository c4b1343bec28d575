// Mijn Wijkteam ends a session after 15 minutes without activity (Logius DigiD checklist).
// Two minutes before, this shows a dialog that says so and lets the resident continue; the dialog
// takes focus and is announced (role="alertdialog"). At the end it goes to the "logged out" page.
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-idle-seconds"), 10);
  var dialog = document.getElementById("session-warning");
  if (!idle || !dialog) { return; }
  var warnBefore = Math.min(120, Math.floor(idle / 2));
  var countdown = dialog.querySelector("[data-countdown]");
  var warnTimer = null, endTimer = null, tickTimer = null, endsAt = 0, previousFocus = null;

  function remainingText(seconds) {
    var minutes = Math.floor(seconds / 60), rest = seconds % 60;
    var lang = document.documentElement.lang || "nl";
    if (lang.indexOf("en") === 0) {
      return (minutes ? minutes + " min " : "") + rest + " s";
    }
    return (minutes ? minutes + " min " : "") + rest + " sec";
  }
  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    // Announce only the first text; updating every second would flood a screen reader.
    if (countdown) { countdown.textContent = remainingText(left); }
  }
  function showWarning() {
    previousFocus = document.activeElement;
    dialog.hidden = false;
    tick();
    tickTimer = window.setInterval(tick, 1000);
    var title = document.getElementById("session-warning-title");
    if (title) { title.focus(); }
  }
  function hideWarning() {
    dialog.hidden = true;
    if (tickTimer) { window.clearInterval(tickTimer); tickTimer = null; }
    if (previousFocus && previousFocus.focus) { previousFocus.focus(); }
  }
  function schedule() {
    if (warnTimer) { window.clearTimeout(warnTimer); }
    if (endTimer) { window.clearTimeout(endTimer); }
    endsAt = Date.now() + idle * 1000;
    warnTimer = window.setTimeout(showWarning, (idle - warnBefore) * 1000);
    endTimer = window.setTimeout(function () {
      window.location.href = body.getAttribute("data-ended-url");
    }, idle * 1000);
  }
  dialog.querySelector("[data-keep-alive]").addEventListener("click", function () {
    var request = new XMLHttpRequest();
    request.open("POST", body.getAttribute("data-keep-alive-url"));
    request.setRequestHeader("X-CSRFToken", body.getAttribute("data-csrf-token"));
    request.onload = function () {
      if (request.status === 200) { hideWarning(); schedule(); }
      else { window.location.href = body.getAttribute("data-ended-url"); }
    };
    request.send();
  });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { dialog.querySelector("[data-keep-alive]").click(); }
  });
  schedule();
})();
