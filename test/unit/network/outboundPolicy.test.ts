import { createNodeHttpTransport } from '../../../src/network/nodeHttpTransport';
import { BlockedAddressError, isPublicAddress, linkProblem } from '../../../src/network/outboundPolicy';
import { recordingServer } from '../../support/recordingServer';

// A real server on loopback stands for something inside the shop's machine or network
// (a database's HTTP port, a cloud metadata service): outbound HTTP must not reach it.
const server = recordingServer((req, res, { url }) => {
  if (req.url === '/redirect') res.writeHead(302, { location: `${url}/secret` }).end();
  else res.writeHead(200, { 'content-type': 'application/json' }).end('{"secret":true}');
});
const seen = () => server.seen.map((line) => line.split(' ')[1]);

describe('which addresses outbound HTTP may reach', () => {
  it.each([
    ['127.0.0.1', false], ['10.1.2.3', false], ['172.16.0.9', false], ['192.168.1.1', false], ['169.254.169.254', false],
    ['100.64.0.1', false], ['0.0.0.0', false], ['224.0.0.1', false], ['::1', false], ['fe80::1', false], ['fd00::5', false],
    ['::ffff:127.0.0.1', false], ['::ffff:10.0.0.1', false], ['::', false], ['not an address', false],
    ['8.8.8.8', true], ['157.240.1.35', true], ['2606:4700::1111', true], ['::ffff:8.8.8.8', true],
  ])('%s: public %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('the transport, by default', () => {
  const transport = createNodeHttpTransport();
  const get = (url: string) => transport({ method: 'GET', url, timeoutMs: 2000 });

  it.each([
    ['a loopback address', () => `http://127.0.0.1:${server.port}/secret`],
    ['a name that resolves to loopback', () => `http://localhost:${server.port}/secret`],
    ['IPv6 loopback', () => `http://[::1]:${server.port}/secret`],
    ['loopback wrapped in IPv6', () => `http://[::ffff:127.0.0.1]:${server.port}/secret`],
    ['loopback in decimal', () => `http://2130706433:${server.port}/secret`],
    ['cloud metadata (link-local)', () => 'http://169.254.169.254/latest/meta-data/'],
    ['a private network address', () => 'https://10.0.0.1/admin'],
  ])('refuses %s before sending anything', async (_what, url) => {
    const error = await get(url()).catch((e) => e);
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(seen()).toEqual([]);
  });

  it('reaches a private host the configuration names, by host or by host and port', async () => {
    const byPort = createNodeHttpTransport({ privateHosts: [`localhost:${server.port}`] });
    expect((await byPort({ method: 'GET', url: `http://localhost:${server.port}/ok`, timeoutMs: 2000 })).status).toBe(200);
    expect(await byPort({ method: 'GET', url: `http://127.0.0.1:${server.port}/ok`, timeoutMs: 2000 }).catch((e) => e)).toBeInstanceOf(BlockedAddressError);
    const byHost = createNodeHttpTransport({ privateHosts: ['127.0.0.1'] });
    expect((await byHost({ method: 'GET', url: `http://127.0.0.1:${server.port}/ok`, timeoutMs: 2000 })).status).toBe(200);
    expect(seen()).toEqual(['/ok', '/ok']);
  });

  it('does not follow a redirect: the caller sees it and decides', async () => {
    const allowed = createNodeHttpTransport({ privateHosts: ['127.0.0.1'] });
    const response = await allowed({ method: 'GET', url: `http://127.0.0.1:${server.port}/redirect`, timeoutMs: 2000 });
    expect(response.status).toBe(302);
    expect(seen()).toEqual(['/redirect']);
  });
});

describe('the link rule of attachments and lookups', () => {
  it.each([
    ['https://cdn.shop.example/a.pdf', []],
    ['http://cdn.shop.example/a.pdf', ['cdn.shop.example']],
    ['http://cdn.shop.example:8080/a.pdf', ['cdn.shop.example:8080']],
  ])('takes %s (http hosts %j)', (url, hosts) => {
    expect(linkProblem(new URL(url), hosts)).toBeNull();
  });

  it.each([
    ['javascript:alert(document.cookie)', /https:\/\//],
    ['file:///etc/passwd', /https:\/\//],
    ['data:text/html,<script>1</script>', /https:\/\//],
    ['http://cdn.shop.example/a.pdf', /OUTBOUND_HTTP_HOSTS/],
    ['http://cdn.shop.example:8080/a.pdf', /OUTBOUND_HTTP_HOSTS/],
    ['https://user:pw@cdn.shop.example/a.pdf', /user name or password/],
  ])('refuses %s', (url, why) => {
    expect(linkProblem(new URL(url), ['cdn.shop.example:81'])).toMatch(why);
  });
});
