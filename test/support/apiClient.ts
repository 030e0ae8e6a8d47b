/** A small JSON client for the bot's HTTP API in tests. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export function apiClient(baseUrl: string, token?: string) {
  const call = async <T = any>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extraHeaders },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    get: <T = any>(path: string) => call<T>('GET', path),
    post: <T = any>(path: string, body?: unknown) => call<T>('POST', path, body ?? {}),
    raw: call,
  };
}

export async function login(baseUrl: string, email: string, password: string) {
  const res = await apiClient(baseUrl).post('/api/auth/login', { email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return apiClient(baseUrl, res.body.token);
}

/** A customer on the simulator channel. */
export function customer(baseUrl: string, phone: string) {
  const api = apiClient(baseUrl);
  return {
    say: async (text: string) => (await api.post('/api/simulator/messages', { from: phone, text })).body as { replies: { type: string; text: string; buttons?: { id: string; title: string }[]; rows?: { id: string; title: string }[] }[] },
    press: async (button: string) => (await api.post('/api/simulator/messages', { from: phone, button })).body,
    inbox: async () => (await api.get(`/api/simulator/messages?from=${phone}`)).body.messages as { text: string; sender: string; type: string; rows?: { id: string }[] }[],
  };
}
