// dossier search: loads only the index files the typed words need, as you type.
// The index format is described in dossier's src/render/search.rs; words are split and
// lower-cased here exactly as the index builder does, and files are chosen by the same hash.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.fetch) return;
  var input = document.getElementById("search-q");
  var topicSelect = document.getElementById("search-topic");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  // Resolved against the page, so the site works under any sub-path.
  var root = new URL(form.getAttribute("data-root") || "", document.baseURI);
  var SHOWN = 20;
  var cache = {};
  var meta = null;
  var run = 0;
  var shown = 0;
  var current = [];

  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, root)).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
    }
    return cache[path];
  }

  function words(text) {
    var out = [];
    var found = text.match(/[\p{Alphabetic}\p{N}]+/gu) || [];
    for (var i = 0; i < found.length; i++) {
      var w = found[i];
      if (Array.from(w).length >= 2 && new TextEncoder().encode(w).length <= 40) out.push(w.toLowerCase());
    }
    return out;
  }

  // 32-bit FNV-1a of the UTF-8 bytes of the word's first two characters.
  function bucket(word) {
    var bytes = new TextEncoder().encode(Array.from(word).slice(0, 2).join(""));
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h & (meta.buckets - 1);
  }

  // A list of article numbers: differences (an array), or a hex bitmap (a string) where bit
  // n % 8 of byte n / 8 marks article n.
  function decode(list) {
    if (typeof list !== "string") return undelta(list);
    var out = [];
    for (var i = 0; i < list.length; i += 2) {
      var byte = parseInt(list.substr(i, 2), 16);
      for (var bit = 0; bit < 8; bit++) if (byte & (1 << bit)) out.push((i / 2) * 8 + bit);
    }
    return out;
  }

  function undelta(list) {
    var out = new Array(list.length);
    var n = 0;
    for (var i = 0; i < list.length; i++) {
      n += list[i];
      out[i] = n;
    }
    return out;
  }

  function intersect(a, b) {
    var out = [];
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) {
        out.push(a[i]);
        i++;
        j++;
      } else if (a[i] < b[j]) i++;
      else j++;
    }
    return out;
  }

  // The articles with `word`, or with any word starting with it when it is still being typed.
  function matches(word, prefix) {
    return load("search/terms/" + bucket(word) + ".json").then(function (terms) {
      if (!prefix) return terms[word] ? decode(terms[word]) : [];
      var seen = new Set();
      Object.keys(terms).forEach(function (t) {
        if (t.indexOf(word) === 0) decode(terms[t]).forEach(function (n) { seen.add(n); });
      });
      return Array.from(seen).sort(function (x, y) { return x - y; });
    });
  }

  function search() {
    var mine = ++run;
    var text = input.value;
    var topic = topicSelect.value;
    var query = words(text);
    var params = new URLSearchParams();
    if (text) params.set("q", text);
    if (topic) params.set("topic", topic);
    var search = params.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
    if (!query.length && !topic) {
      list.textContent = "";
      status.textContent = "";
      return;
    }
    // The last word is still being typed unless a space or punctuation follows it.
    var typing = /[\p{Alphabetic}\p{N}]$/u.test(text);
    var lookups = query.map(function (w, i) { return matches(w, typing && i === query.length - 1); });
    if (topic) lookups.push(load("search/topics/" + topic + ".json").then(decode));
    status.textContent = "Searching\u2026";
    Promise.all(lookups).then(function (lists) {
      if (mine !== run) return;
      var result = lists[0];
      for (var i = 1; i < lists.length; i++) result = intersect(result, lists[i]);
      current = result;
      shown = 0;
      list.textContent = "";
      status.textContent = result.length === 1 ? "1 article found" : result.length + " articles found";
      more();
    }).catch(function (e) {
      if (mine === run) status.textContent = "The search index could not be loaded (" + e.message + ").";
    });
  }

  function more() {
    var mine = run;
    var page = current.slice(shown, shown + SHOWN);
    shown += page.length;
    var chunks = page.map(function (n) { return load("search/docs/" + Math.floor(n / meta.docs_per_chunk) + ".json"); });
    Promise.all(chunks).then(function (rows) {
      if (mine !== run) return;
      var old = document.getElementById("search-more");
      if (old) old.remove();
      page.forEach(function (n, i) { list.appendChild(item(rows[i][n % meta.docs_per_chunk])); });
      if (shown < current.length) {
        var li = document.createElement("li");
        li.id = "search-more";
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = "Show more (" + (current.length - shown) + " left)";
        button.addEventListener("click", more);
        li.appendChild(button);
        list.appendChild(li);
      }
    });
  }

  function item(row) {
    // row: [title, link, date, source, summary]
    var li = document.createElement("li");
    li.className = "card";
    // Results follow the page's h1 directly, so they are h2s (styled like other cards).
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = new URL(row[1], root).href;
    a.textContent = row[0];
    h.appendChild(a);
    li.appendChild(h);
    var p = document.createElement("p");
    p.className = "meta";
    if (row[2]) {
      var time = document.createElement("time");
      time.dateTime = row[2];
      time.textContent = longDate(row[2]);
      p.appendChild(time);
    } else {
      var span = document.createElement("span");
      span.className = "undated";
      span.textContent = "Undated";
      p.appendChild(span);
    }
    if (row[3]) p.appendChild(document.createTextNode(" \u00b7 " + row[3]));
    li.appendChild(p);
    if (row[4] && row[4] !== row[0]) {
      var s = document.createElement("p");
      s.className = "summary";
      s.textContent = row[4];
      li.appendChild(s);
    }
    return li;
  }

  // `2022-02-01` -> `1 February 2022`, exactly as the site's own pages write dates (the
  // `date_long` template filter), whatever the browser's language.
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  function longDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (!m || +m[2] < 1 || +m[2] > 12) return iso;
    return +m[3] + " " + MONTHS[m[2] - 1] + " " + m[1];
  }

  var timer = 0;
  function soon() {
    clearTimeout(timer);
    timer = setTimeout(search, 80);
  }

  load("search/meta.json").then(function (m) {
    meta = m;
    var params = new URLSearchParams(location.search);
    if (params.get("q")) input.value = params.get("q");
    if (params.get("topic")) topicSelect.value = params.get("topic");
    input.addEventListener("input", soon);
    topicSelect.addEventListener("change", search);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      search();
    });
    search();
  }).catch(function (e) {
    status.textContent = "The search index could not be loaded (" + e.message + ").";
  });
})();
