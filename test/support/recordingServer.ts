import http from 'node:http';
import type net from 'node:net';

/**
 * A real HTTP server on loopback that notes every request it gets (`host path`), for tests of
 * what the bot may and may not call: it stands for the shop's API, a CDN, or something inside
 * the machine that must never be reached. `seen` is emptied before each test.
 */
export interface RecordingServer {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** `host path` of every request since the test began (host without the port). */
  seen: string[];
}

export function recordingServer(handler: (req: http.IncomingMessage, res: http.ServerResponse, server: RecordingServer) => void): RecordingServer {
  const state: RecordingServer = { port: 0, url: '', seen: [] };
  let server: http.Server;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      state.seen.push(`${req.headers.host?.split(':')[0]} ${req.url}`);
      handler(req, res, state);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    state.port = (server.address() as net.AddressInfo).port;
    state.url = `http://127.0.0.1:${state.port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    state.seen.length = 0;
  });
  return state;
}
