// The managers' reports page: KPI tiles, daily charts and tables from GET /api/reports/summary.
// Uses the console's session cookie (same origin); Chart.js comes from the app itself
// (/api/reports/chart.js), never from a CDN. The chosen period and cuts live in the address,
// so a view can be bookmarked or shared.
import { h, fill, formatDuration, LANGUAGE_NAMES } from './ui.js';

/** @type {Record<string, string>} */
const CHANNEL_NAMES = { 'whatsapp-cloud': 'WhatsApp (Cloud API)', 'whatsapp-web': 'WhatsApp (linked phone)', messenger: 'Messenger', instagram: 'Instagram', simulator: 'Simulator' };
const PRESETS = ['7', '30', '90'];
const COLORS = { accent: '#0f6e66', accentSoft: 'rgba(15, 110, 102, .15)', amber: '#d98a00', blue: '#1d5fd1', grid: '#e6ebf0', text: '#5b6776' };

/**
 * What GET /api/reports/summary answers (src/reports/types.ts, ReportSummary).
 * @typedef {import('./api.js').ApiData} ReportSummary
 * @typedef {{ destroy(): void }} ChartInstance
 * @typedef {new (canvas: HTMLCanvasElement, config: object) => ChartInstance} ChartConstructor Chart.js's UMD global
 * @typedef {{ [name: string]: HTMLInputElement & HTMLSelectElement }} NamedControls
 */

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** The form's controls by name (period, from, to, team, agent, channel, language, fcrDays). */
const form = /** @type {HTMLFormElement & NamedControls} */ (byId('controls'));
const report = byId('report');
/** @type {Record<string, ChartInstance>} */
const charts = {};
/** @type {import('./queue.js').Me | null} */
let me = null;
/** @type {Promise<ChartConstructor | null> | undefined} */
let chartLibrary;
let loadSeq = 0;
/** Chart.js, once its script has run. */
const chartGlobal = () => /** @type {{ Chart?: ChartConstructor }} */ (/** @type {unknown} */ (window)).Chart;

// ---- formatting ----

/**
 * "2.5 s", "45 s", "12 min 30 s", "1 h 5 min"; "—" when there is no figure.
 * @param {number | null | undefined} value
 */
function seconds(value) {
  if (value === null || value === undefined) return '—';
  if (value < 10) return `${Number(value.toFixed(1))} s`;
  if (value < 60) return `${Math.round(value)} s`;
  return formatDuration(value * 1000);
}

/**
 * 0.375 → "37.5%"
 * @param {number | null | undefined} rate
 */
function percent(rate) {
  if (rate === null || rate === undefined) return '—';
  return `${Number((rate * 100).toFixed(1))}%`;
}

/**
 * @param {number | null | undefined} value
 * @param {number} [digits]
 */
function number(value, digits = 2) {
  return value === null || value === undefined ? '—' : String(Number(value.toFixed(digits)));
}

