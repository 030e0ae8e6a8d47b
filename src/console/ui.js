// Small DOM and formatting helpers shared by the views. Text always goes in as text nodes,
// never as HTML, so customer messages cannot inject markup.

/**
 * What `h` and `fill` take as children: text (numbers too), nodes, lists of them (two deep);
 * null, undefined and false are left out, so `cond ? h(...) : null` reads naturally.
 * @typedef {string | number | Node | null | undefined | false} Leaf
 * @typedef {Leaf | Leaf[] | Leaf[][]} Child
 */

/**
 * Attributes and properties of an element: `class`, `dataset`, `on<event>` listeners, DOM
 * properties (given as non-strings) and attributes (strings; `true` for a bare attribute).
 * @typedef {Record<string, any>} Attrs
 */

/**
 * h('div', { class: 'x', onclick }, 'text', child)
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs | null} [attrs]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && typeof value !== 'string') /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (el))[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/**
 * @param {Element} el
 * @param {Child[]} children
 */
function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * The first element matching `selector` under `root`; null when there is none.
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {HTMLElement | null}
 */
export const $ = (selector, root = document) => root.querySelector(selector);

/**
 * Replace all children of `el`.
 * @template {Element} E
 * @param {E} el
 * @param {...Child} children
 * @returns {E}
 */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const BENGALI = /[\u0980-\u09FF]/;
/**
 * A `lang` for a piece of customer text, so screen readers and fonts pick Bengali when it is.
 * @param {string | null | undefined} text
 * @param {string} [fallback]
 * @returns {string}
 */
export function langOf(text, fallback) {
  return BENGALI.test(text || '') ? 'bn' : fallback || 'en';
}

/** @type {Record<string, string>} */
export const LANGUAGE_NAMES = { en: 'English', bn: 'বাংলা (Bengali)' };

/** Channels as agents know them (the adapters' names in src/runtime/adapters.ts). */
/** @type {Record<string, string>} */
export const CHANNEL_NAMES = { 'whatsapp-cloud': 'WhatsApp', 'whatsapp-web': 'WhatsApp (phone)', messenger: 'Messenger', instagram: 'Instagram', simulator: 'Simulator' };

/** @param {string | undefined} channel */
export function channelName(channel) {
  return (channel && CHANNEL_NAMES[channel]) || channel || 'Unknown channel';
}

/**
 * A customer's address as their channel spells it: a phone number on WhatsApp, the
 * Page-scoped id on Messenger, the Instagram-scoped id on Instagram.
 * @param {string | undefined} channel
 * @param {string | undefined} address
 */
export function formatAddress(channel, address) {
  if (!address) return '';
  if (channel === 'messenger') return `PSID ${address}`;
  if (channel === 'instagram') return `IGSID ${address}`;
  return '+' + address.replace(/^\+/, '');
}

/**
 * "45 s", "3 min", "1 h 20 min", "2 d 4 h".
 * @param {number} ms
 */
export function formatDuration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  const hr = Math.floor(m / 60);
  if (hr < 24) return `${hr} h ${m % 60} min`;
  return `${Math.floor(hr / 24)} d ${hr % 24} h`;
}

/**
 * A time of today as "14:05", an older one with its day.
 * @param {string | number | Date} value
 */
export function formatTime(value) {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  return sameDay ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/**
 * { order: { id: 1 } } → [['order.id', '1']]
 * @param {unknown} value
 * @param {string} [prefix]
 * @param {[string, string][]} [out]
 * @returns {[string, string][]}
 */
export function flatten(value, prefix = '', out = []) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && prefix) out.push([prefix, '—']);
    for (const [key, inner] of entries) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) out.push([prefix, value.join(', ')]);
    else value.forEach((inner, i) => flatten(inner, `${prefix}[${i}]`, out));
  } else {
    out.push([prefix, value === null || value === undefined ? '—' : String(value)]);
  }
  return out;
}

/**
 * @param {unknown} score the NLU's sentiment, -1 (angry) to 1
 */
export function sentimentLabel(score) {
  if (typeof score !== 'number') return 'unknown';
  if (score <= -0.6) return `angry (${score.toFixed(2)})`;
  if (score <= -0.3) return `unhappy (${score.toFixed(2)})`;
  if (score >= 0.3) return `happy (${score.toFixed(2)})`;
  return `neutral (${score.toFixed(2)})`;
}

// ---- toasts (role=status, polite) ----

/**
 * A message in the corner, gone after `timeout` ms (0: stays), with an optional action button.
 * @param {string} message
 * @param {{ kind?: 'info' | 'success' | 'warning' | 'error', timeout?: number, action?: { label: string, run: () => void } }} [options]
 */
export function toast(message, { kind = 'info', timeout = 6000, action } = {}) {
  const region = /** @type {HTMLElement} */ (document.getElementById('toasts'));
  const close = () => item.remove();
  const item = h('div', { class: `toast toast-${kind}` },
    h('span', { class: 'toast-text' }, message),
    action ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => { close(); action.run(); } }, action.label) : null,
    h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', onclick: close }, '×'));
  region.append(item);
  if (timeout) setTimeout(close, timeout);
  return item;
}

/**
 * Says something to screen-reader users without showing it.
 * @param {string} message
 */
export function announce(message) {
  const region = /** @type {HTMLElement} */ (document.getElementById('announcer'));
  region.textContent = '';
  // A new text node in a separate task is announced even when the text repeats.
  setTimeout(() => { region.textContent = message; }, 50);
}

/**
 * A link to put in an href, or null: only http(s) links are clickable. A message's link could
 * be `javascript:` or `data:`, which would run in the agent's console; those show as text.
 * @param {string} url
 * @returns {string | null}
 */
export function webLink(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
