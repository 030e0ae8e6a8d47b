import nock from 'nock';
import { GraphApiClient, toGraphMessages, WhatsAppCloudChannel } from '../../../src/channels/whatsapp-cloud';
import { ChannelSendError } from '../../../src/channels/port';
import { createSilentLogger } from '../../../src/observability/logger';
import type { CustomerIdentifier } from '../../../src/domain/identity';
import type { OutboundContent, OutboundMessage } from '../../../src/domain/message';
import { expectWithinLimits } from './limitsCheck';

const PHONE = '8801711000001';
const BSUID = 'BD.1427730559018264';

function bodies(to: string, identifiers: CustomerIdentifier[] | undefined, content: OutboundContent = { type: 'text', text: 'hello' }) {
  const message: OutboundMessage = { id: 'out-1', conversationId: 'c-1', channel: 'whatsapp-cloud', to, identifiers, content, sender: 'bot', locale: 'en', createdAt: 0 };
  const result = toGraphMessages(message) as Record<string, any>[];
  result.forEach(expectWithinLimits);
  return result;
}

describe('who a Graph message goes to (phone `to`, BSUID `recipient`)', () => {
  it('a customer known only by BSUID gets `recipient` and no `to`', () => {
    const [body] = bodies(BSUID, [{ kind: 'bsuid', value: BSUID }]);
    expect(body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', recipient: BSUID, type: 'text', text: { body: 'hello' } });
    expect(body).not.toHaveProperty('to');
  });

  it('a bare BSUID address (no identifiers known) is still sent as `recipient`', () => {
    expect(bodies(BSUID, undefined)[0]).toMatchObject({ recipient: BSUID });
    expect(bodies(BSUID, undefined)[0]).not.toHaveProperty('to');
  });

  it('a customer with a phone gets `to` (which Meta uses first) beside the BSUID', () => {
    const [body] = bodies(BSUID, [{ kind: 'bsuid', value: BSUID }, { kind: 'phone', value: PHONE }]);
    expect(body).toMatchObject({ to: PHONE, recipient: BSUID });
  });

  it('a customer known only by phone gets `to` alone, as before', () => {
    const [body] = bodies(PHONE, undefined);
    expect(body).toMatchObject({ to: PHONE });
    expect(body).not.toHaveProperty('recipient');
  });

  it('a parent BSUID is used when it is the only one', () => {
    expect(bodies('x', [{ kind: 'parent-bsuid', value: 'BD.ENT.118157' }])[0]).toMatchObject({ recipient: 'BD.ENT.118157' });
  });

  it('every part of a split message goes to the same recipient', () => {
    const long = `${'a'.repeat(3000)}\n\n${'b'.repeat(3000)}`;
    const parts = bodies(BSUID, [{ kind: 'bsuid', value: BSUID }], { type: 'text', text: long });
    expect(parts).toHaveLength(2);
    for (const part of parts) expect(part).toMatchObject({ recipient: BSUID });
  });
});

describe('the contact request (asking for the phone number)', () => {
  it('is WhatsApp\'s request_contact_info interactive message', () => {
    const [body] = bodies(BSUID, [{ kind: 'bsuid', value: BSUID }], { type: 'contact_request', text: 'Please share your phone number so we can find your orders.' });
    expect(body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      recipient: BSUID,
      type: 'interactive',
      interactive: {
        type: 'request_contact_info',
        body: { text: 'Please share your phone number so we can find your orders.' },
        action: { name: 'request_contact_info' },
      },
    });
  });

  it('a body over 1024 characters goes first as text, the button keeps the end', () => {
    const text = `${'x'.repeat(1500)}.\n\nShare your number?`;
    const parts = bodies(PHONE, undefined, { type: 'contact_request', text });
    expect(parts.map((p) => p.type)).toEqual(['text', 'interactive']);
    expect(parts[1].interactive.body.text).toBe('Share your number?');
  });
});

describe('131062: this message cannot go to a BSUID', () => {
  afterEach(() => nock.cleanAll());

  it('is a permanent failure, sent once, that says what the agent can do', async () => {
    const logger = createSilentLogger();
    const client = new GraphApiClient({ phoneNumberId: '109876543210001', accessToken: 'EAAtest', logger, sleep: async () => {} });
    const channel = new WhatsAppCloudChannel({ client, logger });
    const scope = nock('https://graph.facebook.com')
      .post('/v21.0/109876543210001/messages', (body) => body.recipient === BSUID && body.type === 'template')
      .once()
      .reply(400, { error: { message: 'Business-scoped User ID recipients are not supported for this message', type: 'OAuthException', code: 131062, fbtrace_id: 'A1' } });
    const template: OutboundMessage = {
      id: 'out-9', conversationId: 'c-1', channel: 'whatsapp-cloud', to: BSUID, identifiers: [{ kind: 'bsuid', value: BSUID }],
      content: { type: 'template', name: 'login_code', language: 'en', parameters: [] }, sender: 'agent', createdAt: 0,
    };
    const error = await channel.send(template).then(() => null, (e: unknown) => e);
    expect(scope.isDone()).toBe(true);
    expect(error).toBeInstanceOf(ChannelSendError);
    const failure = (error as ChannelSendError).error;
    expect(failure).toMatchObject({ code: '131062', retryable: false });
    expect(failure.title).toMatch(/known only by username/);
    expect(failure.title).toContain('Business-scoped User ID recipients are not supported');
  });
});
