import express, { type Router } from 'express';
import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/port';
import { exportCustomer } from '../../privacy/customerExport';
import { HttpError } from '../../web/httpError';
import { currentAgent, requireRole } from './authenticate';

/**
 * One customer's data over its life (docs/PRIVACY.md), admins only: `GET /api/customers/:id/export`
 * answers "what do you hold about me?". The id is the customer id the console shows
 * (`channel:address`, URL-encoded).
 */
export function createCustomerRouter(deps: { store: Store }): Router {
  const router = express.Router();
  const { store } = deps;
  router.use(requireRole('admin'));

  router.get('/:id/export', async (req, res) => {
    const now = Date.now();
    const data = await exportCustomer(store, req.params.id, now);
    if (!data) throw new HttpError(404, 'CUSTOMER_NOT_FOUND', `No customer ${req.params.id}`);
    await store.audit.append({ id: randomUUID(), at: now, actorId: currentAgent(res).id, action: 'export-customer', subjectType: 'customer', subjectId: req.params.id });
    res.attachment(`customer-${req.params.id.replace(/[^\w.-]+/g, '_')}.json`);
    res.json(data);
  });

  return router;
}
