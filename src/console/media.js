// What a customer sent as a file, in the transcript: a photo shown inline, a voice note or
// audio and video playable, a document to download, and, when the file could not be kept, why.
// The file comes from the API (GET /api/handoffs/{id}/media/{messageId}), which checks that the
// agent may see the chat; the session cookie goes with it (same origin).
import { h } from './ui.js';

/** @type {Record<string, string>} */
const KIND_LABEL = { image: 'Photo', voice: 'Voice message', audio: 'Audio', video: 'Video', document: 'Document', sticker: 'Sticker' };

/**
 * @param {number | undefined} bytes
 * @returns {string}
 */
export function formatSize(bytes) {
  if (bytes === undefined || bytes === null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The state of a media message's file, as the transcript line carries it (src/http/api/handoffContext.ts).
 * @typedef {{ status: 'pending' | 'stored' | 'too_large' | 'failed', url?: string, size?: number, mimeType?: string, reason?: string }} MediaLine
 */

/**
 * The file part of a media bubble.
 * @param {{ kind?: string, filename?: string, mimeType?: string }} ref the message's MediaRef
 * @param {MediaLine | undefined} state
 * @returns {HTMLElement}
 */
export function mediaView(ref, state) {
  const kind = ref.kind || 'document';
  const label = KIND_LABEL[kind] || 'File';
  const name = ref.filename || label;
  if (!state || state.status === 'pending') {
    return h('p', { class: 'attachment media-pending', dataset: { testid: 'media-pending' } }, `📎 ${label}: downloading…`);
  }
  if (state.status === 'too_large') {
    return h('p', { class: 'attachment media-problem', dataset: { testid: 'media-problem' } },
      `📎 ${label} not kept: too large${state.size ? ` (${formatSize(state.size)})` : ''}. Ask the customer to send it another way.`);
  }
  if (state.status === 'failed' || !state.url) {
    return h('p', { class: 'attachment media-problem', dataset: { testid: 'media-problem' } },
      `📎 ${label} could not be downloaded${state.reason ? `: ${state.reason}` : ''}.`);
  }
  const url = state.url;
  const mime = (state.mimeType || ref.mimeType || '').toLowerCase();
  if ((kind === 'image' || kind === 'sticker') && mime.startsWith('image/') && mime !== 'image/svg+xml') {
    return h('a', { href: url, target: '_blank', rel: 'noopener', class: 'media-link', title: 'Open full size' },
      h('img', { src: url, alt: `${label} from the customer`, class: 'media-image', loading: 'lazy', dataset: { testid: 'media-image' } }));
  }
  if ((kind === 'voice' || kind === 'audio') && mime.startsWith('audio/')) {
    return h('audio', { src: url, controls: true, preload: 'metadata', class: 'media-audio', 'aria-label': `${label} from the customer`, dataset: { testid: 'media-audio' } });
  }
  if (kind === 'video' && mime.startsWith('video/')) {
    return h('video', { src: url, controls: true, preload: 'metadata', class: 'media-video', 'aria-label': `${label} from the customer`, dataset: { testid: 'media-video' } });
  }
  return h('a', { href: url, download: name, class: 'attachment', dataset: { testid: 'media-download' } }, `📎 ${name}${state.size ? ` (${formatSize(state.size)})` : ''}`);
}
