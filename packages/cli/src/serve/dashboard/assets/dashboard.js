// Synapse dashboard: vanilla JavaScript, no framework and no build step. Talks only to this
// service: POST /query, GET /pipeline, GET /dashboard/pipeline.svg, GET /events (Server-Sent
// Events) and the admin routes (bearer token kept in sessionStorage).

const TOKEN_KEY = 'synapse.adminToken';
const $ = (id) => document.getElementById(id);

/** Creates an element with text content and optional class. */
function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

const fmt = (n, digits = 3) => (typeof n === 'number' && Number.isFinite(n) ? Number(n.toFixed(digits)).toString() : '–');

function setStatus(id, message, kind) {
  const node = $(id);
  node.textContent = message;
  node.className = `status${kind ? ` ${kind}` : ''}`;
}

/** `key=value` lines → the core filter language (`meta.` is added to bare keys). */
function parseFilters(text) {
  const conditions = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`filter "${line}" is not key=value`);
    const key = line.slice(0, eq).trim();
    const rawValue = line.slice(eq + 1).trim();
    let value = rawValue;
    if (/^-?\d+(\.\d+)?$/.test(rawValue)) value = Number(rawValue);
    else if (rawValue === 'true' || rawValue === 'false') value = rawValue === 'true';
    const field = key === 'id' || key === 'content' || key.startsWith('meta.') ? key : `meta.${key}`;
    conditions.push({ field, operator: '==', value });
  }
  if (conditions.length === 0) return undefined;
  return conditions.length === 1 ? conditions[0] : { operator: 'AND', conditions };
}

/** Reads a JSON answer; throws with the service's `error` message on a non-2xx status. */
async function requestJson(method, path, body, headers = {}) {
  const res = await fetch(path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = { error: text };
  }
  return { ok: res.ok, status: res.status, body: json };
}

// ---- Search playground -------------------------------------------------------------------

function renderSources(list, sources) {
  list.replaceChildren();
  if (sources.length === 0) {
    list.append(el('li', 'no sources (nothing matched, or nothing is indexed yet)', 'meta'));
    return;
  }
  for (const s of sources) {
    const item = el('li');
    item.value = s.n;
    item.id = `source-${s.n}`;
    item.append(el('strong', s.title || s.path || s.id));
    item.append(document.createTextNode(` — score ${fmt(s.score)}`));
    item.append(el('span', `id ${s.id}${s.path ? ` · ${s.path}` : ''}`, 'snippet'));
    list.append(item);
  }
}

/** What each stage is, for the explain table's header. */
const STAGE_NOTES = { joiner: 'after fusion', ranker: 'after rerank' };

function renderExplain(explain) {
  const table = $('explain-table');
  const top = el('tr');
  const sub = el('tr');
  const source = el('th', 'Source');
  source.scope = 'col';
  source.rowSpan = 2;
  top.append(source);
  for (const stage of explain.stages) {
    const th = el('th', stage, 'stage');
    th.scope = 'colgroup';
    th.colSpan = 2;
    if (STAGE_NOTES[stage]) th.append(el('span', ` (${STAGE_NOTES[stage]})`, 'meta'));
    top.append(th);
    sub.append(Object.assign(el('th', 'rank'), { scope: 'col' }), Object.assign(el('th', 'score'), { scope: 'col' }));
  }
  table.tHead.replaceChildren(top, sub);
  const body = table.tBodies[0];
  body.replaceChildren();
  for (const doc of explain.documents) {
    const row = el('tr');
    const name = el('th', doc.path || doc.id);
    name.scope = 'row';
    name.title = doc.id;
    row.append(name);
    for (const stage of explain.stages) {
      const at = doc.stages[stage] || { rank: null, score: null };
      row.append(
        el('td', at.rank ?? '–', at.rank === null ? 'missing' : ''),
        el('td', fmt(at.score), at.score === null ? 'missing' : ''),
      );
    }
    body.append(row);
  }
  const timings = $('timings-table').tBodies[0];
  timings.replaceChildren();
  for (const t of explain.timings) {
    const row = el('tr');
    const name = el('th', t.component);
    name.scope = 'row';
    row.append(name, el('td', fmt(t.ms, 1)));
    timings.append(row);
  }
  $('explain-block').hidden = false;
}

