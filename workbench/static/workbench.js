// The workbench's few behaviours: the page viewer (pages, zoom, evidence boxes, drawing a
// box for a new finding), the side panel's tabs, dropping files on an upload form.
(function () {
  "use strict";

  function setupDropzones(root) {
    root.querySelectorAll(".dropzone").forEach(function (zone) {
      if (zone.dataset.ready) return;
      zone.dataset.ready = "1";
      var input = zone.querySelector("input[type=file]");
      var pick = zone.querySelector(".pick");
      input.addEventListener("change", function () {
        if (!pick || !input.files.length) return;
        pick.classList.add("chosen");
        pick.firstChild.textContent = input.files.length === 1 ? input.files[0].name : "已选" + input.files.length + "个文件";
      });
      zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
      zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
      zone.addEventListener("drop", function (e) {
        e.preventDefault();
        zone.classList.remove("over");
        input.files = e.dataTransfer.files;
        htmx.trigger(zone, "submit");
      });
    });
  }

  // The open tab is kept per page for the session, so a page re-drawn after an act
  // (issuing, 送达) opens where the officer was.
  function setupTabs() {
    document.querySelectorAll(".tabs button").forEach(function (tab) {
      tab.addEventListener("click", function () { showTab(tab.dataset.tab); });
    });
    var kept = sessionStorage.getItem("tab:" + location.pathname);
    if (kept && document.getElementById(kept)) showTab(kept);
  }

  function showTab(id) {
    document.querySelectorAll(".tabs button").forEach(function (t) { t.classList.toggle("on", t.dataset.tab === id); });
    document.querySelectorAll(".tab").forEach(function (t) { t.classList.toggle("on", t.id === id); });
    sessionStorage.setItem("tab:" + location.pathname, id);
  }

  function setupViewer() {
    var dataNode = document.getElementById("case-data");
    if (!dataNode) return;
    var data = JSON.parse(dataNode.textContent);
    var img = document.getElementById("page-img");
    var wrap = document.getElementById("page-wrap");
    var boxes = document.getElementById("boxes");
    var stage = document.getElementById("stage");
    var label = document.getElementById("page-label");
    var state = { page: 1, zoom: 1, drawing: false };

    function printedLabel(page) {
      var n = data.printed[page - 1];
      return "PDF第" + page + "页 / 共" + data.pages + "页" + (n != null ? " · 印刷页码 " + n : " · 无印刷页码");
    }

    function addBox(box, cls, title) {
      var el = document.createElement("div");
      el.className = "box " + cls;
      el.style.left = box[0] + "%"; el.style.top = box[1] + "%";
      el.style.width = (box[2] - box[0]) + "%"; el.style.height = (box[3] - box[1]) + "%";
      if (title) el.title = title;
      boxes.appendChild(el);
      return el;
    }

    function show(page, found) {
      page = Math.max(1, Math.min(data.pages || 1, page));
      state.page = page;
      img.src = data.pageUrl + page + ".jpg";
      label.textContent = printedLabel(page);
      boxes.innerHTML = "";
      (data.fieldBoxes[page] || []).forEach(function (b) { addBox(b.box, "field", b.label); });
      var marked = (found || []).filter(function (b) { return b.page === page; });
      marked.forEach(function (b) { addBox(b.box, ""); });
      wrap.classList.toggle("framed", !!found && marked.length === 0);
      document.querySelectorAll(".thumb").forEach(function (t) {
        var on = Number(t.dataset.page) === page;
        t.classList.toggle("on", on);
        if (on) t.scrollIntoView({ block: "nearest" });
      });
      if (marked.length) {
        var top = marked[0].box[1] / 100 * wrap.offsetHeight;
        stage.scrollTop = Math.max(0, top - 80);
      } else {
        stage.scrollTop = 0;
      }
    }

    function zoom(z) {
      state.zoom = Math.max(0.5, Math.min(3, z));
      wrap.style.width = (state.zoom * 100) + "%";
      document.getElementById("zoom-label").textContent = Math.round(state.zoom * 100) + "%";
    }

    document.getElementById("prev-page").onclick = function () { show(state.page - 1); };
    document.getElementById("next-page").onclick = function () { show(state.page + 1); };
    document.getElementById("zoom-in").onclick = function () { zoom(state.zoom + 0.25); };
    document.getElementById("zoom-out").onclick = function () { zoom(state.zoom - 0.25); };
    document.getElementById("zoom-fit").onclick = function () { zoom(1); };

    document.addEventListener("click", function (e) {
      var go = e.target.closest(".goto, .thumb");
      if (go) {
        e.stopPropagation();
        var box = go.dataset.box ? JSON.parse(go.dataset.box) : null;
        show(Number(go.dataset.page), box ? [{ page: Number(go.dataset.page), box: box }] : null);
        return;
      }
      var finding = e.target.closest(".finding");
      if (finding && !e.target.closest("form, button, summary, input, select, textarea")) {
        document.querySelectorAll(".finding.on").forEach(function (f) { f.classList.remove("on"); });
        finding.classList.add("on");
        var pages = JSON.parse(finding.dataset.pages || "[]");
        var found = JSON.parse(finding.dataset.boxes || "[]");
        if (pages.length) show(pages[0], found);
      }
    });

    // Drawing a box: press "在页面上画框", drag over the page; the box (percent of the page)
    // and the page go into the add-finding form.
    var drawBtn = document.getElementById("draw-btn");
    var start = null, temp = null;
    function relative(e) {
      var r = wrap.getBoundingClientRect();
      return [Math.max(0, Math.min(100, (e.clientX - r.left) / r.width * 100)),
              Math.max(0, Math.min(100, (e.clientY - r.top) / r.height * 100))];
    }
    function setDrawing(on) {
      state.drawing = on;
      wrap.classList.toggle("drawing", on);
      if (drawBtn) drawBtn.setAttribute("aria-pressed", on ? "true" : "false");
    }
    if (drawBtn) drawBtn.onclick = function () { setDrawing(!state.drawing); };
    wrap.addEventListener("pointerdown", function (e) {
      if (!state.drawing) return;
      e.preventDefault();
      wrap.setPointerCapture(e.pointerId);
      start = relative(e);
      if (temp) temp.remove();
      temp = addBox([start[0], start[1], start[0], start[1]], "drawn");
    });
    wrap.addEventListener("pointermove", function (e) {
      if (!start) return;
      var p = relative(e);
      var b = [Math.min(start[0], p[0]), Math.min(start[1], p[1]), Math.max(start[0], p[0]), Math.max(start[1], p[1])];
      temp.style.left = b[0] + "%"; temp.style.top = b[1] + "%";
      temp.style.width = (b[2] - b[0]) + "%"; temp.style.height = (b[3] - b[1]) + "%";
      temp.dataset.box = b.map(function (v) { return v.toFixed(2); }).join(",");
    });
    wrap.addEventListener("pointerup", function () {
      if (!start) return;
      start = null;
      setDrawing(false);
      if (!temp || !temp.dataset.box) return;
      var pageInput = document.getElementById("draw-page");
      if (!pageInput) return;
      pageInput.value = state.page;
      document.getElementById("draw-box").value = temp.dataset.box;
      var n = data.printed[state.page - 1];
      document.getElementById("draw-status").textContent = "已框选：" + (n != null ? "第" + n + "页（PDF第" + state.page + "页）" : "PDF第" + state.page + "页（该页无印刷页码）");
      document.getElementById("add-finding").open = true;
      showTab("t-findings");
    });

    // Thumbnails of pages with a finding still to decide are marked, again after each decision.
    function flagThumbs() {
      document.querySelectorAll(".thumb.flagged").forEach(function (t) { t.classList.remove("flagged"); });
      document.querySelectorAll(".finding.dec-none.sev-error, .finding.dec-none.sev-review").forEach(function (f) {
        JSON.parse(f.dataset.pages || "[]").forEach(function (p) {
          var t = document.querySelector('.thumb[data-page="' + p + '"]');
          if (t) t.classList.add("flagged");
        });
      });
    }
    document.addEventListener("htmx:afterSettle", flagThumbs);
    flagThumbs();
    show(1);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupDropzones(document);
    setupTabs();
    setupViewer();
  });
  document.addEventListener("htmx:afterSwap", function (e) { setupDropzones(e.target); });
})();
