import type { Logger } from '../observability/logger';

/**
 * Whether the services a message needs (store, queue) answer, checked in the background every
 * few seconds so the webhook can refuse with 503 without a round trip per request.
 */
export class Availability {
  private ok = true;
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly probe: () => Promise<{ ready: boolean; checks: Record<string, string>; reasons?: Record<string, string> }>,
    private readonly logger: Logger,
    private readonly intervalMs = 2000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  accepting(): boolean {
    return this.ok;
  }

  async check(): Promise<boolean> {
    if (this.running) return this.ok;
    this.running = true;
    try {
      const { ready, checks, reasons } = await this.probe();
      if (ready !== this.ok) {
        if (ready) this.logger.info('services are back; accepting messages again');
        else this.logger.error('a required service is down; refusing messages with 503', { checks, reasons });
      }
      this.ok = ready;
    } finally {
      this.running = false;
    }
    return this.ok;
  }
}
