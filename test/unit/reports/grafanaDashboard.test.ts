import fs from 'node:fs';
import path from 'node:path';
import { startHttpBot, type HttpBot } from '../../support/httpBot';

/** docker/grafana-dashboard.json asks only for series the bot really exposes on /metrics. */

const ROOT = path.resolve(__dirname, '../../..');
const dashboard = JSON.parse(fs.readFileSync(path.join(ROOT, 'docker/grafana-dashboard.json'), 'utf8'));
// Registered only with a cloud NLU that reports its circuit (Dialogflow): src/runtime/gauges.ts.
const CONDITIONAL = ['wabot_nlu_circuit_open', 'wabot_nlu_fallbacks'];

function expressions(): string[] {
  return dashboard.panels.flatMap((p: { targets?: { expr: string }[] }) => (p.targets ?? []).map((t) => t.expr));
}

describe('docker/grafana-dashboard.json', () => {
  let bot: HttpBot;
  beforeAll(async () => {
    bot = await startHttpBot();
  });
  afterAll(async () => bot?.stop());

  it('is an importable dashboard with a data source variable', () => {
    expect(dashboard.uid).toBe('wabot-overview');
    expect(dashboard.templating.list[0]).toMatchObject({ name: 'datasource', type: 'datasource', query: 'prometheus' });
    const ids = dashboard.panels.map((p: { id: number }) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dashboard.panels.filter((p: { type: string }) => p.type !== 'row')) expect(p.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
  });

  it('uses metric names from /metrics', async () => {
    const text = await (await fetch(`${bot.url}/metrics`)).text();
    const exposed = new Set([...text.matchAll(/^# TYPE (\S+) (\w+)$/gm)].flatMap(([, name, type]) => (type === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name])));
    const used = [...new Set(expressions().flatMap((e) => e.match(/\bwabot_\w+/g) ?? []))];
    expect(used.length).toBeGreaterThan(12);
    expect(used.filter((name) => !exposed.has(name) && !CONDITIONAL.includes(name))).toEqual([]);
    for (const name of ['wabot_handoffs_waiting', 'wabot_queue_depth', 'wabot_queue_oldest_age_seconds', 'wabot_agents_online', 'wabot_outbound_errors_total', 'wabot_flow_reloads_total']) expect(used).toContain(name);
  });
});
