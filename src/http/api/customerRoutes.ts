import express, { type Router } from 'express';
import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/port';
import type { MediaStore } from '../../media/port';
import type { LiveEvents } from '../../events/port';
import type { Metrics } from '../../observability/metrics';
import type { Logger } from '../../observability/logger';
import { exportCustomer } from '../../privacy/customerExport';
import { eraseCustomer } from '../../privacy/customerErasure';
import { HttpError } from '../../web/httpError';
import { currentAgent, requireRole } from './authenticate';

/**
 * One customer's data over its life (docs/PRIVACY.md), admins only: `GET /api/customers/:id/export`
 * answers "what do you hold about me?", `DELETE /api/customers/:id` erases it. The id is the
 * customer id the console shows (`channel:address`, URL-encoded).
 */
export function createCustomerRouter(deps: { store: Store; media: MediaStore; events: LiveEvents; metrics: Metrics; logger: Logger }): Router {
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

  router.delete('/:id', async (req, res) => {
    const admin = currentAgent(res);
    const now = Date.now();
    const erasure = await eraseCustomer(store, deps.media, req.params.id, now);
    if (!erasure) throw new HttpError(404, 'CUSTOMER_NOT_FOUND', `No customer ${req.params.id}`);
    const { erasureId, messages, files, conversations, handoffs } = erasure;
    // The trail names the erasure, never the person: its subject is the erasure's random id.
    await store.audit.append({
      id: randomUUID(), at: now, actorId: admin.id, action: 'erase-customer', subjectType: 'customer', subjectId: erasureId,
      detail: { messages, files, conversations, handoffs },
    });
    for (const handoff of erasure.closedHandoffs) {
      deps.events.publish({ type: 'handoff.closed', handoffId: handoff.id, conversationId: handoff.conversationId, team: handoff.team, agentId: admin.id, at: now, detail: { erased: true, adminsOnly: handoff.trigger === 'erasure-request' } });
    }
    deps.metrics.customerErasures.inc();
    deps.logger.info('customer erased', { erasureId, messages, files, conversations, handoffs, by: admin.id });
    res.json({ erasureId, messages, files, conversations, handoffs });
  });

  return router;
}
