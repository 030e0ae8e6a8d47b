// The console's only way to talk to the server: the JSON API under /api.
// Auth is the httpOnly session cookie the login sets (same-origin fetch); the token in the
// login answer is deliberately ignored, so nothing secret ends up in page storage.

/**
 * What the API answers; its shapes are in docs/openapi.yaml. The console reads the fields it
 * shows and passes the rest on untouched.
 * @typedef {any} ApiData
 */

/** A refused request: `status`, the server's stable `code`, its `message`, and any extra detail. */
export class ApiError extends Error {
  /**
   * @param {number} status the HTTP status; 0 when the server could not be reached
   * @param {{ error?: { code?: string, message?: string, [detail: string]: unknown } } | null} body
   */
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.code = error.code || (status === 0 ? 'NETWORK' : 'HTTP_' + status);
    /** @type {Record<string, any>} */
    this.detail = error;
    /** @type {number | undefined} seconds to wait (429) */
    this.retryAfter = undefined;
  }
}

/** Called when any request answers 401 after login (expired session): the app shows the login form. */
/** @type {(error: ApiError) => void} */
let onUnauthorized = () => {};
/** @param {(error: ApiError) => void} fn */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

/**
 * @param {'GET' | 'POST' | 'DELETE'} method
 * @param {string} path under /api
 * @param {unknown} [body] sent as JSON
 * @param {{ quiet401?: boolean, keepalive?: boolean }} [options] quiet401: a 401 is the caller's (login, session check), not a logout; keepalive: sent even while the page unloads
 * @returns {Promise<ApiData>}
 */
async function request(method, path, body, { quiet401 = false, keepalive = false } = {}) {
  let res;
  try {
    res = await fetch('/api' + path, {
      method,
      keepalive,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { error: { code: 'NETWORK', message: 'The server cannot be reached. Check the connection and try again.' } });
  }
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const error = new ApiError(res.status, data);
    if (res.status === 429) error.retryAfter = Number(res.headers.get('retry-after')) || undefined;
    if (res.status === 401 && !quiet401) onUnauthorized(error);
    throw error;
  }
  return data;
}

const enc = encodeURIComponent;

/**
 * One function per route the console uses.
 * @typedef {{ kind: 'image' | 'document' | 'audio' | 'video', url: string, caption?: string, filename?: string }} Attachment
 * @typedef {{ name: string, language: string, parameters: string[] }} TemplateMessage
 * @typedef {{ keys: string[], text: string, locale?: 'en' | 'bn' }} Lesson
 * @typedef {{ en: string, bn: string }} Localized
 */
