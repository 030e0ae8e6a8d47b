// Small DOM and formatting helpers shared by the views. Text always goes in as text nodes,
// never as HTML, so customer messages cannot inject markup.

/** h('div', { class: 'x', onclick }, 'text', child) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** Replace all children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const BENGALI = /[\u0980-\u09FF]/;
/** A `lang` for a piece of customer text, so screen readers and fonts pick Bengali when it is. */
export function langOf(text, fallback) {
  return BENGALI.test(text || '') ? 'bn' : fallback || 'en';
}

export const LANGUAGE_NAMES = { en: 'English', bn: 'বাংলা (Bengali)' };

/** "45 s", "3 min", "1 h 20 min", "2 d 4 h". */
export function formatDuration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  const hr = Math.floor(m / 60);
  if (hr < 24) return `${hr} h ${m % 60} min`;
  return `${Math.floor(hr / 24)} d ${hr % 24} h`;
}

export function formatTime(value) {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  return sameDay ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** { order: { id: 1 } } → [['order.id', '1']] */
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

export function sentimentLabel(score) {
  if (typeof score !== 'number') return 'unknown';
  if (score <= -0.6) return `angry (${score.toFixed(2)})`;
  if (score <= -0.3) return `unhappy (${score.toFixed(2)})`;
  if (score >= 0.3) return `happy (${score.toFixed(2)})`;
  return `neutral (${score.toFixed(2)})`;
}

// ---- toasts (role=status, polite) ----

export function toast(message, { kind = 'info', timeout = 6000, action } = {}) {
  const region = document.getElementById('toasts');
  const close = () => item.remove();
  const item = h('div', { class: `toast toast-${kind}` },
    h('span', { class: 'toast-text' }, message),
    action ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => { close(); action.run(); } }, action.label) : null,
    h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', onclick: close }, '×'));
  region.append(item);
  if (timeout) setTimeout(close, timeout);
  return item;
}

/** Says something to screen-reader users without showing it. */
export function announce(message) {
  const region = document.getElementById('announcer');
  region.textContent = '';
  // A new text node in a separate task is announced even when the text repeats.
  setTimeout(() => { region.textContent = message; }, 50);
}
