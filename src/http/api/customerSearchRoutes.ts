import express, { type Router } from 'express';
import { z } from 'zod';
import type { HandoffDesk } from '../../handoff/handoffDesk';
import type { Store } from '../../store/port';
import { HttpError } from '../../web/httpError';
import { currentAgent } from './authenticate';
import { customerView } from './customerView';

const searchQuery = z.object({ q: z.string().trim().min(1).max(140) });
const RESULTS = 20;
const CHATS_PER_CUSTOMER = 10;

/**
 * `GET /api/customers?q=`: an agent finds a customer by phone number, WhatsApp username or
 * business-scoped id, with the chats they may open (their teams' ones, all for supervisors).
 * Any agent may search; one customer's export and erasure are admins' (customerRoutes.ts).
 */
export function createCustomerSearchRouter(deps: { desk: HandoffDesk; store: Store }): Router {
  const router = express.Router();
  router.get('/', async (req, res) => {
    const query = searchQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'INVALID_QUERY', 'give q: a phone number, @username or WhatsApp id (1 to 140 characters)');
    const agent = currentAgent(res);
    const customers = await deps.store.customers.search(query.data.q, RESULTS);
    const found = await Promise.all(
      customers.map(async (customer) => {
        const chats = (await deps.store.handoffs.listByCustomer(customer.id, CHATS_PER_CUSTOMER)).filter((h) => deps.desk.canSee(agent, h));
        return {
          ...customerView(customer),
          lastSeenAt: new Date(customer.lastSeenAt).toISOString(),
          handoffs: chats.map((h) => ({ id: h.id, status: h.status, team: h.team, queuedAt: new Date(h.queuedAt).toISOString() })),
        };
      }),
    );
    res.json({ customers: found });
  });
  return router;
}