/** @param {string} date YYYY-MM-DD */
const localDate = (date) => new Date(`${date}T00:00:00Z`).toLocaleDateString([], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
/** @param {string} date YYYY-MM-DD */
const shortDate = (date) => new Date(`${date}T00:00:00Z`).toLocaleDateString([], { day: 'numeric', month: 'short', timeZone: 'UTC' });

/**
 * YYYY-MM-DD plus whole days, as calendar arithmetic (no time zone involved).
 * @param {string} date
 * @param {number} days
 */
function addDays(date, days) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

// ---- server ----

/**
 * @param {string} path
 * @returns {Promise<import('./api.js').ApiData>} rejects with an Error carrying the HTTP `status` (0: unreachable)
 */
async function getJson(path) {
  let res;
  try {
    res = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch {
    throw Object.assign(new Error('The server cannot be reached. Check the connection and try again.'), { status: 0 });
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) throw Object.assign(new Error((body && body.error && body.error.message) || `Request failed (${res.status})`), { status: res.status });
  return body;
}

/** @returns {Promise<ChartConstructor | null>} null when it cannot load: the page shows tables only */
function loadChartLibrary() {
  const loaded = chartGlobal();
  if (loaded) return Promise.resolve(loaded);
  chartLibrary ??= new Promise((resolve) => {
    const script = h('script', { src: '/api/reports/chart.js' });
    script.addEventListener('load', () => resolve(chartGlobal() || null));
    script.addEventListener('error', () => resolve(null));
    document.head.append(script);
  });
  return chartLibrary;
}

// ---- the query: form ⇄ address ⇄ API ----

/** The API query of the form's current state. */
function queryOfForm() {
  const params = new URLSearchParams();
  const period = form.period.value;
  if (period === 'custom') {
    params.set('from', form.from.value);
    // The form's "to" is the last day shown; the API's period ends before `to`.
    params.set('to', addDays(form.to.value, 1));
  } else params.set('days', period);
  for (const name of ['team', 'agent', 'channel', 'language']) if (form[name].value) params.set(name, form[name].value);
  if (form.fcrDays.value && form.fcrDays.value !== '3') params.set('fcrDays', form.fcrDays.value);
  return params;
}

function formFromAddress() {
  const params = new URLSearchParams(location.search);
  if (params.get('from') && params.get('to')) {
    form.period.value = 'custom';
    form.from.value = /** @type {string} */ (params.get('from'));
    form.to.value = addDays(/** @type {string} */ (params.get('to')), -1);
  } else form.period.value = PRESETS.includes(/** @type {string} */ (params.get('days'))) ? /** @type {string} */ (params.get('days')) : '30';
  for (const name of ['team', 'agent', 'channel', 'language', 'fcrDays']) {
    const value = params.get(name);
    const field = form[name];
    // A select keeps "all" when the address names an option it does not have.
    if (value && (field.tagName !== 'SELECT' || [...field.options].some((o) => o.value === value))) field.value = value;
  }
  showCustomRange();
}

function showCustomRange() {
  const custom = form.period.value === 'custom';
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('.custom-range'))) el.hidden = !custom;
  if (custom && !form.from.value) {
    const today = new Date().toISOString().slice(0, 10);
    form.to.value = today;
    form.from.value = addDays(today, -13);
  }
}

// ---- rendering ----

/**
 * @param {string} key
 * @param {string} label
 * @param {string} value
 * @param {string} [detail]
 */
function tile(key, label, value, detail) {
  return h('div', { class: 'tile', dataset: { testid: `tile-${key}` } },
    h('p', { class: 'tile-label' }, label),
    h('p', { class: 'tile-value', dataset: { testid: 'value' } }, value),
    detail ? h('p', { class: 'tile-detail' }, detail) : null);
}

/** @param {ReportSummary} s */
function renderTiles(s) {
  const handoffs = s.totals.handoffs;
  fill(byId('tiles'),
    tile('conversations', 'Conversations', String(s.totals.conversations), `${handoffs} handed to people`),
    tile('containment', 'Bot containment', percent(s.containment.rate), s.containment.rate === null ? 'not defined for one team or agent' : `${s.containment.count} of ${s.containment.total} answered by the bot alone`),
    tile('bot-first-response', 'Bot first reply (median)', seconds(s.firstResponse.bot.medianSeconds), `p90 ${seconds(s.firstResponse.bot.p90Seconds)} · average ${seconds(s.firstResponse.bot.averageSeconds)}`),
    tile('human-first-response', 'Agent first reply (median)', seconds(s.firstResponse.human.medianSeconds), `p90 ${seconds(s.firstResponse.human.p90Seconds)} · from joining the queue`),
    tile('time-to-human', 'Time to a person (median)', seconds(s.timeToHuman.medianSeconds), `p90 ${seconds(s.timeToHuman.p90Seconds)} · average ${seconds(s.timeToHuman.averageSeconds)}`),
    tile('handle-time', 'Handle time (median)', seconds(s.handleTime.medianSeconds), `p90 ${seconds(s.handleTime.p90Seconds)} · claim to close`),
    tile('resolution-time', 'Resolution time (median)', seconds(s.resolutionTime.medianSeconds), `p90 ${seconds(s.resolutionTime.p90Seconds)} · queue to close`),
    tile('fcr', 'Solved first time', percent(s.firstContactResolution.rate), `${s.firstContactResolution.count} of ${s.firstContactResolution.total} closed chats; no new chat within ${s.firstContactResolution.days} days`),
    tile('csat', 'CSAT (1–5)', number(s.csat.average), `${s.csat.responses} of ${s.csat.asked} asked answered (${percent(s.csat.responseRate)})`),
    tile('sla', 'SLA breaches', String(s.slaBreaches.count), `${percent(s.slaBreaches.rate)} of ${s.slaBreaches.total} handoffs waited too long`),
    tile('unanswered', 'Unanswered questions', percent(s.unansweredRate.rate), `${s.unansweredRate.count} of ${s.unansweredRate.total} customer messages not understood`));
}

