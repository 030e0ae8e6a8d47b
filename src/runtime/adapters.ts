import path from 'node:path';
import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import type { Store } from '../store/port';
import type { Queue } from '../queue/port';
import type { Nlu } from '../nlu/port';
import type { HttpTransport } from '../network/httpTransport';
import { createNodeHttpTransport, nodeHttpTransport } from '../network/nodeHttpTransport';
import { SqliteDatabase } from '../sqlite/database';
import { SqliteStore } from '../store/sqlite';
import { MongoStore } from '../store/mongo';
import { SqliteQueue } from '../queue/sqlite';
import { BullQueue } from '../queue/bull';
import { LocalNlu } from '../nlu/local';
import { createDialogflowNlu } from '../nlu/dialogflow';
import type { Channel, ChannelAdapter, ChannelServices } from '../channels/port';
import { simulatorAdapter } from '../channels/simulator';
import { whatsappCloudAdapter } from '../channels/whatsapp-cloud';
import { whatsappWebAdapter } from '../channels/whatsapp-web';
import { messengerAdapter } from '../channels/messenger';
import { instagramAdapter } from '../channels/instagram';
import type { LiveEvents } from '../events/port';
import { LocalLiveEvents } from '../events/local';
import { RedisLiveEvents } from '../events/redis';
import type { MediaStore } from '../media/port';
import { FileMediaStore } from '../media/files';
import { GridFsMediaStore } from '../media/gridfs';

/**
 * Picks each port's adapter from the configuration: the embedded ones when no service is
 * configured, the production ones when their settings are present. Reported at start-up.
 */
export function createStore(config: Config, logger: Logger, options: { tool?: boolean } = {}): Store {
  if (config.mongodbUri) return new MongoStore({ uri: config.mongodbUri, logger: logger.child({ component: 'store' }) });
  // A tool (create-agent, flows:gaps) may open the file while the bot runs: no one-process lock.
  const database = options.tool ? new SqliteDatabase({ file: config.sqliteFile }) : embeddedDatabase(config);
  const legacySnapshot = database.inMemory ? undefined : path.join(config.dataDir, 'store.json');
  return new SqliteStore({ database, logger: logger.child({ component: 'store' }), legacySnapshot });
}

/** Something of this configuration keeps files in DATA_DIR: the embedded store's and queue's SQLite file, the linked phone's session. */
export function usesDataDir(config: Config): boolean {
  const sqliteFile = config.sqliteFile !== ':memory:' && (!config.mongodbUri || !config.redisUrl);
  return sqliteFile || config.whatsapp.web !== undefined;
}

export function createQueue(config: Config, logger: Logger): Queue {
  if (config.redisUrl) {
    return new BullQueue({ redisUrl: config.redisUrl, logger: logger.child({ component: 'queue' }), lockDurationMs: config.queueTimings.lockMs, stalledIntervalMs: config.queueTimings.stalledCheckMs });
  }
  return new SqliteQueue({ database: embeddedDatabase(config), logger: logger.child({ component: 'queue' }), maxUnfinished: { inbound: config.inlineQueueLimit } });
}

// The embedded store and queue of one configuration share one file, one connection and one
// group commit, so a webhook's job and the store writes of the moment go to disk in one fsync.
const embeddedDatabases = new WeakMap<Config, SqliteDatabase>();

function embeddedDatabase(config: Config): SqliteDatabase {
  let database = embeddedDatabases.get(config);
  if (!database?.isOpen) {
    database = new SqliteDatabase({ file: config.sqliteFile, exclusive: true });
    embeddedDatabases.set(config, database);
  }
  return database;
}

/** The local matcher, or Dialogflow with the local matcher as its fallback. */
export function createNlu(config: Config, logger: Logger, transport: HttpTransport): Nlu {
  const local = new LocalNlu({ threshold: config.nlu.threshold });
  if (config.nlu.kind !== 'dialogflow' || !config.nlu.dialogflow) return local;
  return createDialogflowNlu(config.nlu.dialogflow, local, logger.child({ component: 'dialogflow' }), { httpTransport: transport });
}

/** One transport per set of allowed private hosts, so runtimes of one process share their sockets. */
const transports = new Map<string, HttpTransport>();

/**
 * The process's one way out over HTTP: node:http(s), its keep-alive sockets shared by every
 * client, reaching public addresses only, plus the hosts OUTBOUND_PRIVATE_HOSTS names and, while
 * the demo order API is on, the bot's own address (PUBLIC_URL, by default 127.0.0.1:PORT), so
 * the sample order flow works on a first run. With a real channel the demo API is off by default
 * and the bot's own loopback address is then not reachable.
 */
export function createHttpTransport(config: Config): HttpTransport {
  const privateHosts = [...config.outbound.privateHosts, ...ownHosts(config)];
  if (privateHosts.length === 0) return nodeHttpTransport;
  const key = privateHosts.join(',');
  if (!transports.has(key)) transports.set(key, createNodeHttpTransport({ privateHosts }));
  return transports.get(key)!;
}

/** `host:port` of the bot's own demo order API when it is on (flow lookups of `/demo/...`). */
export function ownHosts(config: Config): string[] {
  if (!config.demoOrders) return [];
  const own = new URL(config.publicUrl);
  return [`${own.hostname.toLowerCase()}:${own.port || (own.protocol === 'https:' ? '443' : '80')}`];
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
  channel(simulatorAdapter, (c) => (c.simulator ? { access: c.simulatorAccess } : undefined)),
  channel(whatsappCloudAdapter, (c) => c.whatsapp.cloud),
  channel(whatsappWebAdapter, (c) => c.whatsapp.web),
  channel(messengerAdapter, (c) => c.messenger),
  channel(instagramAdapter, (c) => c.instagram),
];

/** The name of every channel the product has, whether this configuration turns it on or not. */
export const CHANNEL_NAMES: readonly string[] = CHANNELS.map((c) => c.name);

/** Every channel the configuration turns on, each with a logger that names it. */
export function createChannels(config: Config, services: ChannelServices): Channel[] {
  return CHANNELS.flatMap((entry) => entry.start(config, { ...services, logger: services.logger.child({ channel: entry.name }) }) ?? []);
}

/** What customers send as files: GridFS beside the production store, else files under DATA_DIR/media. */
export function createMediaStore(config: Config): MediaStore {
  if (config.mongodbUri) return new GridFsMediaStore({ uri: config.mongodbUri });
  return new FileMediaStore(path.join(path.resolve(config.dataDir), 'media'));
}

/** Live console events: in process, or across processes through Redis when it is configured. */
export function createLiveEvents(config: Config, logger: Logger): LiveEvents {
  return config.redisUrl ? new RedisLiveEvents(config.redisUrl, 'wabot:live-events', logger) : new LocalLiveEvents();
}
