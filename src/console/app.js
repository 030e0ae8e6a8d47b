// Boots the console: session check, login/logout, the lists, the open chat and the live
// event stream that keeps them current. Each concern lives in its own module.
import { api, describeError, setUnauthorizedHandler, ApiError } from './api.js';
import { createEventStream } from './events.js';
import { createQueueView } from './queue.js';
import { createChatView } from './chat.js';
import { createContextPanel } from './context.js';
import { createCustomerSearch } from './customerSearch.js';
import { setupLogin } from './login.js';
import { setupTwoFactor } from './twoFactor.js';
import { createPresence } from './presence.js';
import { h, fill, toast, announce } from './ui.js';

// Lists are reloaded on every relevant live event; this slow poll only backs the stream up
// (and runs faster while the stream is down).
const BACKUP_POLL_MS = 30_000;
const OFFLINE_POLL_MS = 5_000;

/**
 * @typedef {{ id: string, name: string, role: string, teams: string[] }} AgentSummary
 * @type {{ agent: import('./queue.js').Me | null, teams: string[], agents: AgentSummary[] }}
 */
const session = { agent: null, teams: [], agents: [] };
/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const connection = byId('connection');
const banner = byId('flow-banner');

const presence = createPresence({ root: byId('viewers'), getMeId: () => (session.agent ? session.agent.id : null) });

const context = createContextPanel({
  root: byId('context'),
  getMeId: () => (session.agent ? session.agent.id : null),
  isAdmin: () => !!session.agent && session.agent.role === 'admin',
  onAddNote: async (text) => {
    const id = chat.openId;
    if (!id) return;
    await api.addNote(id, text);
    await chat.reload();
  },
  onErase: async (customerId) => {
    await api.eraseCustomer(customerId);
    toast('The customer\u2019s data was erased. A new message from them starts a new customer.', { kind: 'success', timeout: 10000 });
    navigate(null);
    refreshLists();
  },
  onCloseDrawer: () => chat.closeDrawer(),
});

const queue = createQueueView({
  root: byId('sidebar'),
  onOpen: (id) => navigate(id),
  onClaim: (id) => claim(id),
});

createCustomerSearch({ root: byId('sidebar'), onOpen: (id) => navigate(id) });

const chat = createChatView({
  root: byId('chat'),
  context,
  // The chat view runs only while an agent is logged in.
  getSession: () => /** @type {import('./chat.js').Session} */ (session),
  getAgents: () => session.agents,
  onClaim: (id) => claim(id),
  onChanged: () => refreshLists(),
});

const stream = createEventStream({
  onEvent: handleEvent,
  onStatus: showConnection,
  onReconnected: () => {
    // Events sent while we were away are lost: reload what they would have changed.
    refreshLists();
    chat.reload();
    presence.refresh();
  },
});

const login = setupLogin({ onLoggedIn: () => start() });
// After enrolling (or putting it off) the console starts; put off, it is not offered again this visit.
let enrolmentPutOff = false;
const twoFactor = setupTwoFactor({
  onDone: async () => {
    enrolmentPutOff = true;
    await start();
  },
});

setUnauthorizedHandler(() => {
  if (!session.agent) return;
  stop();
  login.show('Your session has ended. Please log in again.');
});

byId('logout').addEventListener('click', async () => {
  try {
    await api.logout();
  } catch {
    /* the cookie is cleared below either way by showing the login form */
  }
  stop();
  login.show();
});

byId('banner-dismiss').addEventListener('click', () => { banner.hidden = true; });

byId('twofactor-button').addEventListener('click', () => {
  stop();
  twoFactor.show({ required: false });
});

window.addEventListener('hashchange', route);
// The other consoles stop showing us on this chat at once, not only once we fade out.
window.addEventListener('pagehide', () => presence.leave());

// ---- session ----

async function boot() {
  try {
    await start();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) login.show();
    else login.show(describeError(err));
  }
}

