import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/config';
import type { ChannelName, InboundMessage } from '../domain/message';
import type { Channel, DeliveryReceipt, ReceiptBatch } from '../channels/port';
import { ConversationEngine } from '../engine/conversationEngine';
import { FlowRunner, type FlowStepTrace } from '../engine/flowRunner';
import { createHttpLookup } from '../engine/lookup';
import { Outbox, type SendJob } from '../conversation/outbox';
import { createReceiptHandler } from '../conversation/deliveryReceipts';
import { createChannelUpdateHandler } from '../conversation/channelUpdates';
import { isChannelUpdate, type ChannelUpdate } from '../domain/delivery';
import { WHATSAPP_WINDOW } from '../domain/replyWindow';
import { createMediaDownloader, mediaJobOf, type MediaJob } from '../conversation/inboundMedia';
import { FlowRegistry } from '../flowfiles/registry';
import { FlowWatcher } from '../flowfiles/flowWatcher';
import { intentExamples, loadFlows, trainingExtras } from '../flowfiles/loadFlows';
import type { Nlu } from '../nlu/port';
import type { Logger } from '../observability/logger';
import type { Queue } from '../queue/port';
import type { Store } from '../store/port';
import { createChannels, createHttpTransport, createLiveEvents, createMediaStore, createNlu, createQueue, createStore, ownHosts, usesDataDir } from './adapters';
import type { MediaStore } from '../media/port';
import type { HttpTransport } from '../network/httpTransport';
import { parseBusinessHours } from '../domain/businessHours';
import { HandoffIntake } from '../handoff/handoffIntake';
import { createHandoffPort } from '../handoff/handoffPortAdapter';
import { HandoffDesk } from '../handoff/handoffDesk';
import { createHandoffTimerHandler, type HandoffTimer } from '../handoff/handoffTimers';
import type { LiveEvents } from '../events/port';
import { ensureFirstAdmin } from '../agents/agentAccounts';
import { SessionTokens } from '../agents/sessionTokens';
import { Metrics } from '../observability/metrics';
import { registerGauges } from './gauges';
import { Availability } from './availability';
import { logExposure } from './exposureNotice';
import { makeDataDirPrivate } from '../files/privateDataDir';
import { secretMaskingQueue } from './maskingQueue';
import { RetentionJob } from '../privacy/retention';

export interface Runtime {
  config: Config;
  logger: Logger;
  store: Store;
  queue: Queue;
  /** What customers sent as files. */
  media: MediaStore;
  nlu: Nlu;
  flows: FlowRegistry;
  channels: Map<ChannelName, Channel>;
  engine: ConversationEngine;
  outbox: Outbox;
  events: LiveEvents;
  desk: HandoffDesk;
  flowWatcher: FlowWatcher;
  metrics: Metrics;
  /** Store and queue answer: the webhook takes messages only while this holds. */
  availability: Availability;
  sessions: SessionTokens;
  /** Starts consuming queues (worker role). */
  startWorkers(): void;
  /** `checks`: ok or unavailable per adapter (what /readyz shows); `reasons`: the errors, for the log. */
  readiness(): Promise<{ ready: boolean; checks: Record<string, string>; reasons: Record<string, string> }>;
  stop(): Promise<void>;
}

/** Customer files fetched at once per process: each is held whole (up to WHATSAPP_MEDIA_MAX_BYTES). */
const MEDIA_DOWNLOADS_AT_ONCE = 4;

export interface RuntimeOverrides {
  store?: Store;
  queue?: Queue;
  media?: MediaStore;
  nlu?: Nlu;
  channels?: Channel[];
  events?: LiveEvents;
  /** Outbound HTTP for every client (Graph API, lookups, Dialogflow); node:http by default. */
  transport?: HttpTransport;
  clock?: () => number;
  /** Told of every flow step the bot runs (the Flows page's draft bots). */
  onFlowStep?: (trace: FlowStepTrace) => void;
}

