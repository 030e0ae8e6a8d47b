import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import type { Store } from '../store/port';
import type { Queue } from '../queue/port';
import type { Nlu } from '../nlu/port';
import { MemoryStore, SnapshotFile } from '../store/memory';
import { MongoStore } from '../store/mongo';
import { InlineQueue } from '../queue/inline';
import { BullQueue } from '../queue/bull';
import { LocalNlu } from '../nlu/local';
import { createDialogflowNlu } from '../nlu/dialogflow';
import type { Channel } from '../channels/port';
import { SimulatorChannel } from '../channels/simulator';
import { GraphApiClient, WhatsAppCloudChannel } from '../channels/whatsapp-cloud';
import { WhatsAppWebChannel } from '../channels/whatsapp-web';
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
export function createNlu(config: Config, logger: Logger): Nlu {
  const local = new LocalNlu({ threshold: config.nlu.threshold });
  if (config.nlu.kind !== 'dialogflow' || !config.nlu.dialogflow) return local;
  return createDialogflowNlu(config.nlu.dialogflow, local, logger.child({ component: 'dialogflow' }));
}

/** The outbound side of every channel the configuration turns on. */
export function createChannels(config: Config, logger: Logger, queue: Queue): Channel[] {
  const channels: Channel[] = [];
  if (config.simulator) channels.push(new SimulatorChannel());
  const cloud = config.whatsapp.cloud;
  if (cloud) {
    const client = new GraphApiClient({
      baseUrl: cloud.apiUrl,
      apiVersion: cloud.apiVersion,
      phoneNumberId: cloud.phoneNumberId,
      accessToken: cloud.accessToken,
      logger: logger.child({ channel: 'whatsapp-cloud' }),
    });
    channels.push(new WhatsAppCloudChannel({ client, reengagementTemplate: cloud.reengagementTemplate, logger }));
  }
  const web = config.whatsapp.web;
  if (web) channels.push(new WhatsAppWebChannel({ queue, logger: logger.child({ channel: 'whatsapp-web' }), sessionDir: web.sessionDir, chromiumPath: web.chromiumPath }));
  return channels;
}

/** Live console events: in process, or across processes through Redis when it is configured. */
export function createLiveEvents(config: Config, logger: Logger): LiveEvents {
  return config.redisUrl ? new RedisLiveEvents(config.redisUrl, 'wabot:live-events', logger) : new LocalLiveEvents();
}
