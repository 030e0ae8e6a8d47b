import nock from 'nock';
import { INSTAGRAM } from '../../../src/channels/instagram';
import { MESSENGER } from '../../../src/channels/messenger';
import { ChannelSendError } from '../../../src/channels/port';
import type { InboundMessage, OutboundContent, OutboundMessage, Sender } from '../../../src/domain/message';
import { MessengerPlatformChannel } from '../../../src/meta/messenger-platform/messagingChannel';
import { replyWindowOf, type MessengerPlatformProfile } from '../../../src/meta/messenger-platform/platform';
import { SendApiClient } from '../../../src/meta/messenger-platform/sendApiClient';
import { nodeHttpTransport } from '../../../src/network/nodeHttpTransport';
import { createSilentLogger, type Logger } from '../../../src/observability/logger';
import { memoryLogger } from '../../support/memoryLogger';

const GRAPH = 'https://graph.facebook.com';
const SEND = '/v21.0/me/messages';
const PSID = '6934571289045612';
const HOUR = 3_600_000;
const NOW = 1_750_000_000_000;

function channelWith(options: { profile?: MessengerPlatformProfile; humanAgent?: boolean; lastCustomerAt?: number; logger?: Logger; baseUrl?: string } = {}) {
  const profile = options.profile ?? MESSENGER;
  const logger = options.logger ?? createSilentLogger();
  const sleeps: number[] = [];
  const client = new SendApiClient({
    profile, baseUrl: options.baseUrl ?? GRAPH, apiVersion: 'v21.0', accessToken: 'EAAG-page-token', logger, transport: nodeHttpTransport,
    sleep: async (ms) => { sleeps.push(ms); }, random: () => 0.5,
  });
  const channel = new MessengerPlatformChannel({
    profile, client, logger, clock: () => NOW,
    window: replyWindowOf(profile, options.humanAgent ?? true),
    lastCustomerMessageAt: async () => ('lastCustomerAt' in options ? options.lastCustomerAt : NOW - HOUR),
  });
  return { channel, sleeps };
}

