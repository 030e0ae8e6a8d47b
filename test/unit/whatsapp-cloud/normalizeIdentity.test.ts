import { inboundJobKey, normalizeWebhook } from '../../../src/channels/whatsapp-cloud';
import { loadFixture } from './support';

/** Business-scoped user ids (BSUIDs) and usernames in webhooks: fixtures named bsuid_*.json. */
function onlyMessage(fixture: string) {
  const result = normalizeWebhook(loadFixture(fixture));
  expect(result.ignored).toEqual([]);
  expect(result.messages).toHaveLength(1);
  return result.messages[0];
}

describe('normalizeWebhook: customers known by BSUID and username', () => {
  it('takes a message with no phone at all (a username-only customer): addressed by BSUID, username kept', () => {
    const message = onlyMessage('bsuid_username_only_text');
    expect(message).toMatchObject({
      id: 'wamid.BSUID0000000000000000000000001',
      from: 'BD.1427730559018264',
      profileName: 'Rina',
      content: { type: 'text', text: 'hello, where is your shop?' },
      identity: { identifiers: [{ kind: 'bsuid', value: 'BD.1427730559018264' }], username: 'rina.shop' },
    });
    // Queued per customer by the BSUID, the identifier every message of theirs carries.
    expect(inboundJobKey(message)).toBe('whatsapp-cloud:BD.1427730559018264');
  });

  it('keeps the phone as the address when both are sent, with the BSUID beside it', () => {
    const message = onlyMessage('bsuid_phone_and_user_id_text');
    expect(message.from).toBe('8801711000001');
    expect(message.identity).toEqual({
      identifiers: [{ kind: 'phone', value: '8801711000001' }, { kind: 'bsuid', value: 'BD.5550001112223334' }],
    });
    expect(inboundJobKey(message)).toBe('whatsapp-cloud:BD.5550001112223334');
  });

  it('reads a parent BSUID from the message and the contact', () => {
    const message = onlyMessage('bsuid_parent_user_id');
    expect(message.from).toBe('BD.7770001112223334');
    expect(message.identity).toEqual({
      identifiers: [{ kind: 'bsuid', value: 'BD.7770001112223334' }, { kind: 'parent-bsuid', value: 'BD.ENT.11815799212886844830' }],
      username: 'karim_bd',
    });
  });

  it('finds the sender in contacts[] by BSUID when the message names only the BSUID', () => {
    const payload = loadFixture('bsuid_username_only_text');
    const value = payload.entry[0].changes[0].value;
    // Another contact first: the sender's username must still be the sender's.
    value.contacts.unshift({ profile: { name: 'Someone else', username: 'other' }, user_id: 'BD.1' });
    expect(normalizeWebhook(payload).messages[0].identity?.username).toBe('rina.shop');
  });

  it('reads a marketing stop from a customer known only by username: their BSUID, parent BSUID and username', () => {
    const message = onlyMessage('bsuid_user_preferences_stop');
    expect(message).toMatchObject({
      id: 'user_preferences:BD.1427730559018264:1750000300000:stop',
      from: 'BD.1427730559018264',
      profileName: 'Rina',
      content: { type: 'preference', marketing: 'stop' },
      identity: { identifiers: [{ kind: 'bsuid', value: 'BD.1427730559018264' }, { kind: 'parent-bsuid', value: 'BD.ENT.8812764409813' }], username: 'rina.shop' },
    });
    // In that customer's order with their messages.
    expect(inboundJobKey(message)).toBe('whatsapp-cloud:BD.1427730559018264');
  });

  it('still refuses a message that names no sender in any form', () => {
    const payload = loadFixture('bsuid_username_only_text');
    delete payload.entry[0].changes[0].value.messages[0].from_user_id;
    const result = normalizeWebhook(payload);
    expect(result.messages).toEqual([]);
    expect(result.ignored).toEqual([{ field: 'messages', reason: 'message without id or sender' }]);
  });

  it('recognises the contact card shared with the contact-request button, with its phone', () => {
    const message = onlyMessage('bsuid_contact_request_reply');
    expect(message.from).toBe('BD.1427730559018264');
    expect(message.content).toEqual({
      type: 'contacts',
      origin: 'contact_request',
      contacts: [{ name: 'Rina Akter', phones: ['+880 1712-345678'] }],
    });
  });

  it('does not take an ordinary shared contact card for an answer to the request', () => {
    expect(onlyMessage('contacts').content).not.toHaveProperty('origin');
  });

  it('adds the new BSUID of a user_changed_user_id notice to the same sender', () => {
    const message = onlyMessage('bsuid_system_user_changed_user_id');
    expect(message.from).toBe('BD.1427730559018264');
    expect(message.identity?.identifiers).toEqual([
      { kind: 'bsuid', value: 'BD.1427730559018264' },
      { kind: 'bsuid', value: 'BD.9990001112223334' },
    ]);
  });

  it('adds the new number of a user_changed_number notice to the same sender', () => {
    expect(onlyMessage('system').identity?.identifiers).toEqual([
      { kind: 'phone', value: '8801711000001' },
      { kind: 'phone', value: '8801711000009' },
    ]);
  });
});

describe('normalizeWebhook: statuses of messages sent to a BSUID', () => {
  it('matches a status with no recipient_id by its recipient_user_id, with the username from contacts[]', () => {
    const { receipts, ignored } = normalizeWebhook(loadFixture('bsuid_status_delivered'));
    expect(ignored).toEqual([]);
    expect(receipts).toEqual([
      {
        channel: 'whatsapp-cloud',
        channelMessageId: 'wamid.OUTBOUND0000000000000000000009',
        status: 'delivered',
        at: 1750000105000,
        recipient: 'BD.1427730559018264',
        identity: { identifiers: [{ kind: 'bsuid', value: 'BD.1427730559018264' }], username: 'rina.shop', profileName: 'Rina' },
      },
    ]);
  });

  it('explains 131062 (no BSUID recipients for this message) as a permanent failure agents can act on', () => {
    const [receipt] = normalizeWebhook(loadFixture('bsuid_status_failed_131062')).receipts;
    expect(receipt.status).toBe('failed');
    expect(receipt.recipient).toBe('BD.1427730559018264');
    expect(receipt.error).toMatchObject({ code: '131062', retryable: false });
    expect(receipt.error?.title).toMatch(/known only by username/);
    expect(receipt.error?.title).toMatch(/ask them to share their number/);
  });

  it('a status with both identifiers names the phone as the recipient', () => {
    const payload = loadFixture('bsuid_status_delivered');
    const status = payload.entry[0].changes[0].value.statuses[0];
    status.recipient_id = '8801711000001';
    status.recipient_parent_user_id = 'BD.ENT.1';
    const [receipt] = normalizeWebhook(payload).receipts;
    expect(receipt.recipient).toBe('8801711000001');
    expect(receipt.identity?.identifiers).toEqual([
      { kind: 'phone', value: '8801711000001' },
      { kind: 'bsuid', value: 'BD.1427730559018264' },
      { kind: 'parent-bsuid', value: 'BD.ENT.1' },
    ]);
  });
});