/** Wires the ports to their adapters and the engine to the ports. Flow errors stop the start. */
export async function createRuntime(config: Config, logger: Logger, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const flows = new FlowRegistry(loadFlows(config.flowsDir, { teams: config.handoff.teams }));
  if (usesDataDir(config)) {
    const tightened = makeDataDirPrivate(config.dataDir);
    if (tightened > 0) logger.info('DATA_DIR made private to this user (folders 0700, files 0600)', { entries: tightened });
  }
  const transport = overrides.transport ?? createHttpTransport(config);
  const store = overrides.store ?? createStore(config, logger);
  const queue = overrides.queue ?? createQueue(config, logger);
  const nlu = overrides.nlu ?? createNlu(config, logger, transport);
  nlu.train(intentExamples(flows.current), trainingExtras(flows.current));
  await store.init();
  const media = overrides.media ?? createMediaStore(config);
  await media.init();

  // /readyz is public: it names the adapter that is down, never its error text (hosts, ports,
  // driver messages); the reasons go to the log.
  const probe = async (name: string, fn: () => Promise<void>, checks: Record<string, string>, reasons: Record<string, string>) => {
    try {
      await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref())]);
      checks[name] = 'ok';
    } catch (error) {
      checks[name] = 'unavailable';
      reasons[name] = (error as Error).message;
    }
  };
  const availability = new Availability(async () => {
    const checks: Record<string, string> = {};
    const reasons: Record<string, string> = {};
    await Promise.all([probe(`store:${store.kind}`, () => store.ping(), checks, reasons), probe(`queue:${queue.kind}`, () => queue.ping(), checks, reasons)]);
    return { ready: Object.values(checks).every((v) => v === 'ok'), checks, reasons };
  }, logger);
  let loggedReasons = '{}';

  const channels = new Map<ChannelName, Channel>();
  const services = { queue: secretMaskingQueue(queue), store, logger, transport, isAccepting: () => availability.accepting() };
  for (const channel of [...createChannels(config, services), ...(overrides.channels ?? [])]) channels.set(channel.name, channel);
  // A linked phone (whatsapp-web) connects in the background; start-up does not wait for it.
  for (const channel of channels.values()) await channel.start?.();

  const clock = overrides.clock ?? Date.now;
  const metrics = new Metrics();
  const outbox = new Outbox({ store, queue, channels, logger, clock, metrics });
  const events = overrides.events ?? createLiveEvents(config, logger);
  const hours = parseBusinessHours(config.handoff.businessHours, config.handoff.timezone, config.handoff.holidays);
  const intake = new HandoffIntake({ store, queue, flows, hours, events, settings: config.handoff, logger });
  const desk = new HandoffDesk({ store, queue, outbox, events, settings: config.handoff, logger, clock, replyWindowOf: (channel) => channels.get(channel)?.replyWindow ?? WHATSAPP_WINDOW });
  const timers = createHandoffTimerHandler({ store, queue, outbox, events, hours, settings: config.handoff, logger, clock });
  await ensureFirstAdmin(store, config.admin, { teams: config.handoff.teams, defaultTeam: config.handoff.defaultTeam, maxOpenChats: config.handoff.agentMaxOpenChats }, logger);
  // On embedded defaults a per-process secret is fine: one process, sessions end with it.
  const sessions = new SessionTokens(config.sessions.secret ?? randomBytes(32).toString('hex'), config.sessions.ttlMs, clock);
  const runner = new FlowRunner({ flows, lookup: createHttpLookup({ baseUrl: config.publicUrl, logger, transport, httpHosts: [...config.outbound.httpHosts, ...ownHosts(config)] }), lookupTimeoutMs: config.lookupTimeoutMs, logger, onStep: overrides.onFlowStep });
  const engine = new ConversationEngine({
    store, media, nlu, flows, runner, outbox, logger, clock,
    missesBeforeHuman: config.missesBeforeHuman,
    maxTextLength: config.maxTextLength,
    sentimentThreshold: config.handoff.sentimentThreshold,
    catalogOrderTeam: config.handoff.catalogOrderTeam,
    handoffs: createHandoffPort({ intake, store, csatWindowMs: config.handoff.csatWindowMs }),
    events,
  });

  const flowWatcher = new FlowWatcher({
    dir: config.flowsDir,
    registry: flows,
    context: { teams: config.handoff.teams },
    logger,
    onReloaded: (set) => {
      metrics.flowReloads.inc({ result: 'ok' });
      events.publish({ type: 'flows.reloaded', at: Date.now(), detail: { version: set.version } });
      // Learning hundreds of intents takes seconds: the old model answers meanwhile
      // (flowWatcher.learnt settles when the new one does).
      if (nlu.retrain) return nlu.retrain(intentExamples(set), trainingExtras(set));
      nlu.train(intentExamples(set), trainingExtras(set));
    },
    onRejected: (problems) => {
      metrics.flowReloads.inc({ result: 'rejected' });
      events.publish({ type: 'flows.rejected', at: Date.now(), detail: { problems } });
    },
  });
  if (config.watchFlows) flowWatcher.start();

  registerGauges(metrics, { queue, store, nlu });

  logger.info('adapters selected', {
    store: store.kind, queue: queue.kind, nlu: nlu.kind, channels: [...channels.keys()], flows: flows.current.flows.size, role: config.role,
  });
  logExposure(config, logger);

  // Only the web process decides whether to take webhooks.
  if (config.role !== 'worker') availability.start();
  const { retentionDays, retentionCheckMs } = config.privacy;
  const retention = retentionDays ? new RetentionJob({ store, media, retentionDays, checkEveryMs: retentionCheckMs, metrics, logger, clock }) : undefined;

  return {
    config, logger, store, queue, media, nlu, flows, channels, engine, outbox, events, desk, sessions, flowWatcher, metrics, availability,
    startWorkers() {
      const updates = createChannelUpdateHandler({ store, events, logger });
      queue.process<InboundMessage | ChannelUpdate>('inbound', async (message, job) => {
        // Echoes of the business's own messages, edits, unsends: recorded, never answered.
        if (isChannelUpdate(message)) return updates(message);
        // Blue ticks and "typing…" while the bot works; never delays or fails the message.
        if (job.attempt === 1) void channels.get(message.channel)?.acknowledge?.(message).catch(() => undefined);
        const started = performance.now();
        const outcome = await engine.handle(message);
        metrics.messageProcessing.observe({ outcome }, (performance.now() - started) / 1000);
        metrics.messageAge.observe(Math.max(0, Date.now() - message.timestamp) / 1000);
        // The file comes after the answer, on its own topic (a redelivery adds the same job id).
        const download = channels.get(message.channel)?.fetchMedia ? mediaJobOf(message) : undefined;
        if (download) await queue.add(download.topic, download.payload, download.options);
      });
      queue.process<MediaJob>('media', createMediaDownloader({ store, media, channels, events, logger: logger.child({ component: 'media' }), clock }), { concurrency: MEDIA_DOWNLOADS_AT_ONCE });
      queue.process<SendJob>('outbound', outbox.sendBatch);
      queue.process<DeliveryReceipt | ReceiptBatch>('status', createReceiptHandler({ store, events, logger, clock }));
      queue.process<HandoffTimer>('timer', timers);
      // Every worker checks; the one holding the store's lease does the work (privacy/retention.ts).
      retention?.start();
    },
    async readiness() {
      const checks: Record<string, string> = {};
      const reasons: Record<string, string> = {};
      await Promise.all([
        probe(`store:${store.kind}`, () => store.ping(), checks, reasons),
        probe(`queue:${queue.kind}`, () => queue.ping(), checks, reasons),
        probe(`media:${media.kind}`, () => media.ping(), checks, reasons),
        probe(`nlu:${nlu.kind}`, () => nlu.ping(), checks, reasons),
        ...[...channels.values()].map((c) => probe(`channel:${c.name}`, () => c.ping?.() ?? Promise.resolve(), checks, reasons)),
      ]);
      // Once per change, not once per probe: load balancers ask every few seconds.
      if (JSON.stringify(reasons) !== loggedReasons) {
        loggedReasons = JSON.stringify(reasons);
        if (Object.keys(reasons).length > 0) logger.warn('readiness: unavailable', { reasons });
      }
      // A channel whose readiness is only reported (a phone not linked yet) does not take the
      // process out of rotation: the owner needs this process to reach the page that links it.
      const reported = new Set([...channels.values()].filter((c) => c.readiness === 'reported').map((c) => `channel:${c.name}`));
      const blocking = Object.entries(checks).filter(([name]) => !reported.has(name));
      return { ready: blocking.every(([, v]) => v === 'ok'), checks, reasons };
    },
    async stop() {
      flowWatcher.stop();
      availability.stop();
      await retention?.stop();
      await queue.close();
      await events.close();
      for (const channel of channels.values()) await channel.stop?.();
      await media.close();
      await store.close();
    },
  };
}
