// featuredrop dashboard: polls the evaluator's JSON API and draws runs, results, curves, views and a run form.
'use strict';
const state = { runs: [], results: [], info: null, selected: new Set(), viewRun: null, viewStep: null };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return e;
}
const fmt = (x, d = 3) => (x == null || Number.isNaN(x)) ? '-' : Number(x).toFixed(d);
const mode = r => r.config ? r.config.mode : '-';
const label = runId => { const r = state.runs.find(x => x.runId === runId); return r && r.config ? `${r.config.mode} s${r.config.seed} (${runId})` : runId; };

async function getJson(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

function tasksOf(runIds) {
  const ds = state.runs.filter(r => runIds.includes(r.runId) && r.config).map(r => r.config.dataset);
  const ordered = [];
  for (const d of ds) for (const t of (state.info && state.info.tasks[d]) || []) if (!ordered.includes(t)) ordered.push(t);
  for (const r of state.results) if (runIds.includes(r.runId) && !ordered.includes(r.task)) ordered.push(r.task);
  return ordered;
}

/** The latest probed checkpoint of each run: runId -> {step, byTask}. */
function latestResults() {
  const out = {};
  for (const r of state.results) {
    const cur = out[r.runId];
    if (!cur || r.step > cur.step) out[r.runId] = { step: r.step, byTask: {} };
  }
  for (const r of state.results) if (out[r.runId].step === r.step) out[r.runId].byTask[r.task] = r;
  return out;
}

function comparedRuns() {
  const withResults = [...new Set(state.results.map(r => r.runId))];
  const chosen = state.selected.size ? withResults.filter(id => state.selected.has(id)) : withResults;
  return chosen.sort();
}

function renderRuns() {
  const body = document.querySelector('#runs-table tbody');
  body.replaceChildren();
  for (const r of state.runs) {
    const c = r.config || {};
    const l = r.latest || {};
    const steps = c.steps || 0;
    const step = r.state === 'COMPLETED' ? steps : (l.step || 0);
    const pct = steps ? Math.min(100, 100 * step / steps) : 0;
    const eta = l.stepsPerSecond && r.state === 'RUNNING' ? Math.round((steps - step) / l.stepsPerSecond) + ' s' : '-';
    const box = el('input', { type: 'checkbox', 'data-run': r.runId, onchange: e => { e.target.checked ? state.selected.add(r.runId) : state.selected.delete(r.runId); renderResults(); } });
    box.checked = state.selected.has(r.runId);
    const bar = el('span', { class: 'bar' }, el('span', { style: `width:${pct}%` }));
    const stateCell = el('td', { class: 'state-' + r.state, title: l.reason || '' }, r.state + (r.state === 'REJECTED' && l.reason ? ': ' + l.reason : ''));
    body.append(el('tr', { 'data-run': r.runId }, el('td', {}, box), el('td', {}, r.runId), el('td', {}, c.dataset || '-'), el('td', {}, c.mode || '-'),
      el('td', {}, c.seed ?? '-'), stateCell, el('td', {}, bar, `${step}/${steps}`), el('td', {}, l.loss == null ? '-' : fmt(l.loss, 4)),
      el('td', {}, l.stepsPerSecond == null ? '-' : fmt(l.stepsPerSecond, 2)), el('td', {}, eta)));
  }
  if (!state.runs.length) body.append(el('tr', {}, el('td', { colspan: 10 }, 'no runs yet: start one below, or `featuredrop run configs/…`')));
}

function renderResults() {
  const ids = comparedRuns();
  const tasks = tasksOf(ids);
  const latest = latestResults();
  const best = {};
  for (const t of tasks) best[t] = Math.max(...ids.map(id => (latest[id].byTask[t] || {}).accuracy ?? -1));
  const head = document.querySelector('#results-table thead');
  const body = document.querySelector('#results-table tbody');
  head.replaceChildren(el('tr', {}, el('th', {}, 'run'), el('th', {}, 'mode'), el('th', {}, 'step'), ...tasks.map(t => el('th', {}, t))));
  body.replaceChildren(...ids.map(id => el('tr', { 'data-run': id }, el('td', {}, id), el('td', {}, mode(state.runs.find(r => r.runId === id) || {})),
    el('td', {}, latest[id].step), ...tasks.map(t => {
      const r = latest[id].byTask[t];
      return el('td', { class: r && ids.length > 1 && r.accuracy === best[t] ? 'best' : '' }, r ? fmt(r.accuracy) : '-');
    }))));
  if (!ids.length) body.append(el('tr', {}, el('td', { colspan: 3 }, 'no probe results yet')));
  renderDestruction(ids, tasks, latest);
  renderCurves(ids, tasks);
}

function renderDestruction(ids, tasks, latest) {
  document.querySelector('#destruction-table thead').replaceChildren(el('tr', {}, el('th', {}, 'run'), el('th', {}, 'mode'),
    ...tasks.flatMap(t => [el('th', {}, t + ' acc'), el('th', {}, t + ' kept'), el('th', {}, t + ' destroyed')])));
  document.querySelector('#destruction-table tbody').replaceChildren(...ids.map(id => el('tr', {}, el('td', {}, id),
    el('td', {}, mode(state.runs.find(r => r.runId === id) || {})), ...tasks.flatMap(t => {
      const r = latest[id].byTask[t];
      const kept = r ? r.labelRetention : null;
      const destroyed = r && kept != null && r.accuracy > 0 ? Math.max(0, 1 - kept / r.accuracy) : null;
      return [el('td', {}, r ? fmt(r.accuracy) : '-'), el('td', {}, fmt(kept)), el('td', {}, destroyed == null ? '-' : Math.round(100 * destroyed) + ' %')];
    }))));
}

function svg(tag, attrs) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function renderCurves(ids, tasks) {
  const box = document.getElementById('curves');
  box.replaceChildren();
  const W = 460, H = 260, L = 44, R = 150, T = 12, B = 30;
  for (const t of tasks) {
    const pts = ids.map(id => state.results.filter(r => r.runId === id && r.task === t).sort((a, b) => a.step - b.step));
    const all = pts.flat();
    if (!all.length) continue;
    const maxStep = Math.max(1, ...all.map(r => r.step));
    let lo = Math.min(...all.map(r => r.accuracy)), hi = Math.max(...all.map(r => r.accuracy));
    if (hi - lo < 0.02) { lo -= 0.01; hi += 0.01; }
    const x = s => L + (W - L - R) * s / maxStep;
    const y = a => T + (H - T - B) * (1 - (a - lo) / (hi - lo));
    const g = svg('svg', { width: W, height: H, 'data-task': t });
    g.append(svg('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#999' }), svg('line', { x1: L, y1: T, x2: L, y2: H - B, stroke: '#999' }));
    for (const v of [lo, (lo + hi) / 2, hi]) { const tx = svg('text', { x: 2, y: y(v) + 4 }); tx.textContent = fmt(v); g.append(tx); }
    for (const s of [0, maxStep]) { const tx = svg('text', { x: x(s) - 8, y: H - 10 }); tx.textContent = s; g.append(tx); }
    const xl = svg('text', { x: (W - R) / 2, y: H - 2 }); xl.textContent = 'checkpoint step'; g.append(xl);
    pts.forEach((series, i) => {
      if (!series.length) return;
      const colour = COLOURS[i % COLOURS.length];
      g.append(svg('polyline', { points: series.map(r => `${x(r.step)},${y(r.accuracy)}`).join(' '), fill: 'none', stroke: colour, 'stroke-width': 2 }));
      for (const r of series) g.append(svg('circle', { cx: x(r.step), cy: y(r.accuracy), r: 3, fill: colour }));
      const key = svg('text', { x: W - R + 8, y: T + 12 + 14 * i, fill: colour }); key.textContent = label(ids[i]).slice(0, 26); key.style.fill = colour; g.append(key);
    });
    box.append(el('figure', {}, g, el('figcaption', {}, 'task ' + t + ': accuracy over training')));
  }
}

