import client from 'prom-client';

/**
 * The process's Prometheus metrics. A registry per runtime (not prom-client's global one), so
 * tests can run several bots in one process. Gauges that reflect shared state (queue depth,
 * waiting handoffs) are read from the source when scraped, never kept as counters.
 */
export class Metrics {
  readonly registry = new client.Registry();

  readonly httpRequests = new client.Counter({ name: 'wabot_http_requests_total', help: 'HTTP requests by route group and status code', labelNames: ['route', 'status'] as const, registers: [this.registry] });
  readonly httpDuration = new client.Histogram({ name: 'wabot_http_request_duration_seconds', help: 'HTTP request latency by route group', labelNames: ['route'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry] });
  readonly messageProcessing = new client.Histogram({ name: 'wabot_message_processing_seconds', help: 'Time the engine spent on one inbound message', labelNames: ['outcome'] as const, buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5], registers: [this.registry] });
  readonly messageAge = new client.Histogram({ name: 'wabot_message_age_at_handling_seconds', help: 'From the customer sending a message to the engine finishing it', buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60], registers: [this.registry] });
  readonly outboundErrors = new client.Counter({ name: 'wabot_outbound_errors_total', help: 'Failed sends by channel and error code (WhatsApp codes for the Cloud API)', labelNames: ['channel', 'code'] as const, registers: [this.registry] });
  readonly outboundSent = new client.Counter({ name: 'wabot_outbound_sent_total', help: 'Messages sent by channel and sender', labelNames: ['channel', 'sender'] as const, registers: [this.registry] });
  readonly flowReloads = new client.Counter({ name: 'wabot_flow_reloads_total', help: 'Flow folder reloads by result', labelNames: ['result'] as const, registers: [this.registry] });
  readonly retentionRuns = new client.Counter({ name: 'wabot_retention_runs_total', help: 'Retention checks by outcome: ran (this process held the lease), skipped (another process held it), failed', labelNames: ['outcome'] as const, registers: [this.registry] });
  readonly retentionRedacted = new client.Counter({ name: 'wabot_retention_redacted_total', help: 'What retention removed: conversations redacted to facts, messages and customer files deleted', labelNames: ['what'] as const, registers: [this.registry] });
  readonly customerErasures = new client.Counter({ name: 'wabot_customer_erasures_total', help: 'Customers erased on request', registers: [this.registry] });
  readonly agentsOnline = new client.Gauge({ name: 'wabot_agents_online', help: 'Agents with the console open on this process', registers: [this.registry] });

  constructor() {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'wabot_' });
  }

  /** Gauges computed at scrape time from a source that can be asked (queue, store, NLU). */
  gauge(name: string, help: string, labelNames: string[], read: () => Promise<{ labels: Record<string, string>; value: number }[]>): void {
    new client.Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const { labels, value } of await read()) this.set(labels, value);
        } catch {
          // A source that cannot answer (Redis down) leaves the gauge empty for this scrape.
        }
      },
    });
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