async function runSearch(event) {
  event.preventDefault();
  const query = $('query').value.trim();
  if (!query) {
    setStatus('search-status', 'Type a question first.', 'error');
    $('query').focus();
    return;
  }
  let filters;
  try {
    filters = parseFilters($('filters').value);
  } catch (error) {
    setStatus('search-status', error.message, 'error');
    return;
  }
  const topK = Number($('topk').value) || undefined;
  const button = $('search-button');
  button.disabled = true;
  setStatus('search-status', 'Searching…');
  try {
    const { ok, body } = await requestJson('POST', '/query', {
      query,
      ...(topK ? { topK } : {}),
      ...(filters ? { filters } : {}),
      explain: true,
    });
    if (!ok) {
      setStatus('search-status', body.error || 'the query failed', 'error');
      return;
    }
    $('answer').textContent = body.answer || body.note || '(no answer)';
    $('answer-meta').textContent = `${body.generator} · ${body.path} path · ${fmt(body.elapsedMs, 0)} ms`;
    renderSources($('sources'), body.sources || []);
    $('answer-block').hidden = false;
    if (body.explain) renderExplain(body.explain);
    else $('explain-block').hidden = true;
    setStatus('search-status', `${(body.sources || []).length} source(s).`, 'ok');
  } catch (error) {
    setStatus('search-status', `The service did not answer: ${error.message}`, 'error');
  } finally {
    button.disabled = false;
  }
}

let pipelinePath = null;

async function loadPipeline() {
  try {
    const [info, svg] = await Promise.all([requestJson('GET', '/pipeline'), fetch('/dashboard/pipeline.svg')]);
    if (info.ok) {
      pipelinePath = info.body.path;
      $('pipeline-path').textContent = `(${info.body.path} path${info.body.note ? `: ${info.body.note}` : ''})`;
      $('pipeline-mermaid').textContent = info.body.mermaid;
      $('pipeline-yaml').textContent = info.body.yaml || info.body.yamlError || '';
    }
    // The SVG is drawn by this service with every text XML-escaped.
    if (svg.ok) $('pipeline-diagram').innerHTML = await svg.text();
    else $('pipeline-diagram').textContent = `the pipeline could not be drawn (${svg.status})`;
  } catch (error) {
    $('pipeline-diagram').textContent = `the pipeline could not be loaded: ${error.message}`;
  }
}

// ---- Rollout panel -----------------------------------------------------------------------

let lastMigration = null;

function renderFlags(flags, origin) {
  const list = $('flags');
  list.replaceChildren();
  for (const [key, value] of Object.entries(flags)) {
    const item = el('div');
    item.dataset.flag = key;
    const on = value === true || (typeof value === 'number' && value > 0);
    item.append(el('dt', key), el('dd', String(value), on ? 'flag-on' : 'flag-off'));
    list.append(item);
  }
  $('flags-origin').textContent = origin ? `(${origin})` : '';
}

function renderShadow(shadow) {
  $('shadow-summary').textContent =
    shadow.compared === 0
      ? `no comparisons yet (${shadow.failed} failed)`
      : `${shadow.compared} compared · mean overlap ${fmt(shadow.meanOverlap, 2)} · ${shadow.low} low · ${shadow.failed} failed`;
  const hist = $('histogram');
  const max = Math.max(1, ...shadow.histogram);
  hist.replaceChildren();
  shadow.histogram.forEach((count, i) => {
    const bar = el('div', null, i < 5 ? 'bar low' : 'bar');
    bar.style.height = `${(count / max) * 100}%`;
    bar.title = `overlap ${i / 10}–${(i + 1) / 10}: ${count}`;
    hist.append(bar);
  });
  hist.setAttribute('aria-label', `shadow-read overlap histogram, deciles 0 to 1: ${shadow.histogram.join(', ')}`);
  if (!hist.nextElementSibling?.classList.contains('histogram-axis')) {
    const axis = el('div', null, 'histogram-axis');
    axis.setAttribute('aria-hidden', 'true');
    for (let i = 0; i < 10; i++) axis.append(el('span', (i / 10).toFixed(1)));
    hist.after(axis);
  }
  const low = $('low-events');
  low.replaceChildren();
  if (shadow.latestLow.length === 0) low.append(el('li', 'none', 'meta'));
  for (const e of shadow.latestLow.slice(0, 8)) {
    low.append(el('li', `${e.at.slice(11, 19)} ${e.operation} overlap ${fmt(e.overlap, 2)}${e.query ? ` — "${e.query}"` : ''}`));
  }
}

