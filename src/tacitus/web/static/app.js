// The tacitus dashboard: filters, headline figures, map, timeline, table and the record of
// one event, all read from the local API (see /docs).  Plain ES2017 with no build step.
//
// Everything the API returns is data, not markup: article text in particular comes from
// anywhere on the web.  It reaches the page only through text nodes (`h()` below) and
// attributes set with setAttribute; links are kept only when they are http(s).
'use strict';

(() => {
  // Okabe–Ito colours, as in the HTML situation report, so both products read the same way
  // and stay distinguishable for the commonest colour-vision deficiencies.
  const TYPES = [
    ['Battles', '#d55e00'],
    ['Explosions/Remote violence', '#e69f00'],
    ['Violence against civilians', '#cc79a7'],
    ['Protests', '#0072b2'],
    ['Riots', '#56b4e9'],
    ['Strategic developments', '#009e73'],
  ];
  const TYPE_COLOUR = new Map(TYPES);
  const OTHER_COLOUR = '#7f7f7f';
  const NO_TYPE = 'Other (no ACLED event type)';
  const INTER = {
    1: 'state forces', 2: 'rebel group', 3: 'political militia', 4: 'identity militia',
    5: 'rioters', 6: 'protesters', 7: 'civilians', 8: 'external/other forces',
  };
  const GEO_PRECISION = { 1: 'town', 2: 'near a town / district', 3: 'province or region' };
  const DATE_PRECISION = { 1: 'day', 2: 'week', 3: 'month' };
  const FIELD_LABEL = {
    fatalities: 'fatalities', event_type: 'what happened', actor1: 'actor 1', actor2: 'actor 2',
    actors: 'actor', location: 'place', date: 'date', quantities: 'numbers', sentence: 'reporting sentence',
  };
  const FILTERS = ['country', 'event_type', 'actor', 'since', 'until'];
  const MAP_LIMIT = 1000; // the API's largest page

  const $ = (sel, root = document) => root.querySelector(sel);

  // ------------------------------------------------------------------ DOM helpers

  function append(el, kids) {
    for (const kid of kids.flat(Infinity)) {
      if (kid == null || kid === false || kid === '') continue;
      el.append(kid instanceof Node ? kid : String(kid)); // strings become text nodes
    }
    return el;
  }

  // replaceChildren() takes nodes only; this also takes (nested) arrays and strings
  function fill(el, ...kids) {
    el.replaceChildren();
    return append(el, kids);
  }

  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'style') Object.assign(el.style, v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    return append(el, kids);
  }

  const SVG_NS = 'http://www.w3.org/2000/svg';
  function s(tag, attrs, ...kids) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v != null) el.setAttribute(k, String(v));
    return append(el, kids);
  }

  function safeUrl(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url.trim()) ? url.trim() : null;
  }

  function link(url, text) {
    const href = safeUrl(url);
    return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text || href) : (text || '');
  }

  const fmt = (n) => (n == null || n === '' ? '–' : Number(n).toLocaleString('en-US'));
  const plural = (n, one, many) => `${fmt(n)} ${n === 1 ? one : (many || one + 's')}`;

  // ------------------------------------------------------------------ dates (UTC day numbers)

  const DAY = 86400000;
  const dayNum = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;
  const isoDay = (n) => new Date(n * DAY).toISOString().slice(0, 10);
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const isDay = (v) => /^\d{4}-\d{2}-\d{2}$/.test(v || '');

  // ------------------------------------------------------------------ API

  async function getJSON(path, params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v != null && v !== '') qs.set(k, v);
    const query = qs.toString();
    const r = await fetch(path + (query ? `?${query}` : ''), { headers: { Accept: 'application/json' } });
    if (!r.ok) {
      let detail = r.statusText;
      try { detail = (await r.json()).detail || detail; } catch (_) { /* a body that is not JSON */ }
      throw new Error(`${r.status}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
    }
    return r.json();
  }

  // The GeoJSON properties are the public record (nested); the flat CSV-style record is read
  // too, so the page keeps working if the API ever sends that instead.
  function norm(p) {
    const isObj = (v) => v != null && typeof v === 'object' && !Array.isArray(v);
    const num = (v) => (v === '' || v == null ? null : Number(v));
    const actor = (v) => (isObj(v) ? v : v ? { name: String(v) } : null);
    const actors = (v) => (Array.isArray(v) ? v.map(actor) : v ? String(v).split('; ').map(actor) : []).filter(Boolean);
    let loc = null;
    if (isObj(p.location)) loc = p.location;
    else if (p.location) {
      loc = { name: p.location, admin1: p.admin1 || '', admin2: p.admin2 || '', country: p.country || '',
        lat: num(p.lat), lon: num(p.lon), geo_precision: num(p.geo_precision) };
    }
    let fat = null;
    if (isObj(p.fatalities)) fat = p.fatalities;
    else if (p.fatalities !== '' && p.fatalities != null) {
      fat = { low: num(p.fatalities_low), best: num(p.fatalities), high: num(p.fatalities_high) };
    }
    const ids = Array.isArray(p.article_ids) ? p.article_ids : String(p.article_ids || '').split(' ').filter(Boolean);
    return {
      id: String(p.event_id), date: p.event_date || '', datePrecision: p.date_precision,
      type: p.event_type || '', sub: p.sub_event_type || '', disorder: p.disorder_type || '',
      plover: p.plover_type || '', ploverMode: p.plover_mode || '', cameo: p.cameo_code || '',
      mode: p.mode || 'asserted', actor1: actor(p.actor1), actor2: actor(p.actor2),
      assoc1: actors(p.assoc_actor_1), assoc2: actors(p.assoc_actor_2), loc, fat,
      best: fat && fat.best != null ? Number(fat.best) : null, civilians: p.civilian_targeting === true,
      quantities: Array.isArray(p.quantities) ? p.quantities : [], confidence: p.confidence,
      sources: isObj(p.sources) ? p.sources : { articles: ids.length, outlets: null },
      notes: p.notes || '', firstReported: p.first_reported || '', lastReported: p.last_reported || '',
    };
  }

  const colourOf = (ev) => TYPE_COLOUR.get(ev.type) || OTHER_COLOUR;
  const typeLabel = (ev) => ev.sub || ev.type || (ev.plover ? `${ev.plover[0]}${ev.plover.slice(1).toLowerCase()} (no ACLED event)` : 'Unclassified');

  let countryNames = {};
  const countryName = (iso3) => (iso3 ? countryNames[iso3] || iso3 : '');

  function placeLine(ev) {
    const loc = ev.loc;
    if (!loc) return '';
    const parts = [loc.name];
    if (loc.admin1 && loc.admin1 !== loc.name) parts.push(loc.admin1);
    const country = countryName(loc.country);
    if (country && country !== loc.name) parts.push(country);
    return parts.filter(Boolean).join(', ');
  }

  const actorName = (a) => (a ? a.name : '');
  function side(main, assoc) {
    return [actorName(main), ...assoc.map(actorName)].filter(Boolean).join(' + ');
  }
  function actorsLine(ev) {
    const one = side(ev.actor1, ev.assoc1);
    const two = side(ev.actor2, ev.assoc2);
    return two ? `${one || '?'} — ${two}` : one;
  }
  function killedText(ev) {
    if (!ev.fat) return '–';
    const { low, best, high } = ev.fat;
    return low !== high && low != null && high != null ? `${fmt(best)} (${fmt(low)}–${fmt(high)})` : fmt(best);
  }

  // ------------------------------------------------------------------ state and the URL hash

  const state = { filters: {}, event: '', sort: { key: 'event_date', desc: true } };
  for (const k of FILTERS) state.filters[k] = '';

  function hashOf() {
    const qs = new URLSearchParams();
    for (const k of FILTERS) if (state.filters[k]) qs.set(k, state.filters[k]);
    if (state.event) qs.set('event', state.event);
    return qs.toString();
  }

  function readHash() {
    const qs = new URLSearchParams(location.hash.slice(1));
    for (const k of FILTERS) state.filters[k] = (qs.get(k) || '').trim();
    state.filters.country = state.filters.country.toUpperCase();
    for (const k of ['since', 'until']) if (!isDay(state.filters[k])) state.filters[k] = '';
    state.event = (qs.get('event') || '').trim();
  }

  // pushState for a new view (the back button returns to the previous one); replaceState
  // for choosing an event, which should not fill the history.
  function saveHash(push) {
    const hash = hashOf();
    const url = location.pathname + location.search + (hash ? `#${hash}` : '');
    if (url !== location.pathname + location.search + location.hash) {
      history[push ? 'pushState' : 'replaceState'](null, '', url);
    }
  }

  const activeFilters = () => Object.fromEntries(FILTERS.filter((k) => state.filters[k]).map((k) => [k, state.filters[k]]));

  // ------------------------------------------------------------------ filters form

  const form = {
    country: $('#f-country'), event_type: $('#f-type'), actor: $('#f-actor'),
    since: $('#f-since'), until: $('#f-until'),
  };

  function ensureOption(select, value) {
    if (value && ![...select.options].some((o) => o.value === value)) select.append(h('option', { value }, value));
  }

  function syncForm() {
    ensureOption(form.country, state.filters.country);
    ensureOption(form.event_type, state.filters.event_type);
    for (const k of FILTERS) if (form[k].value !== state.filters[k]) form[k].value = state.filters[k];
  }

  function fillOptions(stats) {
    const countries = (stats.by_country || []).filter((c) => c.country)
      .sort((a, b) => countryName(a.country).localeCompare(countryName(b.country)));
    fill(form.country, h('option', { value: '' }, 'All countries'),
      countries.map((c) => h('option', { value: c.country }, `${countryName(c.country)} (${plural(c.events, 'event')})`)));
    const known = new Map((stats.by_type || []).filter((t) => t.event_type).map((t) => [t.event_type, t.events]));
    const order = [...TYPES.map(([t]) => t).filter((t) => known.has(t)), ...[...known.keys()].filter((t) => !TYPE_COLOUR.has(t)).sort()];
    fill(form.event_type, h('option', { value: '' }, 'All event types'),
      order.map((t) => h('option', { value: t }, `${t} (${fmt(known.get(t))})`)));
    syncForm();
  }

  function changeFilters(changes) {
    Object.assign(state.filters, changes);
    const { since, until } = state.filters;
    if (since && until && since > until) [state.filters.since, state.filters.until] = [until, since];
    syncForm();
    saveHash(true);
    refresh();
  }

  for (const k of ['country', 'event_type', 'since', 'until']) {
    form[k].addEventListener('change', () => {
      const v = form[k].value.trim();
      if ((k === 'since' || k === 'until') && v && !isDay(v)) return;
      changeFilters({ [k]: v });
    });
  }
  let actorTimer = 0;
  const actorChanged = () => {
    clearTimeout(actorTimer);
    if (form.actor.value.trim() !== state.filters.actor) changeFilters({ actor: form.actor.value.trim() });
  };
  form.actor.addEventListener('input', () => { clearTimeout(actorTimer); actorTimer = setTimeout(actorChanged, 450); });
  form.actor.addEventListener('change', actorChanged);
  $('#filters').addEventListener('submit', (e) => { e.preventDefault(); actorChanged(); });
  $('#f-reset').addEventListener('click', () => changeFilters(Object.fromEntries(FILTERS.map((k) => [k, '']))));

  function describeFilters() {
    const f = state.filters;
    const parts = [f.country ? countryName(f.country) : 'All countries', f.event_type || 'all event types'];
    if (f.actor) parts.push(`actor “${f.actor}”`);
    if (f.since && f.until) parts.push(f.since === f.until ? f.since : `${f.since} to ${f.until}`);
    else if (f.since) parts.push(`from ${f.since}`);
    else if (f.until) parts.push(`until ${f.until}`);
    return parts.join(' · ');
  }

  // ------------------------------------------------------------------ map

  const map = L.map('map', { minZoom: 1, maxZoom: 12, zoomSnap: 0.25, worldCopyJump: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('Borders: Natural Earth');
  map.setView([20, 20], 2);

  let activeCountries = new Set();
  const countryStyle = (feature) => ({
    className: 'country', color: '#a3a39b', weight: 0.7, fillOpacity: 1,
    fillColor: activeCountries.has(feature.properties.iso3) ? '#efe3c8' : '#f7f6f2',
  });
  const countries = L.geoJSON(null, { interactive: false, style: countryStyle }).addTo(map);
  const LABEL_LIMIT = 30;

  // Country names for the countries with events, at the middle of each one's largest part.
  map.createPane('country-labels').style.zIndex = 450;
  const countryLabels = L.layerGroup().addTo(map);
  const labelAt = new Map();
  function labelCountries() {
    countryLabels.clearLayers();
    for (const iso3 of activeCountries) {
      const at = labelAt.get(iso3);
      if (!at) continue;
      countryLabels.addLayer(L.marker(at, {
        pane: 'country-labels', interactive: false, keyboard: false,
        icon: L.divIcon({ className: 'country-label', html: h('span', null, countryName(iso3)), iconSize: null }),
      }));
    }
  }
  function rememberLabelPlaces(geo) {
    for (const ft of geo.features || []) {
      const polys = ft.geometry.type === 'Polygon' ? [ft.geometry.coordinates] : ft.geometry.coordinates;
      let best = null;
      for (const poly of polys) {
        const ring = poly[0];
        const lons = ring.map((c) => c[0]); const lats = ring.map((c) => c[1]);
        const box = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
        const area = (box[2] - box[0]) * (box[3] - box[1]);
        if (!best || area > best.area) best = { area, box };
      }
      if (best) labelAt.set(ft.properties.iso3, [(best.box[1] + best.box[3]) / 2, (best.box[0] + best.box[2]) / 2]);
    }
  }

  function clusterIcon(cluster) {
    const kids = cluster.getAllChildMarkers();
    const counts = new Map();
    for (const m of kids) counts.set(m.options.colour, (counts.get(m.options.colour) || 0) + 1);
    // a ring split by event type: what kind of violence is in the cluster, before zooming in
    let at = 0;
    const stops = [];
    for (const [colour, n] of [...counts].sort((a, b) => b[1] - a[1])) {
      const to = at + (n / kids.length) * 100;
      stops.push(`${colour} ${at.toFixed(2)}% ${to.toFixed(2)}%`);
      at = to;
    }
    const size = Math.round(30 + 7 * Math.log2(kids.length));
    const el = h('div', { class: 'cluster', dataset: { count: kids.length },
      style: { width: `${size}px`, height: `${size}px`, background: `conic-gradient(${stops.join(', ')})` } },
    h('span', null, String(kids.length)));
    return L.divIcon({ html: el, className: 'event-cluster', iconSize: L.point(size, size) });
  }

  const clusters = L.markerClusterGroup({
    maxClusterRadius: 28, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
    // Animated re-clustering leaves both a cluster and its children in the page for a moment;
    // without it what the page shows is what it holds (and what gets printed).
    animate: false, iconCreateFunction: clusterIcon,
  }).addTo(map);
  clusters.on('clustermouseover', (e) => {
    const kids = e.layer.getAllChildMarkers();
    const killed = kids.reduce((n, m) => n + (m.options.ev.best || 0), 0);
    e.layer.bindTooltip(h('div', { class: 'tip' }, h('strong', null, plural(kids.length, 'event')),
      h('br'), `${fmt(killed)} killed`, h('br'), h('span', { class: 'muted' }, 'click to zoom in')),
    { direction: 'top', offset: [0, -12] }).openTooltip();
  });

  const radius = (best) => (best > 0 ? Math.min(6 + 2.2 * Math.sqrt(best), 28) : 5);

  function tipFor(ev) {
    return h('div', { class: 'tip' },
      h('strong', null, ev.date), ' · ', typeLabel(ev), h('br'),
      placeLine(ev) || 'no place', h('br'),
      ev.fat ? `${killedText(ev)} killed` : 'fatalities not reported');
  }

  function markerFor(ev) {
    const r = radius(ev.best);
    const dot = h('div', { class: 'dot', dataset: { eventId: ev.id }, role: 'button', 'aria-label': `${ev.date} ${typeLabel(ev)} ${placeLine(ev)}`,
      style: { width: `${2 * r}px`, height: `${2 * r}px`, background: colourOf(ev) } });
    const shape = h('div', { class: 'shape' }, dot, h('span', { class: 'place-label', style: { left: `${2 * r + 6}px` } }, ev.loc.name || ''));
    const marker = L.marker([ev.loc.lat, ev.loc.lon], {
      icon: L.divIcon({ html: shape, className: 'event-marker', iconSize: L.point(2 * r, 2 * r) }),
      // larger circles sit under smaller ones so that no event hides another
      zIndexOffset: -Math.round(r * 100), riseOnHover: true, keyboard: true, ev, colour: colourOf(ev), dot,
    });
    marker.bindTooltip(() => tipFor(ev), { direction: 'top', offset: [0, -r], opacity: 0.96 });
    marker.on('click', () => selectEvent(ev.id, 'map'));
    marker.on('keypress', (e) => { if (e.originalEvent.key === 'Enter') selectEvent(ev.id, 'map'); });
    return marker;
  }

  // The legend sits above the map, not on it, so that it never hides an event.
  function renderLegend(byType) {
    const counts = new Map((byType || []).map((t) => [t.event_type || '', t.events]));
    const rows = TYPES.map(([t, c]) => [t, c, counts.get(t) || 0]);
    const other = [...counts].filter(([t]) => !TYPE_COLOUR.has(t)).reduce((n, [, v]) => n + v, 0);
    rows.push([NO_TYPE, OTHER_COLOUR, other]);
    fill($('#legend'), h('span', { class: 'legend-title' }, 'Event type'),
      rows.filter(([, , n]) => n).map(([t, c, n]) => h('span', { class: 'legend-item' },
        h('span', { class: 'swatch', style: { background: c } }), t, ' ', h('b', null, fmt(n)))));
  }

  const sizeKey = L.control({ position: 'bottomright' });
  sizeKey.onAdd = () => {
    const sizes = [100, 10, 1];
    const big = radius(sizes[0]);
    const key = s('svg', { width: 2 * big + 58, height: 2 * big + 10, 'aria-hidden': 'true' });
    for (const k of sizes) {
      const r = radius(k);
      const cy = 8 + 2 * big - r; // nested, standing on one baseline (room above for the top label)
      key.append(s('circle', { cx: big + 1, cy, r }),
        s('line', { x1: big + 1, x2: 2 * big + 8, y1: cy - r, y2: cy - r, stroke: '#9aa3ab', 'stroke-dasharray': '2 2' }),
        s('text', { x: 2 * big + 11, y: cy - r + 4 }, `${k}${k === sizes[0] ? '+' : ''}`));
    }
    return h('div', { class: 'size-key', title: 'Circle size grows with the number killed (best estimate)' },
      h('div', null, 'killed'), key);
  };
  sizeKey.addTo(map);

  // ------------------------------------------------------------------ events on the map and in the table

  let events = [];
  const byId = new Map(); // id -> {ev, marker}

  function renderMap(fit) {
    clusters.clearLayers();
    byId.clear();
    const markers = [];
    for (const ev of events) {
      const marker = markerFor(ev);
      byId.set(ev.id, { ev, marker });
      markers.push(marker);
    }
    clusters.addLayers(markers);
    activeCountries = new Set(events.map((ev) => ev.loc.country).filter(Boolean));
    countries.setStyle(countryStyle);
    labelCountries();
    // names beside the circles while they stay legible; with many events the table has them
    document.getElementById('map').classList.toggle('with-labels', events.length <= LABEL_LIMIT);
    if (fit && markers.length) {
      // room for the zoom buttons (top left) and the size key (bottom right)
      map.fitBounds(clusters.getBounds(), { paddingTopLeft: [50, 30], paddingBottomRight: [90, 40], maxZoom: 7, animate: false });
    }
    markSelected();
  }

  function sortEvents() {
    const { key, desc } = state.sort;
    const val = key === 'fatalities' ? (ev) => (ev.best == null ? -1 : ev.best) : (ev) => ev.date;
    events.sort((a, b) => {
      const va = val(a); const vb = val(b);
      const c = va < vb ? -1 : va > vb ? 1 : (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
      return desc ? -c : c;
    });
  }

  const tbody = $('#events tbody');

  function rowFor(ev) {
    const n = ev.sources || {};
    const sourcesTitle = n.outlets != null ? `${plural(n.articles, 'article')} from ${plural(n.outlets, 'outlet')}` : plural(n.articles, 'article');
    return h('tr', { dataset: { eventId: ev.id }, tabindex: 0, class: ev.id === state.event ? 'selected' : null },
      h('td', { class: 'date' }, ev.date),
      h('td', { class: 'type', title: [ev.type, ev.disorder].filter(Boolean).join(' — ') || null },
        h('span', { class: 'swatch', style: { background: colourOf(ev) } }), typeLabel(ev),
        ev.mode !== 'asserted' ? h('span', { class: 'badge' }, ev.mode) : null),
      h('td', { class: 'actors' }, actorsLine(ev)),
      h('td', { class: 'place' }, placeLine(ev)),
      h('td', { class: 'num killed' }, ev.fat ? killedText(ev) : h('span', { class: 'muted', title: 'not reported' }, '–')),
      h('td', { class: 'num', title: sourcesTitle }, fmt(n.outlets != null ? n.outlets : n.articles)));
  }

  function renderTable(total, sent) {
    sortEvents();
    tbody.replaceChildren(...events.map(rowFor));
    if (!events.length) tbody.append(h('tr', { class: 'empty' }, h('td', { colspan: 6 }, 'No located events match these filters.')));
    for (const th of document.querySelectorAll('#events th.sortable')) {
      th.setAttribute('aria-sort', th.dataset.sort === state.sort.key ? (state.sort.desc ? 'descending' : 'ascending') : 'none');
    }
    $('#events-caption').textContent = `${plural(events.length, 'event')} on the map`;
    const missing = total - events.length;
    let note = '';
    if (sent >= MAP_LIMIT && total > sent) note = `The map and table show the ${fmt(MAP_LIMIT)} latest events of ${fmt(total)}; narrow the filters to see the rest.`;
    else if (missing > 0) note = `${plural(missing, 'more event')} ${missing === 1 ? 'has' : 'have'} no place precise enough for the map and ${missing === 1 ? 'is' : 'are'} not listed.`;
    $('#events-note').textContent = note;
  }

  for (const th of document.querySelectorAll('#events th.sortable')) {
    th.tabIndex = 0;
    const sort = () => {
      state.sort = { key: th.dataset.sort, desc: state.sort.key === th.dataset.sort ? !state.sort.desc : true };
      renderTable(lastTotal, lastSent);
      markSelected();
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', (e) => { if (e.key === 'Enter') sort(); });
  }

  const rowOf = (target) => (target instanceof Element ? target.closest('tr[data-event-id]') : null);
  tbody.addEventListener('click', (e) => { const tr = rowOf(e.target); if (tr) selectEvent(tr.dataset.eventId, 'table'); });
  tbody.addEventListener('keydown', (e) => {
    const tr = rowOf(e.target);
    if (tr && e.key === 'Enter') selectEvent(tr.dataset.eventId, 'table');
  });
  tbody.addEventListener('mouseover', (e) => { const tr = rowOf(e.target); if (tr) hoverMarker(tr.dataset.eventId); });
  tbody.addEventListener('mouseleave', () => hoverMarker(null));

  // What stands for an event on the map now: its own circle, or the cluster that holds it.
  function shownOnMap(id) {
    const entry = byId.get(id);
    if (!entry) return null;
    const parent = clusters.getVisibleParent(entry.marker);
    return parent && parent.getElement ? parent.getElement() : null;
  }

  let hovered = null;
  function hoverMarker(id) {
    if (hovered) hovered.classList.remove('hover');
    hovered = id ? shownOnMap(id) : null;
    if (hovered) hovered.classList.add('hover');
  }

  function markSelected() {
    for (const el of document.querySelectorAll('.selected[data-event-id]')) {
      if (el.dataset.eventId !== state.event) el.classList.remove('selected');
    }
    if (!state.event) return;
    const entry = byId.get(state.event);
    if (entry) entry.marker.options.dot.classList.add('selected');
    const row = tbody.querySelector(`tr[data-event-id="${CSS.escape(state.event)}"]`);
    if (row) row.classList.add('selected');
  }

  function selectEvent(id, from) {
    state.event = id;
    saveHash(false);
    markSelected();
    const entry = byId.get(id);
    if (entry && from !== 'map') {
      // zoom in only as far as needed to take the event out of its cluster
      clusters.zoomToShowLayer(entry.marker, () => {
        entry.marker.options.dot.classList.remove('pulse');
        void entry.marker.options.dot.offsetWidth; // restart the animation
        entry.marker.options.dot.classList.add('pulse');
      });
    }
    const row = tbody.querySelector(`tr[data-event-id="${CSS.escape(id)}"]`);
    if (row && from !== 'table') row.scrollIntoView({ block: 'nearest' });
    openRecord(id);
  }

  // ------------------------------------------------------------------ the record of one event

  const detail = $('#detail');
  const detailBody = $('.detail-body', detail);
  let recordSeq = 0;

  function closeRecord() {
    recordSeq += 1;
    detail.hidden = true;
    document.body.classList.remove('with-record');
    state.event = '';
    saveHash(false);
    markSelected();
  }
  $('.close', detail).addEventListener('click', closeRecord);
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !detail.hidden) closeRecord(); });

  async function openRecord(id) {
    const mine = ++recordSeq;
    detail.hidden = false;
    document.body.classList.add('with-record');
    detailBody.replaceChildren(h('p', { class: 'muted' }, 'Loading the record…'));
    try {
      const data = await getJSON(`/api/events/${encodeURIComponent(id)}`);
      if (mine !== recordSeq) return;
      detailBody.replaceChildren(recordView(data));
      detailBody.scrollTop = 0;
    } catch (err) {
      if (mine !== recordSeq) return;
      detailBody.replaceChildren(h('p', { class: 'error' }, `Could not load event ${id}: ${err.message}`));
    }
  }

  function actorView(a, assoc) {
    if (!a && !assoc.length) return h('span', { class: 'muted' }, 'none named');
    const one = (x) => h('span', { class: 'actor' }, x.name,
      x.inter ? h('small', null, ` ${INTER[x.inter] || `inter ${x.inter}`}`) : null,
      x.backers && x.backers.length ? h('small', null, ` backed by ${x.backers.join(', ')}`) : null);
    return [a ? one(a) : null, assoc.length ? [h('span', { class: 'muted' }, a ? ' with ' : ''), assoc.map((x, i) => [i ? ', ' : '', one(x)])] : null];
  }

  function fact(label, ...value) {
    return [h('dt', null, label), h('dd', null, ...value)];
  }

  function recordView(data) {
    const ev = norm(data.event);
    const loc = ev.loc || {};
    const reports = data.reports || [];
    const links = data.links || [];
    const copies = data.copies || [];
    const articles = data.articles || [];

    const head = h('header', { class: 'record-head' },
      h('p', { class: 'kicker' }, h('span', { class: 'swatch', style: { background: colourOf(ev) } }),
        [ev.type || NO_TYPE, ev.disorder].filter(Boolean).join(' · ')),
      h('h2', null, typeLabel(ev), ev.mode !== 'asserted' ? h('span', { class: 'badge' }, ev.mode) : null),
      h('p', { class: 'when-where' }, ev.date || 'undated', ' · ', placeLine(ev) || 'no place'));

    const fat = ev.fat
      ? [h('span', { class: 'fig' }, h('small', null, 'low '), fmt(ev.fat.low)),
        h('span', { class: 'fig best' }, h('small', null, 'best '), h('strong', { dataset: { value: 'fatalities-best' } }, fmt(ev.fat.best))),
        h('span', { class: 'fig' }, h('small', null, 'high '), fmt(ev.fat.high))]
      : [h('span', { class: 'muted' }, 'not reported')];

    const facts = h('dl', { class: 'facts' },
      fact('Actor 1', actorView(ev.actor1, ev.assoc1)),
      fact('Actor 2', actorView(ev.actor2, ev.assoc2)),
      fact('Fatalities', fat, ev.civilians ? h('span', { class: 'badge warn' }, 'civilians targeted') : null),
      ev.quantities.length ? fact('Numbers', ev.quantities.map((q) => `${q.approx ? '~' : ''}${fmt(q.value)} ${q.what}`).join('; ')) : null,
      fact('Place', loc.name ? [[loc.name, loc.admin2 && loc.admin2 !== loc.name ? loc.admin2 : '', loc.admin1, countryName(loc.country)]
        .filter(Boolean).filter((v, i, a) => a.indexOf(v) === i).join(', '),
      loc.lat != null ? h('small', null, ` ${Number(loc.lat).toFixed(3)}, ${Number(loc.lon).toFixed(3)}`) : null,
      loc.geo_precision ? h('small', null, ` · precision: ${GEO_PRECISION[loc.geo_precision] || loc.geo_precision}`) : null]
        : h('span', { class: 'muted' }, 'not located')),
      fact('Date', ev.date || 'undated', ev.datePrecision > 1 ? h('small', null, ` (to the ${DATE_PRECISION[ev.datePrecision]})`) : null,
        ev.firstReported ? h('small', null, ` · first reported ${ev.firstReported}${ev.lastReported && ev.lastReported !== ev.firstReported ? `, last ${ev.lastReported}` : ''}`) : null),
      fact('Codes', [ev.cameo ? `CAMEO ${ev.cameo}` : '', ev.plover ? `PLOVER ${ev.plover}${ev.ploverMode ? ` (${ev.ploverMode})` : ''}` : '',
        ev.confidence != null ? `confidence ${Number(ev.confidence).toFixed(2)}` : ''].filter(Boolean).join(' · ')),
      fact('Event id', h('code', null, ev.id)));

    const src = ev.sources || {};
    const sourceList = h('ul', { class: 'reports' }, reports.map((r) => h('li', null,
      h('strong', null, r.outlet || 'unknown outlet'), r.published ? ` · ${r.published}` : '', ' · ',
      link(r.url, r.title || r.article_id),
      h('div', { class: 'muted' }, [r.event_date ? `says ${r.event_date}` : '', r.location ? `at ${r.location}` : '',
        r.fatalities ? `${fmt(r.fatalities.best)} killed` : ''].filter(Boolean).join(', ')))));

    const mentionOf = new Map(reports.map((r) => [r.mention_id, r]));
    const why = h('ul', { class: 'links' }, links.map((l) => {
      const r = mentionOf.get(l.mention_id);
      const who = r ? `${r.outlet || r.article_id}${r.published ? ` (${r.published})` : ''}` : l.mention_id;
      let what;
      if (l.kind === 'new') what = 'first report: started this event';
      else if (l.kind === 'join') what = `joined it${l.score != null ? ` with score ${Number(l.score).toFixed(2)}` : ''}`;
      else what = `${l.kind}${l.reasons && l.reasons.by ? ` by ${l.reasons.by}` : ''}`;
      const parts = l.reasons && typeof l.reasons === 'object'
        ? Object.entries(l.reasons).filter(([k]) => !['score', 'by'].includes(k))
          .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toFixed(2) : String(v)}`) : [];
      return h('li', null, h('strong', null, who), ': ', what, parts.length ? h('div', { class: 'muted' }, parts.join(' · ')) : null);
    }), copies.map((c) => h('li', null, h('strong', null, c.outlet || c.article_id), ': a copy of article ',
      h('code', null, c.copy_of), c.similarity != null ? ` (similarity ${Number(c.similarity).toFixed(2)})` : '', ', counted once')));

    return h('article', { class: 'record', dataset: { record: ev.id } },
      head,
      ev.notes ? h('p', { class: 'notes' }, ev.notes) : null,
      facts,
      h('h3', null, 'Sources ', h('small', null, [src.articles != null ? plural(src.articles, 'article') : '',
        src.outlets != null ? plural(src.outlets, 'outlet') : ''].filter(Boolean).join(' from '))),
      reports.length ? sourceList : h('p', { class: 'muted' }, 'No reports stored.'),
      links.length || copies.length ? [h('h3', null, 'Why these reports are one event'), why] : null,
      articles.length ? h('h3', null, articles.length === 1 ? 'The article' : 'The articles') : null,
      articles.map(articleView));
  }

  // Offsets in the record count Unicode code points (Python's str); JS strings count UTF-16
  // units, so a character outside the BMP (an emoji) would shift every later span.
  function utf16Offsets(text) {
    if (!/[\uD800-\uDBFF]/.test(text)) return null;
    const at = [];
    let i = 0;
    for (const ch of text) { at.push(i); i += ch.length; }
    at.push(i);
    return at;
  }

  const SPECIFIC = (f) => (f === 'sentence' ? 0 : f === 'actors' ? 1 : 2);

  // Spans nest (a number inside its sentence) and repeat (one word as "actors" and
  // "actor1"); they are drawn as nested <mark>s, one per distinct range, named after its
  // most specific field.  A span that crosses the end of an enclosing one is cut there.
  function highlighted(text, spans) {
    const at = utf16Offsets(text);
    const conv = (n) => (at ? at[Math.min(Math.max(n, 0), at.length - 1)] : Math.min(Math.max(n, 0), text.length));
    const ranges = new Map();
    for (const sp of spans || []) {
      const start = conv(sp.start); const end = conv(sp.end);
      if (!(end > start)) continue;
      const key = `${start}:${end}`;
      if (!ranges.has(key)) ranges.set(key, { start, end, fields: [] });
      if (!ranges.get(key).fields.includes(sp.field)) ranges.get(key).fields.push(sp.field);
    }
    const list = [...ranges.values()].sort((a, b) => a.start - b.start || b.end - a.end);
    const root = { start: 0, end: text.length, kids: [] };
    const stack = [root];
    for (const r of list) {
      while (stack.length > 1 && r.start >= stack[stack.length - 1].end) stack.pop();
      const top = stack[stack.length - 1];
      const node = { start: r.start, end: Math.min(r.end, top.end), kids: [],
        fields: r.fields.sort((a, b) => SPECIFIC(b) - SPECIFIC(a)) };
      if (node.end <= node.start) continue;
      top.kids.push(node);
      stack.push(node);
    }
    const draw = (node, el) => {
      let at2 = node.start;
      for (const kid of node.kids) {
        if (kid.start > at2) el.append(text.slice(at2, kid.start));
        const mark = h('mark', { dataset: { field: kid.fields[0] }, title: kid.fields.map((f) => FIELD_LABEL[f] || f).join(', ') });
        draw(kid, mark);
        el.append(mark);
        at2 = kid.end;
      }
      if (node.end > at2) el.append(text.slice(at2, node.end));
      return el;
    };
    return { body: draw(root, h('div', { class: 'article-text' })), fields: new Set(list.flatMap((r) => r.fields)) };
  }

  function articleView(a) {
    const { body, fields } = highlighted(a.text || '', a.spans || []);
    const order = ['event_type', 'fatalities', 'actor1', 'actor2', 'actors', 'location', 'date', 'quantities', 'sentence'];
    const shown = [...order.filter((f) => fields.has(f)), ...[...fields].filter((f) => !order.includes(f))];
    return h('section', { class: 'article', dataset: { articleId: a.id } },
      h('h4', null, link(a.url, a.title || a.id)),
      h('p', { class: 'muted' }, [a.source, a.published].filter(Boolean).join(' · ')),
      shown.length ? h('p', { class: 'mark-key' }, 'Evidence: ',
        shown.map((f) => h('mark', { class: 'key', dataset: { key: f } }, FIELD_LABEL[f] || f))) : null,
      body);
  }

  // ------------------------------------------------------------------ timeline

  const svg = $('#timeline');
  const MIN_DAYS = 31;
  let timeline = null; // the current scale: {d0, d1, left, slot, width}
  let lastDays = [];

  function renderTimeline(byDay) {
    lastDays = byDay || lastDays;
    const days = lastDays.filter((d) => isDay(d.date)).sort((a, b) => (a.date < b.date ? -1 : 1));
    const box = svg.getBoundingClientRect();
    const W = Math.max(200, Math.round(box.width)); const H = Math.max(60, Math.round(box.height));
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    svg.replaceChildren();
    const m = { l: 30, r: 10, t: 8, b: 18 };
    const pw = W - m.l - m.r; const ph = H - m.t - m.b;
    if (!days.length) {
      timeline = null;
      svg.append(s('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'empty' }, 'No dated events'));
      return;
    }
    let d0 = dayNum(days[0].date) - 1; let d1 = dayNum(days[days.length - 1].date) + 1;
    // a few days of events still sit in a month of context, not in bars a third of the width wide
    const short = MIN_DAYS - (d1 - d0 + 1);
    if (short > 0) { d0 -= Math.floor(short / 2); d1 += Math.ceil(short / 2); }
    const slot = pw / (d1 - d0 + 1);
    timeline = { d0, d1, left: m.l, slot, width: pw, top: m.t, height: ph };
    const x = (n) => m.l + (n - d0) * slot;
    const max = Math.max(...days.map((d) => d.events));
    const y = (v) => m.t + ph - (v / max) * ph;

    svg.append(s('rect', { class: 'plot', x: m.l, y: m.t, width: pw, height: ph }));
    for (const v of max > 1 ? [max, Math.round(max / 2)] : [max]) {
      svg.append(s('line', { class: 'grid', x1: m.l, x2: m.l + pw, y1: y(v), y2: y(v) }),
        s('text', { class: 'axis', x: m.l - 5, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
    }
    svg.append(s('line', { class: 'baseline', x1: m.l, x2: m.l + pw, y1: m.t + ph, y2: m.t + ph }));
    for (const t of ticks(d0, d1, pw)) {
      svg.append(s('line', { class: 'tick', x1: x(t.n), x2: x(t.n), y1: m.t + ph, y2: m.t + ph + 4 }),
        s('text', { class: 'axis', x: x(t.n) + 2, y: H - 4 }, t.label));
    }
    const { since, until } = state.filters;
    const bw = Math.max(2, slot * 0.8);
    for (const d of days) {
      const n = dayNum(d.date);
      const out = (since && d.date < since) || (until && d.date > until);
      svg.append(s('rect', {
        class: out ? 'day out' : 'day', 'data-date': d.date, 'data-events': d.events,
        x: (x(n) + (slot - bw) / 2).toFixed(2), y: y(d.events).toFixed(2), width: bw.toFixed(2),
        height: Math.max(1, m.t + ph - y(d.events)).toFixed(2),
      }, s('title', null, `${d.date}: ${plural(d.events, 'event')}, ${fmt(d.fatalities || 0)} killed`)));
    }
    svg.append(s('rect', { class: 'brush', id: 'brush', y: m.t, height: ph, x: 0, width: 0, visibility: 'hidden' }));
    drawSelection();
    $('#timeline-clear').disabled = !(since || until);
    $('#timeline-range').textContent = since || until
      ? `${since || '…'} → ${until || '…'}` : '';
  }

  function ticks(d0, d1, pw) {
    const span = d1 - d0;
    const out = [];
    if (span <= 14) {
      for (let n = d0 + 1; n < d1; n += 1) { const iso = isoDay(n); out.push({ n, label: `${+iso.slice(8)} ${MONTHS[+iso.slice(5, 7) - 1]}` }); }
      return thin(out, pw, 44);
    }
    if (span <= 90) {
      for (let n = d0; n <= d1; n += 1) {
        const iso = isoDay(n);
        if (new Date(n * DAY).getUTCDay() === 1) out.push({ n, label: `${+iso.slice(8)} ${MONTHS[+iso.slice(5, 7) - 1]}` });
      }
      return thin(out, pw, 44);
    }
    const start = new Date(d0 * DAY);
    for (let y = start.getUTCFullYear(), mo = start.getUTCMonth() + 1; ; mo += 1) {
      if (mo > 11) { mo = 0; y += 1; }
      const n = Date.UTC(y, mo, 1) / DAY;
      if (n > d1) break;
      out.push({ n, label: mo === 0 ? String(y) : MONTHS[mo], year: mo === 0 });
    }
    return thin(out, pw, 34);
  }

  function thin(list, pw, minGap) {
    if (list.length < 2) return list;
    const each = Math.max(1, Math.ceil(list.length / Math.max(1, Math.floor(pw / minGap))));
    return list.filter((t, i) => i % each === 0 || (t.year && each < 4));
  }

  const svgX = (e) => e.clientX - svg.getBoundingClientRect().left;
  const dayAt = (px) => {
    const n = timeline.d0 + Math.floor((px - timeline.left) / timeline.slot);
    return isoDay(Math.min(Math.max(n, timeline.d0), timeline.d1));
  };
  const clampX = (px) => Math.min(Math.max(px, timeline.left), timeline.left + timeline.width - 0.01);

  function drawBrush(xa, xb) {
    const b = $('#brush', svg);
    if (!b) return;
    const lo = Math.min(xa, xb); const hi = Math.max(xa, xb);
    b.setAttribute('x', lo.toFixed(2));
    b.setAttribute('width', Math.max(1, hi - lo).toFixed(2));
    b.setAttribute('visibility', 'visible');
  }

  function drawSelection() {
    const { since, until } = state.filters;
    if (!timeline || !(since || until)) { const b = $('#brush', svg); if (b) b.setAttribute('visibility', 'hidden'); return; }
    const a = since ? dayNum(since) : timeline.d0;
    const b = until ? dayNum(until) + 1 : timeline.d1 + 1;
    const xa = timeline.left + (Math.max(a, timeline.d0) - timeline.d0) * timeline.slot;
    const xb = timeline.left + (Math.min(b, timeline.d1 + 1) - timeline.d0) * timeline.slot;
    if (xb > xa) drawBrush(xa, xb);
  }

  let brushing = null;
  svg.addEventListener('pointerdown', (e) => {
    if (!timeline || e.button !== 0) return;
    brushing = { x0: clampX(svgX(e)), id: e.pointerId };
    svg.setPointerCapture(e.pointerId);
    drawBrush(brushing.x0, brushing.x0 + 1);
    e.preventDefault();
  });
  svg.addEventListener('pointermove', (e) => {
    if (brushing && e.pointerId === brushing.id) drawBrush(brushing.x0, clampX(svgX(e)));
  });
  svg.addEventListener('pointerup', (e) => {
    if (!brushing || e.pointerId !== brushing.id) return;
    const x0 = brushing.x0; const x1 = clampX(svgX(e));
    brushing = null;
    svg.releasePointerCapture(e.pointerId);
    // a click (no drag) chooses the day under the pointer
    const since = dayAt(Math.min(x0, x1)); const until = dayAt(Math.max(x0, x1));
    changeFilters({ since, until });
  });
  svg.addEventListener('pointercancel', () => { brushing = null; drawSelection(); });
  $('#timeline-clear').addEventListener('click', () => changeFilters({ since: '', until: '' }));

  // ------------------------------------------------------------------ headline figures

  function renderFigures(stats) {
    const set = (k, v) => { document.querySelector(`[data-figure="${k}"]`).textContent = v; };
    set('events', fmt(stats.events));
    set('fatalities', fmt(stats.fatalities));
    const nCountries = (stats.by_country || []).filter((c) => c.country).length;
    set('countries', fmt(nCountries));
    const label = (k, one, many, n) => { document.querySelector(`[data-figure="${k}"]`).previousElementSibling.textContent = n === 1 ? one : many; };
    label('events', 'Event', 'Events', stats.events);
    label('countries', 'Country', 'Countries', nCountries);
    const days = (stats.by_day || []).map((d) => d.date).filter(isDay).sort();
    set('period', !days.length ? '–' : days[0] === days[days.length - 1] ? days[0] : `${days[0]} – ${days[days.length - 1]}`);
    $('#scope').textContent = describeFilters();
    document.title = `tacitus — ${describeFilters()}`;
  }

  // ------------------------------------------------------------------ loading

  let refreshSeq = 0;
  let renders = 0;
  let lastTotal = 0;
  let lastSent = 0;
  const status = $('#status');

  async function refresh({ fit = true } = {}) {
    const mine = ++refreshSeq;
    document.body.dataset.state = 'loading';
    status.textContent = 'Loading…';
    status.classList.remove('error');
    const f = activeFilters();
    const undated = { ...f };
    delete undated.since;
    delete undated.until;
    try {
      const [stats, spread, fc] = await Promise.all([
        getJSON('/api/stats', f),
        f.since || f.until ? getJSON('/api/stats', undated) : null,
        getJSON('/api/events', { ...f, format: 'geojson', limit: MAP_LIMIT }),
      ]);
      if (mine !== refreshSeq) return;
      const features = fc.features || [];
      events = features.filter((ft) => ft.geometry && ft.geometry.type === 'Point').map((ft) => {
        const ev = norm(ft.properties || {});
        const [lon, lat] = ft.geometry.coordinates;
        ev.loc = { ...(ev.loc || {}), lat, lon };
        return ev;
      });
      lastTotal = stats.events;
      lastSent = features.length;
      renderFigures(stats);
      renderLegend(stats.by_type);
      renderTimeline((spread || stats).by_day || []);
      renderMap(fit);
      renderTable(lastTotal, lastSent);
      markSelected();
      if (state.event && (detail.hidden || $('[data-record]', detail)?.dataset.record !== state.event)) {
        selectEvent(state.event, 'hash');
      }
      status.textContent = '';
      renders += 1;
      document.body.dataset.renders = String(renders);
      document.body.dataset.state = 'ready';
    } catch (err) {
      if (mine !== refreshSeq) return;
      status.textContent = `Cannot read the tacitus API (${err.message}).`;
      status.classList.add('error');
      document.body.dataset.state = 'error';
    }
  }

  function fromLocation() {
    const before = hashOf();
    readHash();
    syncForm();
    if (hashOf() === before && renders > 0) return;
    if (!state.event && !detail.hidden) { detail.hidden = true; document.body.classList.remove('with-record'); }
    refresh();
  }
  window.addEventListener('popstate', fromLocation);
  window.addEventListener('hashchange', fromLocation);

  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { map.invalidateSize(); renderTimeline(); }, 150);
  });
  // printed pages are narrower than the screen: redraw the map and timeline for the paper
  window.addEventListener('beforeprint', () => { map.invalidateSize(); renderTimeline(); });
  window.addEventListener('afterprint', () => { map.invalidateSize(); renderTimeline(); });

  async function start() {
    // /events/<id> (the link in alerts) redirects to /?event=<id>: carry it into the hash
    const asked = new URLSearchParams(location.search).get('event');
    if (asked) {
      const qs = new URLSearchParams(location.hash.slice(1));
      qs.set('event', asked);
      history.replaceState(null, '', `${location.pathname}#${qs}`);
    }
    readHash();
    const [geo, all] = await Promise.all([
      getJSON('/basemap/countries.geojson').catch((err) => { console.warn('no basemap:', err.message); return null; }),
      getJSON('/api/stats').catch(() => null),
    ]);
    if (geo) {
      countryNames = Object.fromEntries((geo.features || []).map((ft) => [ft.properties.iso3, ft.properties.name]));
      countries.addData(geo);
      rememberLabelPlaces(geo);
    }
    if (all) fillOptions(all);
    syncForm();
    getJSON('/api/actors', { limit: 300 }).then((actors) => {
      $('#actor-names').replaceChildren(...actors.map((a) => h('option', { value: a.name })));
    }).catch(() => { /* the actor box still works as free text */ });
    await refresh();
  }

  start();
})();
