// The left column: chats waiting in my teams' queue (with a ticking wait time), the chats I
// hold, and for supervisors every team, an "SLA breached" filter and who holds what.
import { h, fill, formatDuration, channelName, LANGUAGE_NAMES } from './ui.js';

/** @type {Record<string, string>} */
const PRIORITY_LABEL = { urgent: 'Urgent', high: 'High', normal: 'Normal', low: 'Low' };

/**
 * A chat of GET /api/handoffs, as the lists show it.
 * @typedef {{ id: string, status: string, team: string, priority: string, reason: string, summary?: string, locale?: string, channel?: string, agentId?: string, slaBreached?: boolean, waitingSeconds?: number, customer?: { name?: string, address?: string } }} HandoffItem
 */

/**
 * The agent logged in (GET /api/agents/me).
 * @typedef {{ id: string, name: string, role: 'agent' | 'supervisor' | 'admin' | 'ops', teams: string[] }} Me
 */

/**
 * The first sentence of the bot's summary ("Asked about Order status.").
 * @param {string | undefined} summary
 */
function firstLine(summary) {
  if (!summary) return '';
  const match = summary.match(/^.*?[.!?।](\s|$)/);
  return (match ? match[0] : summary).trim();
}

/**
 * @param {{ root: HTMLElement, onOpen: (id: string) => void, onClaim: (id: string) => void }} options
 */
