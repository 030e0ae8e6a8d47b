// Live updates from GET /api/events (server-sent events), reconnecting on its own.
//
// The browser's EventSource retries a dropped connection by itself, but gives up for good when
// the server answers with an error status (a restart behind a proxy, an expired session). This
// wrapper then opens a new one with a growing delay, and reports each (re)connection so the app
// can reload what it may have missed meanwhile.

const EVENT_TYPES = [
  'handoff.queued', 'handoff.claimed', 'handoff.released', 'handoff.transferred', 'handoff.closed', 'handoff.updated',
  'message', 'sla.breached', 'agent.reminder', 'flows.reloaded', 'flows.rejected', 'session.ended', 'presence',
];

/**
 * A live event as the server sends it (src/events/port.ts, LiveEvent).
 * @typedef {{ type: string, handoffId?: string, conversationId?: string, team?: string, agentId?: string, at?: number, detail?: Record<string, any> }} LiveEvent
 */

/**
 * @param {{ onEvent: (event: LiveEvent) => void, onStatus: (status: 'connecting'|'live'|'offline') => void, onReconnected: () => void, url?: string }} handlers
 */
export function createEventStream({ onEvent, onStatus, onReconnected, url = '/api/events' }) {
  /** @type {EventSource | null} */
  let source = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let retryTimer;
  let delay = 1000;
  let stopped = true;
  let connectedOnce = false;

  /** @param {MessageEvent} message */
  const dispatch = (message) => {
    let event;
    try {
      event = JSON.parse(message.data);
    } catch {
      return;
    }
    if (!event || typeof event.type !== 'string') event = { ...(event || {}), type: message.type };
    onEvent(event);
  };

  function open() {
    clearTimeout(retryTimer);
    if (stopped) return;
    onStatus('connecting');
    source = new EventSource(url, { withCredentials: true });
    source.onopen = () => {
      delay = 1000;
      onStatus('live');
      if (connectedOnce) onReconnected();
      connectedOnce = true;
    };
    for (const type of EVENT_TYPES) source.addEventListener(type, dispatch);
    source.onmessage = dispatch; // events sent without a name
    source.onerror = () => {
      if (stopped) return;
      onStatus('offline');
      if (source && source.readyState === EventSource.CLOSED) {
        // The browser gave up; try again ourselves, backing off up to 30 seconds.
        source = null;
        retryTimer = setTimeout(open, delay);
        delay = Math.min(delay * 2, 30_000);
      }
      // Otherwise (CONNECTING) the browser is already retrying.
    };
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      connectedOnce = false;
      open();
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      if (source) source.close();
      source = null;
    },
    get connected() {
      return !!source && source.readyState === EventSource.OPEN;
    },
  };
}