const message = (content: OutboundContent, sender: Sender = 'bot', id = 'wamid-in#0'): OutboundMessage => ({
  id, conversationId: 'c1', channel: 'messenger', to: PSID, content, sender, createdAt: NOW,
});
const text = (t: string, sender: Sender = 'bot') => message({ type: 'text', text: t }, sender);
const graphError = (code: number, subcode?: number, message = `(#${code}) error`) => ({ error: { message, type: 'OAuthException', code, error_subcode: subcode, fbtrace_id: 'AbC' } });
const sent = (id: string) => ({ recipient_id: PSID, message_id: id });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('sending through the Send API', () => {
  it('a reply within 24 hours is a RESPONSE with the page token, marked as the bot’s own for its echo', async () => {
    const scope = nock(GRAPH, { reqheaders: { authorization: 'Bearer EAAG-page-token' } })
      .post(SEND, { recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'Please send your order number.', metadata: 'wabot' } })
      .reply(200, sent('m_OUT1'));
    const { channel } = channelWith();
    await expect(channel.send(text('Please send your order number.'))).resolves.toEqual({ channelMessageId: 'm_OUT1' });
    expect(scope.isDone()).toBe(true);
  });

  it('Instagram: the configured base URL, no metadata', async () => {
    const scope = nock('https://graph.instagram.com').post(SEND, { recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'hi' } }).reply(200, sent('ig_1'));
    const { channel } = channelWith({ profile: INSTAGRAM, baseUrl: 'https://graph.instagram.com/' });
    await expect(channel.send(text('hi'))).resolves.toEqual({ channelMessageId: 'ig_1' });
    expect(scope.isDone()).toBe(true);
  });

  it('after 24 hours an agent’s reply goes with the HUMAN_AGENT tag, up to 7 days', async () => {
    const scope = nock(GRAPH).post(SEND, (body) => body.messaging_type === 'MESSAGE_TAG' && body.tag === 'HUMAN_AGENT').reply(200, sent('m_TAG'));
    const { channel } = channelWith({ lastCustomerAt: NOW - 30 * HOUR });
    await expect(channel.send(text('Sorry for the wait, your refund is done.', 'agent'))).resolves.toEqual({ channelMessageId: 'm_TAG' });
    expect(scope.isDone()).toBe(true);
  });

  it.each<[string, { lastCustomerAt: number; humanAgent?: boolean }, Sender]>([
    ['the bot after 24 hours', { lastCustomerAt: NOW - 30 * HOUR }, 'bot'],
    ['a system notice after 24 hours', { lastCustomerAt: NOW - 30 * HOUR }, 'system'],
    ['an agent after 7 days', { lastCustomerAt: NOW - 8 * 24 * HOUR }, 'agent'],
    ['an agent after 24 hours without the Human Agent permission', { lastCustomerAt: NOW - 30 * HOUR, humanAgent: false }, 'agent'],
  ])('%s: nothing is sent; WINDOW_CLOSED, not retried', async (_what, options, sender) => {
    const { channel } = channelWith(options);
    const error = await channel.send(text('hello', sender)).catch((e) => e);
    expect(error).toBeInstanceOf(ChannelSendError);
    expect(error.error).toMatchObject({ code: 'WINDOW_CLOSED', retryable: false });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('when Meta says the window closed, an agent’s reply is sent once more with the tag', async () => {
    const scope = nock(GRAPH)
      .post(SEND, (body) => body.messaging_type === 'RESPONSE').reply(400, graphError(10, 2018278, '(#10) This message is sent outside of allowed window.'))
      .post(SEND, (body) => body.tag === 'HUMAN_AGENT').reply(200, sent('m_RETAG'));
    const { channel } = channelWith({ lastCustomerAt: NOW - 23 * HOUR });
    await expect(channel.send(text('Here is your refund', 'agent'))).resolves.toEqual({ channelMessageId: 'm_RETAG' });
    expect(scope.isDone()).toBe(true);
  });

  it('the bot’s message refused for the window stays refused (a permanent error agents see)', async () => {
    nock(GRAPH).post(SEND).reply(400, graphError(10, 2018278));
    const { channel } = channelWith();
    const error = await channel.send(text('menu')).catch((e) => e);
    expect(error.error).toMatchObject({ code: '10', retryable: false });
  });

  it('rate limits are retried with backoff, then the message goes', async () => {
    const scope = nock(GRAPH).post(SEND).reply(400, graphError(613)).post(SEND).reply(429, graphError(4)).post(SEND).reply(200, sent('m_LATE'));
    const { channel, sleeps } = channelWith();
    await expect(channel.send(text('hi'))).resolves.toEqual({ channelMessageId: 'm_LATE' });
    expect(sleeps).toHaveLength(2);
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    [551, undefined, 'This person isn’t available right now'],
    [100, 2018001, 'No matching user found'],
    [200, 1545041, 'Message Not Sent'],
  ])('code %i/%s is permanent: one try, not retryable', async (code, subcode, title) => {
    const scope = nock(GRAPH).post(SEND).reply(400, graphError(code, subcode, title));
    const { channel } = channelWith();
    const error = await channel.send(text('hi')).catch((e) => e);
    expect(error.error).toEqual({ code: String(code), title, retryable: false });
    expect(scope.isDone()).toBe(true);
  });

  it('an expired token is one alert for the channel’s lifetime, however many sends fail', async () => {
    const { logger, entries } = memoryLogger();
    nock(GRAPH).post(SEND).times(3).reply(401, graphError(190, 463, 'Error validating access token: Session has expired'));
    const { channel } = channelWith({ logger });
    for (let i = 0; i < 3; i++) {
      const error = await channel.send(message({ type: 'text', text: 'hi' }, 'bot', `m${i}#0`)).catch((e) => e);
      expect(error.error).toMatchObject({ code: '190', retryable: false });
    }
    const alerts = entries.filter((entry) => entry.alert === 'messenger_access_token_rejected');
    expect(alerts).toHaveLength(1);
    expect(alerts[0].message).toContain('MESSENGER_PAGE_ACCESS_TOKEN');
  });

  it('a message in several parts: when a later part fails, the retry does not send the first again', async () => {
    const buttons = [1, 2].map((i) => ({ id: `b:f:s:${i}`, title: `Choice ${i}` }));
    const long = message({ type: 'buttons', text: `${'Long explanation of the delivery terms. '.repeat(30)}Pick one:`, buttons });
    nock(GRAPH).post(SEND, (body) => 'text' in body.message).once().reply(200, sent('m_PART1'));
    nock(GRAPH).post(SEND, (body) => 'attachment' in body.message).reply(400, graphError(1200)).post(SEND).times(4).reply(400, graphError(1200));
    const { channel } = channelWith();
    await expect(channel.send(long)).rejects.toBeInstanceOf(ChannelSendError);
    const retry = nock(GRAPH).post(SEND, (body) => 'attachment' in body.message).reply(200, sent('m_PART2'));
    await expect(channel.send(long)).resolves.toEqual({ channelMessageId: 'm_PART1' });
    expect(retry.isDone()).toBe(true);
  });
});