export function createQueueView({ root, onOpen, onClaim }) {
  const state = {
    /** @type {Me | null} */
    me: null,
    /** @type {string[]} */
    teams: [],
    /** @type {Map<string, string>} */
    agentNames: new Map(),
    /** @type {HandoffItem[]} */
    queued: [],
    /** @type {HandoffItem[]} */
    claimed: [],
    teamFilter: 'all',
    channelFilter: 'all',
    breachedOnly: false,
    /** @type {string | null} */
    openId: null,
    /** @type {Set<string>} */
    unread: new Set(),
    /** @type {Set<string>} */
    pending: new Set(),
  };
  // Local time each chat started waiting: the server's waitingSeconds against our clock, so
  // a wrong clock on the agent's laptop does not skew the ticking timer.
  /** @type {Map<string, number>} */
  const waitingSince = new Map();

  /** @param {string} selector */
  const part = (selector) => /** @type {HTMLElement} */ (root.querySelector(selector));
  const queueList = part('#queue-list');
  const mineList = part('#mine-list');
  const othersSection = part('#others-section');
  const othersList = part('#others-list');
  const filters = part('#queue-filters');
  const teamSelect = /** @type {HTMLSelectElement} */ (part('#team-filter'));
  const channelSelect = /** @type {HTMLSelectElement} */ (part('#channel-filter'));
  const channelFilters = part('#channel-filters');
  const breachedBox = /** @type {HTMLInputElement} */ (part('#breached-filter'));
  const queueCount = part('#queue-count');
  const mineCount = part('#mine-count');
  const scope = part('#queue-scope');

  teamSelect.addEventListener('change', () => {
    state.teamFilter = teamSelect.value;
    render();
  });
  channelSelect.addEventListener('change', () => {
    state.channelFilter = channelSelect.value;
    render();
  });
  breachedBox.addEventListener('change', () => {
    state.breachedOnly = breachedBox.checked;
    render();
  });

  const isSupervisor = () => state.me && state.me.role !== 'agent';

  /** @param {HandoffItem} item */
  const onChannel = (item) => state.channelFilter === 'all' || item.channel === state.channelFilter;

  function visibleQueue() {
    return state.queued.filter((q) => (state.teamFilter === 'all' || q.team === state.teamFilter) && (!state.breachedOnly || q.slaBreached) && onChannel(q));
  }

  /** The filter lists the channels of the chats in the lists (and the one chosen), when there is more than one. */
  function renderChannelFilter() {
    const channels = [...new Set([...state.queued, ...state.claimed].map((item) => item.channel).filter((c) => !!c))].sort();
    if (state.channelFilter !== 'all' && !channels.includes(state.channelFilter)) channels.push(state.channelFilter);
    channelFilters.hidden = channels.length < 2 && state.channelFilter === 'all';
    fill(channelSelect, h('option', { value: 'all' }, 'All channels'), channels.map((c) => h('option', { value: /** @type {string} */ (c) }, channelName(c))));
    channelSelect.value = state.channelFilter;
  }

  /** @param {HandoffItem} item */
  function badges(item) {
    return [
      item.priority === 'urgent' || item.priority === 'high'
        ? h('span', { class: `badge badge-${item.priority}` }, PRIORITY_LABEL[item.priority])
        : null,
      item.slaBreached ? h('span', { class: 'badge badge-sla', title: 'Waited longer than the team target' }, 'SLA breached') : null,
      h('span', { class: `badge badge-channel channel-${item.channel}`, dataset: { testid: 'channel' } }, channelName(item.channel)),
      h('span', { class: 'badge badge-team' }, item.team),
      item.locale ? h('span', { class: 'badge badge-lang', title: 'Customer language' }, item.locale === 'bn' ? 'বাংলা' : 'EN') : null,
    ];
  }

  /** @param {HandoffItem} item */
  function queueItem(item) {
    const since = /** @type {number} */ (waitingSince.get(item.id));
    const busy = state.pending.has(item.id);
    const label = `${item.slaBreached ? 'SLA breached. ' : ''}${PRIORITY_LABEL[item.priority] || ''} priority ${channelName(item.channel)} chat in team ${item.team}, ${(item.locale && LANGUAGE_NAMES[item.locale]) || item.locale || ''}: ${item.reason}`;
    return h('li', { class: `qitem priority-${item.priority}${item.slaBreached ? ' is-breached' : ''}${item.id === state.openId ? ' is-open' : ''}`, dataset: { id: item.id, testid: 'queue-item' } },
      h('button', { type: 'button', class: 'qitem-main', 'aria-label': label, 'aria-current': item.id === state.openId ? 'true' : undefined, onclick: () => onOpen(item.id) },
        h('span', { class: 'qitem-top' },
          badges(item),
          h('span', { class: 'wait', dataset: { since: String(since) }, title: 'Waiting time' }, formatDuration(Date.now() - since))),
        h('span', { class: 'qitem-reason' }, item.reason),
        item.summary ? h('span', { class: 'qitem-summary' }, firstLine(item.summary)) : null),
      h('button', { type: 'button', class: 'btn btn-primary btn-small qitem-claim', disabled: busy, onclick: () => onClaim(item.id), 'aria-label': `Claim: ${item.reason}` }, busy ? 'Claiming…' : 'Claim'));
  }

  /**
   * @param {HandoffItem} item
   * @param {{ showHolder: boolean }} options
   */
  function heldItem(item, { showHolder }) {
    const unread = state.unread.has(item.id);
    const holder = showHolder ? state.agentNames.get(item.agentId ?? '') || 'another agent' : null;
    return h('li', { class: `qitem qitem-held${item.id === state.openId ? ' is-open' : ''}${unread ? ' has-unread' : ''}`, dataset: { id: item.id, testid: showHolder ? 'others-item' : 'mine-item' } },
      h('button', { type: 'button', class: 'qitem-main', 'aria-current': item.id === state.openId ? 'true' : undefined, onclick: () => onOpen(item.id) },
        h('span', { class: 'qitem-top' },
          badges(item),
          unread ? h('span', { class: 'badge badge-unread' }, 'New message') : null),
        h('span', { class: 'qitem-reason' }, item.reason),
        holder ? h('span', { class: 'qitem-summary' }, `Held by ${holder}`) : item.summary ? h('span', { class: 'qitem-summary' }, firstLine(item.summary)) : null));
  }

  function render() {
    // Lists are rebuilt from data; keep the keyboard focus on the same chat's same button.
    const active = document.activeElement;
    /** @type {HTMLElement | null} */
    const focusedItem = active && root.contains(active) ? active.closest('li[data-id]') : null;
    const focus = focusedItem && active ? { id: focusedItem.dataset.id, cls: active.classList.contains('qitem-claim') ? '.qitem-claim' : '.qitem-main' } : null;
    renderLists();
    if (focus) {
      const again = [.../** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('li[data-id]'))].find((li) => li.dataset.id === focus.id);
      const target = again && /** @type {HTMLButtonElement | null} */ (again.querySelector(focus.cls));
      if (target && !target.disabled) target.focus();
      else if (again) /** @type {HTMLElement | null} */ (again.querySelector('.qitem-main'))?.focus();
    }
  }

  function renderLists() {
    const supervisor = isSupervisor();
    filters.hidden = !supervisor;
    othersSection.hidden = !supervisor;
    scope.textContent = supervisor ? 'All teams' : `My teams: ${(state.me?.teams || []).join(', ')}`;
    renderChannelFilter();

    const queue = visibleQueue();
    queueCount.textContent = String(queue.length);
    fill(queueList, queue.length ? queue.map(queueItem) : h('li', { class: 'empty' }, state.breachedOnly ? 'No chat has breached its SLA.' : state.channelFilter !== 'all' ? `No one is waiting on ${channelName(state.channelFilter)}.` : 'No one is waiting. New chats appear here as they arrive.'));

    const mine = state.claimed.filter((c) => c.agentId === state.me?.id && onChannel(c));
    mineCount.textContent = String(mine.length);
    fill(mineList, mine.length ? mine.map((c) => heldItem(c, { showHolder: false })) : h('li', { class: 'empty' }, 'You hold no chats. Claim one from the queue.'));

    if (supervisor) {
      const others = state.claimed.filter((c) => c.agentId !== state.me?.id && (state.teamFilter === 'all' || c.team === state.teamFilter) && (!state.breachedOnly || c.slaBreached) && onChannel(c));
      fill(othersList, others.length ? others.map((c) => heldItem(c, { showHolder: true })) : h('li', { class: 'empty' }, 'Nobody else holds a chat.'));
    }
  }

  function tick() {
    const now = Date.now();
    for (const el of /** @type {NodeListOf<HTMLElement>} */ (queueList.querySelectorAll('.wait[data-since]'))) el.textContent = formatDuration(now - Number(el.dataset.since));
  }
  setInterval(tick, 500);

  return {
    /**
     * @param {Me} me
     * @param {string[]} teams
     * @param {{ id: string, name: string }[]} [agents]
     */
    setAgent(me, teams, agents) {
      state.me = me;
      state.teams = teams;
      state.agentNames = new Map((agents || []).map((a) => [a.id, a.name]));
      fill(teamSelect, h('option', { value: 'all' }, 'All teams'), teams.map((t) => h('option', { value: t }, t)));
      teamSelect.value = state.teamFilter;
      breachedBox.checked = state.breachedOnly;
      render();
    },
    /** @param {{ id: string, name: string }[]} agents */
    setAgents(agents) {
      state.agentNames = new Map(agents.map((a) => [a.id, a.name]));
      render();
    },
    /**
     * New lists from the server.
     * @param {HandoffItem[]} queued
     * @param {HandoffItem[]} claimed
     */
    setLists(queued, claimed) {
      const now = Date.now();
      const seen = new Set();
      for (const q of queued) {
        seen.add(q.id);
        if (!waitingSince.has(q.id)) waitingSince.set(q.id, now - (q.waitingSeconds || 0) * 1000);
      }
      for (const id of [...waitingSince.keys()]) if (!seen.has(id)) waitingSince.delete(id);
      state.queued = queued;
      state.claimed = claimed;
      render();
    },
    /**
     * Takes a chat off the queue at once (claimed elsewhere), before the lists are reloaded.
     * @param {string} id
     */
    removeQueued(id) {
      if (!state.queued.some((q) => q.id === id)) return false;
      state.queued = state.queued.filter((q) => q.id !== id);
      render();
      return true;
    },
    /** @param {string} id @param {boolean} pending */
    setPending(id, pending) {
      if (pending) state.pending.add(id);
      else state.pending.delete(id);
      render();
    },
    /** @param {string | null} id */
    setOpen(id) {
      state.openId = id;
      if (id !== null) state.unread.delete(id);
      render();
    },
    /** @param {string} id */
    markUnread(id) {
      if (id === state.openId || !state.claimed.some((c) => c.id === id)) return;
      state.unread.add(id);
      render();
    },
    /** @param {string} id */
    find(id) {
      return state.queued.find((q) => q.id === id) || state.claimed.find((c) => c.id === id);
    },
    clear() {
      state.queued = [];
      state.claimed = [];
      state.unread.clear();
      state.openId = null;
      render();
    },
  };
}