function renderViewChoices() {
  const sel = document.getElementById('view-run');
  const ids = state.runs.filter(r => r.config).map(r => r.runId);
  const current = sel.value || state.viewRun;
  if ([...sel.options].map(o => o.value).join() !== ids.join()) {
    sel.replaceChildren(...ids.map(id => el('option', { value: id }, label(id))));
  }
  const withResults = ids.filter(id => state.results.some(r => r.runId === id));
  sel.value = ids.includes(current) ? current : (withResults[0] || ids[0] || '');
  refreshViews(false);
}

function refreshViews(force) {
  const id = document.getElementById('view-run').value;
  if (!id) return;
  const latest = latestResults()[id];
  const step = latest ? latest.step : null;
  if (!force && id === state.viewRun && step === state.viewStep) return;
  state.viewRun = id; state.viewStep = step;
  const grid = document.getElementById('view-grid');
  const caption = document.getElementById('view-caption');
  if (step == null) { grid.replaceChildren(el('p', { class: 'hint' }, 'no probed checkpoint yet')); caption.textContent = ''; return; }
  const img = el('img', { alt: `views of ${id} at step ${step}`, src: `/api/runs/${encodeURIComponent(id)}/views?n=6&step=${step}` });
  img.addEventListener('error', () => grid.replaceChildren(el('p', { class: 'error' }, `no view grid for ${id} at step ${step}`)));
  grid.replaceChildren(img);
  caption.textContent = `step ${step}`;
}

