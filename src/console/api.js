// The console's only way to talk to the server: the JSON API under /api.
// Auth is the httpOnly session cookie the login sets (same-origin fetch); the token in the
// login answer is deliberately ignored, so nothing secret ends up in page storage.

/** A refused request: `status`, the server's stable `code`, its `message`, and any extra detail. */
export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.code = error.code || (status === 0 ? 'NETWORK' : 'HTTP_' + status);
    this.detail = error;
    this.retryAfter = undefined;
  }
}

/** Called when any request answers 401 after login (expired session): the app shows the login form. */
let onUnauthorized = () => {};
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

async function request(method, path, body, { quiet401 = false } = {}) {
  let res;
  try {
    res = await fetch('/api' + path, {
      method,
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

export const api = {
  login: (email, password) => request('POST', '/auth/login', { email, password }, { quiet401: true }),
  logout: () => request('POST', '/auth/logout', {}, { quiet401: true }),
  me: () => request('GET', '/agents/me', undefined, { quiet401: true }),
  agents: () => request('GET', '/agents'),
  handoffs: (status) => request('GET', '/handoffs' + (status ? '?status=' + enc(status) : '')),
  handoff: (id) => request('GET', '/handoffs/' + enc(id)),
  claim: (id) => request('POST', `/handoffs/${enc(id)}/claim`, {}),
  sendText: (id, text) => request('POST', `/handoffs/${enc(id)}/messages`, { text }),
  sendAttachment: (id, attachment) => request('POST', `/handoffs/${enc(id)}/messages`, { attachment }),
  templates: () => request('GET', '/templates'),
  sendTemplate: (id, template) => request('POST', `/handoffs/${enc(id)}/messages`, { template }),
  addNote: (id, text) => request('POST', `/handoffs/${enc(id)}/notes`, { text }),
  transfer: (id, to) => request('POST', `/handoffs/${enc(id)}/transfer`, to),
  release: (id) => request('POST', `/handoffs/${enc(id)}/release`, {}),
  handBack: (id) => request('POST', `/handoffs/${enc(id)}/handback`, {}),
  close: (id, resolution) => request('POST', `/handoffs/${enc(id)}/close`, { resolution }),
  cannedReplies: () => request('GET', '/canned-replies'),
  unanswered: () => request('GET', '/unanswered'),
};

/** A message for people from any error a call threw. */
export function describeError(error) {
  if (error instanceof ApiError) {
    if (error.code === 'ALREADY_CLAIMED') {
      const name = error.detail.holder && error.detail.holder.name;
      return name ? `${name} already holds this chat` : error.message;
    }
    return error.message;
  }
  return (error && error.message) || String(error);
}