describe('acknowledging what the customer sent', () => {
  const inbound = (content: InboundMessage['content']): InboundMessage => ({ id: 'm_IN', channel: 'messenger', from: PSID, timestamp: NOW, content });

  it('marks it seen, then shows typing', async () => {
    const scope = nock(GRAPH)
      .post(SEND, { recipient: { id: PSID }, sender_action: 'mark_seen' }).reply(200, { recipient_id: PSID })
      .post(SEND, { recipient: { id: PSID }, sender_action: 'typing_on' }).reply(200, { recipient_id: PSID });
    await channelWith().channel.acknowledge(inbound({ type: 'text', text: 'hi' }));
    expect(scope.isDone()).toBe(true);
  });

  it('a reaction is only marked seen; a notice not at all; a failure is logged, never thrown', async () => {
    const seen = nock(GRAPH).post(SEND, { recipient: { id: PSID }, sender_action: 'mark_seen' }).reply(200, {});
    const { channel } = channelWith();
    await channel.acknowledge(inbound({ type: 'reaction', messageId: 'm_X', emoji: '👍' }));
    await channel.acknowledge(inbound({ type: 'system', detail: 'referral' }));
    expect(seen.isDone()).toBe(true);
    nock(GRAPH).post(SEND).reply(500, graphError(2));
    const { logger, entries } = memoryLogger();
    await expect(channelWith({ logger }).channel.acknowledge(inbound({ type: 'text', text: 'hi' }))).resolves.toBeUndefined();
    expect(entries).toContainEqual(expect.objectContaining({ level: 'warn', message: 'Could not send mark_seen on Messenger' }));
  });
});

describe('naming customers from their profile', () => {
  const inbound = (from: string): InboundMessage => ({ id: `m_${from}`, channel: 'instagram', from, timestamp: NOW, content: { type: 'text', text: 'hi' } });
  function namingChannel(known: Record<string, string> = {}, logger: Logger = createSilentLogger()) {
    const client = new SendApiClient({ profile: INSTAGRAM, baseUrl: GRAPH, apiVersion: 'v21.0', accessToken: 'IGQ', logger, transport: nodeHttpTransport });
    const remembered: Record<string, string> = {};
    const channel = new MessengerPlatformChannel({
      profile: INSTAGRAM, client, logger, clock: () => NOW, window: replyWindowOf(INSTAGRAM, false), lastCustomerMessageAt: async () => NOW,
      customerNames: { has: async (a) => !!(known[a] ?? remembered[a]), remember: async (a, name) => { remembered[a] = name; } },
    });
    nock(GRAPH).persist().post(SEND).reply(200, {});
    return { channel, remembered };
  }

  it('reads the name once for a customer without one; a username when there is no name', async () => {
    const profiles = nock(GRAPH).get('/v21.0/111?fields=name,username').reply(200, { name: 'Nusrat Jahan', username: 'nusrat.j', id: '111' })
      .get('/v21.0/222?fields=name,username').reply(200, { username: 'shopper_22', id: '222' });
    const { channel, remembered } = namingChannel({ 333: 'Known Already' });
    for (const from of ['111', '111', '222', '333']) await channel.acknowledge(inbound(from));
    expect(remembered).toEqual({ 111: 'Nusrat Jahan', 222: '@shopper_22' });
    expect(profiles.isDone()).toBe(true);
  });

  it('stops asking when Meta refuses the app, and skips only the customer when the profile is gone', async () => {
    const { logger, entries } = memoryLogger();
    const gone = nock(GRAPH).get('/v21.0/444?fields=name,username').reply(400, graphError(100, 33, 'Unsupported get request.'));
    const refused = nock(GRAPH).get('/v21.0/555?fields=name,username').reply(403, graphError(10, undefined, 'Application does not have permission'));
    const { channel, remembered } = namingChannel({}, logger);
    await channel.acknowledge(inbound('444'));
    await channel.acknowledge(inbound('555'));
    await channel.acknowledge(inbound('666')); // not asked: no interceptor would answer it
    expect([gone.isDone(), refused.isDone(), remembered]).toEqual([true, true, {}]);
    expect(entries.filter((e) => /profiles cannot be read/.test(e.message))).toHaveLength(1);
  });
});
