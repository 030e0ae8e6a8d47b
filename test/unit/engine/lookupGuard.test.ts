import { createHttpLookup, type LookupRequest } from '../../../src/engine/lookup';
import { createNodeHttpTransport } from '../../../src/network/nodeHttpTransport';
import { memoryLogger } from '../../support/memoryLogger';
import { recordingServer } from '../../support/recordingServer';

// The shop's order API, on loopback; what it was asked for is what a customer could make the bot ask.
const server = recordingServer((req, res) => {
  if (req.url?.startsWith('/orders/moved')) res.writeHead(302, { location: '/admin/export' }).end();
  else if (req.url?.startsWith('/orders/huge')) {
    res.writeHead(200, { 'content-type': 'application/json' }); // no Content-Length: only counting can stop it
    for (let i = 0; i < 40; i++) res.write('x'.repeat(10_000));
    res.end();
  } else res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"shipped"}');
});
const seen = () => server.seen.map((line) => line.split(' ')[1]);

const { logger } = memoryLogger();
const allowed = createNodeHttpTransport({ privateHosts: ['127.0.0.1'] });
const lookup = createHttpLookup({ baseUrl: 'http://bot.invalid', logger, transport: allowed, httpHosts: ['127.0.0.1'] });
const ask = (urlTemplate: string, values: Record<string, unknown>): Promise<unknown> =>
  lookup({ urlTemplate: urlTemplate.replace('BASE', server.url), values, timeoutMs: 2000 } as LookupRequest);

describe('a flow lookup with customer values', () => {
  it('answers with the shop API\'s JSON', async () => {
    expect(await ask('BASE/orders/{{id}}', { id: '204518' })).toEqual({ status: 'ok', data: { status: 'shipped' } });
    expect(seen()).toEqual(['/orders/204518']);
  });

  it('keeps any other value inside its path segment', async () => {
    await ask('BASE/orders/{{id}}', { id: '1/../../admin' });
    expect(seen()).toEqual(['/orders/1%2F..%2F..%2Fadmin']);
  });

  it.each([['..'], ['.'], ['....'], ['']])('refuses the value %j, which would leave the template\'s path, and asks nothing', async (id) => {
    expect(await ask('BASE/orders/{{id}}', { id })).toEqual({ status: 'error', reason: 'lookup URL refused' });
    expect(seen()).toEqual([]);
  });

  it('takes an empty or dotted value in the query, where it cannot climb out of the path', async () => {
    expect(await ask('BASE/orders?id={{id}}&coupon={{coupon}}', { id: '..', coupon: '' })).toMatchObject({ status: 'ok' });
    expect(seen()).toEqual(['/orders?id=..&coupon=']);
  });

  it('refuses a value that would move the call to another host or port', async () => {
    expect(await ask('http://127.0.0.1:{{port}}/orders/1', { port: '22' })).toEqual({ status: 'error', reason: 'lookup URL refused' });
    expect(await ask('http://{{host}}/orders/1', { host: '169.254.169.254' })).toEqual({ status: 'error', reason: 'lookup URL refused' });
    expect(await ask('BASE{{path}}', { path: '@evil.example' })).toEqual({ status: 'error', reason: 'lookup URL refused' });
    expect(seen()).toEqual([]);
  });

  it('does not follow a redirect', async () => {
    expect(await ask('BASE/orders/{{id}}', { id: 'moved' })).toEqual({ status: 'error', reason: 'HTTP 302' });
    expect(seen()).toEqual(['/orders/moved']);
  });

  it('stops reading an answer past 256 KiB as it streams in', async () => {
    expect(await ask('BASE/orders/{{id}}', { id: 'huge' })).toEqual({ status: 'error', reason: 'response too large' });
  });

  it('calls plain http only for a host the configuration names, and a private address only when named', async () => {
    const strict = createHttpLookup({ baseUrl: 'http://bot.invalid', logger, transport: allowed });
    expect(await strict({ urlTemplate: `${server.url}/orders/{{id}}`, values: { id: '1' }, timeoutMs: 2000 })).toEqual({ status: 'error', reason: 'lookup URL refused' });
    const publicOnly = createHttpLookup({ baseUrl: 'http://bot.invalid', logger, transport: createNodeHttpTransport(), httpHosts: ['127.0.0.1'] });
    expect(await publicOnly({ urlTemplate: `${server.url}/orders/{{id}}`, values: { id: '1' }, timeoutMs: 2000 })).toEqual({ status: 'error', reason: 'address not allowed' });
    expect(seen()).toEqual([]);
  });
});
