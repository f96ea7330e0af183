/* Public site behaviour that needs no library:
 * - 长者模式 (large text): a class on <html>, remembered in localStorage. This file
 *   is loaded in <head> so the class is set before the first paint (no flash).
 * - Table containers that scroll sideways become keyboard-focusable regions,
 *   so they can be scrolled with the arrow keys. */
(function () {
  "use strict";
  var KEY = "jsgk:elder";
  var root = document.documentElement;

  function stored() {
    try {
      return window.localStorage.getItem(KEY) === "1";
    } catch (error) {
      return false; // storage disabled: the mode simply is not remembered
    }
  }

  function apply(on) {
    root.classList.toggle("elder", on);
    var button = document.getElementById("elder-toggle");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  function labelScrollers() {
    var boxes = document.querySelectorAll(".fin-table__scroll, .scroll-x");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.hasAttribute("data-static-region")) {
        return;
      }
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption");
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        if (caption) {
          box.setAttribute("aria-label", caption.textContent.replace(/\s+/g, " ").trim() + "（可左右滚动）");
        }
      } else if (box.getAttribute("tabindex") === "0" && !box.hasAttribute("aria-labelledby")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  apply(stored());

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("elder-toggle");
    if (button) {
      button.hidden = false;
      apply(stored());
      button.addEventListener("click", function () {
        var on = !root.classList.contains("elder");
        try {
          window.localStorage.setItem(KEY, on ? "1" : "0");
        } catch (error) {
          // not remembered, still applied
        }
        apply(on);
        labelScrollers();
        window.dispatchEvent(new Event("resize"));
      });
    }
    labelScrollers();
    var timer = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(labelScrollers, 150);
    });
  });
})();