async function start() {
  const me = await api.me();
  // REQUIRE_2FA covers this agent and they have not enrolled: the API allows nothing else yet.
  if (me.twoFactor && me.twoFactor.required && !me.twoFactor.enabled) {
    await twoFactor.show({ required: true });
    return;
  }
  byId('twofactor-button').hidden = !!(me.twoFactor && me.twoFactor.enabled) || enrolmentPutOff;
  // The ops role edits flows only: its console is the Flows page.
  if (me.agent.role === 'ops') {
    location.replace('/console/flows.html');
    return;
  }
  session.agent = me.agent;
  session.teams = me.teams;
  session.agents = (await api.agents().catch(() => ({ agents: [] }))).agents.filter((/** @type {{ role: string }} */ a) => a.role !== 'ops');
  document.body.dataset.view = 'app';
  document.body.dataset.role = me.agent.role;
  fill(byId('whoami'),
    h('span', { class: 'who-name', dataset: { testid: 'whoami' } }, me.agent.name),
    h('span', { class: 'who-role' }, me.agent.role === 'agent' ? me.agent.teams.join(', ') : me.agent.role));
  context.setAgents(session.agents);
  queue.setAgent(me.agent, me.teams, session.agents);
  stream.start();
  await refreshLists();
  startPolling();
  route();
}

function stop() {
  presence.leave();
  session.agent = null;
  stream.stop();
  stopPolling();
  chat.close();
  queue.clear();
  banner.hidden = true;
  document.body.dataset.view = 'login';
  if (location.hash) history.replaceState(null, '', location.pathname);
}

// ---- lists ----

/** @type {Promise<void> | null} */
let listsLoading = null;
let listsAgain = false;

/**
 * Reloads the queue and the held chats; calls made while one runs coalesce into one more.
 * @returns {Promise<void>}
 */
async function refreshLists() {
  if (!session.agent) return;
  if (listsLoading) {
    listsAgain = true;
    return listsLoading;
  }
  listsLoading = (async () => {
    try {
      do {
        listsAgain = false;
        try {
          const [queued, claimed] = await Promise.all([api.handoffs('queued'), api.handoffs('claimed')]);
          if (session.agent) queue.setLists(queued.handoffs, claimed.handoffs);
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 401)) showConnection('offline');
        }
      } while (listsAgain && session.agent);
    } finally {
      listsLoading = null;
    }
  })();
  return listsLoading;
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let pollTimer;
function startPolling() {
  stopPolling();
  const poll = () => {
    pollTimer = setTimeout(async () => {
      await refreshLists();
      poll();
    }, stream.connected ? BACKUP_POLL_MS : OFFLINE_POLL_MS);
  };
  poll();
}
function stopPolling() {
  clearTimeout(pollTimer);
}

// ---- claiming ----

/** @param {string} id */
async function claim(id) {
  queue.setPending(id, true);
  try {
    await api.claim(id);
    announce('Chat claimed. You can reply now.');
    await navigate(id);
  } catch (err) {
    toast(describeError(err), { kind: 'error' });
    if (err instanceof ApiError && err.code === 'ALREADY_CLAIMED') queue.removeQueued(id);
    if (chat.openId === id) chat.reload();
  } finally {
    queue.setPending(id, false);
    refreshLists();
  }
}

// ---- routing: #/chat/<id> keeps the open chat across reloads ----

/**
 * @param {string | null} id null: back to the lists
 * @returns {Promise<void>}
 */
function navigate(id) {
  const hash = id === null ? '#/' : '#/chat/' + encodeURIComponent(id);
  if (location.hash !== hash) {
    location.hash = hash; // route() opens it on hashchange
    return Promise.resolve();
  }
  if (id !== null) return openChat(id);
  route();
  return Promise.resolve();
}

