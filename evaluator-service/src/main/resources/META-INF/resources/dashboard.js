// featuredrop dashboard: polls the evaluator's JSON API and draws runs, statistics, results, curves, views and a run form.
// Curves are Chart.js charts (bundled at build time as vendor/chart.umd.js); the statistics come from /api/summary,
// computed on the server by the same code as the demo's table and the report.
'use strict';
const state = { runs: [], results: [], summary: null, info: null, selected: new Set(), viewRun: null, viewStep: null,
  losses: {}, lossStep: {}, charts: {} }; // lossStep: run id -> state and step of its last loss fetch
const CHARTS = typeof window.Chart !== 'undefined';
const CHARTS_MISSING = 'Charts unavailable: vendor/chart.umd.js was not bundled into this build (scripts/setup.sh fetches Chart.js from npm; '
  + 'then rebuild). Every table on this page is complete without it.';
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

/** The sweep of a run as the server reads it from the run's id (/api/summary lists every run of each sweep), or null. */
function sweepOf(r) {
  for (const g of (state.summary && state.summary.groups) || []) {
    if (g.waiting.includes(r.runId) || (g.stopped || []).includes(r.runId) || g.rows.some(row => row.runIds.includes(r.runId))) return g.sweep;
  }
  return null;
}

/** Runs in groups of (sweep, mode), sweeps by name then runs outside a sweep, modes and seeds in order. */
function groupedRuns() {
  const key = r => [sweepOf(r) ?? '\uffff', r.config ? r.config.mode : '\uffff', r.config ? r.config.seed : 0, r.runId];
  const sorted = [...state.runs].sort((a, b) => {
    const ka = key(a), kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
  });
  const groups = [];
  for (const r of sorted) {
    const name = (sweepOf(r) ? 'sweep ' + sweepOf(r) : 'outside a sweep') + ' · ' + mode(r);
    if (!groups.length || groups[groups.length - 1].name !== name) groups.push({ name, runs: [] });
    groups[groups.length - 1].runs.push(r);
  }
  return groups;
}

function renderRuns() {
  const body = document.querySelector('#runs-table tbody');
  body.replaceChildren();
  for (const g of groupedRuns()) {
    const done = g.runs.filter(r => r.state === 'COMPLETED').length;
    body.append(el('tr', { class: 'group' }, el('td', { colspan: 10 }, `${g.name}: ${g.runs.length} run${g.runs.length > 1 ? 's' : ''}, ${done} completed`)));
    for (const r of g.runs) renderRun(body, r);
  }
  if (!state.runs.length) body.append(el('tr', {}, el('td', { colspan: 10 }, 'no runs yet: start one below, or `featuredrop run configs/…`')));
}

function renderRun(body, r) {
  const c = r.config || {};
  const l = r.latest || {};
  const steps = c.steps || 0;
  const step = r.state === 'COMPLETED' ? steps : (l.step || 0);
  const pct = steps ? Math.min(100, 100 * step / steps) : 0;
  const eta = l.stepsPerSecond && r.state === 'RUNNING' ? Math.round((steps - step) / l.stepsPerSecond) + ' s' : '-';
  const box = el('input', { type: 'checkbox', 'data-run': r.runId, onchange: e => { e.target.checked ? state.selected.add(r.runId) : state.selected.delete(r.runId); renderResults(); renderLoss(); } });
  box.checked = state.selected.has(r.runId);
  const bar = el('span', { class: 'bar' }, el('span', { style: `width:${pct}%` }));
  const stateCell = el('td', { class: 'state-' + r.state, title: l.reason || '' }, r.state + (r.state === 'REJECTED' && l.reason ? ': ' + l.reason : ''));
  body.append(el('tr', { 'data-run': r.runId }, el('td', {}, box), el('td', {}, r.runId), el('td', {}, c.dataset || '-'), el('td', {}, c.mode || '-'),
    el('td', {}, c.seed ?? '-'), stateCell, el('td', {}, bar, `${step}/${steps}`), el('td', {}, l.loss == null ? '-' : fmt(l.loss, 4)),
    el('td', {}, l.stepsPerSecond == null ? '-' : fmt(l.stepsPerSecond, 2)), el('td', {}, eta)));
}

const interval = a => a ? (a.low == null ? fmt(a.mean) : `${fmt(a.mean)} [${fmt(a.low)}, ${fmt(a.high)}]`) : '-';

