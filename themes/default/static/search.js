/* procat search client. No dependencies. Reads the index written by
   src/search/index.rs (see its module docs for the file layout); the matching
   rules mirror src/search/tokenise.rs and src/search/rank.rs. */
(function () {
  'use strict';
  var form = document.getElementById('search-form');
  if (!form) return;
  // The index sits beside the page: derived from the page's own address, so the
  // site works at the root, under a sub-path and from file:// alike.
  var BASE = new URL(form.getAttribute('data-index') || './', location.href);
  var FILE = location.protocol === 'file:';
  var KEYS = ['sector', 'locality', 'agency', 'level', 'status', 'online'];
  var PAGE = 10;
  var input = document.getElementById('search-q');
  var statusEl = document.getElementById('search-status');
  var resultsEl = document.getElementById('results');
  var facetsEl = document.getElementById('facets');
  var moreEl = document.getElementById('search-more');
  var text = JSON.parse(document.getElementById('search-text').textContent);

  /* ---- loading: every index file is a script calling procatSearch(name, data),
     so the same files work over http and from file:// ---- */
  var cache = {}, waiting = {};
  window.procatSearch = function (name, data) {
    var w = waiting[name];
    if (w) { delete waiting[name]; w(data); }
  };
  function load(name) {
    if (!cache[name]) {
      cache[name] = new Promise(function (resolve) {
        waiting[name] = resolve;
        var s = document.createElement('script');
        s.src = new URL(name + '.js', BASE).href;
        s.onload = s.onerror = function () {
          if (waiting[name]) { delete waiting[name]; resolve(null); } // absent shard: no words
        };
        document.head.appendChild(s);
      });
    }
    return cache[name];
  }

  /* ---- text: NFC, lower case, folded (đ→d), words as in tokenise.rs ---- */
  function lower(s) { return s.toLowerCase().normalize('NFC'); }
  function fold(s) {
    return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
  }
  var WORD = /[\p{L}\p{N}\p{M}]/u, ALNUM = /[\p{L}\p{N}]/u;
  function words(t) { // [{text, start, end}]
    var out = [], chars = Array.from(t), start = -1, pos = 0, i, c, at = [];
    for (i = 0; i < chars.length; i++) { at.push(pos); pos += chars[i].length; }
    at.push(pos);
    for (i = 0; i < chars.length; i++) {
      c = chars[i];
      var inner = '.-/'.indexOf(c) >= 0 && start >= 0 && i + 1 < chars.length && ALNUM.test(chars[i + 1]);
      if (WORD.test(c) || inner) { if (start < 0) start = i; }
      else if (start >= 0) { out.push({ text: t.slice(at[start], at[i]), start: at[start], end: at[i] }); start = -1; }
    }
    if (start >= 0) out.push({ text: t.slice(at[start]), start: at[start], end: pos });
    return out;
  }
  function shardKey(f, n) {
    var k = '', cs = Array.from(f);
    for (var i = 0; i < n; i++) {
      var c = cs[i];
      k += c === undefined ? '_' : /[a-z0-9]/.test(c) ? c : '_';
    }
    return k;
  }
  function oneEdit(a, b) { // mirrors rank::within_one_edit
    a = Array.from(a); b = Array.from(b);
    if (a.length > b.length) { var t = a; a = b; b = t; }
    if (b.length - a.length > 1) return false;
    var p = 0;
    while (p < a.length && a[p] === b[p]) p++;
    if (p === a.length) return true;
    if (a.length === b.length) {
      return a.slice(p + 1).join('') === b.slice(p + 1).join('') ||
        (p + 1 < a.length && a[p] === b[p + 1] && a[p + 1] === b[p] &&
          a.slice(p + 2).join('') === b.slice(p + 2).join(''));
    }
    return a.slice(p).join('') === b.slice(p + 1).join('');
  }

  /* ---- postings (encode.rs) ---- */
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', VAL = {};
  for (var v = 0; v < 64; v++) VAL[B64[v]] = v;
  function decode(s, each) {
    var i, x;
    if (!s) return;
    if (s[0] === '~') {
      for (i = 1; i < s.length; i++) {
        x = VAL[s[i]];
        for (var b = 0; b < 6; b++) if (x & (1 << b)) each((i - 1) * 6 + b);
      }
      return;
    }
    var prev = -1, gap = 0, mul = 1;
    for (i = 0; i < s.length; i++) {
      x = VAL[s[i]];
      gap += (x & 31) * mul;
      if (x & 32) { mul *= 32; continue; }
      prev += gap + 1; each(prev); gap = 0; mul = 1;
    }
  }
  function mark(s, n) { var m = new Uint8Array(n); decode(s, function (d) { m[d] = 1; }); return m; }

  /* ---- URL state ---- */
  function readState() {
    var p = new URLSearchParams(location.search), st = { q: p.get('q') || '', f: {} };
    KEYS.forEach(function (k) { st.f[k] = p.getAll(k).filter(Boolean); });
    return st;
  }
  function stateUrl(st) {
    var p = new URLSearchParams();
    if (st.q) p.set('q', st.q);
    KEYS.forEach(function (k) { st.f[k].forEach(function (v) { p.append(k, v); }); });
    var s = p.toString();
    return location.pathname + (s ? '?' + s : '');
  }
  function formState() {
    var st = { q: input.value, f: {} }, fd = new FormData(form);
    KEYS.forEach(function (k) { st.f[k] = fd.getAll(k); });
    return st;
  }

  /* ---- the index ---- */
  var root, facets = {}, localityTree;
  function rootData() { // carried by the search page; root.js for a page without it
    var el = document.getElementById('search-root'), data = el && JSON.parse(el.textContent);
    return data ? Promise.resolve(data) : load('root');
  }
  function shardFor(f) { // the shard holding folded word f (split shards go one letter deeper)
    var n = 2;
    while (root.split.indexOf(shardKey(f, n)) >= 0) n++;
    return { key: shardKey(f, n), len: n };
  }
  // The file to read for query word q: its shard, or, for a prefix shorter than
  // its shard's key, the summary in the file of the split key as long as it.
  function termFile(q, prefix) {
    var len = Array.from(q.f).length, s = shardFor(q.f);
    return fileKey(prefix && len >= 2 && len < s.len ? shardKey(q.f, len) : s.key);
  }
  // A shard named like a Windows device (con, aux, nul, com1...) is written as KEY~
  // so that any host can serve it (terms_path in src/search/index.rs).
  function fileKey(k) {
    return /^(con|prn|aux|nul|(com|lpt)[0-9\u00b9\u00b2\u00b3])$/i.test(k) ? k + '~' : k;
  }
  // Facet files: core (level, status, online), agency, locality.
  var FACET_FILE = { level: 'core', status: 'core', online: 'core', agency: 'agency', locality: 'locality' };
  function loadFacets(names) {
    return Promise.all(names.map(function (f) {
      return load('facets/' + f).then(function (data) {
        if (!data) throw new Error('index');
        if (f === 'core') { facets.level = data.level; facets.status = data.status; facets.online = data.online; }
        else facets[f] = data;
        if (f === 'locality' && !facets.locIx) localityIndex();
      });
    }));
  }

  // Scores of one query word: Map doc -> best score.
  function scoreWord(shard, q, prefix, rk) {
    var scores = new Map();
    if (!shard) return scores;
    var typo = Array.from(q.f).length >= rk.typo_min_len && !/\d/.test(q.f);
    shard.w.forEach(function (e) {
      var w = e[0], how;
      if (w === q.f) how = 0;
      else if (prefix && w.indexOf(q.f) === 0) how = 2;
      else if (typo && Math.abs(w.length - q.f.length) <= 1 && oneEdit(w, q.f)) how = 3;
      else return;
      e[1].forEach(function (sp) {
        var quality = how === 2 ? rk.prefix : how === 3 ? rk.typo : (sp[0] || w) === q.e ? rk.exact : rk.folded;
        for (var f = 0; f < 3; f++) {
          var s = rk.fields[f] * quality;
          decode(sp[f + 1], function (d) { if (!(scores.get(d) >= s)) scores.set(d, s); });
        }
      });
    });
    if (prefix && shard.s) { // a summary: every word under the prefix, per field
      for (var f = 0; f < 3; f++) {
        var s = rk.fields[f] * rk.prefix;
        decode(shard.s[f], function (d) { if (!(scores.get(d) >= s)) scores.set(d, s); });
      }
    }
    return scores;
  }

  function localityIndex() { // id -> position in facets.locality, plus subtree ends
    var L = facets.locality, depth = [], end = [];
    facets.locIx = {};
    L.forEach(function (l, i) { facets.locIx[l[0]] = i; depth[i] = l[2] < 0 ? 0 : depth[l[2]] + 1; });
    for (var i = 0; i < L.length; i++) {
      var j = i + 1;
      while (j < L.length && depth[j] > depth[i]) j++;
      end[i] = j;
    }
    facets.locEnd = end;
  }
  // Documents kept by a filter on locality id: events at an ancestor-or-self, or in the subtree.
  function localityMask(id, n) {
    var L = facets.locality, m = new Uint8Array(n), i = facets.locIx[id];
    function own(j) { decode(L[j][3], function (d) { m[d] = 1; }); }
    if (i !== undefined) {
      for (var j = i; j < facets.locEnd[i]; j++) own(j);
      for (j = L[i][2]; j >= 0; j = L[j][2]) own(j);
      return Promise.resolve(m);
    }
    // No events at or under it: find its nearest ancestor that has some.
    return (localityTree || (localityTree = load('localities'))).then(function (tree) {
      var k = -1;
      if (tree) for (var t = 0; t < tree.length; t++) if (tree[t][0] === id) { k = tree[t][2]; break; }
      while (k >= 0 && facets.locIx[tree[k][0]] === undefined) k = tree[k][2];
      for (j = k >= 0 ? facets.locIx[tree[k][0]] : -1; j >= 0; j = L[j][2]) own(j);
      return m;
    });
  }
  function valueMask(key, value, n) {
    var m, i;
    if (key === 'sector') {
      m = new Uint8Array(n);
      root.sectors.forEach(function (s) { if (s[0] === value) m.fill(1, s[2], s[3]); });
      return Promise.resolve(m);
    }
    if (key === 'locality') return localityMask(value, n);
    if (key === 'agency') {
      for (i = 0; i < facets.agency.length; i++) if (facets.agency[i][0] === value) return Promise.resolve(mark(facets.agency[i][2], n));
      return Promise.resolve(new Uint8Array(n));
    }
    var list = root[key === 'status' ? 'statuses' : key === 'level' ? 'levels' : 'online'];
    for (i = 0; i < list.length; i++) if (list[i][0] === value) return Promise.resolve(mark(facets[key][i], n));
    return Promise.resolve(new Uint8Array(n));
  }
  function keyMask(key, values, n) { // OR within a key; null when the key is unused
    if (!values.length) return Promise.resolve(null);
    return Promise.all(values.map(function (v) { return valueMask(key, v, n); })).then(function (ms) {
      var m = ms[0];
      for (var i = 1; i < ms.length; i++) for (var d = 0; d < n; d++) m[d] |= ms[i][d];
      return m;
    });
  }

  /* ---- one search ---- */
  var generation = 0, current = null;
  function run(st) {
    var gen = ++generation;
    var typing = st.q.length > 0 && !/\s$/.test(st.q);
    var qs = words(st.q).map(function (w) { return { e: lower(w.text), f: fold(w.text) }; });
    var t0, res, masks;
    return rootData().then(function (r) {
      root = r;
      if (!root) throw new Error('index');
      // A former locality (ended by the as-of date) stands for its successors.
      return root.former && st.f.locality.length ? load('former') : null;
    }).then(function (former) {
      st = successorsFor(st, former);
      var shards = qs.map(function (q, i) { return load('terms/' + termFile(q, typing && i === qs.length - 1)); });
      // Only the facet files the filters need come before the results.
      var need = {};
      KEYS.forEach(function (k) { if (st.f[k].length && FACET_FILE[k]) need[FACET_FILE[k]] = 1; });
      var masks = loadFacets(Object.keys(need)).then(function () {
        return Promise.all(KEYS.map(function (k) { return keyMask(k, st.f[k], root.n); }));
      });
      return Promise.all([Promise.all(shards), masks]);
    }).then(function (r) {
      if (gen !== generation) return;
      t0 = performance.now();
      res = match(qs, r[0], typing);
      masks = r[1];
      var hits = res.docs.filter(function (d) { return masks.every(function (m) { return !m || m[d[0]]; }); });
      current = { st: st, qs: qs, typing: typing, hits: hits, shown: 0, partial: res.partial };
      return showMore(gen, true).then(function () {
        if (gen !== generation) return;
        announce(hits.length, res.partial, st);
        document.documentElement.dataset.searchAt = String(performance.now()); // for examples/search_requests.rs
        document.documentElement.dataset.searchMs = String(Math.round(performance.now() - t0));
        // Then the counts per facet value. Agency and locality counts (the larger
        // files) only once asked for, or when one of their filters is on.
        current.docs = res.docs; current.masks = masks;
        return loadFacets(['core'].concat(Object.keys(opened))).then(function () {
          if (gen !== generation) return;
          renderFacets(res.docs, masks, st);
          document.documentElement.dataset.facetsMs = String(Math.round(performance.now() - t0));
        });
      });
    }).catch(function () {
      statusEl.textContent = text.error;
    });
  }

  // The state with each former locality in the locality filter replaced by
  // its successors (the URL keeps what the reader gave); says so above the results.
  function successorsFor(st, former) {
    var notes = [], out = [], shown = document.getElementById('search-notice');
    (st.f.locality || []).forEach(function (id) {
      var f = former && former.localities[id];
      if (!f) { if (out.indexOf(id) < 0) out.push(id); return; }
      // Without successors it stays: it keeps nothing, and the reader can untick it.
      if (!f[2].length && out.indexOf(id) < 0) out.push(id);
      f[2].forEach(function (s) { if (out.indexOf(s[0]) < 0) out.push(s[0]); });
      var to = f[2].map(function (s) { return s[1]; }).join(', ');
      notes.push((f[2].length ? former.text.notice : former.text.none)
        .replace('{from}', f[0]).replace('{date}', f[1]).replace('{to}', to));
    });
    if (!notes.length) { if (shown) shown.hidden = true; return st; }
    shown = shown || noticeEl();
    shown.textContent = notes.join(' ');
    shown.hidden = false;
    var f = {};
    KEYS.forEach(function (k) { f[k] = k === 'locality' ? out : st.f[k]; });
    return { q: st.q, f: f };
  }
  function noticeEl() {
    var el = document.getElementById('search-notice');
    if (!el) {
      el = document.createElement('p');
      el.id = 'search-notice';
      el.className = 'search-notice';
      statusEl.parentNode.insertBefore(el, statusEl);
    }
    return el;
  }

  // Documents matching the words, best first: [[doc, score]].
  function match(qs, shards, typing) {
    var n = root.n, rk = root.rank, i;
    if (!qs.length) {
      var all = [];
      for (i = 0; i < n; i++) all.push([i, 0]);
      return { docs: all, partial: false };
    }
    var per = qs.map(function (q, i) {
      var prefix = typing && i === qs.length - 1 && (Array.from(q.f).length >= shardFor(q.f).len || !!(shards[i] && shards[i].s));
      return scoreWord(shards[i], q, prefix, rk);
    });
    var total = new Map(), count = new Map();
    per.forEach(function (m) {
      m.forEach(function (s, d) { total.set(d, (total.get(d) || 0) + s); count.set(d, (count.get(d) || 0) + 1); });
    });
    // Adjacent words found side by side in a short field.
    for (i = 0; i + 1 < qs.length; i++) {
      var lastPrefix = typing && i + 1 === qs.length - 1;
      var phrase = qs[i].f + ' ' + qs[i + 1].f;
      if (!shards[i]) continue;
      shards[i].p.forEach(function (p) {
        if (p[0] === phrase || (lastPrefix && p[0].indexOf(phrase) === 0)) {
          decode(p[1], function (d) { if (total.has(d)) total.set(d, total.get(d) + rk.phrase); });
        }
      });
    }
    var docs = [], partial = false;
    total.forEach(function (s, d) { if (count.get(d) === qs.length) docs.push([d, s]); });
    if (!docs.length) { // nothing has every word: rank by how many words match
      partial = total.size > 0;
      total.forEach(function (s, d) { docs.push([d, s + 1000 * count.get(d)]); });
    }
    docs.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return { docs: docs, partial: partial };
  }

  // Meta chunk k holds documents k*chunk .. k*chunk+window (they overlap): the
  // fewest chunks covering the page, each chosen for its leftmost uncovered document.
  function showMore(gen, fresh) {
    var c = current, from = c.shown, slice = c.hits.slice(from, from + PAGE);
    var docs = slice.map(function (h) { return h[0]; }).sort(function (a, b) { return a - b; });
    var names = [], end = -1;
    docs.forEach(function (d) {
      if (d < end) return;
      var k = Math.floor(d / root.chunk);
      names.push(k); end = k * root.chunk + root.window;
    });
    return Promise.all(names.map(function (k) { return load('meta/' + k); })).then(function (ms) {
      if (gen !== generation) return;
      var frag = document.createDocumentFragment();
      slice.forEach(function (h) {
        var doc;
        names.forEach(function (k, i) {
          var at = h[0] - k * root.chunk;
          if (!doc && ms[i] && at >= 0 && at < ms[i].length) doc = ms[i][at];
        });
        if (doc) frag.appendChild(resultItem(doc, c));
      });
      if (fresh) resultsEl.innerHTML = '';
      resultsEl.appendChild(frag);
      c.shown = from + slice.length;
      moreEl.hidden = c.shown >= c.hits.length;
    });
  }

  function esc(s) {
    return s.replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; });
  }
  function highlight(name, c) {
    var out = '', at = 0;
    words(name).forEach(function (w) {
      var f = fold(w.text), hit = c.qs.some(function (q, i) {
        return f === q.f || (c.typing && i === c.qs.length - 1 && f.indexOf(q.f) === 0) ||
          (Array.from(q.f).length >= root.rank.typo_min_len && !/\d/.test(q.f) && oneEdit(f, q.f));
      });
      if (!hit) return;
      out += esc(name.slice(at, w.start)) + '<mark>' + esc(w.text) + '</mark>';
      at = w.end;
    });
    return out + esc(name.slice(at));
  }
  function link(path) { return new URL('../' + path + (FILE ? 'index.html' : ''), BASE).href; }
  function resultItem(doc, c) { // doc: [code, name, sector, statuses]
    var li = document.createElement('li'), sector = root.sectors[doc[2]];
    var tags = doc[3].map(function (s) {
      return '<strong class="tag tag--' + root.statuses[s][0] + '" data-status="' + root.statuses[s][0] + '">' + esc(root.statuses[s][1]) + '</strong>';
    }).join(' ');
    li.innerHTML = '<a class="result-name" href="' + esc(link('procedures/' + encodeURIComponent(doc[0]) + '/')) + '">' +
      highlight(doc[1], c) + '</a> <span class="result-facts"><span class="result-code">' + esc(doc[0]) + '</span>' +
      (sector ? ' · <span class="result-sector">' + esc(sector[1]) + '</span>' : '') + '</span> ' + tags;
    li.dataset.code = doc[0];
    return li;
  }

  function announce(n, partial, st) {
    var msg = n === 0 ? text.none : text.count.replace('{n}', n.toLocaleString(document.documentElement.lang || 'vi'));
    if (st.q) msg += ' ' + text.for_query.replace('{q}', st.q);
    if (partial && n) msg += ' ' + text.partial;
    statusEl.textContent = msg;
  }

  /* ---- facets: counts that follow the query (each key counted under the other keys' filters) ---- */
  var opened = {}; // facet files the reader asked for: loaded for every later search
  function openFacet(key) {
    opened[FACET_FILE[key]] = 1;
    var c = current, gen = generation;
    return loadFacets([FACET_FILE[key]]).then(function () {
      if (gen !== generation || !c.docs) return;
      renderFacets(c.docs, c.masks, c.st);
      var first = facetsEl.querySelector('[data-facet="' + key + '"] input');
      if (first) first.focus();
    });
  }
  function renderFacets(docs, masks, st) {
    var n = root.n, focused = document.activeElement, focusKey = focused && focused.name + '=' + focused.value;
    var html = '';
    KEYS.forEach(function (key, k) {
      if (FACET_FILE[key] && !facets[FACET_FILE[key]] && !facets[key]) {
        html += '<div class="facet facet-closed" data-facet="' + key + '"><button type="button" data-open="' + key +
          '" aria-expanded="false">' + esc(root.facets[key]) + '</button></div>';
        return;
      }
      var inSet = new Uint8Array(n), any = false;
      docs.forEach(function (d) {
        for (var j = 0; j < masks.length; j++) if (j !== k && masks[j] && !masks[j][d[0]]) return;
        inSet[d[0]] = 1; any = true;
      });
      var values = facetValues(key, inSet, st.f[key]);
      if (!any && !st.f[key].length) values = values.filter(function (v) { return v[3]; });
      if (!values.length) return;
      html += '<fieldset class="facet" data-facet="' + key + '"><legend>' + esc(root.facets[key]) + '</legend>';
      values.forEach(function (v) { // [value, label, count, checked, depth]
        var id = 'f-' + key + '-' + v[0];
        html += '<div class="facet-value' + (v[4] ? ' facet-depth-' + v[4] : '') + '"><input type="checkbox" name="' + key + '" value="' + esc(v[0]) + '" id="' + esc(id) + '"' +
          (v[3] ? ' checked' : '') + '><label for="' + esc(id) + '">' + esc(v[1]) + ' <span class="count">(' + v[2] + ')</span></label></div>';
      });
      html += '</fieldset>';
    });
    facetsEl.innerHTML = html;
    if (focusKey) {
      var again = facetsEl.querySelector('input[name="' + focused.name + '"][value="' + (focused.value || '').replace(/"/g, '') + '"]');
      if (again) again.focus();
    }
  }
  function countList(s, inSet) { var c = 0; decode(s, function (d) { c += inSet[d]; }); return c; }
  function facetValues(key, inSet, chosen) {
    var out = [], i, n = root.n;
    function push(id, label, count, depth) {
      var on = chosen.indexOf(id) >= 0;
      if (count || on) out.push([id, label, count, on, depth || 0]);
    }
    if (key === 'sector') {
      root.sectors.forEach(function (s) { var c = 0; for (var d = s[2]; d < s[3]; d++) c += inSet[d]; push(s[0], s[1], c); });
    } else if (key === 'level' || key === 'status' || key === 'online') {
      var list = root[key === 'status' ? 'statuses' : key === 'level' ? 'levels' : 'online'];
      list.forEach(function (v, i) { push(v[0], v[1], countList(facets[key][i], inSet)); });
    } else if (key === 'agency') {
      var ag = facets.agency.map(function (a) { return [a[0], a[1], countList(a[2], inSet)]; });
      ag.sort(function (a, b) { return b[2] - a[2] || (a[1] < b[1] ? -1 : 1); });
      ag.forEach(function (a, i) { if (i < 12 || chosen.indexOf(a[0]) >= 0) push(a[0], a[1], a[2]); });
    } else if (key === 'locality') {
      // The chosen localities' ancestors and children, or the top of the tree.
      var L = facets.locality, show = [], seen = {};
      var chosenIx = chosen.map(function (id) { return facets.locIx[id]; }).filter(function (x) { return x !== undefined; });
      var parents = chosenIx.length ? chosenIx : L.map(function (l, i) { return l[2] < 0 ? i : -1; }).filter(function (x) { return x >= 0; });
      parents.forEach(function (p) {
        var chain = [];
        for (var a = p; a >= 0; a = L[a][2]) chain.unshift(a);
        chain.forEach(function (a) { if (!seen[a]) { seen[a] = 1; show.push(a); } });
        for (var c = p + 1; c < facets.locEnd[p]; c++) if (L[c][2] === p && !seen[c]) { seen[c] = 1; show.push(c); }
      });
      show.sort(function (a, b) { return a - b; });
      show.forEach(function (j) {
        var m = new Uint8Array(n), c = 0, d;
        for (i = j; i < facets.locEnd[j]; i++) decode(L[i][3], function (x) { m[x] = 1; });
        for (i = L[j][2]; i >= 0; i = L[i][2]) decode(L[i][3], function (x) { m[x] = 1; });
        for (d = 0; d < n; d++) c += m[d] & inSet[d];
        var depth = 0;
        for (i = L[j][2]; i >= 0; i = L[i][2]) depth++;
        push(L[j][0], L[j][1], c, depth);
      });
      chosen.forEach(function (id) { if (facets.locIx[id] === undefined) push(id, id, 0); });
    }
    return out;
  }

  /* ---- wiring ---- */
  function go(st, how) {
    var url = stateUrl(st);
    if (url !== location.pathname + location.search) history[how](null, '', url);
    document.title = (st.q ? st.q + ' – ' : '') + text.title;
    return run(st);
  }
  function fromUrl() {
    var st = readState();
    input.value = st.q;
    facetsEl.innerHTML = '';
    KEYS.forEach(function (k) { // keep filters in the form until the facets are drawn
      st.f[k].forEach(function (v) {
        var h = document.createElement('input');
        h.type = 'hidden'; h.name = k; h.value = v; facetsEl.appendChild(h);
      });
    });
    document.title = (st.q ? st.q + ' – ' : '') + text.title;
    return run(st);
  }
  var timer = 0;
  form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); go(formState(), 'pushState'); });
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { go(formState(), 'replaceState'); }, 120);
  });
  facetsEl.addEventListener('change', function () { go(formState(), 'pushState'); });
  facetsEl.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('[data-open]');
    if (b) openFacet(b.getAttribute('data-open'));
  });
  moreEl.addEventListener('click', function () { showMore(generation); });
  window.addEventListener('popstate', fromUrl);
  form.classList.add('search-ready');
  fromUrl();
})();
