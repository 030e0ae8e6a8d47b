import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import { contentText, storedMessageId, type InboundMessage } from '../../domain/message';
import { customerIdOf } from '../../domain/conversation';
import { identifierOfAddress, normalizeUsername } from '../../domain/identity';
import type { Queue } from '../../queue/port';
import type { Store } from '../../store/port';
import type { Logger } from '../../observability/logger';
import { HttpError } from '../../web/httpError';
import { toSimulatorReply } from './view';

const address = z
  .string()
  .trim()
  .regex(/^\+?[0-9A-Za-z_.-]{3,40}$/, 'must be a phone number or an id of 3 to 40 letters, digits, "_", "-" or "."')
  .transform((v) => v.replace(/^\+/, ''));

const postBody = z
  .object({
    from: address,
    text: z.string().max(65536).optional(),
    button: z.string().min(1).max(256).optional(),
    /** The number shared with WhatsApp's "share contact info" button (answers an ask_phone). */
    sharePhone: z.string().trim().regex(/^\+?[\d\s().-]{6,25}$/, 'must be a phone number').optional(),
    name: z.string().max(100).optional(),
    /**
     * A WhatsApp username: with a `from` that is not a phone number (a BSUID such as
     * `BD.1427730559018264`) the simulator plays a customer whose number is withheld.
     */
    username: z.string().trim().regex(/^@?[A-Za-z0-9._]{1,35}$/, 'letters, digits, "." and "_"').optional(),
    /** Lets a client resend the same message to see it ignored (WhatsApp redelivery). */
    id: z.string().regex(/^[\w.:-]{1,128}$/).optional(),
  })
  .strict()
  .refine((b) => [b.text, b.button, b.sharePhone].filter((v) => v !== undefined).length === 1, { message: 'send exactly one of "text", "button" or "sharePhone"' });

const getQuery = z.object({
  from: address,
  after: z.coerce.number().optional(),
  include: z.enum(['out', 'all']).optional(),
});

function simulatedContent(body: z.infer<typeof postBody>): InboundMessage['content'] {
  if (body.button !== undefined) return { type: 'button', id: body.button };
  if (body.sharePhone !== undefined) return { type: 'contacts', origin: 'contact_request', contacts: [{ name: body.name ?? '', phones: [body.sharePhone] }] };
  return { type: 'text', text: body.text! };
}

/** What the customer sent, as the web chat shows it back: a pressed button's id, a card's numbers. */
function inboundText(content: InboundMessage['content']): string {
  if (content.type === 'button') return content.id;
  if (content.type === 'contacts') return content.contacts.flatMap((c) => c.phones).join(', ');
  return contentText(content);
}

/** The customer an address belongs to now: it may have been merged into an older record. */
async function customerIdFor(store: Store, address: string): Promise<string> {
  const [customer] = await store.customers.findByIdentifiers('simulator', [identifierOfAddress(address)]);
  return customer?.id ?? customerIdOf('simulator', address);
}

function problemText(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/**
 * The simulator: talk to the bot over HTTP as a WhatsApp customer would. A POST answers
 * with the bot's replies to that message once it has been handled.
 */
export function createSimulatorRouter(deps: { queue: Queue; store: Store; logger: Logger; replyTimeoutMs?: number }): Router {
  const router = express.Router();
  router.use(express.json({ limit: '128kb', strict: false }));

  router.post('/messages', async (req, res) => {
    if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
      throw new HttpError(400, 'INVALID_BODY', 'The body must be a JSON object like {"from": "8801700000001", "text": "hi"}.');
    }
    const parsed = postBody.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, 'INVALID_MESSAGE', problemText(parsed.error));
    const body = parsed.data;
    const message: InboundMessage = {
      id: body.id ?? `sim-${randomUUID()}`,
      channel: 'simulator',
      from: body.from,
      profileName: body.name,
      timestamp: Date.now(),
      content: simulatedContent(body),
      identity: { identifiers: [identifierOfAddress(body.from)], ...(body.username ? { username: normalizeUsername(body.username) } : {}) },
    };
    const jobId = `simulator:${message.id}`;
    try {
      await deps.queue.add('inbound', message, { key: customerIdOf('simulator', message.from), jobId });
    } catch (error) {
      deps.logger.error('simulator message not accepted', { error: (error as Error).message });
      throw new HttpError(503, 'QUEUE_UNAVAILABLE', 'The message could not be queued; try again.');
    }
    await deps.queue.waitFor('inbound', jobId, deps.replyTimeoutMs ?? 15000).catch(() => {
      throw new HttpError(504, 'REPLY_TIMEOUT', 'The message was accepted but not handled in time; its replies will appear in GET /api/simulator/messages.');
    });
    const replies = await deps.store.messages.listReplies(storedMessageId(message));
    const conversation = await deps.store.conversations.findOpen(await customerIdFor(deps.store, message.from));
    res.json({
      messageId: message.id,
      replies: replies.map(toSimulatorReply),
      conversation: conversation && { id: conversation.id, owner: conversation.owner, locale: conversation.locale },
    });
  });

  router.get('/messages', async (req, res) => {
    const parsed = getQuery.safeParse(req.query);
    if (!parsed.success) throw new HttpError(400, 'INVALID_QUERY', problemText(parsed.error));
    const { from, after, include } = parsed.data;
    const entries = await deps.store.messages.listByCustomer(await customerIdFor(deps.store, from), { after });
    res.json({
      messages: entries
        .filter((e) => include === 'all' || e.direction === 'out')
        .map((e) =>
          e.direction === 'out'
            ? { direction: 'out', ...toSimulatorReply(e) }
            : { direction: 'in', id: e.id, type: e.content.type, text: inboundText(e.content), createdAt: new Date(e.createdAt).toISOString(), at: e.createdAt },
        ),
    });
  });

  return router;
}
