// The middle column: one handed-off chat. Summary on top, the transcript (customer on the
// left, bot and agents on the right), the reply box with canned replies and attachments, the
// template form once WhatsApp's 24-hour window has closed, and the actions on the chat.
import { api, ApiError, describeError } from './api.js';
import { h, fill, formatTime, langOf, toast, announce, webLink, channelName } from './ui.js';
import { attachmentDialog, closeDialog, confirmDialog, createCannedPicker, templateDialog, transferDialog } from './forms.js';
import { mediaView } from './media.js';
import { customerSubtitles, customerTitle } from './customerLabel.js';

/** @type {Record<string, string>} */
const SENDER_LABEL = { bot: 'Bot', system: 'Bot (system)', agent: 'Agent', customer: 'Customer', page: 'Page, outside the bot' };
/** @type {Record<string, string>} */
const STATUS_LABEL = { queued: 'sending', sent: 'sent', delivered: 'delivered', read: 'read', played: 'played', failed: 'failed' };
/** @type {Record<string, string>} */
const PRIORITY_LABEL = { urgent: 'Urgent', high: 'High priority', normal: '', low: 'Low priority' };

/**
 * @typedef {import('./context.js').HandoffContext} HandoffContext
 * @typedef {import('./api.js').ApiData} TranscriptLine a line of the context's `transcript` (src/http/api/handoffContext.ts)
 * @typedef {{ agent: import('./queue.js').Me, teams: string[] }} Session
 * @typedef {{ id: string, ctx: HandoffContext }} OpenChat the chat shown; `ctx` is null until it has loaded
 */

/**
 * @param {{
 *   root: HTMLElement,
 *   context: ReturnType<typeof import('./context.js').createContextPanel>,
 *   getSession: () => Session,
 *   getAgents: () => { id: string, name: string, role: string, teams: string[] }[],
 *   onClaim: (id: string) => void,
 *   onChanged: () => void,
 * }} options
 */
