/* nordgraph workbench. Every string from the server is untrusted document text: it reaches the
   page only through textContent and DOM properties, never as HTML.

   The Cypher editor is a textarea under a highlighted copy of its text (a <pre> of spans), with a
   completion list of the graph's labels, relationship types, property keys and Cypher's keywords.
   Hand-written because PyPI ships CodeMirror and Ace only inside framework plugins (Django,
   Flask, Jupyter), and npm is not a step allowed to install or run nordgraph. */
(function () {
  "use strict";
  var KEYWORDS = ["MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "UNWIND", "ORDER", "BY", "LIMIT", "SKIP",
    "DISTINCT", "AS", "AND", "OR", "NOT", "XOR", "IN", "IS", "NULL", "TRUE", "FALSE", "CASE", "WHEN", "THEN",
    "ELSE", "END", "UNION", "ALL", "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "ON", "CALL",
    "YIELD", "EXISTS", "COUNT", "ASC", "DESC", "STARTS", "ENDS", "CONTAINS", "shortestPath", "collect",
    "count", "size", "labels", "type", "coalesce", "toLower", "toUpper", "nodes", "relationships"];
  var KW = new Set(KEYWORDS.map(function (k) { return k.toUpperCase(); }));
  var HISTORY_KEY = "nordgraph.workbench.history", HISTORY_MAX = 50;
  var $ = function (id) { return document.getElementById(id); };
  var schema = {labels: [], types: [], keys: [], relationTypes: []};
  // what the page is doing, for people reading the code and for the browser tests and benchmarks
  var state = {result: null, results: 0, tab: "table", graphReady: false, nodeId: null, chartReady: false, busy: 0};
  window.workbench = state;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function busy(delta, text) {
    state.busy += delta;
    $("status").textContent = state.busy > 0 ? (text || "working\u2026") : "";
  }
  function message(text, kind) {
    var box = $("message");
    box.textContent = text || "";
    box.className = kind || "";
    box.hidden = !text;
  }
  function api(path, body) {
    busy(1);
    var init = body === undefined ? {} : {method: "POST", headers: {"Content-Type": "application/json"},
                                            body: JSON.stringify(body)};
    return fetch(path, init).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.error || ("HTTP " + response.status)); }
        return data;
      });
    }).finally(function () { busy(-1); });
  }

  // -- the editor: highlighting ----------------------------------------------------------------
  var editor = $("editor"), highlight = $("highlight"), complete = $("complete");
  var TOKENS = /(\/\/[^\n]*|\/\*[\s\S]*?\*\/)|('(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?)|(:\s*`[^`]*`?|:\s*[A-Za-z_][\w]*)|(\$[A-Za-z_]\w*)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_]\w*)/g;
  function paint() {
    var text = editor.value, parts = [], last = 0, m;
    TOKENS.lastIndex = 0;
    while ((m = TOKENS.exec(text)) !== null) {
      if (m.index > last) { parts.push(document.createTextNode(text.slice(last, m.index))); }
      var cls = m[1] ? "t-com" : m[2] ? "t-str" : m[3] ? "t-label" : m[4] ? "t-param" : m[5] ? "t-num"
        : KW.has(m[6].toUpperCase()) ? "t-kw" : null;
      parts.push(cls ? el("span", m[0], cls) : document.createTextNode(m[0]));
      last = m.index + m[0].length;
    }
    parts.push(document.createTextNode(text.slice(last) + "\n"));
    highlight.replaceChildren.apply(highlight, parts);
    highlight.scrollTop = editor.scrollTop;
  }
  editor.addEventListener("scroll", function () { highlight.scrollTop = editor.scrollTop; });

  // -- the editor: completion ------------------------------------------------------------------
  var choices = [], active = 0, wordStart = 0;
  function candidates() {
    var upto = editor.value.slice(0, editor.selectionStart);
    var m = /([:.]?)\s*([A-Za-z_]\w*)?$/.exec(upto);
    var prefix = (m && m[2]) || "", sigil = m ? m[1] : "";
    wordStart = editor.selectionStart - prefix.length;
    var pool = sigil === ":" ? schema.labels.concat(schema.types)
      : sigil === "." ? schema.keys : KEYWORDS;
    if (!prefix && !sigil) { return []; }
    var low = prefix.toLowerCase();
    return pool.filter(function (c) { return c.toLowerCase().startsWith(low) && c !== prefix; }).slice(0, 30);
  }
  function showCompletion() {
    choices = candidates();
    active = 0;
    if (!choices.length) { complete.hidden = true; return; }
    complete.replaceChildren.apply(complete, choices.map(function (c, i) {
      var li = el("li", c, i === 0 ? "active" : "");
      li.addEventListener("mousedown", function (e) { e.preventDefault(); accept(i); });
      return li;
    }));
    var lines = editor.value.slice(0, editor.selectionStart).split("\n");
    complete.style.top = Math.min(20 * lines.length + 6 - editor.scrollTop, 100) + "px";
    complete.style.left = Math.min(8 * lines[lines.length - 1].length + 8, editor.clientWidth - 170) + "px";
    complete.hidden = false;
  }
  function accept(i) {
    var word = choices[i], end = editor.selectionStart;
    editor.value = editor.value.slice(0, wordStart) + word + editor.value.slice(end);
    editor.selectionStart = editor.selectionEnd = wordStart + word.length;
    complete.hidden = true;
    paint();
    editor.focus();
  }
  editor.addEventListener("input", function () { paint(); showCompletion(); });
  editor.addEventListener("blur", function () { complete.hidden = true; });
  editor.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); complete.hidden = true; runQuery(); return; }
    if (complete.hidden) { return; }
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : choices.length - 1)) % choices.length;
      Array.prototype.forEach.call(complete.children, function (li, i) { li.className = i === active ? "active" : ""; });
    } else if (e.key === "Tab" || e.key === "Enter") {
      e.preventDefault();
      accept(active);
    } else if (e.key === "Escape") {
      complete.hidden = true;
    }
  });

  // -- history ---------------------------------------------------------------------------------
  function history() {
    try { return JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]"); } catch (e) { return []; }
  }
  function remember(text) {
    var list = history().filter(function (t) { return t !== text; });
    list.unshift(text);
    localStorage.setItem(HISTORY_KEY, JSON.stringify(list.slice(0, HISTORY_MAX)));
    showHistory();
  }
  function showHistory() {
    $("history").replaceChildren.apply($("history"), history().map(function (text) {
      var li = el("li", text);
      li.title = text;
      li.addEventListener("click", function () { editor.value = text; paint(); editor.focus(); });
      return li;
    }));
  }

  // -- results ---------------------------------------------------------------------------------
  function isNode(v) {
    return !!v && typeof v === "object" && Array.isArray(v.labels) && !!v.properties && typeof v.properties.id === "string";
  }
  function cellText(v) {
    if (v === null || v === undefined) { return "null"; }
    if (isNode(v)) { return "(:" + v.labels.join(":") + " " + (v.properties.name || v.properties.id) + ")"; }
    if (v && typeof v === "object" && typeof v.type === "string" && v.properties) { return "[:" + v.type + "]"; }
    if (Array.isArray(v)) { return "[" + v.map(cellText).join(", ") + "]"; }
    return typeof v === "object" ? JSON.stringify(v) : String(v);
  }
  function nodeIdOf(v) { return isNode(v) ? v.properties.id : null; }
  function showResult(result) {
    state.result = result;
    state.results += 1;
    state.graphReady = false;
    var notes = result.notes.concat(result.notifications.map(function (n) { return n.description; }));
    message(notes.join("\n"), "note");
    var head = el("tr");
    result.columns.forEach(function (c) { head.appendChild(el("th", c)); });
    var rows = result.rows.map(function (row) {
      var tr = el("tr");
      result.columns.forEach(function (c) {
        var td = el("td", cellText(row[c])), id = nodeIdOf(row[c]);
        if (id) { td.className = "node"; td.addEventListener("click", function () { openNode(id); }); }
        tr.appendChild(td);
      });
      return tr;
    });
    var thead = el("thead"), tbody = el("tbody");
    thead.appendChild(head);
    tbody.replaceChildren.apply(tbody, rows);
    $("table").replaceChildren(thead, tbody);
    var changes = Object.keys(result.stats).map(function (k) { return k + " " + result.stats[k]; }).join(", ");
    $("summary").textContent = (result.total > result.rows.length ? "showing " + result.rows.length + " of " : "")
      + result.total + " row" + (result.total === 1 ? "" : "s") + (changes ? "; changes: " + changes : "");
    ["csv", "json", "graphml"].forEach(function (f) {
      $("dl-" + f).href = "/api/result/" + encodeURIComponent(result.id) + "/download." + f;
    });
    $("dl-graphml").hidden = !result.drawable;
    $("downloads").hidden = false;
    tabButton("graph").disabled = !result.drawable;
    select(result.drawable && state.tab === "graph" ? "graph" : state.tab === "chart" && result.series ? "chart" : "table");
  }
  function runQuery() {
    var text = editor.value;
    if (!text.trim()) { return; }
    remember(text);
    api("/api/query", {text: text, write: $("allow-write").checked}).then(showResult, function (err) { message(err.message); });
  }
  $("run").addEventListener("click", runQuery);

  // -- tabs: table, graph, chart -------------------------------------------------------------------
  function tabButton(name) { return document.querySelector("#tabs button[data-tab=\"" + name + "\"]"); }
  function select(name) {
    state.tab = name;
    ["table", "graph", "chart"].forEach(function (t) {
      $("panel-" + t).hidden = t !== name;
      tabButton(t).className = t === name ? "active" : "";
    });
    if (name === "graph") { drawGraph(); }
    if (name === "chart") { drawChart(); }
  }
  Array.prototype.forEach.call(document.querySelectorAll("#tabs button"), function (b) {
    b.addEventListener("click", function () { select(b.dataset.tab); });
  });

  var frame = $("graph-frame"), drawnFor = null;
  function drawGraph() {
    var result = state.result;
    $("graph-empty").hidden = !!(result && result.drawable);
    frame.hidden = !(result && result.drawable);
    if (!result || !result.drawable || drawnFor === result.id) { return; }
    drawnFor = result.id;
    state.graphReady = false;
    busy(1, "drawing\u2026");
    frame.src = "/api/result/" + encodeURIComponent(result.id) + "/view";
  }
  // The view is graph.viz's own page; it says when it is ready and which node was clicked by
  // postMessage (graph.viz's host hook). Only messages from that frame, of this origin, count.
  window.addEventListener("message", function (event) {
    var m = event.data;
    if (event.origin !== window.location.origin || event.source !== frame.contentWindow
        || !m || m.nordgraph !== "viz") { return; }
    if (m.event === "ready" && !state.graphReady) {
      state.graphReady = true;
      busy(-1);
    } else if (m.event === "node" && typeof m.id === "string") {
      openNode(m.id);
    }
  });

  // Vega (900 KB) loads when the first chart is drawn, so the workbench opens without it.
  var vegaLoaded = null;
  function charting() {
    if (!vegaLoaded) {
      vegaLoaded = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = "/static/vega.js";
        script.onload = resolve;
        script.onerror = function () { vegaLoaded = null; reject(new Error("the chart library did not load")); };
        document.body.appendChild(script);
      });
    }
    return vegaLoaded;
  }
  var chartView = null, chartsAsked = 0;
  function drawChart() {
    var name = $("chart-select").value, result = state.result, asked = ++chartsAsked;
    state.chartReady = false;
    if (chartView) { chartView.finalize(); chartView = null; }
    var spec;
    if (name === "result") {
      if (!result || !result.series) {
        $("chart-view").replaceChildren(el("p", "This result has no text and number columns to chart; choose a chart above."));
        return;
      }
      spec = Promise.resolve({
        $schema: "https://vega.github.io/schema/vega-lite/v5.json", width: 480,
        data: {values: result.rows},
        mark: {type: "bar", tooltip: true},
        encoding: {y: {field: result.series.category, type: "nominal", sort: "-x", axis: {labelLimit: 320}},
                   x: {field: result.series.value, type: "quantitative"}}});
    } else {
      spec = api("/api/chart/" + encodeURIComponent(name));
    }
    // a chart chosen since is the one to show: a slower earlier one neither draws nor counts
    Promise.all([spec, charting()]).then(function (loaded) {
      return asked === chartsAsked ? window.vegaEmbed("#chart-view", loaded[0], {actions: false, renderer: "svg"}) : null;
    }).then(function (embedded) {
      if (!embedded) { return; }
      if (asked !== chartsAsked) { embedded.finalize(); return; }
      chartView = embedded;
      state.chartReady = true;
    }, function (err) { message(err.message); });
  }
  $("chart-select").addEventListener("change", drawChart);

  // -- the node panel ------------------------------------------------------------------------------
  function quote(e, names) {
    // the quote as text, with the entity's names marked (found as text, added as text nodes)
    var box = el("div", null, "quote"), text = e.quote, at = 0, low = text.toLowerCase();
    while (at < text.length) {
      var next = -1, len = 0;
      names.forEach(function (n) {
        var i = n ? low.indexOf(n.toLowerCase(), at) : -1;
        if (i >= 0 && (next < 0 || i < next)) { next = i; len = n.length; }
      });
      if (next < 0) { break; }
      box.appendChild(document.createTextNode(text.slice(at, next)));
      box.appendChild(el("mark", text.slice(next, next + len)));
      at = next + len;
    }
    box.appendChild(document.createTextNode(text.slice(at)));
    var doc = el("div", "\u2014 ", "doc");
    if (e.url) {
      var a = el("a", e.title);
      a.href = e.url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      doc.appendChild(a);
    } else {
      doc.appendChild(document.createTextNode(e.title));
    }
    doc.appendChild(document.createTextNode(" (" + e.rule + (e.confidence !== null && e.confidence !== undefined ? ", " + e.confidence : "") + ")"));
    var frag = document.createDocumentFragment();
    frag.append(box, doc);
    return frag;
  }
  function openNode(id) {
    return api("/api/node?id=" + encodeURIComponent(id)).then(function (n) {
      state.nodeId = n.id;
      $("node").hidden = false;
      $("node-name").textContent = n.name;
      $("node-label").textContent = n.label + " \u00b7 " + n.id + (n.aliases.length ? " \u00b7 also " + n.aliases.join(", ") : "");
      var props = Object.keys(n.properties).map(function (k) {
        var tr = el("tr");
        tr.append(el("td", k), el("td", cellText(n.properties[k])));
        return tr;
      });
      $("node-props").replaceChildren.apply($("node-props"), props);
      var names = [n.name].concat(n.aliases);
      var neigh = [], evidence = n.evidence.map(function (e) { return quote(e, names); });
      Object.keys(n.neighbours).sort().forEach(function (type) {
        neigh.push(el("div", type + " (" + n.neighbours[type].length + ")", "neigh-type"));
        n.neighbours[type].forEach(function (m) {
          var row = el("div", m.name + " (" + m.label + ")", "neigh");
          row.addEventListener("click", function () { openNode(m.id); });
          neigh.push(row);
          m.evidence.forEach(function (e) { evidence.push(quote(e, names.concat([m.name]))); });
        });
      });
      $("node-neighbours").replaceChildren.apply($("node-neighbours"), neigh);
      $("node-evidence").replaceChildren.apply($("node-evidence"), evidence.length ? evidence : [el("p", "no evidence")]);
      fillCuration(n);
    }, function (err) { message(err.message); });
  }
  function expandTypes() {
    $("expand-types").replaceChildren.apply($("expand-types"), schema.relationTypes.map(function (t) {
      var label = el("label"), box = el("input");
      box.type = "checkbox";
      box.value = t;
      box.checked = t !== "LOCATED_IN";  // a country links everything in it: opt in
      label.append(box, document.createTextNode(" " + t));
      return label;
    }));
  }
  $("expand").addEventListener("click", function () {
    var types = Array.prototype.filter.call(document.querySelectorAll("#expand-types input"), function (b) { return b.checked; })
      .map(function (b) { return b.value; });
    api("/api/expand", {id: state.nodeId, types: types}).then(function (r) { showResult(r); select("graph"); },
                                                               function (err) { message(err.message); });
  });

  // -- curation ------------------------------------------------------------------------------------
  var FIELDS = {merge: [["keep", "keep (name, id or alias)"], ["others", "merge into it (one per line)", true], ["label", "label (optional)"]],
                rename: [["entity", "entity"], ["to", "new name"], ["label", "label (optional)"]],
                retype: [["entity", "entity"], ["to", "new label"], ["label", "current label (optional)"]],
                drop: [["source", "source"], ["type", "relation type"], ["target", "target"]],
                confirm: [["source", "source"], ["type", "relation type"], ["target", "target"]]};
  function curationFields() {
    var op = $("curate-op").value;
    $("curate-fields").replaceChildren.apply($("curate-fields"), FIELDS[op].map(function (f) {
      var label = el("label", f[1]), input = el(f[2] ? "textarea" : "input");
      input.id = "curate-" + f[0];
      input.name = f[0];
      label.appendChild(input);
      return label;
    }));
  }
  function fillCuration(n) {
    var first = document.querySelector("#curate-fields input, #curate-fields textarea");
    if (first && !first.value) { first.value = n.name; }
  }
  $("curate-op").addEventListener("change", curationFields);
  $("curate-apply").addEventListener("click", function () {
    var args = {note: $("curate-note").value};
    Array.prototype.forEach.call(document.querySelectorAll("#curate-fields input, #curate-fields textarea"),
                                 function (i) { args[i.name] = i.value; });
    var out = $("curate-message");
    api("/api/curate", {op: $("curate-op").value, args: args}).then(function (r) {
      out.className = "";
      out.textContent = r.message;
      if (state.nodeId) { openNode(state.nodeId).catch(function () { return null; }); }
    }, function (err) { out.className = "error"; out.textContent = err.message; });
  });

  // -- canned queries as forms from their typed headers --------------------------------------------
  function cannedForm(q) {
    var details = el("details"), form = el("form");
    details.appendChild(el("summary", q.name));
    form.appendChild(el("div", q.description, "help"));
    q.parameters.forEach(function (p) {
      var label = el("label", p.name + " (" + p.typeName + (p.required ? ")" : ", default " + cellText(p["default"]) + ")"));
      var input = el("input");
      input.name = p.name;
      input.dataset.type = p.type;
      input.placeholder = p.example || "";
      if (p.type === "integer" || p.type === "float") { input.type = "number"; }
      if (p.bounds) { input.min = p.bounds[0]; input.max = p.bounds[1]; }
      label.appendChild(el("div", p.description, "help"));
      label.appendChild(input);
      form.appendChild(label);
    });
    var go = el("button", "Run " + q.name);
    go.type = "submit";
    form.appendChild(go);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var params = {};
      Array.prototype.forEach.call(form.querySelectorAll("input"), function (i) {
        if (i.value === "") { return; }
        params[i.name] = i.dataset.type === "relations" ? i.value.split(/[,|\s]+/).filter(Boolean) : i.value;
      });
      api("/api/run", {name: q.name, params: params}).then(showResult, function (err) { message(err.message); });
    });
    details.appendChild(form);
    var li = el("li");
    li.appendChild(details);
    return li;
  }

  api("/api/schema").then(function (s) {
    schema = s;
    $("store").textContent = s.store;
    $("canned").replaceChildren.apply($("canned"), s.canned.map(cannedForm));
    expandTypes();
    state.ready = true;
  }, function (err) { message(err.message); });
  curationFields();
  showHistory();
  paint();
})();
