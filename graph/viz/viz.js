/* nordgraph network view. Every string from the data is untrusted document text: it reaches
   the page only through textContent, DOM properties or the canvas, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("nordgraph-data").textContent);
  var container = document.getElementById("network");
  var GLYPHS = {dot: "\u25CF", square: "\u25A0", diamond: "\u25C6", triangle: "\u25B2", star: "\u2605",
                hexagon: "\u2B22", triangleDown: "\u25BC"};
  var RELAYOUT_MIN_VELOCITY = 0.05;
  var LABEL_PX = 12, LABEL_CHARS = 40, MAX_LABELS = 400, TOOLTIP_QUOTES = 2;
  var labelStyle = {}, typeStyle = {}, byId = new Map(), edgeById = new Map();
  data.labels.forEach(function (l) { labelStyle[l.name] = l; });
  data.types.forEach(function (t) { typeStyle[t.name] = t; });
  data.nodes.forEach(function (n) { byId.set(n.id, n); });
  data.edges.forEach(function (e) { edgeById.set(e.id, e); });

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function fold(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  document.title = data.title;
  document.getElementById("title").textContent = data.title;
  document.getElementById("counts").textContent =
    data.nodes.length + " nodes, " + data.edges.length + " relationships; node size by " + data.sizeBy;
  if (data.banner) {
    var banner = document.getElementById("banner");
    banner.textContent = data.banner.charAt(0).toUpperCase() + data.banner.slice(1);
    banner.hidden = false;
  }
  var status = document.getElementById("status");

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var style = labelStyle[n.label];
    return {id: n.id, x: n.x, y: n.y, shape: style.shape, size: n.size,
            color: {background: n.color, border: "#333",
                    highlight: {background: n.color, border: "#000"},
                    hover: {background: n.color, border: "#000"}}};
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var style = typeStyle[e.type];
    var edge = {id: e.id, from: e.from, to: e.to, width: e.width || 1, dashes: style.dashes,
                arrows: style.arrows ? "to" : "", color: {color: style.color, opacity: 0.75,
                highlight: style.color, hover: style.color}};
    if (e.smooth) { edge.smooth = e.smooth; }
    return edge;
  }));
  var layoutStart = performance.now();
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  var api = {ready: false, layoutMs: null, layouts: 0, labelBoxes: [], hiddenLabels: new Set(),
             hiddenTypes: new Set(), hideIsolated: false};
  window.network = network;
  window.nordgraphViz = api;

  // -- the host page's hook: a view in an iframe tells its parent, by window.postMessage, when
  // it is ready and which node was clicked: {nordgraph: "viz", event: "ready", nodes: N} and
  // {nordgraph: "viz", event: "node", id: KEY}. Sent only to a parent of the view's own origin
  // (the targetOrigin), so another site framing the view learns nothing; the host checks the
  // sender (event.origin and event.source) in turn. A view opened as a file has no parent. --
  function tellHost(message) {
    if (window.parent === window || window.location.origin === "null") { return; }
    message.nordgraph = "viz";
    window.parent.postMessage(message, window.location.origin);
  }
  api.tellHost = tellHost;

  // -- layout: the nodes arrive placed (graph.viz.layout), so the first picture needs no physics;
  // a re-layout after a filter runs it within bounded iterations, then holds still --
  function settled() {
    if (api.ready) { return; }
    network.setOptions({physics: {enabled: false}});
    network.fit({animation: false});
    api.layouts += 1;
    api.ready = true;
    api.layoutMs = performance.now();
    status.textContent = "";
    network.redraw();
    tellHost({event: "ready", nodes: nodes.length, layouts: api.layouts});
  }
  // After a filter the shown nodes lay out again among themselves (hidden ones leave the
  // physics), within the same bounds as the first layout.
  function relayout() {
    if (!nodes.get({filter: function (n) { return !n.hidden; }}).length) { return; }
    // From rest a changed graph starts slowly: a lower velocity floor keeps it moving until the
    // shown nodes have found their places (still within the iteration and time bounds)
    network.setOptions({physics: {enabled: true, minVelocity: RELAYOUT_MIN_VELOCITY}});
    // stabilize() first stops the running simulation, which says "stabilized" at once: the
    // layout counts as under way only from here on
    network.stabilize(data.options.physics.stabilization.iterations);
    api.ready = false;
    layoutStart = performance.now();
  }
  api.relayout = relayout;
  network.on("stabilizationProgress", function (p) {
    status.textContent = "laying out " + Math.round(100 * p.iterations / p.total) + "%";
    // A slow machine or a big graph stops at the time budget: the positions from Python
    // are already laid out, so the picture is usable even if not fully settled.
    if (performance.now() - layoutStart > data.layoutBudgetMs) { network.stopSimulation(); }
  });
  network.on("stabilizationIterationsDone", settled);
  network.on("stabilized", settled);
  settled();

  // -- labels: drawn on the canvas, biggest nodes first, skipping any that would overlap --
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = LABEL_PX + "px system-ui, sans-serif";
  var order = data.nodes.slice().sort(function (a, b) {  // ties by id, so "the largest" is one set
    return b.size - a.size || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
  var texts = new Map();
  function labelText(n) {
    if (!texts.has(n.id)) {
      var t = n.name.length > LABEL_CHARS ? n.name.slice(0, LABEL_CHARS - 1) + "\u2026" : n.name;
      texts.set(n.id, {text: t, width: measure.measureText(t).width});
    }
    return texts.get(n.id);
  }
  function overlaps(a, b) { return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2; }
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale();
    var w = container.clientWidth, h = container.clientHeight;
    var origin = network.DOMtoCanvas({x: 0, y: 0});
    var selected = new Set(network.getSelectedNodes());
    // Always labelled, even over other labels: the focused entity, the selection and the largest
    // shown nodes; every other label only where it is free.
    var shown = order.filter(function (n) { var b = network.body.nodes[n.id]; return b && !b.options.hidden; });
    var must = new Set(shown.slice(0, data.alwaysLabelled).map(function (n) { return n.id; }));
    selected.forEach(function (id) { must.add(id); });
    if (data.focus) { must.add(data.focus); }
    var list = shown.filter(function (n) { return n.id === data.focus; })
      .concat(shown.filter(function (n) { return selected.has(n.id) && n.id !== data.focus; }),
              shown.filter(function (n) { return must.has(n.id); }), shown);
    var boxes = [], grid = new Map(), cell = 80, done = new Set();
    function cells(box, visit) {
      for (var gx = Math.floor(box.x1 / cell); gx <= Math.floor(box.x2 / cell); gx++) {
        for (var gy = Math.floor(box.y1 / cell); gy <= Math.floor(box.y2 / cell); gy++) { visit(gx + "," + gy); }
      }
    }
    function occupy(box) {
      cells(box, function (k) { if (!grid.has(k)) { grid.set(k, []); } grid.get(k).push(box); });
    }
    function clashes(box) {  // how much a box would cover: a label counts more than a node
      var hit = new Set(), cost = 0;
      cells(box, function (k) {
        (grid.get(k) || []).forEach(function (other) {
          if (other !== box.node && !hit.has(other) && overlaps(box, other)) { hit.add(other); cost += other.node ? 100 : 1; }
        });
      });
      return cost;
    }
    function clamp(box) {  // slid inside the view, for a label that must be drawn
      var dx = Math.max(0, -box.x1) - Math.max(0, box.x2 - w), dy = Math.max(0, -box.y1) - Math.max(0, box.y2 - h);
      return {node: box.node, x1: box.x1 + dx, x2: box.x2 + dx, y1: box.y1 + dy, y2: box.y2 + dy};
    }
    var marks = new Map();
    order.forEach(function (n) {  // the nodes themselves are obstacles too: no label hides a node
      var body = network.body.nodes[n.id];
      if (!body || body.options.hidden) { return; }
      var sx = (body.x - origin.x) * scale, sy = (body.y - origin.y) * scale, r = n.size * scale;
      if (sx < -200 || sx > w + 200 || sy < -50 || sy > h + 50) { return; }
      var mark = {x1: sx - r, x2: sx + r, y1: sy - r, y2: sy + r};
      marks.set(n.id, mark);
      occupy(mark);
    });
    ctx.save();
    ctx.font = (LABEL_PX / scale) + "px system-ui, sans-serif";
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.lineWidth = 3 / scale;
    ctx.strokeStyle = "rgba(255,255,255,0.9)";
    ctx.fillStyle = "#111";
    for (var i = 0; i < list.length && boxes.length < MAX_LABELS; i++) {
      var n = list[i], body = network.body.nodes[n.id];
      if (done.has(n.id) || !body || body.options.hidden) { continue; }
      done.add(n.id);
      if (!marks.has(n.id)) { continue; }
      var sx = (body.x - origin.x) * scale, sy = (body.y - origin.y) * scale;
      var label = labelText(n), r = n.size * scale, lw = label.width + 4, lh = LABEL_PX + 3;
      // below, above, right, left of the node: the first place that is free
      var places = [[sx - lw / 2, sy + r + 2], [sx - lw / 2, sy - r - 2 - lh], [sx + r + 3, sy - lh / 2],
                    [sx - r - 3 - lw, sy - lh / 2]];
      if (must.has(n.id)) {  // a label that must be drawn may also stand a few lines off its node
        for (var step = 1; step <= 3; step++) {
          places.push([sx - lw / 2, sy + r + 2 + step * lh], [sx - lw / 2, sy - r - 2 - (step + 1) * lh],
                      [sx + r + 3, sy - lh / 2 + step * lh], [sx + r + 3, sy - lh / 2 - step * lh]);
        }
      }
      var box = null, best = null, bestCost = Infinity;
      for (var j = 0; j < places.length && !box; j++) {
        var candidate = {node: marks.get(n.id), x1: places[j][0], x2: places[j][0] + lw,
                         y1: places[j][1], y2: places[j][1] + lh};
        var inside = candidate.x1 >= 0 && candidate.x2 <= w && candidate.y1 >= 0 && candidate.y2 <= h;
        var cost = clashes(inside ? candidate : clamp(candidate));
        if (inside && cost === 0) { box = candidate; }
        else if (cost < bestCost) { best = clamp(candidate); bestCost = cost; }
      }
      if (!box && must.has(n.id)) { box = best; }
      if (!box) { continue; }
      occupy(box);
      var forced = !!best && box === best;
      boxes.push({id: n.id, x1: box.x1, x2: box.x2, y1: box.y1, y2: box.y2, forced: forced});
      var x = origin.x + (box.x1 + 2) / scale, y = origin.y + (box.y1 + 1) / scale;
      if (forced) {  // drawn over others: on a card of its own, so it stays legible
        ctx.fillStyle = "rgba(255,255,255,0.88)";
        ctx.fillRect(origin.x + box.x1 / scale, origin.y + box.y1 / scale, (box.x2 - box.x1) / scale,
                     (box.y2 - box.y1) / scale);
        ctx.fillStyle = "#111";
      }
      ctx.strokeText(label.text, x, y);
      ctx.fillText(label.text, x, y);
    }
    ctx.restore();
    api.labelBoxes = boxes;
  });

  // -- tooltips and the detail panel, built from DOM nodes with textContent --
  function describe(kind, id, full) {
    var box = document.createDocumentFragment(), item;
    if (kind === "node") {
      item = byId.get(id);
      box.appendChild(el("div", item.name, "item-name"));
      box.appendChild(el("div", item.label, "item-kind"));
      if (item.aliases.length) { box.appendChild(el("div", "Also: " + item.aliases.join(", "))); }
      if (item.country.length) { box.appendChild(el("div", "Country: " + item.country.join(", "))); }
    } else {
      item = edgeById.get(id);
      box.appendChild(el("div", byId.get(item.from).name + " \u2014" + item.type + "\u2192 " + byId.get(item.to).name, "item-name"));
      if (item.weight !== undefined) {
        box.appendChild(el("div", "Shared projects (" + item.weight + "): " + (item.projects || []).join(", ")));
      }
    }
    if (item.evidenceCount) {
      box.appendChild(el("div", "Evidence (" + item.evidenceCount + ")", "item-kind"));
      var quotes = full ? item.evidence : item.evidence.slice(0, TOOLTIP_QUOTES);
      quotes.forEach(function (e) {
        box.appendChild(el("div", "\u201C" + e.quote + "\u201D", "quote"));
        box.appendChild(el("div", "\u2014 " + e.doc, "doc"));
      });
      var more = item.evidenceCount - quotes.length;
      if (more > 0) { box.appendChild(el("div", "\u2026 and " + more + " more (nordgraph show)", "doc")); }
    }
    return box;
  }
  var tooltip = document.getElementById("tooltip"), detail = document.getElementById("detail");
  function showTooltip(kind, id, pointer) {
    var rect = container.getBoundingClientRect();
    tooltip.replaceChildren(describe(kind, id, false));
    tooltip.style.left = Math.min(rect.left + pointer.x + 14, window.innerWidth - 370) + "px";
    tooltip.style.top = (rect.top + pointer.y + 14) + "px";
    tooltip.hidden = false;
  }
  function hideTooltip() { tooltip.hidden = true; }
  function showDetail(kind, id) {
    detail.replaceChildren(describe(kind, id, true));
    detail.hidden = false;
  }
  network.on("hoverNode", function (p) { showTooltip("node", p.node, p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTooltip("edge", p.edge, p.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);
  network.on("click", function (p) {
    if (p.nodes.length) { showDetail("node", p.nodes[0]); tellHost({event: "node", id: p.nodes[0]}); }
    else if (p.edges.length) { showDetail("edge", p.edges[0]); }
    else { detail.hidden = true; }
  });

  // -- filters: the legend's check boxes hide labels and relationship types, and nodes left
  // without a shown relationship when asked; then what is shown lays out again --
  function applyFilters() {
    var nodeChanges = [], edgeChanges = [], hidden = new Set(), linked = new Set();
    data.nodes.forEach(function (n) { if (api.hiddenLabels.has(n.label)) { hidden.add(n.id); } });
    var edgeHidden = data.edges.map(function (e) {
      var hide = api.hiddenTypes.has(e.type) || hidden.has(e.from) || hidden.has(e.to);
      if (!hide) { linked.add(e.from); linked.add(e.to); }
      return hide;
    });
    data.nodes.forEach(function (n) {
      var hide = hidden.has(n.id) || (api.hideIsolated && !linked.has(n.id) && n.id !== data.focus);
      if (!!nodes.get(n.id).hidden !== hide) { nodeChanges.push({id: n.id, hidden: hide, physics: !hide}); }
    });
    data.edges.forEach(function (e, i) {
      if (!!edges.get(e.id).hidden !== edgeHidden[i]) {
        edgeChanges.push({id: e.id, hidden: edgeHidden[i], physics: !edgeHidden[i]});
      }
    });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
    if (nodeChanges.length || edgeChanges.length) { relayout(); }
  }
  var isolatedBox = document.getElementById("hide-isolated");
  isolatedBox.addEventListener("change", function () {
    api.hideIsolated = isolatedBox.checked;
    applyFilters();
  });
  function legend(listId, entries, hiddenSet, swatch) {
    var list = document.getElementById(listId);
    entries.forEach(function (entry) {
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.dataset.name = entry.name;
      box.addEventListener("change", function () {
        if (box.checked) { hiddenSet.delete(entry.name); } else { hiddenSet.add(entry.name); }
        applyFilters();
      });
      var label = el("label");
      label.append(box, swatch(entry), el("span", entry.name), el("span", entry.count, "count"));
      var li = el("li");
      li.appendChild(label);
      list.appendChild(li);
    });
  }
  legend("legend-labels", data.labels, api.hiddenLabels, function (l) {
    var s = el("span", GLYPHS[l.shape] || "\u25CF", "swatch");
    s.style.color = data.colours ? "#555" : l.color;  // coloured by something else: the shape says the label
    return s;
  });
  if (data.colours) {
    var colourList = document.getElementById("legend-colours");
    document.getElementById("colour-heading").textContent = "Colour: " + data.colourBy;
    data.colours.forEach(function (g) {
      var swatch = el("span", "\u25CF", "swatch"), li = el("li");
      swatch.style.color = g.color;
      li.append(swatch, el("span", g.name), el("span", g.count, "count"));
      li.className = "colour";
      colourList.appendChild(li);
    });
    document.getElementById("colours").hidden = false;
  }
  legend("legend-types", data.types, api.hiddenTypes, function (t) {
    var s = el("span", null, t.dashes ? "line dashed" : "line");
    s.style.borderTopColor = t.color;
    return s;
  });

  if (data.arrowsOmitted) {
    document.getElementById("legend-types").appendChild(
      el("li", "Arrowheads left out: too many relationships to draw them quickly.", "count"));
  }

  // -- search by name, alias or id --
  var index = data.nodes.map(function (n) {
    return {id: n.id, keys: [n.name, n.id].concat(n.aliases).map(fold)};
  });
  var search = document.getElementById("search"), results = document.getElementById("results");
  function matches(text) {
    var q = fold(text.trim());
    if (!q) { return []; }
    var exact = [], prefix = [], inside = [];
    index.forEach(function (entry) {
      if (entry.keys.indexOf(q) >= 0) { exact.push(entry.id); }
      else if (entry.keys.some(function (k) { return k.startsWith(q); })) { prefix.push(entry.id); }
      else if (entry.keys.some(function (k) { return k.indexOf(q) >= 0; })) { inside.push(entry.id); }
    });
    return exact.concat(prefix, inside);
  }
  function go(id) {
    var n = byId.get(id);
    if (api.hiddenLabels.has(n.label)) {
      api.hiddenLabels.delete(n.label);
      document.querySelector("#legend-labels input[data-name=\"" + CSS.escape(n.label) + "\"]").checked = true;
      applyFilters();
    }
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.2), animation: false});
    showDetail("node", id);
  }
  api.search = matches;
  api.go = go;
  search.addEventListener("input", function () {
    var found = matches(search.value);
    results.replaceChildren.apply(results, found.slice(0, 15).map(function (id) {
      var n = byId.get(id), button = el("button", n.name + " (" + n.label + ")"), li = el("li");
      button.type = "button";
      button.addEventListener("click", function () { go(id); });
      li.appendChild(button);
      return li;
    }));
    if (search.value.trim() && !found.length) { results.replaceChildren(el("li", "no match")); }
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = matches(search.value);
      if (found.length) { go(found[0]); }
    }
  });
})();
