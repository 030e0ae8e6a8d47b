import path from 'node:path';
import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import type { Store } from '../store/port';
import type { Queue } from '../queue/port';
import type { Nlu } from '../nlu/port';
import type { HttpTransport } from '../network/httpTransport';
import { nodeHttpTransport } from '../network/nodeHttpTransport';
import { MemoryStore, SnapshotFile } from '../store/memory';
import { MongoStore } from '../store/mongo';
import { InlineQueue } from '../queue/inline';
import { BullQueue } from '../queue/bull';
import { LocalNlu } from '../nlu/local';
import { createDialogflowNlu } from '../nlu/dialogflow';
import type { Channel, ChannelAdapter, ChannelServices } from '../channels/port';
import { simulatorAdapter } from '../channels/simulator';
import { whatsappCloudAdapter } from '../channels/whatsapp-cloud';
import { whatsappWebAdapter } from '../channels/whatsapp-web';
import type { LiveEvents } from '../events/port';
import { LocalLiveEvents } from '../events/local';
import { RedisLiveEvents } from '../events/redis';

/**
 * Picks each port's adapter from the configuration: the embedded ones when no service is
 * configured, the production ones when their settings are present. Reported at start-up.
 */
export function createStore(config: Config, logger: Logger): Store {
  if (config.mongodbUri) return new MongoStore({ uri: config.mongodbUri, logger: logger.child({ component: 'store' }) });
  const snapshot = config.snapshotIntervalMs > 0 ? new SnapshotFile(path.resolve(config.dataDir), config.snapshotIntervalMs, logger) : undefined;
  return new MemoryStore(snapshot);
}

export function createQueue(config: Config, logger: Logger): Queue {
  if (config.redisUrl) {
    return new BullQueue({ redisUrl: config.redisUrl, logger: logger.child({ component: 'queue' }), lockDurationMs: config.queueTimings.lockMs, stalledIntervalMs: config.queueTimings.stalledCheckMs });
  }
  return new InlineQueue(logger, { maxUnfinished: { inbound: config.inlineQueueLimit } });
}

/** The local matcher, or Dialogflow with the local matcher as its fallback. */
export function createNlu(config: Config, logger: Logger, transport: HttpTransport): Nlu {
  const local = new LocalNlu({ threshold: config.nlu.threshold });
  if (config.nlu.kind !== 'dialogflow' || !config.nlu.dialogflow) return local;
  return createDialogflowNlu(config.nlu.dialogflow, local, logger.child({ component: 'dialogflow' }), { httpTransport: transport });
}

/** The process's one way out over HTTP: node:http(s), its keep-alive sockets shared by every client. */
export function createHttpTransport(): HttpTransport {
  return nodeHttpTransport;
}

/** A channel of the product and the part of the configuration that turns it on (undefined: off). */
interface ChannelEntry {
  name: string;
  start(config: Config, services: ChannelServices): Channel | undefined;
}

function channel<Settings>(adapter: ChannelAdapter<Settings>, settingsOf: (config: Config) => Settings | undefined): ChannelEntry {
  return {
    name: adapter.name,
    start(config, services) {
      const settings = settingsOf(config);
      return settings === undefined ? undefined : adapter.create(settings, services);
    },
  };
}

/** Every channel of the product, in the order their routes are mounted. A new channel: one line here. */
const CHANNELS: ChannelEntry[] = [
  channel(simulatorAdapter, (c) => c.simulator || undefined),
  channel(whatsappCloudAdapter, (c) => c.whatsapp.cloud),
  channel(whatsappWebAdapter, (c) => c.whatsapp.web),
];

/** The name of every channel the product has, whether this configuration turns it on or not. */
export const CHANNEL_NAMES: readonly string[] = CHANNELS.map((c) => c.name);

/** Every channel the configuration turns on, each with a logger that names it. */
export function createChannels(config: Config, services: ChannelServices): Channel[] {
  return CHANNELS.flatMap((entry) => entry.start(config, { ...services, logger: services.logger.child({ channel: entry.name }) }) ?? []);
}

/** Live console events: in process, or across processes through Redis when it is configured. */
export function createLiveEvents(config: Config, logger: Logger): LiveEvents {
  return config.redisUrl ? new RedisLiveEvents(config.redisUrl, 'wabot:live-events', logger) : new LocalLiveEvents();
}
