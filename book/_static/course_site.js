/* The course website's small fixes to its theme (added by pixels_to_gpt/site_extension.py).
 *
 * Search results: Sphinx cuts each result's snippet from the page's text, which includes the
 * TeX source of formulas and the text of buttons ("Show code cell source", "Copy"). Those
 * are taken out before the snippet is cut; formulas become "…".
 */
(function () {
  "use strict";
  if (typeof Search === "undefined" || !Search.htmlToText) return;
  var original = Search.htmlToText;
  Search.htmlToText = function (htmlString, anchor) {
    var page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll("button, .math, span.math, div.math, mjx-container, .copybtn, "
      + ".sd-summary-title, summary").forEach(function (el) {
      el.replaceWith(el.matches(".math, mjx-container") ? " \u2026 " : " ");
    });
    return original(page.documentElement.outerHTML, anchor);
  };
})();

/* Wide figures (several panels side by side, drawn wider than about 8 inches) would shrink to
 * an unreadable size on a phone. Each sits in a box of its own that the stylesheet lets the
 * reader scroll across at a readable size on narrow screens, with a link to it full size. */
(function () {
  "use strict";
  function wrap(img) {
    if (img.naturalWidth < 800 || img.closest(".wide-figure-box")) return;
    var box = document.createElement("div");
    box.className = "wide-figure-box";
    img.parentNode.insertBefore(box, img);
    box.appendChild(img);
    img.classList.add("wide-figure");
    var note = document.createElement("p");
    note.className = "wide-figure-note";
    var link = document.createElement("a");
    link.href = img.currentSrc || img.src;
    link.textContent = "open it full size";
    note.append("A wide figure: scroll across it, or ", link, ".");
    box.after(note);
  }
  function start() {
    document.querySelectorAll(".cell_output img").forEach(function (img) {
      if (img.complete) wrap(img);
      else img.addEventListener("load", function () { wrap(img); }, { once: true });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
