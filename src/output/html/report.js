
"use strict";
// Filters: a change (cluster) is hidden when every rule that took part in it is hidden; a document
// is hidden when none of its changes is shown. The state lives in the URL fragment
// (#hide=UNI004,WSP&hide-status=flagged&reasons), so a filtered view can be bookmarked or shared.
(() => {
  const form = document.getElementById("filters");
  const codeBoxes = Array.from(form.querySelectorAll("input[name=code]"));
  const statusBoxes = Array.from(form.querySelectorAll("input[name=status]"));
  const reasons = form.querySelector("input[name=reasons]");
  const docs = Array.from(document.querySelectorAll(".doc"));
  const statusOf = (el) => (el.classList.contains("pending") ? "pending" : el.classList.contains("flagged") ? "flagged" : "applied");
  const tags = [];
  const clusters = [];
  docs.forEach((doc, d) => {
    for (const el of doc.querySelectorAll(".c")) {
      const own = Array.from(el.querySelectorAll(":scope > abbr"), (t) => ({ el: t, code: t.textContent, status: statusOf(t) }));
      tags.push(...own);
      clusters.push({ el, d, tags: own });
    }
  });

  function readHash() {
    const params = new Map();
    for (const part of location.hash.slice(1).split("&")) {
      const eq = part.indexOf("=");
      const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      params.set(key, eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1)));
    }
    if (!params.has("hide") && !params.has("hide-status") && !params.has("reasons") && !params.has("probe")) {
      return false;
    }
    const list = (key) => (params.get(key) || "").split(",").filter((s) => s !== "");
    const hide = list("hide");
    const hideStatus = list("hide-status");
    for (const box of codeBoxes) box.checked = !hide.some((p) => p === "ALL" || box.value.startsWith(p));
    for (const box of statusBoxes) box.checked = !hideStatus.includes(box.value);
    reasons.checked = params.has("reasons");
    return params.has("probe");
  }

  function writeHash() {
    const parts = [];
    const hide = codeBoxes.filter((b) => !b.checked).map((b) => b.value);
    const hideStatus = statusBoxes.filter((b) => !b.checked).map((b) => b.value);
    if (hide.length) parts.push("hide=" + hide.join(","));
    if (hideStatus.length) parts.push("hide-status=" + hideStatus.join(","));
    if (reasons.checked) parts.push("reasons");
    history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
  }

  function apply() {
    const hidden = new Set(codeBoxes.filter((b) => !b.checked).map((b) => b.value));
    const hiddenStatus = new Set(statusBoxes.filter((b) => !b.checked).map((b) => b.value));
    const off = (code, status) => hidden.has(code) || hiddenStatus.has(status);
    for (const t of tags) t.el.classList.toggle("off", off(t.code, t.status));
    const shownPerDoc = new Uint32Array(docs.length);
    let shownChanges = 0;
    for (const c of clusters) {
      const isOff = c.tags.every((t) => off(t.code, t.status));
      c.el.classList.toggle("off", isOff);
      if (!isOff) {
        shownPerDoc[c.d] += 1;
        shownChanges += 1;
      }
    }
    let shownDocs = 0;
    docs.forEach((doc, d) => {
      doc.classList.toggle("off", shownPerDoc[d] === 0);
      if (shownPerDoc[d] > 0) shownDocs += 1;
    });
    document.body.classList.toggle("reasons", reasons.checked);
    const shown = document.getElementById("shown");
    if (shown) shown.textContent = `shown: ${shownChanges} changes in ${shownDocs} documents`;
  }

  // For tests and scripts: what a reader actually sees, measured by layout, written to the DOM.
  function probe() {
    const visible = new Set();
    for (const t of tags) if (t.el.getClientRects().length > 0) visible.add(t.code);
    document.body.dataset.visibleTags = Array.from(visible).sort().join(" ");
    document.body.dataset.visibleDocs = String(docs.filter((d) => d.getClientRects().length > 0).length);
    // Milliseconds from navigation to here: parsing, this script, and the layout the probe forced.
    document.body.dataset.probeMs = String(Math.round(performance.now()));
  }

  form.addEventListener("change", () => {
    apply();
    writeHash();
  });
  form.addEventListener("click", (e) => {
    const all = e.target.dataset && e.target.dataset.all;
    if (all === undefined) return;
    for (const box of codeBoxes) box.checked = all === "1";
    apply();
    writeHash();
  });
  window.addEventListener("hashchange", () => {
    readHash();
    apply();
  });
  const wantProbe = readHash();
  apply();
  if (wantProbe) probe();
})();