async function refresh() {
  try {
    const [runs, results] = await Promise.all([getJson('/api/runs'), getJson('/api/results')]);
    state.runs = runs; state.results = results;
    renderRuns(); renderResults(); renderViewChoices();
    document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    document.getElementById('updated').textContent = 'update failed: ' + e.message;
  }
}

async function setupForm() {
  state.info = await getJson('/api/run-configs');
  const form = document.getElementById('submit-form');
  form.elements.dataset.replaceChildren(...state.info.datasets.map(d => el('option', { value: d }, d)));
  form.elements.mode.replaceChildren(...state.info.modes.map(m => el('option', { value: m }, m)));
  form.elements.mode.value = 'viewmaker';
  document.getElementById('token-label').hidden = !state.info.tokenRequired;
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const out = document.getElementById('submit-result');
    const f = form.elements;
    let cfg;
    try {
      cfg = f.extra.value.trim() ? JSON.parse(f.extra.value) : {};
    } catch (e) {
      out.replaceChildren(el('span', { class: 'error' }, 'more fields: not JSON: ' + e.message));
      return;
    }
    Object.assign(cfg, { runId: f.runId.value.trim(), dataset: f.dataset.value, mode: f.mode.value,
      steps: Number(f.steps.value), batchSize: Number(f.batchSize.value), seed: Number(f.seed.value) });
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (f.token.value) headers.Authorization = 'Bearer ' + f.token.value;
    const r = await fetch('/api/run-configs', { method: 'POST', headers, body: JSON.stringify(cfg) });
    const answer = await r.json().catch(() => ({ errors: [{ field: 'HTTP', reason: String(r.status) }] }));
    if (!r.ok) {
      out.replaceChildren(el('span', { class: 'error' }, 'not published: '), ...(answer.errors || []).map(e => el('div', { class: 'error' }, `${e.field}: ${e.reason}`)));
      return;
    }
    out.replaceChildren(`published ${answer.runId} to fd.runs; waiting for the augmenter's decision …`);
    for (let i = 0; i < 60; i++) {
      await new Promise(res => setTimeout(res, 1000));
      const run = await fetch('/api/runs/' + encodeURIComponent(answer.runId)).then(x => x.ok ? x.json() : null).catch(() => null);
      if (run && run.state !== 'PENDING') {
        out.replaceChildren(el('span', { id: 'submit-decision', class: 'state-' + run.state }, `${answer.runId}: ${run.state}` + (run.latest && run.latest.reason ? ' (' + run.latest.reason + ')' : '')));
        refresh();
        return;
      }
    }
    out.replaceChildren(`published ${answer.runId}; no decision within 60 s (is the augmenter running?)`);
  });
}

setupForm().catch(e => { document.getElementById('submit-result').textContent = 'run form unavailable: ' + e.message; }).finally(refresh);
setInterval(refresh, 3000);