/**
 * @param {HTMLElement} el
 * @param {string[]} headers
 * @param {string[][]} rows
 * @param {string} empty what the table says when it has no rows
 */
function table(el, headers, rows, empty) {
  fill(el,
    h('thead', {}, h('tr', {}, headers.map((title, i) => h('th', { scope: 'col', class: i === 0 ? '' : 'num' }, title)))),
    h('tbody', {}, rows.length ? rows.map((cells) => h('tr', {}, cells.map((cell, i) => (i === 0 ? h('th', { scope: 'row' }, cell) : h('td', { class: 'num' }, cell)))))
      : h('tr', {}, h('td', { colspan: headers.length, class: 'empty' }, empty))));
}

/** @param {ReportSummary} s */
function renderTables(s) {
  /** @param {import('./api.js').ApiData} r a team's or an agent's row */
  const breakdown = (r) => [String(r.handoffs), seconds(r.medianTimeToHumanSeconds), seconds(r.medianHandleTimeSeconds), r.csatAverage === null ? '—' : `${number(r.csatAverage)} (${r.csatResponses})`, String(r.slaBreaches)];
  const columns = ['Handoffs', 'Time to a person (median)', 'Handle time (median)', 'CSAT (answers)', 'SLA breaches'];
  table(byId('teams-table'), ['Team', ...columns], s.teams.map((/** @type {import('./api.js').ApiData} */ t) => [t.team, ...breakdown(t)]), 'No handoffs in this period.');
  table(byId('agents-table'), ['Agent', ...columns], s.agents.map((/** @type {import('./api.js').ApiData} */ a) => [a.name, ...breakdown(a)]), 'No claimed chats in this period.');

  const low = byId('low-table');
  fill(low,
    h('thead', {}, h('tr', {}, ['Chat', 'Rating', 'Comment', 'Agent', 'Team', 'Closed'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, s.lowestRated.length
      ? s.lowestRated.map((/** @type {import('./api.js').ApiData} */ r) => h('tr', { dataset: { testid: 'low-rated' } },
        h('td', {}, h('a', { href: `/console/#/chat/${encodeURIComponent(r.handoffId)}` }, 'Open chat')),
        h('td', { class: 'stars', 'aria-label': `${r.score} of 5` }, '★'.repeat(r.score) + '☆'.repeat(5 - r.score)),
        h('td', { class: 'comment' }, r.comment || h('span', { class: 'muted' }, 'no comment')),
        h('td', {}, r.agentName || r.agentId || '—'),
        h('td', {}, r.team),
        h('td', {}, r.closedAt ? new Date(r.closedAt).toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : '—')))
      : h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No chat was rated 1 or 2 in this period.'))));
}

/** @param {ReportSummary} s */
function renderVolume(s) {
  /**
   * @param {string} title
   * @param {import('./api.js').ApiData[]} rows
   * @param {(row: import('./api.js').ApiData) => string} name
   */
  const mini = (title, rows, name) => h('div', { class: 'mini' },
    h('h3', {}, title),
    rows.length ? h('ol', {}, rows.slice(0, 8).map((r) => h('li', {}, h('span', {}, name(r)), h('span', { class: 'mono' }, String(r.conversations))))) : h('p', { class: 'muted' }, 'None'));
  fill(byId('volume'),
    mini('By topic (first intent)', s.volume.byIntent, (r) => (r.intent === '(none)' ? 'not recognised' : r.intent.replace(/_/g, ' '))),
    mini('By language', s.volume.byLanguage, (r) => LANGUAGE_NAMES[r.language] || r.language),
    mini('By channel', s.volume.byChannel, (r) => CHANNEL_NAMES[r.channel] || r.channel),
    mini('By weekday', s.volume.byWeekday, (r) => r.weekday));
}

/** @param {ReportSummary} s */
function renderPeriod(s) {
  const first = s.daily[0];
  const last = s.daily[s.daily.length - 1];
  const cuts = [s.filters.team && `team ${s.filters.team}`, s.filters.agent && (me?.role === 'agent' ? 'your chats' : `agent ${agentName(s.filters.agent)}`), s.filters.channel && (CHANNEL_NAMES[s.filters.channel] || s.filters.channel), s.filters.language && (LANGUAGE_NAMES[s.filters.language] || s.filters.language)].filter(Boolean);
  byId('period-label').textContent = `${first ? localDate(first.date) : ''} – ${last ? localDate(last.date) : ''} (${s.period.timeZone})${cuts.length ? ' · ' + cuts.join(' · ') : ''}`;
  fill(byId('notes'), s.notes.map((/** @type {string} */ n) => h('li', {}, n)));
}

/** @param {string} id */
function agentName(id) {
  const option = [...form.agent.options].find((o) => o.value === id);
  return option ? option.textContent : id;
}

/**
 * @param {ReportSummary} s
 * @param {ChartConstructor | null} Chart
 */
function renderCharts(s, Chart) {
  byId('charts-unavailable').hidden = !!Chart;
  if (!Chart) return;
  /** @typedef {import('./api.js').ApiData} Row */
  const labels = s.daily.map((/** @type {Row} */ d) => shortDate(d.date));
  const common = {
    responsive: true, maintainAspectRatio: false, animation: false,
    plugins: { legend: { labels: { color: COLORS.text, boxWidth: 12 } } },
    scales: { x: { grid: { display: false }, ticks: { color: COLORS.text, maxRotation: 0, autoSkip: true } }, y: { beginAtZero: true, grid: { color: COLORS.grid }, ticks: { color: COLORS.text, precision: 0 } } },
  };
  draw(Chart, 'chart-daily', {
    type: 'bar',
    data: { labels, datasets: [
      { label: 'Conversations', data: s.daily.map((/** @type {Row} */ d) => d.conversations), backgroundColor: COLORS.accent },
      { label: 'Handed to people', data: s.daily.map((/** @type {Row} */ d) => d.handedOff), backgroundColor: COLORS.amber },
    ] },
    options: common,
  });
  // Cut by team or agent, every conversation shown was handed off: containment is not defined.
  draw(Chart, 'chart-containment', {
    type: 'line',
    data: { labels, datasets: [{ label: 'Answered by the bot alone (%)', data: s.containment.rate === null ? [] : s.daily.map((/** @type {Row} */ d) => (d.conversations ? Math.round(((d.conversations - d.handedOff) / d.conversations) * 1000) / 10 : null)), borderColor: COLORS.accent, backgroundColor: COLORS.accentSoft, fill: true, spanGaps: true, pointRadius: 2 }] },
    options: { ...common, scales: { ...common.scales, y: { ...common.scales.y, max: 100, ticks: { color: COLORS.text, callback: (/** @type {number} */ v) => `${v}%` } } } },
  });
  draw(Chart, 'chart-csat', {
    type: 'line',
    data: { labels, datasets: [{ label: 'Average rating', data: s.daily.map((/** @type {Row} */ d) => d.csatAverage), borderColor: COLORS.blue, backgroundColor: COLORS.blue, spanGaps: true, pointRadius: 3 }] },
    options: { ...common, scales: { ...common.scales, y: { ...common.scales.y, beginAtZero: false, min: 1, max: 5 } } },
  });
  draw(Chart, 'chart-hours', {
    type: 'bar',
    data: { labels: s.volume.byHour.map((/** @type {Row} */ b) => String(b.hour).padStart(2, '0')), datasets: [{ label: `Conversations (${s.period.timeZone})`, data: s.volume.byHour.map((/** @type {Row} */ b) => b.conversations), backgroundColor: COLORS.accent }] },
    options: common,
  });
}

/**
 * @param {ChartConstructor} Chart
 * @param {string} id the canvas
 * @param {object} config
 */
function draw(Chart, id, config) {
  charts[id]?.destroy();
  charts[id] = new Chart(/** @type {HTMLCanvasElement} */ (byId(id)), config);
}

// ---- flow ----

async function load() {
  const seq = ++loadSeq;
  const params = queryOfForm();
  history.replaceState(null, '', `${location.pathname}?${params}`);
  const csv = new URLSearchParams(params);
  csv.set('format', 'csv');
  /** @type {HTMLAnchorElement} */ (byId('csv')).href = `/api/reports/summary?${csv}`;
  const error = byId('report-error');
  report.setAttribute('aria-busy', 'true');
  try {
    const [summary, Chart] = await Promise.all([getJson(`/api/reports/summary?${params}`), loadChartLibrary()]);
    if (seq !== loadSeq) return; // a newer request is on its way
    error.hidden = true;
    renderPeriod(summary);
    renderTiles(summary);
    renderCharts(summary, Chart);
    renderVolume(summary);
    renderTables(summary);
    document.body.dataset.loaded = params.toString();
  } catch (thrown) {
    if (seq !== loadSeq) return;
    const err = /** @type {Error & { status?: number }} */ (thrown);
    if (err.status === 401) return signIn('Your session has ended. Log in again at the agent console.');
    error.textContent = err.message;
    error.hidden = false;
  } finally {
    if (seq === loadSeq) report.setAttribute('aria-busy', 'false');
  }
}

/** @param {string} message */
function signIn(message) {
  document.body.dataset.view = 'signin';
  const error = byId('signin-error');
  error.hidden = !message;
  error.textContent = message || '';
}

async function boot() {
  try {
    const who = await getJson('/api/agents/me');
    me = who.agent;
    const agent = /** @type {import('./queue.js').Me} */ (who.agent);
    me = agent;
    fill(form.team, h('option', { value: '' }, 'All teams'), who.teams.map((/** @type {string} */ t) => h('option', { value: t }, t)));
    if (agent.role === 'agent') {
      byId('agent-control').hidden = true;
      byId('page-title').textContent = 'My figures';
    } else {
      const { agents } = await getJson('/api/agents').catch(() => ({ agents: [] }));
      fill(form.agent, h('option', { value: '' }, 'All agents'), agents.map((/** @type {{ id: string, name: string }} */ a) => h('option', { value: a.id }, a.name)));
    }
    fill(byId('whoami'), h('span', { class: 'who-name', dataset: { testid: 'whoami' } }, agent.name), h('span', { class: 'who-role' }, agent.role));
    document.body.dataset.view = 'app';
    formFromAddress();
    await load();
  } catch (thrown) {
    const err = /** @type {Error & { status?: number }} */ (thrown);
    signIn(err.status === 401 ? '' : err.message);
  }
}

form.period.addEventListener('change', () => {
  showCustomRange();
  if (form.period.value !== 'custom') load();
});
form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (form.period.value === 'custom' && (!form.from.value || !form.to.value || form.from.value > form.to.value)) {
    const error = byId('report-error');
    error.textContent = 'Pick a first day on or before the last day.';
    error.hidden = false;
    return;
  }
  load();
});
for (const name of ['team', 'agent', 'channel', 'language']) form[name].addEventListener('change', () => load());

boot();
