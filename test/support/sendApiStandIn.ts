import nock from 'nock';
import { signWebhookBody } from '../../src/meta/signature';

/** One Send API request the bot made. */
export interface SendApiCall {
  path: string;
  body: Record<string, any>;
  authorization?: string;
}

/**
 * The Messenger Platform's Send API at the network boundary (nock): records every request and
 * answers like Meta (`{ recipient_id, message_id }`); `failNext` makes the next message sends
 * fail with a Graph error. Profiles (`GET /{id}?fields=`) answer the names given, and Meta's
 * "no such object" error for anyone else.
 */
export function sendApiStandIn(baseUrl: string, names: Record<string, string> = {}) {
  const calls: SendApiCall[] = [];
  let sequence = 0;
  let failures: { count: number; status: number; error: Record<string, unknown> } | undefined;
  nock(baseUrl)
    .persist()
    .post(/\/v\d+\.\d+\/me\/messages$/)
    .reply(function (path, body) {
      const call = { path, body: body as Record<string, any>, authorization: this.req.headers.authorization as string | undefined };
      if (call.body.sender_action) {
        calls.push(call);
        return [200, { recipient_id: call.body.recipient?.id }];
      }
      if (failures && failures.count > 0) {
        failures.count -= 1;
        return [failures.status, { error: { type: 'OAuthException', fbtrace_id: 'AbC', ...failures.error } }];
      }
      calls.push(call);
      return [200, { recipient_id: call.body.recipient?.id, message_id: `m_OUT${++sequence}` }];
    })
    .get(/\/v\d+\.\d+\/\d+\?fields=/)
    .reply((path) => {
      const id = path.split('/')[2].split('?')[0];
      return names[id] ? [200, { id, name: names[id] }] : [400, { error: { code: 100, error_subcode: 33, message: 'Unsupported get request.', type: 'GraphMethodException' } }];
    });
  return {
    calls,
    /** Messages sent to one customer (not sender actions), in order. */
    messagesTo: (recipient: string) => calls.filter((c) => c.body.message && c.body.recipient?.id === recipient),
    actionsFor: (recipient: string) => calls.filter((c) => c.body.sender_action && c.body.recipient?.id === recipient).map((c) => c.body.sender_action as string),
    failNext(count: number, status: number, error: Record<string, unknown>) {
      failures = { count, status, error };
    },
  };
}

/** A Messenger Platform webhook delivery (`object` page or instagram) of `messaging[]` events. */
export function messagingDelivery(object: 'page' | 'instagram', account: string, events: Record<string, unknown>[]): Record<string, unknown> {
  return { object, entry: [{ id: account, time: Date.now(), messaging: events.map((event) => ({ recipient: { id: account }, timestamp: Date.now(), ...event })) }] };
}

export const textEvent = (from: string, mid: string, text: string) => ({ sender: { id: from }, message: { mid, text } });
export const postbackEvent = (from: string, mid: string, payload: string, title: string) => ({ sender: { id: from }, postback: { mid, payload, title } });
export const quickReplyEvent = (from: string, mid: string, payload: string, title: string) => ({ sender: { id: from }, message: { mid, text: title, quick_reply: { payload } } });

/** Posts a delivery signed with the app secret, as Meta does. */
export async function deliver(url: string, payload: unknown, appSecret: string): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(body, appSecret) }, body });
}
