import { WhatsAppWebChannel } from '../../../src/channels/whatsapp-web';
import { clientFactory, memoryLogger } from './support';

/**
 * A process whose stdout is not a terminal writes its log there (docker logs, journald, a file):
 * a QR code drawn there would link any phone that scans it, for as long as the log is kept.
 */
describe('the QR code of whatsapp-web', () => {
  const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
  afterEach(() => {
    if (tty) Object.defineProperty(process.stdout, 'isTTY', tty);
    else delete (process.stdout as { isTTY?: boolean }).isTTY;
    jest.restoreAllMocks();
  });

  const start = async () => {
    const factory = clientFactory();
    const { logger, entries } = memoryLogger();
    const channel = new WhatsAppWebChannel({ queue: undefined as never, logger, sessionDir: '/tmp/x', chromiumPath: '/usr/bin/chromium', createClient: factory.create });
    await channel.start();
    return { factory, entries, channel };
  };

  it('is not written to stdout when stdout is a log, nor to the log; the log says where to find it', async () => {
    Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true });
    const written = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const { factory, entries, channel } = await start();
    factory.latest().emit('qr', '2@secret-link-code,abc=,def=');
    expect(channel.latestQr()).toBe('2@secret-link-code,abc=,def=');
    expect(written).not.toHaveBeenCalled();
    expect(JSON.stringify(entries)).not.toContain('secret-link-code');
    expect(entries.map((e) => e.message)).toContain('whatsapp-web: scan the QR code on the /whatsapp-web page (admin login) with WhatsApp > Linked devices > Link a device');
    await channel.stop();
  });

  it('is drawn for a person at a terminal', async () => {
    Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
    const written = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const { factory, channel } = await start();
    factory.latest().emit('qr', '2@secret-link-code,abc=,def=');
    expect(written).toHaveBeenCalledTimes(1);
    expect(String(written.mock.calls[0][0])).toMatch(/▄|█/);
    await channel.stop();
  });
});
