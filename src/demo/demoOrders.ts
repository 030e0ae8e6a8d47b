import { createHash } from 'node:crypto';
import express, { type Router } from 'express';

/**
 * A stand-in for a shop's order API, so the order-status flow works on a fresh install.
 * Any 4-10 digit order number has a demo order (its status derived from the number, so it is
 * stable); numbers starting with 9 do not exist, to show the "not found" path.
 */
export type DemoOrderStatus = 'processing' | 'shipped' | 'out_for_delivery' | 'delivered' | 'cancelled';

const STATUSES: DemoOrderStatus[] = ['processing', 'shipped', 'out_for_delivery', 'delivered', 'cancelled'];
const COURIERS = ['Pathao', 'RedX', 'Steadfast', 'Sundarban Courier'];
const DAY = 86_400_000;

/** Orders the docs and tests name, so examples read naturally. */
const KNOWN: Record<string, DemoOrderStatus> = {
  '204518': 'shipped',
  '100234': 'delivered',
  '300777': 'processing',
  '410552': 'out_for_delivery',
  '555123': 'cancelled',
};

export function demoOrder(id: string, now = Date.now()) {
  if (!/^\d{4,10}$/.test(id) || id.startsWith('9')) return null;
  const hash = createHash('sha1').update(id).digest();
  const status = KNOWN[id] ?? STATUSES[hash[0] % STATUSES.length];
  const placedDaysAgo = 1 + (hash[1] % 6);
  const placedAt = new Date(now - placedDaysAgo * DAY);
  const expected = new Date(placedAt.getTime() + (2 + (hash[2] % 3)) * DAY);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return {
    id,
    status,
    placedAt: day(placedAt),
    placedDaysAgo,
    expectedDelivery: day(expected),
    courier: COURIERS[hash[3] % COURIERS.length],
    trackingCode: `TRK${id}`,
    total: 450 + (hash[4] % 40) * 50,
    currency: 'BDT',
    paymentMethod: ['bKash', 'Nagad', 'card', 'cash on delivery'][hash[5] % 4],
  };
}

/**
 * The latest order placed with a phone number (any form the customer typed it in), so a flow
 * can find an order without its number. Numbers ending in 000 have none, to show "not found".
 */
export function demoOrderForPhone(phone: string, now = Date.now()) {
  const typed = phone.replace(/[\s().+-]/g, '');
  if (!/^\d{6,15}$/.test(typed) || typed.endsWith('000')) return null;
  // 8801712345678 (as WhatsApp sends it) and 01712345678 (as people type it) are one number.
  const digits = /^880\d{10}$/.test(typed) ? `0${typed.slice(3)}` : typed;
  const hash = createHash('sha1').update(digits).digest();
  // Six digits, never starting with 9 (those numbers do not exist).
  const id = String(100000 + (hash.readUInt32BE(0) % 800000));
  return demoOrder(id, now);
}

export function createDemoOrdersRouter(): Router {
  const router = express.Router();
  router.get('/orders/by-phone/:phone', (req, res) => {
    const order = demoOrderForPhone(req.params.phone);
    if (!order) {
      res.status(404).json({ error: { code: 'ORDER_NOT_FOUND', message: 'No order for that phone number' } });
      return;
    }
    res.json(order);
  });
  router.get('/orders/:id', (req, res) => {
    const order = demoOrder(req.params.id);
    if (!order) {
      res.status(404).json({ error: { code: 'ORDER_NOT_FOUND', message: `No order ${req.params.id.slice(0, 20)}` } });
      return;
    }
    res.json(order);
  });
  return router;
}
