import { ChannelSendError } from '../../../src/channels/port';
import { WhatsAppWebChannel } from '../../../src/channels/whatsapp-web';
import { fetchMedia, MediaFetchError } from '../../../src/channels/whatsapp-web/mediaFetch';
import { mediaFromUrlWithLibrary } from '../../../src/channels/whatsapp-web/libraryClient';
import { createNodeHttpTransport } from '../../../src/network/nodeHttpTransport';
import { CUSTOMER } from './fixtures';
import { clientFactory, memoryLogger } from './support';
import { recordingServer } from '../../support/recordingServer';

// "localhost" stands for the shop's CDN (allowed: the configuration names it); 127.0.0.1 for
// anything else on the machine or its network, which no attachment link may reach.
const server = recordingServer((req, res, { port }) => {
  const to = (location: string) => res.writeHead(302, { location }).end();
  if (req.url === '/to-internal') to(`http://127.0.0.1:${port}/internal`);
  else if (req.url === '/to-metadata') to('https://169.254.169.254/latest/meta-data/');
  else if (req.url === '/to-file') to('file:///etc/passwd');
  else if (req.url === '/to-cdn') to('/photo.jpg');
  else if (req.url?.startsWith('/loop')) to(`/loop${Number(req.url.slice(5) || 0) + 1}`);
  else if (req.url === '/big') res.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.alloc(4096));
  else if (req.url === '/slow') setTimeout(() => res.end(), 5000).unref();
  else res.writeHead(200, { 'content-type': 'image/jpeg; charset=binary' }).end(Buffer.from('JPEGDATA'));
});
const seen = server.seen;

const limits = () => ({ transport: createNodeHttpTransport({ privateHosts: [`localhost:${server.port}`] }), httpHosts: ['localhost', '127.0.0.1'], maxBytes: 1024, timeoutMs: 1000 });
const cdn = (path: string) => `http://localhost:${server.port}${path}`;
const failure = (link: string) => fetchMedia(link, limits()).catch((e) => e as MediaFetchError);

describe('fetching an attachment link', () => {
  it('fetches the file with its type and name, following a redirect on the same host', async () => {
    const media = await fetchMedia(cdn('/to-cdn'), limits());
    expect(media).toEqual({ bytes: Buffer.from('JPEGDATA'), mimeType: 'image/jpeg', filename: 'photo.jpg' });
    expect(seen).toEqual(['localhost /to-cdn', 'localhost /photo.jpg']);
  });

  it('checks every redirect: one to an internal or link-local address is refused before it is sent', async () => {
    for (const link of [cdn('/to-internal'), cdn('/to-metadata')]) {
      const error = await failure(link);
      expect(error).toBeInstanceOf(MediaFetchError);
      expect(error).toMatchObject({ message: 'the link points to an address that is not public', retryable: false });
    }
    expect(seen).toEqual(['localhost /to-internal', 'localhost /to-metadata']);
  });

  it('refuses other schemes, at first or after a redirect', async () => {
    expect(await failure('file:///etc/passwd')).toMatchObject({ retryable: false, message: expect.stringMatching(/link refused/) });
    expect(await failure('javascript:alert(1)')).toMatchObject({ retryable: false, message: expect.stringMatching(/link refused/) });
    expect(await failure(cdn('/to-file'))).toMatchObject({ retryable: false, message: expect.stringMatching(/link refused/) });
    const httpsOnly = await fetchMedia(cdn('/photo.jpg'), { ...limits(), httpHosts: [] }).catch((e) => e);
    expect(httpsOnly).toMatchObject({ message: expect.stringMatching(/OUTBOUND_HTTP_HOSTS/) });
  });

  it('caps redirects, size and time', async () => {
    expect(await failure(cdn('/loop'))).toMatchObject({ message: 'more than 3 redirects', retryable: false });
    expect(await failure(cdn('/big'))).toMatchObject({ message: 'larger than 1024 bytes', retryable: false });
    expect(await failure(cdn('/slow'))).toMatchObject({ message: 'timed out', retryable: true });
  });

  it('hands the library the bytes as a MessageMedia', async () => {
    const media = (await mediaFromUrlWithLibrary(limits())(cdn('/photo.jpg'), { filename: 'receipt.jpg' })) as { mimetype: string; data: string; filename: string; filesize: number };
    expect(media).toMatchObject({ mimetype: 'image/jpeg', data: Buffer.from('JPEGDATA').toString('base64'), filename: 'receipt.jpg', filesize: 8 });
  });
});

describe('an attachment that cannot be fetched, as the agent sees it', () => {
  it('is one generic text, whatever the reason; the reason goes to the log', async () => {
    const factory = clientFactory();
    const { logger, entries } = memoryLogger();
    const channel = new WhatsAppWebChannel({
      queue: undefined as never, logger, sessionDir: '/tmp/x', chromiumPath: '/usr/bin/chromium', createClient: factory.create,
      transport: createNodeHttpTransport(), attachmentHttpHosts: ['127.0.0.1'],
    });
    await channel.start();
    factory.latest().becomeReady();
    const titles: unknown[] = [];
    for (const [i, link] of [`${server.url}/internal`, `http://127.0.0.1:1/closed-port`, 'https://10.0.0.5:5432/'].entries()) {
      const error = await channel.send({ id: `out-${i}`, conversationId: 'c', channel: 'whatsapp-web', to: CUSTOMER, sender: 'agent', createdAt: 0, content: { type: 'media', media: { kind: 'image', url: link } } }).catch((e) => e);
      expect(error).toBeInstanceOf(ChannelSendError);
      titles.push(error.error.title);
    }
    expect(new Set(titles)).toEqual(new Set(['The attachment could not be fetched from its link']));
    expect(seen).toEqual([]);
    expect(entries.filter((e) => e.message === 'whatsapp-web: attachment not fetched')).toHaveLength(3);
    await channel.stop();
  });
});
