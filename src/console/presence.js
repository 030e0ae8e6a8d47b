// Who else has the open chat on screen, live: each console says "viewing" when it opens a chat
// and every few seconds while it stays open, "left" when it closes it. The server passes these
// on as `presence` events (across web processes too); nothing is stored, a viewer who stops
// saying so simply fades out.
import { api } from './api.js';
import { fill } from './ui.js';

const HEARTBEAT_MS = 10_000;
const FORGET_AFTER_MS = 25_000;

/**
 * @param {{ root: HTMLElement, getMeId: () => string | null }} options root: where "Also viewing: …" is shown
 */
export function createPresence({ root, getMeId }) {
  /** @type {string | null} */
  let watching = null;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let heartbeat;
  /** @type {Map<string, { name: string, until: number }>} agent id → name and when to forget them */
  const viewers = new Map();

  /** @param {'viewing' | 'left'} state */
  function say(state) {
    if (watching) api.presence(watching, state).catch(() => undefined); // best effort, like the events themselves
  }

  function render() {
    const now = Date.now();
    for (const [id, viewer] of viewers) if (viewer.until <= now) viewers.delete(id);
    const names = [...viewers.values()].map((v) => v.name);
    root.hidden = names.length === 0;
    fill(root, names.length ? `Also viewing: ${names.join(', ')}` : '');
  }

  return {
    /** @param {string} handoffId the chat now on screen */
    watch(handoffId) {
      if (watching === handoffId) return;
      this.leave();
      watching = handoffId;
      say('viewing');
      heartbeat = setInterval(() => {
        say('viewing');
        render();
      }, HEARTBEAT_MS);
    },
    leave() {
      if (!watching) return;
      say('left');
      clearInterval(heartbeat);
      watching = null;
      viewers.clear();
      render();
    },
    /** Events were missed (the stream reconnected): say again that we are here. */
    refresh() {
      say('viewing');
    },
    /** @param {import('./events.js').LiveEvent} event */
    hear(event) {
      if (event.type !== 'presence' || !watching || event.handoffId !== watching || !event.agentId || event.agentId === getMeId()) return;
      const detail = event.detail || {};
      if (detail.state === 'left') viewers.delete(event.agentId);
      else {
        const known = viewers.has(event.agentId);
        viewers.set(event.agentId, { name: String(detail.name || 'An agent'), until: Date.now() + FORGET_AFTER_MS });
        // A newcomer does not know we are here yet.
        if (!known) say('viewing');
      }
      render();
    },
  };
}
