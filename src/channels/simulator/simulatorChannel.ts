import path from 'node:path';
import express from 'express';
import type { Channel, ChannelRoute, SendResult } from '../port';
import type { OutboundMessage } from '../../domain/message';
import { projectRoot } from '../../files/projectRoot';
import type { Logger } from '../../observability/logger';
import type { Queue } from '../../queue/port';
import type { Store } from '../../store/port';
import { createSimulatorRouter } from './simulatorRouter';

/**
 * The channel of the web chat and `npm run chat`. Nothing leaves the process: what was sent
 * is read back from the transcript, which every process shares through the Store.
 */
export class SimulatorChannel implements Channel {
  readonly name = 'simulator' as const;

  /** Without `web` it only sends (a process that serves no simulator API). */
  constructor(private readonly web?: { queue: Queue; store: Store; logger: Logger; access?: 'public' | 'admin' }) {}

  async send(message: OutboundMessage): Promise<SendResult> {
    return { channelMessageId: `sim-out-${message.id}` };
  }

  /** The simulator API (`/api/simulator`) and its web chat page (`/simulator`). */
  routes(): ChannelRoute[] {
    if (!this.web) return [];
    const page = express.Router();
    const file = (name: string) => path.join(projectRoot(), 'src', 'channels', 'simulator', name);
    page.get('/', (_req, res) => res.sendFile(file('simulator.html')));
    // The page's script and style are files, not inline: the CSP (http/securityHeaders.ts) allows no inline code.
    page.get('/simulator.js', (_req, res) => res.sendFile(file('simulator.js')));
    page.get('/simulator.css', (_req, res) => res.sendFile(file('simulator.css')));
    // Beside a real channel anyone could flood the agents' queue with fake customers: admins only.
    const access = this.web.access ?? 'public';
    return [
      { path: '/api/simulator', access, handler: createSimulatorRouter(this.web) },
      { path: '/simulator', access, handler: page },
    ];
  }
}
