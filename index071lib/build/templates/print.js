/* index071: a folded section (<details>) prints open, and folds again after printing. Inline, no network. */
addEventListener("beforeprint", function () {
  document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; d.dataset.printOpened = "1"; });
});
addEventListener("afterprint", function () {
  document.querySelectorAll("details[data-print-opened]").forEach(function (d) { d.open = false; delete d.dataset.printOpened; });
});