function route() {
  if (!session.agent) return;
  const match = location.hash.match(/^#\/chat\/(.+)$/);
  if (match) openChat(decodeURIComponent(match[1]));
  else {
    presence.leave();
    chat.close();
    queue.setOpen(null);
  }
}

/** @param {string} id */
async function openChat(id) {
  queue.setOpen(id);
  presence.watch(id);
  await chat.open(id);
}

// ---- live events ----

/** @param {import('./events.js').LiveEvent} event */
function handleEvent(event) {
  if (!session.agent) return;
  const me = session.agent;
  switch (event.type) {
    case 'handoff.claimed':
      // Gone from everybody's queue at once; the reload below fills in "my chats".
      if (event.handoffId) queue.removeQueued(event.handoffId);
      if (chat.belongs(event)) chat.reload();
      refreshLists();
      break;
    case 'handoff.queued':
      refreshLists().then(() => {
        const item = event.handoffId ? queue.find(event.handoffId) : undefined;
        if (item && item.status === 'queued') announce(`New chat waiting in ${item.team}: ${item.reason}`);
      });
      break;
    case 'handoff.released':
    case 'handoff.transferred':
    case 'handoff.closed':
    case 'handoff.updated':
      if (event.type === 'handoff.transferred' && event.agentId !== me.id && chat.belongs(event)) toast(takenOverText(event) || 'This chat was transferred.', { kind: 'info', timeout: 10000 });
      if (chat.belongs(event)) chat.reload();
      refreshLists();
      if (event.type === 'handoff.transferred' && event.agentId !== me.id) {
        // Handed to me by someone else?
        refreshLists().then(() => {
          const item = event.handoffId ? queue.find(event.handoffId) : undefined;
          if (item && item.status === 'claimed' && item.agentId === me.id) {
            toast(`A chat was transferred to you: ${item.reason}`, { kind: 'info', timeout: 10000, action: { label: 'Open', run: () => navigate(item.id) } });
          }
        });
      }
      break;
    case 'message':
      if (chat.belongs(event)) {
        if (event.detail && event.detail.direction === 'in') chat.newMessage();
        else chat.reload();
      } else if (event.handoffId && event.detail && event.detail.direction === 'in') {
        queue.markUnread(event.handoffId);
      }
      break;
    case 'sla.breached':
      refreshLists();
      if (me.role !== 'agent') toast('A chat waited longer than its SLA target.', { kind: 'warning', action: event.handoffId ? { label: 'Open', run: () => navigate(/** @type {string} */ (event.handoffId)) } : undefined });
      break;
    case 'agent.reminder':
      if (event.agentId === me.id) {
        const item = event.handoffId ? queue.find(event.handoffId) : undefined;
        toast(`Reminder: a customer is waiting for your answer${item ? ' (' + item.reason + ')' : ''}.`, {
          kind: 'warning',
          timeout: 15000,
          action: event.handoffId ? { label: 'Open chat', run: () => navigate(/** @type {string} */ (event.handoffId)) } : undefined,
        });
      }
      break;
    case 'presence':
      presence.hear(event);
      break;
    case 'flows.rejected':
      showFlowsProblem(event);
      break;
    case 'session.ended':
      // Logged out elsewhere, deactivated or password reset: the server closed the stream.
      stop();
      login.show('Your session has ended. Please log in again.');
      break;
    case 'flows.reloaded':
      if (!banner.hidden) toast('Flows reloaded; the problem is fixed.', { kind: 'success' });
      banner.hidden = true;
      break;
    default:
      break;
  }
}

/**
 * "Nadia took over this chat": told to the agent who held it.
 * @param {import('./events.js').LiveEvent} event
 */
function takenOverText(event) {
  if (!event.detail || !event.detail.takenOver) return '';
  const by = session.agents.find((a) => a.id === event.agentId);
  return `${by ? by.name : 'A supervisor'} took over this chat; you can no longer reply in it.`;
}

/** @param {import('./events.js').LiveEvent} event */
function showFlowsProblem(event) {
  /** @type {string[]} */
  const problems = event.detail && Array.isArray(event.detail.problems) ? event.detail.problems.map(String) : [];
  fill(byId('banner-problems'), (problems.length ? problems : ['(no details given)']).map((p) => h('li', {}, p)));
  banner.hidden = false;
}

/** @param {'connecting' | 'live' | 'offline'} status */
function showConnection(status) {
  connection.dataset.status = status;
  connection.textContent = status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  connection.title = status === 'live' ? 'Live updates are on' : 'Live updates are interrupted; retrying';
}

boot();
