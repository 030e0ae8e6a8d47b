import { backoffDelay, DEFAULT_STARTUP_TIMEOUT_MS, WhatsAppWebChannel, type WhatsAppWebChannelOptions } from '../../../src/channels/whatsapp-web';
import { clientFactory, ManualTimers, memoryLogger, RecordingQueue, settle } from './support';

/** Delays are asserted as asked of the injected timer; nothing here waits for wall time. */
function setup(overrides: Partial<WhatsAppWebChannelOptions> = {}) {
  const factory = clientFactory();
  const timers = new ManualTimers();
  const { logger, entries } = memoryLogger();
  const channel = new WhatsAppWebChannel({
    queue: new RecordingQueue(),
    logger,
    sessionDir: '/data/whatsapp-web',
    chromiumPath: '/usr/bin/chromium',
    createClient: factory.create,
    setTimer: timers.set,
    random: () => 1,
    printQr: () => {},
    ...overrides,
  });
  return { channel, factory, timers, entries };
}

describe('backoffDelay', () => {
  const options = { baseDelayMs: 2000, maxDelayMs: 60000 };
  it('doubles from the base up to the cap, with half of it jittered', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 40].map((n) => backoffDelay(n, options, () => 1))).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect([0, 1, 5].map((n) => backoffDelay(n, options, () => 0))).toEqual([1000, 2000, 30000]);
    expect(backoffDelay(2, options, () => 0.5)).toBe(6000);
  });
});

describe('reconnecting', () => {
  it('after "disconnected": destroys the old client, waits 2 s, 4 s, 8 s … (capped), and starts a new one each time', async () => {
    const { channel, factory, timers } = setup({ reconnect: { baseDelayMs: 2000, maxDelayMs: 10000 } });
    await channel.start();
    for (let i = 0; i < 4; i++) {
      const old = factory.latest();
      old.emit('disconnected', 'NAVIGATION');
      expect(channel.state()).toBe('disconnected');
      await settle();
      expect(old.destroyCalls).toBe(1);
      timers.fire('reconnect');
      expect(factory.latest()).not.toBe(old);
      expect(factory.latest().initializeCalls).toBe(1);
      expect(channel.state()).toBe('starting');
    }
    expect(timers.delays('reconnect')).toEqual([2000, 4000, 8000, 10000]);
    expect(factory.clients).toHaveLength(5);
  });

  it('resets the backoff once a new client is ready', async () => {
    const { channel, factory, timers } = setup();
    await channel.start();
    factory.latest().emit('disconnected', 'CONFLICT');
    timers.fire('reconnect');
    factory.latest().emit('disconnected', 'TIMEOUT');
    timers.fire('reconnect');
    factory.latest().becomeReady();
    factory.latest().emit('disconnected', 'UNPAIRED');
    timers.fire('reconnect');
    expect(timers.delays('reconnect')).toEqual([2000, 4000, 2000]);
  });

  it('ignores a second disconnect and late events from the client it replaced', async () => {
    const { channel, factory, timers } = setup();
    await channel.start();
    const old = factory.latest();
    old.emit('disconnected', 'LOGOUT');
    old.emit('disconnected', 'LOGOUT'); // whatsapp-web.js can emit it twice while closing
    expect(timers.pending('reconnect')).toHaveLength(1);
    timers.fire('reconnect');
    old.emit('ready');
    old.emit('qr', '2@stale');
    expect(channel.state()).toBe('starting');
    expect(channel.latestQr()).toBeNull();
  });

  it('a failed initialize (browser or page load) is a lost connection too, never an unhandled rejection', async () => {
    const factory = clientFactory();
    const create: typeof factory.create = (options) => {
      const client = factory.create(options);
      if (factory.clients.length === 1) client.initializeResult = Promise.reject(new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/'));
      return client;
    };
    const { channel, timers, entries } = setup({ createClient: create });
    await channel.start();
    await settle();
    expect(channel.state()).toBe('disconnected');
    expect(factory.clients[0].destroyCalls).toBe(1);
    expect(timers.delays('reconnect')).toEqual([2000]);
    expect(entries.find((e) => /reconnecting/.test(e.message))).toMatchObject({ reason: 'initialize failed', error: expect.stringContaining('ERR_NAME_NOT_RESOLVED') });
    timers.fire('reconnect');
    expect(factory.clients).toHaveLength(2);
  });

  it('a browser that shows no QR code and no session in time is restarted', async () => {
    const { channel, factory, timers } = setup();
    await channel.start();
    expect(timers.delays('startup')).toEqual([DEFAULT_STARTUP_TIMEOUT_MS]);
    timers.fire('startup');
    expect(channel.state()).toBe('disconnected');
    await settle();
    expect(factory.latest().destroyCalls).toBe(1);
    timers.fire('reconnect');
    expect(factory.clients).toHaveLength(2);
  });

  it('a QR code stops the start-up watchdog (the owner may take minutes to scan)', async () => {
    const { channel, factory, timers } = setup();
    await channel.start();
    factory.latest().emit('qr', '2@code');
    expect(timers.pending('startup')).toHaveLength(0);
    expect(channel.state()).toBe('qr');
  });
});

describe('auth_failure', () => {
  it('logs that the phone must be re-linked, relaunches, and shows the new QR code', async () => {
    const { channel, factory, timers, entries } = setup();
    await channel.start();
    factory.latest().emit('auth_failure', 'Unable to log in. Are the session details valid?');
    expect(channel.state()).toBe('auth_failure');
    expect(entries.find((e) => e.level === 'error')?.message).toMatch(/re-link the phone/);
    timers.fire('reconnect');
    expect(channel.state()).toBe('auth_failure'); // until the new browser shows a code
    factory.latest().emit('qr', '2@fresh');
    expect(channel.state()).toBe('qr');
    expect(channel.latestQr()).toBe('2@fresh');
  });
});

describe('stop', () => {
  it('destroys the client, cancels the timers, and launches nothing afterwards', async () => {
    const { channel, factory, timers } = setup();
    await channel.start();
    factory.latest().emit('disconnected', 'TIMEOUT');
    timers.fire('reconnect');
    const current = factory.latest();
    current.emit('disconnected', 'TIMEOUT');
    await channel.stop();
    expect(timers.pending('reconnect')).toHaveLength(0);
    expect(timers.pending('startup')).toHaveLength(0);
    expect(current.destroyCalls).toBe(1);
    expect(factory.clients).toHaveLength(2);
    expect(channel.state()).toBe('disconnected');
  });

  it('closes a browser that was still launching when stopped, once its initialize settles', async () => {
    const factory = clientFactory();
    let failLaunch: (error: Error) => void = () => {};
    const create: typeof factory.create = (options) => {
      const client = factory.create(options);
      client.initializeResult = new Promise((_, reject) => (failLaunch = reject));
      return client;
    };
    const { channel, timers } = setup({ createClient: create });
    await channel.start();
    await channel.stop(); // destroy() now finds no browser yet: puppeteer.launch is still running
    expect(factory.clients[0].destroyCalls).toBe(1);
    failLaunch(new Error('net::ERR_NAME_NOT_RESOLVED'));
    await settle();
    expect(factory.clients[0].destroyCalls).toBe(2);
    expect(timers.pending('reconnect')).toHaveLength(0);
  });

  it('destroys a running client', async () => {
    const { channel, factory } = setup();
    await channel.start();
    factory.latest().becomeReady();
    await channel.stop();
    expect(factory.latest().destroyCalls).toBe(1);
    await expect(channel.ping()).rejects.toThrow(/disconnected/);
  });
});
