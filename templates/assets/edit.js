/* The map editor of `journeymap serve --edit`, served only by it. It reads the page's
   token, base sha and the Markdown source of its fields (#jm-edit-source), adds a
   button to every editable cell, step and stage and a slider to every emotion point,
   and sends each edit to POST /__journeymap/edit. The server validates and writes the
   file and rebuilds the site; the page then reloads, says what happened (a live
   region) and puts the focus back where it was. */
(function () {
  "use strict";
  var source = document.getElementById("jm-edit-source");
  var table = document.querySelector(".jm-map-table");
  if (!source || !table) return;
  var data = JSON.parse(source.textContent);
  var token = meta("journeymap-edit-token");
  var base = meta("journeymap-edit-base");
  var PENDING = "journeymap-edit-pending";
  var TEXT_LANES = ["doing", "thinking", "feeling", "touchpoint", "expectation", "reality", "backstage"];
  var LIST_LANES = ["pains", "opportunities", "evidence"];
  var words = data.words || {};
  var scale = data.scale;

  // a word of the site's language, its {names} filled in
  function t(key, values) {
    return (words[key] || key).replace(/\{(\w+)\}/g, function (all, name) {
      return values && values[name] !== undefined ? values[name] : all;
    });
  }
  function laneName(lane) { return words["lane_" + lane] || lane; }

  function meta(name) {
    var found = document.querySelector('meta[name="' + name + '"]');
    return found ? found.getAttribute("content") : "";
  }

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // -- saying what happened ------------------------------------------------------

  var status = el("div", { id: "jm-edit-status", role: "status", "aria-live": "polite", "class": "jm-edit-status" });
  document.body.appendChild(status);
  function say(text, refused) {
    status.textContent = "";
    status.className = "jm-edit-status" + (refused ? " jm-edit-status--refused" : "");
    // a change the screen reader notices even when the same words come twice
    window.setTimeout(function () { status.textContent = text; }, 30);
  }

  (function afterReload() {
    var pending = null;
    try { pending = JSON.parse(sessionStorage.getItem(PENDING) || "null"); } catch (e) { pending = null; }
    sessionStorage.removeItem(PENDING);
    if (!pending || pending.journey !== data.journey) return;
    var said = pending.said;
    if (said === undefined) {
      said = pending.conflict || (pending.base !== base ? t("saved", { what: pending.what }) : "");
      // said again if the page reloads once more (a second build) within a few seconds
      pending = { journey: data.journey, said: said, refused: !!pending.conflict,
        focus: pending.focus, until: Date.now() + 5000 };
    }
    if (pending.until && pending.until > Date.now()) sessionStorage.setItem(PENDING, JSON.stringify(pending));
    if (said) say(said, pending.refused);
    window.setTimeout(function () {
      var again = document.querySelector('[data-jm-key="' + pending.focus + '"]');
      if (again) again.focus();
    }, 0);
  })();

  // -- sending an edit -------------------------------------------------------------

  function send(edit, what, focusKey, problems) {
    var body = Object.assign({ token: token, journey: data.journey, base: base }, edit);
    // kept before sending: the server's reload event can come before its answer
    sessionStorage.setItem(PENDING, JSON.stringify({
      journey: data.journey, base: base, what: what, focus: focusKey
    }));
    say(t("saving", { what: what }));
    return fetch("/__journeymap/edit", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin"
    }).then(function (response) {
      // a refusal by the server itself (413, 403 on Host) comes as a page, not JSON
      return response.json().catch(function () { return {}; }).then(function (answer) {
        return [response.status, answer];
      });
    }).then(function (result) {
      var code = result[0], answer = result[1];
      if (code === 200) {
        if (!answer.changed) { sessionStorage.removeItem(PENDING); say(t("unchanged", { what: what })); return true; }
        // once: the server's reload event (sent when the map was written) may have come first
        if (!window.journeymapReloading) { window.journeymapReloading = true; location.reload(); }
        return true;
      }
      if (code === 409) {
        var conflict = t("conflict");
        sessionStorage.setItem(PENDING, JSON.stringify({ journey: data.journey, conflict: conflict, focus: focusKey }));
        say(conflict, true);
        window.setTimeout(function () { location.reload(); }, 1500);
        return false;
      }
      sessionStorage.removeItem(PENDING);
      var message = t("refused", { error: answer.error || t("answered", { code: code }) });
      say(message, true);
      if (problems) { problems.textContent = answer.error || message; problems.hidden = false; }
      return false;
    }).catch(function () {
      // a request cut off by the reload the server's event started: the edit is saved,
      // and the page that comes next says so
      if (window.journeymapReloading) return true;
      sessionStorage.removeItem(PENDING);
      say(t("unreachable"), true);
      return false;
    });
  }

  // -- a dialog ------------------------------------------------------------------

  var dialog = el("dialog", { "class": "jm-edit-dialog", "aria-labelledby": "jm-edit-title" });
  document.body.appendChild(dialog);
  var opener = null;
  dialog.addEventListener("close", function () { if (opener) opener.focus(); });

  function open(title, build) {
    dialog.textContent = "";
    dialog.appendChild(el("h2", { id: "jm-edit-title" }, title));
    var problems = el("pre", { "class": "jm-edit-problems", role: "alert" });
    problems.hidden = true;
    build(dialog, problems);
    dialog.appendChild(problems);
    var close = el("button", { type: "button", "class": "jm-edit-close" }, t("close"));
    close.addEventListener("click", function () { dialog.close(); });
    dialog.appendChild(close);
    opener = document.activeElement;
    dialog.showModal();
    var first = dialog.querySelector("textarea, input, select");
    if (first) first.focus();
  }

  var fieldCount = 0;
  function field(parent, label, control) {
    var id = "jm-edit-field-" + (++fieldCount);
    control.id = id;
    var wrap = el("p", { "class": "jm-edit-field" });
    wrap.appendChild(el("label", { "for": id }, label));
    wrap.appendChild(control);
    parent.appendChild(wrap);
    return control;
  }

  function form(parent, label, control, button, submit) {
    var box = el("form", { "class": "jm-edit-form" });
    field(box, label, control);
    var go = el("button", { type: "submit" }, button);
    box.appendChild(go);
    box.addEventListener("submit", function (event) { event.preventDefault(); submit(control.value); });
    parent.appendChild(box);
    return box;
  }

  function button(label, key, extra) {
    var made = el("button", Object.assign({ type: "button", "class": "jm-edit-button", "data-jm-key": key }, extra || {}));
    made.appendChild(el("span", { "aria-hidden": "true" }, "✎"));
    made.appendChild(el("span", { "class": "jm-sr-only" }, label));
    return made;
  }

  // -- what edit mode is, and undo ----------------------------------------------------

  var bar = el("div", { "class": "jm-edit-bar", role: "region", "aria-label": t("editing") });
  bar.appendChild(el("p", {}, t("help", { file: data.file })));
  var undo = el("button", { type: "button", "data-jm-key": "undo" }, t("undo"));
  undo.addEventListener("click", function () { send({ op: "undo" }, t("undo_what"), "undo"); });
  bar.appendChild(undo);
  var scroller = table.closest(".jm-map-scroll") || table;
  scroller.parentNode.insertBefore(bar, scroller);

  // -- the map's columns, steps and stages ---------------------------------------------

  var steps = [], stages = {};
  data.stages.forEach(function (stage) {
    stages[stage.id] = stage;
    stage.steps.forEach(function (step) { step.stage = stage.id; steps.push(step); });
  });
  var columns = Array.prototype.slice.call(table.querySelectorAll(".jm-step-row th.jm-step"));
  var columnStep = [];
  var next = 0;
  columns.forEach(function (th) {
    columnStep.push(th.classList.contains("jm-step--placeholder") ? null : steps[next++] || null);
  });
  if (next !== steps.length) return; // the page and its source disagree: edit nothing

  function title(step) { return step.title || step.id; }

  // cells of text, channel and owner
  function editCell(step, lane, key) {
    var what = t("field_of", { field: laneName(lane), step: title(step) });
    open(t("edit", { what: what }), function (box, problems) {
      if (lane === "channel" || lane === "owner") {
        var select = el("select");
        select.appendChild(el("option", { value: "" }, t("none")));
        data[lane === "channel" ? "channels" : "owners"].forEach(function (choice) {
          var option = el("option", { value: choice.id }, choice.label + " (" + choice.id + ")");
          if (choice.id === step[lane]) option.selected = true;
          select.appendChild(option);
        });
        form(box, laneName(lane), select, t("save"), function (value) {
          send({ op: "set", step: step.id, field: lane, persona: null, value: value || null }, what, key, problems);
        });
        return;
      }
      var list = LIST_LANES.indexOf(lane) !== -1;
      var area = el("textarea", { rows: "6", cols: "50" });
      area.value = list ? step[lane].join("\n") : step[lane] || "";
      var label = t(list ? "markdown_list" : "markdown", { field: laneName(lane) });
      form(box, label, area, t("save"), function (value) {
        var sent = list ? value.split("\n") : value;
        send({ op: "set", step: step.id, field: lane, persona: null, value: sent }, what, key, problems);
      });
      area.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) area.form.requestSubmit();
      });
    });
  }

  ["channel", "owner"].concat(TEXT_LANES, LIST_LANES).forEach(function (lane) {
    var row = table.querySelector("tr.jm-lane--" + lane);
    if (!row) return;
    var cells = row.querySelectorAll("td");
    columnStep.forEach(function (step, index) {
      var cell = cells[index];
      if (!step || !cell) return;
      // a list whose items hold several lines is edited in the file: one a line would split them
      if (LIST_LANES.indexOf(lane) !== -1 && (!step[lane] || step[lane].some(function (item) {
        return item.indexOf("\n") !== -1;
      }))) return;
      var key = "cell:" + lane + ":" + step.id;
      var made = button(t("edit_field", { field: laneName(lane).toLowerCase(), step: title(step) }), key);
      made.addEventListener("click", function (event) { event.stopPropagation(); editCell(step, lane, key); });
      cell.classList.add("jm-editable");
      cell.appendChild(made);
      cell.addEventListener("click", function (event) {
        if (event.target.closest("a, button")) return;
        editCell(step, lane, key);
      });
    });
  });

  // steps: title, moment of truth, add, move, remove
  function editStep(step, key) {
    var what = t("step", { step: title(step) });
    open(t("edit", { what: what }), function (box, problems) {
      var name = el("input", { type: "text", size: "40" });
      name.value = step.title || "";
      form(box, t("title"), name, t("save_title"), function (value) {
        send({ op: "set", step: step.id, field: "title", persona: null, value: value }, t("title_of", { what: what }), key, problems);
      });
      var mot = el("input", { type: "checkbox" });
      mot.checked = !!step.moment_of_truth;
      field(box, t("moment_of_truth"), mot).addEventListener("change", function () {
        send({ op: "set", step: step.id, field: "moment_of_truth", persona: null, value: mot.checked },
          t("moment_of", { what: what }), key, problems);
      });
      var added = el("input", { type: "text", size: "40" });
      form(box, t("new_step_after"), added, t("add_step"), function (value) {
        send({ op: "add_step", after: step.id, title: value }, t("new_step", { title: value }), key, problems);
      });
      var where = el("select");
      data.stages.forEach(function (stage) {
        where.appendChild(el("option", { value: "first:" + stage.id }, t("first_in", { stage: stage.name })));
        stage.steps.forEach(function (other, index) {
          if (other.id === step.id) {
            // where it is now comes chosen: Move without a choice changes nothing
            where.value = index ? "after:" + stage.steps[index - 1].id : "first:" + stage.id;
            return;
          }
          where.appendChild(el("option", { value: "after:" + other.id }, t("after", { step: title(other) })));
        });
      });
      form(box, t("move_step"), where, t("move"), function (value) {
        var after = value.indexOf("after:") === 0 ? value.slice(6) : null;
        var stage = after ? null : value.slice(6);
        send({ op: "move_step", step: step.id, after: after, stage: stage }, t("move_of", { what: what }), key, problems);
      });
      var remove = el("button", { type: "button", "class": "jm-edit-danger" }, t("remove_step"));
      remove.addEventListener("click", function () {
        send({ op: "remove_step", step: step.id }, t("removal_of", { what: what }), "stage:" + step.stage, problems);
      });
      box.appendChild(remove);
    });
  }

  columns.forEach(function (th, index) {
    var step = columnStep[index];
    if (!step) return;
    var key = "step:" + step.id;
    var made = button(t("edit_step", { step: title(step) }), key);
    made.addEventListener("click", function () { editStep(step, key); });
    th.appendChild(made);
  });

  // stages: rename, add a step first, add a stage after
  function editStage(stage, key) {
    var what = t("stage", { stage: stage.name });
    open(t("edit", { what: what }), function (box, problems) {
      var name = el("input", { type: "text", size: "40" });
      name.value = stage.name || "";
      form(box, t("name"), name, t("rename"), function (value) {
        send({ op: "set_stage", stage: stage.id, field: "name", value: value }, t("name_of", { what: what }), key, problems);
      });
      var first = el("input", { type: "text", size: "40" });
      form(box, t("new_step_first"), first, t("add_step"), function (value) {
        send({ op: "add_step", after: null, stage: stage.id, title: value }, t("new_step", { title: value }), key, problems);
      });
      var after = el("input", { type: "text", size: "40" });
      form(box, t("new_stage_after"), after, t("add_stage"), function (value) {
        send({ op: "add_stage", after: stage.id, name: value }, t("new_stage", { name: value }), key, problems);
      });
    });
  }

  table.querySelectorAll(".jm-stage-row th.jm-stage").forEach(function (th, index) {
    var stage = data.stages[index];
    if (!stage) return;
    var key = "stage:" + stage.id;
    var made = button(t("edit_stage", { stage: stage.name }), key);
    made.addEventListener("click", function () { editStage(stage, key); });
    th.querySelector(".jm-stage-head").appendChild(made);
  });

  // -- emotion points: a slider each, dragged or moved with the arrow keys --------------

  var curve = table.querySelector("td.jm-curve");
  var svg = curve && curve.querySelector("svg.jm-curve-svg");
  if (!svg) return;
  var layer = el("div", { "class": "jm-edit-points" });
  curve.appendChild(layer);
  // where the curve draws the ends of the scale: its highest and lowest grid lines
  var HEIGHT = svg.viewBox.baseVal.height;
  var levels = Array.prototype.map.call(svg.querySelectorAll("line.jm-grid, line.jm-zero"), function (line) {
    return line.y1.baseVal.value;
  });
  var TOP = levels.length ? Math.min.apply(null, levels) : 16;
  var BOTTOM = levels.length ? Math.max.apply(null, levels) : 78;
  var single = data.personas.length <= 1;
  var names = {};
  data.personas.forEach(function (p) { names[p.id] = p.name; });

  function place() {
    var box = svg.getBoundingClientRect(), cell = curve.getBoundingClientRect();
    layer.style.left = (box.left - cell.left) + "px";
    layer.style.top = (box.top - cell.top) + "px";
    layer.style.width = box.width + "px";
    layer.style.height = box.height + "px";
  }
  function yOf(value) { return BOTTOM - (value - scale[0]) / (scale[1] - scale[0]) * (BOTTOM - TOP); }
  function valueAt(clientY) {
    var box = layer.getBoundingClientRect();
    var y = (clientY - box.top) / box.height * HEIGHT;
    var value = scale[0] + (BOTTOM - y) / (BOTTOM - TOP) * (scale[1] - scale[0]);
    return Math.max(scale[0], Math.min(scale[1], Math.round(value)));
  }

  columnStep.forEach(function (step, index) {
    if (!step) return;
    var who = step.actors.length ? step.actors : data.personas.map(function (p) { return p.id; });
    if (single) who = [null]; // one persona: the step's one emotion is theirs
    who.forEach(function (persona, order) {
      var current = step.emotion !== null && typeof step.emotion === "object" ?
        step.emotion[persona] : step.emotion;
      var known = typeof current === "number";
      var value = known ? current : Math.round((scale[0] + scale[1]) / 2);
      var name = persona ? (names[persona] || persona) : (data.personas[0] || {}).name || "";
      var key = "point:" + step.id + ":" + (persona || "");
      var point = el("div", {
        role: "slider", tabindex: "0", "class": "jm-edit-point jm-edit-point--" + (order % 4),
        "aria-label": name ? t("point_of", { name: name, step: title(step) }) : t("point", { step: title(step) }),
        "aria-valuemin": String(scale[0]), "aria-valuemax": String(scale[1]),
        "aria-orientation": "vertical", "data-jm-key": key
      });
      function show(v, unsaved) {
        value = v;
        point.setAttribute("aria-valuenow", String(v));
        point.setAttribute("aria-valuetext", known || unsaved ? String(v) : t("no_emotion"));
        point.style.left = ((50 + 100 * index) / (100 * columns.length) * 100) + "%";
        // the points of several personas at one value stay apart, each within reach
        point.style.transform = "translateX(" + ((order - (who.length - 1) / 2) * 14) + "px)";
        point.style.top = (yOf(v) / HEIGHT * 100) + "%";
        point.classList.toggle("jm-edit-point--none", !known && !unsaved);
      }
      show(value, false);
      var saved = known ? value : null;
      function save() {
        if (value === saved) return;
        send({ op: "set", step: step.id, field: "emotion", persona: single ? null : persona, value: value },
          (name ? t("emotion_of_what", { name: name, step: title(step), value: value }) :
            t("emotion_what", { step: title(step), value: value })), key);
      }
      var timer = null;
      point.addEventListener("keydown", function (event) {
        var v = value;
        if (event.key === "ArrowUp" || event.key === "ArrowRight") v += 1;
        else if (event.key === "ArrowDown" || event.key === "ArrowLeft") v -= 1;
        else if (event.key === "Home") v = scale[0];
        else if (event.key === "End") v = scale[1];
        else if (event.key === "Enter") { window.clearTimeout(timer); save(); return; }
        else return;
        event.preventDefault();
        show(Math.max(scale[0], Math.min(scale[1], v)), true);
        window.clearTimeout(timer);
        timer = window.setTimeout(save, 900); // a few presses make one edit
      });
      point.addEventListener("pointerdown", function (event) {
        event.preventDefault();
        point.focus();
        point.setPointerCapture(event.pointerId);
        point.classList.add("jm-edit-point--dragged");
      });
      point.addEventListener("pointermove", function (event) {
        if (point.hasPointerCapture(event.pointerId)) show(valueAt(event.clientY), true);
      });
      point.addEventListener("pointerup", function (event) {
        if (!point.hasPointerCapture(event.pointerId)) return;
        point.releasePointerCapture(event.pointerId);
        point.classList.remove("jm-edit-point--dragged");
        show(valueAt(event.clientY), true);
        save();
      });
      layer.appendChild(point);
    });
  });
  place();
  window.addEventListener("resize", place);
  if (window.ResizeObserver) new ResizeObserver(place).observe(svg);
})();