export const api = {
  /** @param {string} email @param {string} password @param {string} [code] two-step sign-in: the app's code or a recovery code */
  login: (email, password, code) => request('POST', '/auth/login', code ? { email, password, code } : { email, password }, { quiet401: true }),
  setupTwoFactor: () => request('POST', '/auth/2fa/setup', {}),
  /** @param {string} code */
  enableTwoFactor: (code) => request('POST', '/auth/2fa/enable', { code }),
  logout: () => request('POST', '/auth/logout', {}, { quiet401: true }),
  me: () => request('GET', '/agents/me', undefined, { quiet401: true }),
  agents: () => request('GET', '/agents'),
  /** @param {'queued' | 'claimed' | 'closed'} [status] */
  handoffs: (status) => request('GET', '/handoffs' + (status ? '?status=' + enc(status) : '')),
  /** @param {string} id */
  handoff: (id) => request('GET', '/handoffs/' + enc(id)),
  /** @param {string} id */
  claim: (id) => request('POST', `/handoffs/${enc(id)}/claim`, {}),
  /** @param {string} id @param {string} text */
  sendText: (id, text) => request('POST', `/handoffs/${enc(id)}/messages`, { text }),
  /** @param {string} id @param {Attachment} attachment */
  sendAttachment: (id, attachment) => request('POST', `/handoffs/${enc(id)}/messages`, { attachment }),
  templates: () => request('GET', '/templates'),
  /** @param {string} id @param {TemplateMessage} template */
  sendTemplate: (id, template) => request('POST', `/handoffs/${enc(id)}/messages`, { template }),
  /** @param {string} id @param {string} text */
  addNote: (id, text) => request('POST', `/handoffs/${enc(id)}/notes`, { text }),
  /** @param {string} id @param {{ team: string } | { agentId: string }} to */
  transfer: (id, to) => request('POST', `/handoffs/${enc(id)}/transfer`, to),
  /** @param {string} id */
  release: (id) => request('POST', `/handoffs/${enc(id)}/release`, {}),
  /** @param {string} id */
  handBack: (id) => request('POST', `/handoffs/${enc(id)}/handback`, {}),
  /** @param {string} id @param {string} resolution */
  close: (id, resolution) => request('POST', `/handoffs/${enc(id)}/close`, { resolution }),
  /** @param {string} id */
  takeOver: (id) => request('POST', `/handoffs/${enc(id)}/takeover`, {}),
  /** @param {string} id @param {'viewing' | 'left'} state */
  presence: (id, state) => request('POST', `/handoffs/${enc(id)}/presence`, { state }, { keepalive: state === 'left' }),
  /** @param {string} customerId */
  eraseCustomer: (customerId) => request('DELETE', `/customers/${enc(customerId)}`, {}),
  /** @param {string} conversationId */
  transcript: (conversationId) => request('GET', `/conversations/${enc(conversationId)}/transcript`),
  cannedReplies: () => request('GET', '/canned-replies'),
  /** @param {string} query a phone number, @username or business-scoped id */
  searchCustomers: (query) => request('GET', '/customers?q=' + enc(query)),
  unanswered: () => request('GET', '/unanswered'),
  /** Teaches the bot a question. @param {Lesson & { intent: string }} lesson */
  assignUnanswered: (lesson) => request('POST', '/unanswered/assign', lesson),
  /** Marks a question out of scope. @param {Lesson} lesson */
  markOutOfScope: (lesson) => request('POST', '/unanswered/out-of-scope', lesson),
  // The Flows page: files ops edit, their drafts, versions and trials (file names are URL-encoded: canned%2Freplies.yaml).
  flowFiles: () => request('GET', '/flows/files'),
  /** @param {string} file */
  flowFile: (file) => request('GET', `/flows/files/${enc(file)}`),
  /** @param {string} file */
  flowSchema: (file) => request('GET', `/flows/files/${enc(file)}/schema`),
  /** @param {string} file @param {string} text */
  checkFlowFile: (file, text) => request('POST', `/flows/files/${enc(file)}/check`, { text }),
  /** @param {string} file @param {{ text: string, baseHash: string | null, message?: string }} save */
  saveFlowFile: (file, save) => request('POST', `/flows/files/${enc(file)}/save`, save),
  /** @param {string} file @param {{ baseHash: string, message?: string }} removal */
  deleteFlowFile: (file, removal) => request('POST', `/flows/files/${enc(file)}/delete`, removal),
  /** @param {string} file @param {{ seq: number, baseHash: string | null, message?: string }} restore */
  restoreFlowFile: (file, restore) => request('POST', `/flows/files/${enc(file)}/restore`, restore),
  /** @param {string} file */
  flowVersions: (file) => request('GET', `/flows/files/${enc(file)}/versions`),
  /** @param {string} file @param {number} seq */
  flowVersion: (file, seq) => request('GET', `/flows/files/${enc(file)}/versions/${seq}`),
  /** @param {string} file @param {number | 'current'} from @param {number | 'current'} to */
  flowDiff: (file, from, to) => request('GET', `/flows/files/${enc(file)}/diff?from=${from}&to=${to}`),
  /** @param {string} file @param {string} text */
  flowForm: (file, text) => request('POST', `/flows/files/${enc(file)}/form`, { text }),
  /** @param {string} file @param {string} text @param {unknown[]} edits */
  applyFlowForm: (file, text, edits) => request('POST', `/flows/files/${enc(file)}/form/apply`, { text, edits }),
  /** @param {string} file @param {{ text: string, chatId: string, say?: string, press?: { id: string, title: string } }} message */
  tryDraft: (file, message) => request('POST', `/flows/files/${enc(file)}/try`, message),
  /** @param {string} file @param {string} text */
  runDraftSpecs: (file, text) => request('POST', `/flows/files/${enc(file)}/specs`, { text }),
  flowTemplates: () => request('GET', '/flows/templates'),
  /** @param {{ template: string, file: string, title: Localized, example: Localized, answer: Localized, team?: string }} input */
  newFlow: (input) => request('POST', '/flows/new', input),
};

/**
 * A message for people from any error a call threw.
 * @param {unknown} error
 * @returns {string}
 */
export function describeError(error) {
  if (error instanceof ApiError) {
    if (error.code === 'ALREADY_CLAIMED') {
      const name = error.detail.holder && error.detail.holder.name;
      return name ? `${name} already holds this chat` : error.message;
    }
    return error.message;
  }
  const thrown = /** @type {{ message?: string } | null | undefined} */ (error);
  return (thrown && thrown.message) || String(error);
}