/** The server's statistics (/api/summary): per sweep, one row per (dataset, mode) and one sentence per paired comparison. */
function renderSummary() {
  const box = document.getElementById('summary-groups');
  const groups = (state.summary && state.summary.groups) || [];
  box.replaceChildren();
  for (const g of groups) {
    const title = g.sweep ? 'sweep ' + g.sweep : 'runs outside a sweep';
    const table = el('table', { class: 'summary', 'data-sweep': g.sweep ?? '' },
      el('thead', {}, el('tr', {}, el('th', {}, 'mode'), el('th', {}, 'dataset'), el('th', {}, 'seeds'), el('th', {}, 'step'),
        ...g.tasks.map(t => el('th', {}, t)), ...g.tasks.map(t => el('th', {}, t + ' kept')))),
      el('tbody', {}, ...g.rows.map(row => el('tr', { 'data-mode': row.mode }, el('td', {}, row.mode), el('td', {}, row.dataset),
        el('td', {}, row.runIds.length), el('td', {}, row.step), ...g.tasks.map(t => {
          const c = row.cells.find(x => x.task === t);
          return el('td', { class: 'num' }, c ? interval(c.accuracy) : '-');
        }), ...g.tasks.map(t => {
          const c = row.cells.find(x => x.task === t);
          return el('td', { class: 'num' }, c ? fmt(c.keptMean) : '-');
        })))));
    const oneSeed = g.rows.length && g.rows.every(row => row.runIds.length < 2);
    box.append(el('h3', {}, title), g.rows.length ? table : el('p', { class: 'hint' }, 'no finished run yet'),
      el('ul', { class: 'verdicts' }, ...g.comparisons.map(c => el('li', { class: 'verdict-' + c.verdict.outcome }, c.verdict.sentence))),
      oneSeed ? el('p', { class: 'hint' }, 'one seed per mode so far: no interval is possible until a second seed finishes') : '',
      g.waiting.length ? el('p', { class: 'hint' }, `not counted yet (training, or final checkpoint not probed): ${g.waiting.join(', ')}`) : '',
      (g.stopped || []).length ? el('p', { class: 'hint' }, `ended without completing, not counted: ${g.stopped.join(', ')}`) : '');
  }
  if (!groups.length) box.append(el('p', { class: 'hint' }, 'no runs yet'));
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

/** One Chart.js chart per key, created once and then only given new data (no flicker, no leak every 3 s). */
function chart(key, canvas, yTitle, xTitle) {
  let c = state.charts[key];
  if (c && c.canvas !== canvas) { c.destroy(); c = null; }
  if (!c) {
    c = new Chart(canvas, { type: 'line', data: { datasets: [] }, options: {
      animation: false, parsing: false, normalized: true, maintainAspectRatio: false,
      scales: { x: { type: 'linear', title: { display: true, text: xTitle } }, y: { title: { display: true, text: yTitle } } },
      plugins: { legend: { position: 'right', labels: { boxWidth: 12 } } },
      elements: { point: { radius: 2 } } } });
    state.charts[key] = c;
  }
  return c;
}

function setData(c, datasets) {
  c.data.datasets = datasets;
  c.update('none');
}

function series(label, i, points, extra = {}) {
  const colour = COLOURS[i % COLOURS.length];
  return Object.assign({ label, data: points, borderColor: colour, backgroundColor: colour, borderWidth: 2 }, extra);
}

function renderCurves(ids, tasks) {
  const box = document.getElementById('curves');
  if (!CHARTS) { box.replaceChildren(el('p', { class: 'error charts-missing' }, CHARTS_MISSING)); return; }
  for (const t of tasks) {
    const pts = ids.map(id => state.results.filter(r => r.runId === id && r.task === t).sort((a, b) => a.step - b.step));
    let fig = box.querySelector(`figure[data-task="${CSS.escape(t)}"]`);
    if (!pts.flat().length) { if (fig) fig.remove(); continue; }
    if (!fig) {
      fig = el('figure', { 'data-task': t }, el('div', { class: 'chart-box' }, el('canvas', {})), el('figcaption', {}, 'task ' + t + ': accuracy over training'));
      box.append(fig);
    }
    const names = legendNames(ids);
    setData(chart('acc:' + t, fig.querySelector('canvas'), 'top-1 accuracy', 'checkpoint step'),
      pts.map((p, i) => series(names[ids[i]], i, p.map(r => ({ x: r.step, y: r.accuracy })))).filter(d => d.data.length));
  }
  for (const fig of [...box.querySelectorAll('figure')]) if (!tasks.includes(fig.dataset.task)) fig.remove();
}

/** Fetches a run's loss curve when its state or step has moved on since the last fetch (a finished run once). */
async function refreshLosses() {
  const now = r => r.state + ':' + (r.latest && r.latest.step != null ? r.latest.step : '');
  const moved = state.runs.filter(r => r.config && state.lossStep[r.runId] !== now(r));
  await Promise.all(moved.map(async r => {
    const res = await fetch(`/api/runs/${encodeURIComponent(r.runId)}/loss`, { headers: { Accept: 'application/json' } });
    if (res.ok) state.losses[r.runId] = await res.json();
    if (res.ok || res.status === 404) state.lossStep[r.runId] = now(r); // 404: no progress yet, asked again when the run moves
  }));
}

function renderLoss() {
  const canvas = document.getElementById('loss-chart');
  const ids = (state.selected.size ? [...state.selected] : state.runs.map(r => r.runId)).filter(id => state.losses[id]).sort();
  document.getElementById('loss-empty').hidden = ids.length > 0;
  if (!CHARTS) {
    if (canvas) canvas.parentElement.replaceWith(el('p', { class: 'error charts-missing' }, CHARTS_MISSING));
    return;
  }
  const names = legendNames(ids);
  setData(chart('loss', canvas, 'NT-Xent loss', 'step'),
    ids.map((id, i) => series(names[id], i, state.losses[id].points.map(p => ({ x: p.step, y: p.loss })), { pointRadius: 0, borderWidth: 1.5 })));
}

/** Short legend entries: "viewmaker s2"; the run id is added only where two runs of the chart share mode and seed. */
function legendNames(ids) {
  const short = id => { const r = state.runs.find(x => x.runId === id); return r && r.config ? `${r.config.mode} s${r.config.seed}` : id; };
  const count = {};
  for (const id of ids) count[short(id)] = (count[short(id)] || 0) + 1;
  return Object.fromEntries(ids.map(id => [id, count[short(id)] > 1 ? `${short(id)} (${id})` : short(id)]));
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
    const [runs, results, summary] = await Promise.all([getJson('/api/runs'), getJson('/api/results'), getJson('/api/summary')]);
    state.runs = runs; state.results = results; state.summary = summary;
    renderRuns(); renderSummary(); renderResults(); renderViewChoices();
    await refreshLosses();
    renderLoss();
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
