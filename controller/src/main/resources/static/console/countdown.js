// The console's expiry countdown: next to each time.expires[data-expires] (an ISO instant), the time
// left, once a second. Without this script the page still prints the absolute time (UTC).
(function () {
  function words(ms) {
    if (ms <= 0) return "expired";
    var s = Math.floor(ms / 1000), m = Math.floor(s / 60), h = Math.floor(m / 60);
    var pad = function (n) { return n < 10 ? "0" + n : "" + n; };
    return "in " + (h > 0 ? h + " h " + pad(m % 60) + " min" : m + " min " + pad(s % 60) + " s");
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("time.expires[data-expires]").forEach(function (t) {
      var left = t.nextElementSibling;
      if (!left || !left.classList.contains("left")) {
        left = document.createElement("span");
        left.className = "left";
        t.insertAdjacentElement("afterend", left);
      }
      left.textContent = " (" + words(Date.parse(t.getAttribute("data-expires")) - now) + ")";
    });
  }
  tick();
  setInterval(tick, 1000);
})();