export function createChatView({ root, context, getSession, getAgents, onClaim, onChanged }) {
  /** @param {string} selector */
  const part = (selector) => /** @type {HTMLElement} */ (root.querySelector(selector));
  const empty = part('#chat-empty');
  const pane = part('#chat-pane');
  const header = part('#chat-header');
  const summary = part('#chat-summary');
  const transcript = part('#transcript');
  const notice = part('#composer-notice');
  const replyRule = part('#reply-rule');
  const composer = /** @type {HTMLFormElement} */ (part('#composer'));
  const textarea = /** @type {HTMLTextAreaElement} */ (part('#reply-text'));
  const sendButton = /** @type {HTMLButtonElement} */ (part('#send-button'));
  const attachButton = /** @type {HTMLButtonElement} */ (part('#attach-button'));
  const cannedButton = /** @type {HTMLButtonElement} */ (part('#canned-button'));
  const templateButton = /** @type {HTMLButtonElement} */ (part('#template-button'));
  const contextToggle = part('#context-toggle');

  /** @type {OpenChat | null} */
  let current = null;
  let loadToken = 0;
  /** @type {Promise<void> | null} */
  let reloading = null;
  let reloadAgain = false;
  /** @type {string | null} */
  let windowClosedMessage = null;
  /** @type {import('./forms.js').CannedReply[] | null} */
  let cannedCache = null;
  let lastContextKey = '';
  /** @type {Map<string, string>} */
  const drafts = new Map();
  /** @type {Map<string, HTMLElement>} transcript entry id → its <li> */
  const shown = new Map();
  /** The chat on screen, where only an open one can be (its header's actions, the composer). */
  const opened = () => /** @type {OpenChat} */ (current);

  // ---- reply box ----
  textarea.addEventListener('keydown', (e) => {
    // Enter sends, Shift+Enter is a new line; never while an input method is composing (Bengali keyboards).
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      composer.requestSubmit();
    }
  });
  textarea.addEventListener('input', autosize);
  function autosize() {
    textarea.style.height = 'auto';
    textarea.style.height = Math.min(textarea.scrollHeight, 200) + 'px';
  }

  composer.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!current) return;
    const text = textarea.value.trim();
    if (!text) return;
    const id = current.id;
    sendButton.disabled = true;
    try {
      await api.sendText(id, text);
      if (current && current.id === id) {
        textarea.value = '';
        autosize();
      }
      drafts.delete(id);
      await reload();
    } catch (err) {
      handleSendError(err);
    } finally {
      sendButton.disabled = false;
    }
  });

  /** @param {unknown} err */
  function handleSendError(err) {
    if (err instanceof ApiError && err.code === 'WINDOW_CLOSED') {
      windowClosedMessage = err.message;
      renderComposer();
      // Only WhatsApp has approved templates to send instead; elsewhere the notice says why.
      if (templatesAllowed()) openTemplateForm();
      return;
    }
    toast(describeError(err), { kind: 'error' });
  }

  createCannedPicker({
    button: cannedButton,
    textarea,
    getLanguage: () => customerLanguage(),
    loadReplies: async () => {
      if (!cannedCache) cannedCache = (await api.cannedReplies()).replies;
      setTimeout(() => { cannedCache = null; }, 60_000); // the file is edited live; look again in a minute
      return /** @type {import('./forms.js').CannedReply[]} */ (cannedCache);
    },
  });

  attachButton.addEventListener('click', () => {
    if (!current) return;
    const id = current.id;
    attachmentDialog({
      onSend: async (attachment) => {
        await api.sendAttachment(id, attachment).catch((err) => {
          if (err instanceof ApiError && err.code === 'WINDOW_CLOSED') {
            windowClosedMessage = err.message;
            renderComposer();
          }
          throw err;
        });
        await reload();
      },
    });
  });
  templateButton.addEventListener('click', openTemplateForm);

  async function openTemplateForm() {
    if (!current) return;
    const id = current.id;
    // Without the list the form still works: the agent types the name.
    const templates = await api.templates().then((r) => r.templates, () => []);
    templateDialog({
      language: customerLanguage(),
      explanation: windowClosedMessage ?? undefined,
      templates,
      onSend: async (template) => {
        await api.sendTemplate(id, template);
        toast('Template sent.', { kind: 'success' });
        await reload();
      },
    });
  }

  // On narrow screens the context panel is a drawer over the chat.
  /** @param {boolean} open */
  function setDrawer(open) {
    document.body.classList.toggle('context-open', open);
    contextToggle.setAttribute('aria-expanded', String(open));
    if (open) /** @type {HTMLElement | null} */ (document.querySelector('#context .context-close'))?.focus();
  }
  function closeDrawer() {
    if (!document.body.classList.contains('context-open')) return;
    setDrawer(false);
    contextToggle.focus();
  }
  contextToggle.addEventListener('click', () => setDrawer(!document.body.classList.contains('context-open')));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && document.body.classList.contains('context-open') && !document.querySelector('dialog[open]')) closeDrawer();
  });

  /** The chat's channel offers approved templates once its window has closed (WhatsApp). */
  function templatesAllowed() {
    const ctx = current && current.ctx;
    const rule = ctx && ctx.conversation && ctx.conversation.replyRule;
    return rule ? rule.templates !== false : true;
  }

  function customerLanguage() {
    const ctx = current && current.ctx;
    if (!ctx) return 'en';
    return (ctx.customer && ctx.customer.locale) || (ctx.conversation && ctx.conversation.locale) || ctx.handoff.locale || 'en';
  }

  // ---- permissions (the server checks them again) ----
  /** @param {HandoffContext} ctx */
  function can(ctx) {
    const { agent: me } = getSession();
    const hf = ctx.handoff;
    const holder = hf.agentId === me.id;
    const supervisor = me.role !== 'agent';
    const open = hf.status !== 'closed';
    const manage = open && (supervisor || holder || (hf.status === 'queued' && me.teams.includes(hf.team)));
    return {
      claim: hf.status === 'queued',
      reply: hf.status === 'claimed' && holder,
      takeOver: hf.status === 'claimed' && !holder && supervisor,
      transfer: manage,
      release: manage && hf.status === 'claimed',
      handBack: manage,
      close: manage,
    };
  }

  // ---- rendering ----
  /** @param {HandoffContext} ctx */
  function statusLine(ctx) {
    const hf = ctx.handoff;
    const { agent: me } = getSession();
    if (hf.status === 'queued') return h('span', { class: 'status status-queued' }, 'Waiting in the queue');
    if (hf.status === 'closed') return h('span', { class: 'status status-closed' }, `Closed${hf.resolution ? ': ' + hf.resolution : ''}`);
    if (hf.agentId === me.id) return h('span', { class: 'status status-mine' }, 'You hold this chat');
    return h('span', { class: 'status status-other', dataset: { testid: 'holder' } }, `${(hf.agent && hf.agent.name) || 'Another agent'} holds this chat`);
  }

  /** @param {HandoffContext} ctx */
  function renderHeader(ctx) {
    const hf = ctx.handoff;
    const customer = ctx.customer || {};
    const allowed = can(ctx);
    /**
     * @param {string} label
     * @param {() => void} fn
     * @param {{ primary?: boolean, danger?: boolean, testid?: string }} [options]
     */
    const action = (label, fn, { primary = false, danger = false, testid } = {}) =>
      h('button', { type: 'button', class: `btn btn-small${primary ? ' btn-primary' : ''}${danger ? ' btn-danger-outline' : ''}`, dataset: testid ? { testid } : undefined, onclick: fn }, label);
    fill(header,
      h('div', { class: 'chat-title' },
        h('h2', { id: 'chat-heading', tabindex: '-1' }, customerTitle({ channel: hf.channel, ...customer })),
        h('p', { class: 'chat-sub' },
          customerSubtitles({ channel: hf.channel, ...customer }).map((line) => h('span', { class: 'mono', dataset: { testid: 'customer-sub' } }, line)),
          h('span', { class: `badge badge-channel channel-${hf.channel}`, dataset: { testid: 'chat-channel' } }, channelName(hf.channel)),
          h('span', { class: 'badge badge-team' }, hf.team),
          PRIORITY_LABEL[hf.priority] ? h('span', { class: `badge badge-${hf.priority}` }, PRIORITY_LABEL[hf.priority]) : null,
          hf.slaBreachedAt ? h('span', { class: 'badge badge-sla' }, 'SLA breached') : null,
          statusLine(ctx))),
      h('div', { class: 'chat-actions', role: 'group', 'aria-label': 'Chat actions' },
        allowed.claim ? action('Claim', () => onClaim(hf.id), { primary: true, testid: 'claim' }) : null,
        allowed.takeOver ? action('Take over', doTakeOver, { primary: true, testid: 'takeover' }) : null,
        allowed.transfer ? action('Transfer…', doTransfer, { testid: 'transfer' }) : null,
        allowed.release ? action('Release to queue', doRelease, { testid: 'release' }) : null,
        allowed.handBack ? action('Hand back to bot', doHandBack, { testid: 'handback' }) : null,
        allowed.close ? action('Close…', doClose, { primary: allowed.reply, testid: 'close' }) : null,
        contextToggle)); // shown on narrow screens only, where the context panel is a drawer
  }

  let summaryExpanded = false;
  /** @param {HandoffContext} ctx */
  function renderSummary(ctx) {
    const text = h('p', { id: 'summary-text', class: 'summary-text' + (summaryExpanded ? '' : ' is-clamped'), dataset: { testid: 'summary' } }, ctx.summary || ctx.handoff.reason);
    const toggle = h('button', { type: 'button', class: 'summary-toggle', 'aria-controls': 'summary-text', 'aria-expanded': String(summaryExpanded), hidden: true, onclick: () => {
      summaryExpanded = !summaryExpanded;
      text.classList.toggle('is-clamped', !summaryExpanded);
      toggle.setAttribute('aria-expanded', String(summaryExpanded));
      toggle.textContent = summaryExpanded ? 'Less' : 'More';
    } }, summaryExpanded ? 'Less' : 'More');
    fill(summary, h('h3', { class: 'sr-only' }, 'Summary'), text, toggle);
    // Offer "More" only when the clamp hides something.
    toggle.hidden = !summaryExpanded && text.scrollHeight <= text.clientHeight + 1;
  }

  /** @param {TranscriptLine} m */
  function bubbleBody(m) {
    if (m.deletedAt) return [h('p', { class: 'text muted deleted', dataset: { testid: 'deleted' } }, '🚫 Deleted by the customer')];
    const c = m.content || { type: m.type };
    /** @type {HTMLElement[]} */
    const parts = [];
    switch (c.type) {
      case 'media': {
        const media = c.media || {};
        const label = `${media.kind || 'file'}${media.filename ? ': ' + media.filename : ''}`;
        // A customer's file comes through the API (m.media); otherwise the reference is a link.
        const link = media.url ? webLink(media.url) : null;
        if (m.direction === 'in' && m.media) parts.push(mediaView(media, m.media));
        else parts.push(link
          ? h('a', { href: link, target: '_blank', rel: 'noopener noreferrer', class: 'attachment' }, '📎 ' + label)
          : h('span', { class: 'attachment' }, '📎 ' + label + (media.url ? ` (${media.url})` : '')));
        if (media.caption) parts.push(h('p', { class: 'text' }, media.caption));
        break;
      }
      case 'order':
        // A cart from the WhatsApp catalogue: one line per product, then the customer's note.
        parts.push(h('p', { class: 'text' }, h('span', { class: 'badge' }, 'Catalogue order')));
        parts.push(h('ul', { class: 'options' }, c.items.map((/** @type {{ quantity: number, productId: string, unitPrice?: number, currency?: string }} */ i) => h('li', {}, `${i.quantity} × ${i.productId}${i.unitPrice !== undefined ? ` · ${i.unitPrice} ${i.currency || ''}` : ''}`))));
        if (c.note) parts.push(h('p', { class: 'text' }, c.note));
        break;
      case 'template':
        parts.push(h('p', { class: 'text' }, h('span', { class: 'badge' }, 'Template'), ` ${c.name} (${c.language})${c.parameters && c.parameters.length ? ': ' + c.parameters.join(' · ') : ''}`));
        break;
      case 'location':
        parts.push(h('p', { class: 'text' }, `📍 ${m.text || ''} (${c.location.latitude}, ${c.location.longitude})`));
        break;
      case 'button':
        parts.push(h('p', { class: 'text' }, h('span', { class: 'badge' }, 'Pressed'), ' ', m.text));
        break;
      case 'unsupported':
        parts.push(h('p', { class: 'text muted' }, `(a ${c.originalType} message the bot cannot read)`));
        if (c.detail) parts.push(h('p', { class: 'text' }, linked(c.detail)));
        break;
      case 'system':
        // Channel notices: a story mention or reply, the ad or link the customer came from.
        parts.push(h('p', { class: 'text muted' }, linked(m.text || '')));
        break;
      default:
        if (m.text) parts.push(h('p', { class: 'text' }, m.text));
    }
    if (c.type === 'buttons') parts.push(h('ul', { class: 'options' }, c.buttons.map((/** @type {{ title: string }} */ b) => h('li', {}, b.title))));
    if (c.type === 'list') parts.push(h('ul', { class: 'options' }, c.sections.flatMap((/** @type {{ rows: { title: string }[] }} */ s) => s.rows).map((/** @type {{ title: string }} */ r) => h('li', {}, r.title))));
    return parts;
  }

  /**
   * Text with its web links clickable (a story, a shared post), opened outside the console.
   * @param {string} text
   */
  function linked(text) {
    return text.split(/(https?:\/\/\S+)/).map((piece, i) => {
      const link = i % 2 ? webLink(piece) : null;
      return link ? h('a', { href: link, target: '_blank', rel: 'noopener noreferrer' }, piece) : piece;
    });
  }

  /** @param {TranscriptLine} m */
  function metaText(m) {
    const who = m.direction === 'in' ? 'Customer' : m.sender === 'agent' ? `Agent · ${agentName(m.agentId)}` : SENDER_LABEL[m.sender] || m.sender;
    const bits = [who, formatTime(m.at)];
    if (m.editedAt && !m.deletedAt) bits.push('edited');
    if (m.direction === 'out' && m.status) bits.push(STATUS_LABEL[m.status] || m.status);
    // WhatsApp refused it (24-hour window closed); the customer got the template instead.
    if (m.sentAsTemplate) bits.push(`window closed: sent template ${m.sentAsTemplate} instead`);
    return bits.join(' · ');
  }

  /** @param {string} id */
  function agentName(id) {
    const agent = getAgents().find((a) => a.id === id);
    const { agent: me } = getSession();
    return id === me.id ? 'you' : agent ? agent.name : 'agent';
  }

  /** @param {TranscriptLine} m */
  function errorText(m) {
    if (m.status !== 'failed') return null;
    const e = m.error;
    return e ? `Not delivered: ${e.code}${e.title ? ' ' + e.title : ''}` : 'Not delivered';
  }

  /**
   * What a customer's bubble shows, beyond delivery ticks: a change redraws it.
   * @param {TranscriptLine} m
   */
  function lookOf(m) {
    return JSON.stringify([m.text, m.editedAt, m.deletedAt, m.media && m.media.status]);
  }

  /**
   * @param {TranscriptLine} m
   * @param {string} lang the customer's language, for lines without Bengali script
   */
  function renderEntry(m, lang) {
    const side = m.direction === 'in' ? 'left' : 'right';
    const role = m.direction === 'in' ? 'customer' : m.sender;
    const failed = errorText(m);
    return h('li', { class: `msg msg-${side} msg-${role}${m.status === 'failed' ? ' msg-failed' : ''}`, dataset: { id: m.id, testid: 'message', sender: role, look: lookOf(m) } },
      h('div', { class: 'bubble', lang: langOf(m.text, lang) },
        role === 'agent' ? h('span', { class: 'agent-mark' }, 'Agent') : null,
        bubbleBody(m)),
      h('p', { class: 'meta' }, h('span', { class: 'meta-text' }, metaText(m)), failed ? h('span', { class: 'meta-error' }, ' · ' + failed) : null));
  }

  /**
   * @param {HandoffContext} ctx
   * @returns {TranscriptLine[]} the lines that were not shown yet
   */
  function renderTranscript(ctx) {
    const lang = customerLanguage();
    const nearBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 80;
    const queuedAt = ctx.handoff.queuedAt;
    /** @type {TranscriptLine[]} */
    let added = [];
    for (const m of ctx.transcript) {
      const existing = shown.get(m.id);
      if (existing && existing.dataset.look !== lookOf(m)) {
        // Edited, deleted or its file arrived: the bubble is drawn again where it was.
        const li = renderEntry(m, lang);
        existing.replaceWith(li);
        shown.set(m.id, li);
        continue;
      }
      if (existing) {
        // Delivery state changes in place.
        /** @type {HTMLElement} */ (existing.querySelector('.meta-text')).textContent = metaText(m);
        const failed = errorText(m);
        const errorEl = existing.querySelector('.meta-error');
        if (failed && !errorEl) /** @type {HTMLElement} */ (existing.querySelector('.meta')).append(h('span', { class: 'meta-error' }, ' · ' + failed));
        existing.classList.toggle('msg-failed', m.status === 'failed');
        continue;
      }
      if (!transcript.querySelector('.handoff-divider') && new Date(m.at).getTime() >= queuedAt && m.direction === 'out' && shown.size > 0) {
        transcript.append(h('li', { class: 'handoff-divider', role: 'separator' }, `Handed to people · ${formatTime(queuedAt)} · ${ctx.handoff.reason}`));
      }
      const li = renderEntry(m, lang);
      shown.set(m.id, li);
      transcript.append(li);
      added.push(m);
    }
    if (added.length && (nearBottom || added.some((m) => m.direction === 'out'))) transcript.scrollTop = transcript.scrollHeight;
    return added;
  }

  function renderComposer() {
    const ctx = opened().ctx;
    const allowed = can(ctx);
    const windowOpen = ctx.conversation ? ctx.conversation.windowOpen !== false : true;
    const closedWindow = allowed.reply && (!windowOpen || windowClosedMessage);
    composer.hidden = !allowed.reply;
    textarea.disabled = !!closedWindow;
    sendButton.disabled = !!closedWindow;
    cannedButton.disabled = !!closedWindow;
    attachButton.disabled = !!closedWindow;
    templateButton.hidden = !closedWindow || !templatesAllowed();
    const rule = ctx.conversation && ctx.conversation.replyRule;
    // Which of the channel's rules applies while replies may go (Messenger: the 24 hours, then HUMAN_AGENT).
    const open = allowed.reply && !closedWindow && rule && (rule.rule === 'standard' || rule.rule === 'human-agent');
    replyRule.textContent = open ? `${rule.explanation}${rule.until ? ` Until ${formatTime(rule.until)}.` : ''}` : '';
    replyRule.hidden = !open;
    replyRule.classList.toggle('notice-warning', !!open && rule.rule === 'human-agent');
    let message = '';
    if (ctx.handoff.status === 'closed') message = 'This chat is closed. The customer is talking to the bot again.';
    else if (allowed.claim) message = 'Claim this chat to reply to the customer.';
    else if (!allowed.reply) message = `${(ctx.handoff.agent && ctx.handoff.agent.name) || 'Another agent'} holds this chat, so only they can reply${allowed.takeOver ? '. Take it over to answer the customer yourself.' : '.'}`;
    else if (closedWindow) message = windowClosedMessage || (rule && rule.explanation) || 'The customer last wrote more than 24 hours ago. WhatsApp allows free replies only within 24 hours of the customer\u2019s last message; send an approved template instead.';
    notice.textContent = message;
    notice.hidden = !message;
    notice.classList.toggle('notice-warning', !!closedWindow);
  }

  /** @param {{ announceNew?: boolean }} [options] */
  function render({ announceNew = false } = {}) {
    const ctx = opened().ctx;
    renderHeader(ctx);
    renderSummary(ctx);
    const added = renderTranscript(ctx);
    renderComposer();
    // Re-render the side panel only when something in it changed (not on every message).
    const { transcript: _t, ...rest } = ctx;
    const key = JSON.stringify(rest);
    if (key !== lastContextKey) {
      lastContextKey = key;
      context.render(ctx);
    }
    if (announceNew) {
      const fromCustomer = added.filter((m) => m.direction === 'in');
      if (fromCustomer.length) announce(`New message from the customer: ${fromCustomer.map((m) => m.text).join(' ')}`);
    }
  }

  // ---- actions ----
  /**
   * Runs an action on the open chat, then reloads it and the lists.
   * @param {(id: string) => Promise<unknown>} fn
   * @param {string} [done] said when it worked
   */
  async function act(fn, done) {
    if (!current) return;
    try {
      await fn(current.id);
      if (done) toast(done, { kind: 'success' });
    } finally {
      await reload();
      onChanged();
    }
  }

  function doTransfer() {
    const ctx = opened().ctx;
    const { agent: me, teams } = getSession();
    transferDialog({
      teams,
      agents: getAgents(),
      currentTeam: ctx.handoff.team,
      meId: me.id,
      onTransfer: (to) => act((id) => api.transfer(id, to), 'team' in to && to.team ? `Chat moved to the ${to.team} queue.` : 'Chat transferred.'),
    });
  }

  async function doRelease() {
    try {
      await act((id) => api.release(id), 'Chat released to the queue.');
    } catch (err) {
      toast(describeError(err), { kind: 'error' });
    }
  }

  function doTakeOver() {
    const holder = opened().ctx.handoff.agent;
    confirmDialog({
      title: 'Take over this chat?',
      description: `${(holder && holder.name) || 'The agent holding it'} can then no longer reply in it; the customer is told you joined. This is recorded in the audit trail.`,
      submitLabel: 'Take over',
      onConfirm: () => act((id) => api.takeOver(id), 'You hold this chat now.'),
    });
  }

  function doHandBack() {
    confirmDialog({
      title: 'Hand back to the bot?',
      description: 'The handoff ends without a survey and the bot answers the customer again.',
      submitLabel: 'Hand back',
      onConfirm: () => act((id) => api.handBack(id), 'Chat handed back to the bot.'),
    });
  }

  function doClose() {
    closeDialog({ onClose: (resolution) => act((id) => api.close(id, resolution), 'Chat closed; the customer was asked how we did.') });
  }

  // ---- loading ----
  /**
   * @param {string} id
   * @param {{ announceNew?: boolean }} [options]
   */
  async function load(id, { announceNew = false } = {}) {
    const token = ++loadToken;
    const ctx = await api.handoff(id);
    if (token !== loadToken || !current || current.id !== id) return;
    current.ctx = ctx;
    if (ctx.conversation && ctx.conversation.windowOpen) windowClosedMessage = null;
    render({ announceNew });
  }

  /**
   * Loads the open chat again; calls made meanwhile coalesce into one more load.
   * @param {{ announceNew?: boolean }} [options]
   * @returns {Promise<void>}
   */
  async function reload(options) {
    if (!current) return;
    if (reloading) {
      reloadAgain = true;
      return reloading;
    }
    reloading = (async () => {
      try {
        do {
          reloadAgain = false;
          await load(opened().id, options).catch((err) => {
            if (err instanceof ApiError && (err.status === 404 || err.status === 403)) {
              toast(describeError(err), { kind: 'error' });
              close();
            } else if (!(err instanceof ApiError && err.status === 401)) toast('Could not refresh the chat: ' + describeError(err), { kind: 'error' });
          });
        } while (reloadAgain && current);
      } finally {
        reloading = null;
      }
    })();
    return reloading;
  }

  function close() {
    if (current) drafts.set(current.id, textarea.value);
    current = null;
    loadToken++;
    windowClosedMessage = null;
    summaryExpanded = false;
    lastContextKey = '';
    shown.clear();
    transcript.replaceChildren();
    context.reset();
    pane.hidden = true;
    empty.hidden = false;
    setDrawer(false);
    document.body.classList.remove('chat-active');
  }

  return {
    get openId() {
      return current ? current.id : null;
    },
    /** @param {string} id */
    async open(id) {
      if (current && current.id === id) return reload();
      close();
      current = { id, ctx: null };
      empty.hidden = true;
      pane.hidden = false;
      document.body.classList.add('chat-active');
      fill(header, h('p', { class: 'muted' }, 'Loading chat…'));
      summary.replaceChildren();
      notice.hidden = true;
      composer.hidden = true;
      textarea.value = drafts.get(id) || '';
      autosize();
      try {
        await load(id);
      } catch (err) {
        fill(header, h('p', { class: 'form-error', role: 'alert' }, describeError(err)));
        return;
      }
      /** @type {HTMLElement | null} */
      const heading = header.querySelector('#chat-heading');
      if (heading && !composer.hidden) textarea.focus();
      else if (heading) heading.focus();
    },
    reload,
    close,
    closeDrawer,
    /** A new message in the open chat: load it and tell screen-reader users. */
    newMessage() {
      return reload({ announceNew: true });
    },
    /** @param {import('./events.js').LiveEvent} event */
    belongs(event) {
      if (!current) return false;
      if (event.handoffId && event.handoffId === current.id) return true;
      return !!(current.ctx && current.ctx.conversation && event.conversationId && event.conversationId === current.ctx.conversation.id);
    },
  };
}