function renderMigration(migration, at) {
  const text = $('migration');
  const bar = $('migration-progress');
  if (!migration) {
    text.textContent = 'no migration job reports to this service';
    bar.hidden = true;
    return;
  }
  let rate = '';
  const now = Date.parse(at);
  if (lastMigration && now > lastMigration.at) {
    const perSecond = ((migration.migrated - lastMigration.migrated) * 1000) / (now - lastMigration.at);
    rate = ` · ${fmt(Math.max(0, perSecond), 1)} docs/s`;
  }
  lastMigration = { at: now, migrated: migration.migrated };
  text.textContent = `${migration.migrated} / ${migration.total} migrated (${fmt(migration.ratio * 100, 1)} %)${
    migration.verified !== null ? ` · ${migration.verified} verified` : ''
  }${rate}`;
  bar.hidden = false;
  bar.value = migration.ratio;
}

function renderFigures(f) {
  const r = f.rollout;
  $('stage').textContent = r
    ? `${r.stage} — ${r.name}${r.emergency ? ' (emergency)' : ''}${r.inSync ? '' : ' (flags differ from the stage)'}`
    : 'no flag file (flags from the environment)';
  $('stage').dataset.stage = r ? String(r.stage) : '';
  $('query-path').textContent = f.queryPath;
  const pct = f.flags.pgvectorReadPercentage ?? 0;
  $('read-percentage').textContent = `${pct} %`;
  $('read-meter').value = pct;
  const circuits = Object.entries(f.circuits);
  const circuitNode = $('circuits');
  circuitNode.replaceChildren();
  if (circuits.length === 0) circuitNode.textContent = 'none reporting';
  for (const [name, c] of circuits) circuitNode.append(el('span', `${name}: ${c.state} `, `circuit-${c.state}`));
  $('outbox').textContent = f.outboxSize === null ? 'no hybrid store open' : String(f.outboxSize);
  $('dual-write-failures').textContent = String(f.dualWriteFailures);
  renderFlags(f.flags, f.flagsOrigin);
  renderShadow(f.shadow);
  renderMigration(f.migration, f.at);
  if (pipelinePath !== null && f.queryPath !== pipelinePath) {
    pipelinePath = f.queryPath;
    loadPipeline();
  }
}

function connectEvents() {
  const status = $('connection');
  const source = new EventSource('/events');
  source.addEventListener('open', () => {
    status.textContent = 'live';
    status.className = 'pill live';
  });
  source.addEventListener('figures', (event) => {
    status.textContent = `live · ${new Date().toLocaleTimeString()}`;
    status.className = 'pill live';
    renderFigures(JSON.parse(event.data));
  });
  source.addEventListener('error', () => {
    // EventSource reconnects by itself; say so instead of throwing.
    status.textContent = 'reconnecting…';
    status.className = 'pill down';
  });
}

// ---- Stage control (admin) ---------------------------------------------------------------

async function rolloutAction(action) {
  const tokenInput = $('admin-token');
  const token = tokenInput.value.trim();
  if (!token) {
    setStatus('admin-status', 'Enter the admin token (SYNAPSE_ADMIN_TOKEN) first.', 'error');
    tokenInput.focus();
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  const label = action === 'advance' ? 'Advance the rollout to the next stage?' : 'Roll the rollout back one stage?';
  if (!window.confirm(label)) {
    setStatus('admin-status', 'Cancelled.');
    return;
  }
  setStatus('admin-status', action === 'advance' ? 'Advancing…' : 'Rolling back…');
  try {
    const { ok, status, body } = await requestJson('POST', `/admin/rollout/${action}`, {}, { authorization: `Bearer ${token}` });
    if (status === 401 || status === 403) {
      sessionStorage.removeItem(TOKEN_KEY);
      setStatus('admin-status', body.error || 'the token was refused', 'error');
    } else if (!ok) {
      const why = body.refused && body.refused.length > 0 ? body.refused.join('; ') : body.error;
      setStatus('admin-status', `${action} refused: ${why || status}`, 'error');
    } else {
      setStatus('admin-status', `Now at stage ${body.state.stage}.`, 'ok');
    }
  } catch (error) {
    setStatus('admin-status', `The service did not answer: ${error.message}`, 'error');
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('search-form').addEventListener('submit', runSearch);
  $('admin-token').value = sessionStorage.getItem(TOKEN_KEY) || '';
  $('advance-button').addEventListener('click', () => rolloutAction('advance'));
  $('rollback-button').addEventListener('click', () => rolloutAction('rollback'));
  loadPipeline();
  connectEvents();
});
