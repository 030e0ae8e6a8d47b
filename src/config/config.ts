import path from 'node:path';
import { realChannelsOf, type Env } from './schema';
import type { TrustProxy } from './trustProxy';
import type { DialogflowSettings } from '../nlu/dialogflow';
import type { WhatsAppCloudSettings } from '../channels/whatsapp-cloud';
import type { WhatsAppWebSettings } from '../channels/whatsapp-web';
import type { MessengerSettings } from '../channels/messenger';
import type { InstagramSettings } from '../channels/instagram';

/** Dialogflow's confidences are its own; this line has served well with them. */
const DIALOGFLOW_THRESHOLD = 0.55;

/** The one typed configuration object the whole process reads. */
export interface Config {
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  role: Env['PROCESS_ROLE'];
  dataDir: string;
  flowsDir: string;
  watchFlows: boolean;
  /** The embedded store's SQLite file, or `:memory:`. */
  sqliteFile: string;
  publicUrl: string;
  demoOrders: boolean;
  simulator: boolean;
  /** `admin` beside a real channel: the simulator's page and API need an admin session. */
  simulatorAccess: 'public' | 'admin';
  /** The real channels on ("WhatsApp", "Messenger", "Instagram"), named in that log line. */
  realChannels: string[];
  /** Settings left unset that are off because a real channel is on (said in the log at start). */
  offBesideRealChannel: ('SIMULATOR' | 'DEMO_ORDERS')[];
  /** `threshold` unset: the local NLU calibrates its own. */
  nlu: { kind: Env['NLU']; threshold?: number; dialogflow?: DialogflowSettings };
  missesBeforeHuman: number;
  lookupTimeoutMs: number;
  maxTextLength: number;
  mongodbUri?: string;
  redisUrl?: string;
  queueTimings: { lockMs: number; stalledCheckMs: number };
  /** In-process queue: unfinished customer messages before add() refuses (503 upstream). */
  inlineQueueLimit: number;
  sessions: { secret?: string; ttlMs: number };
  /** Proxies allowed to say who the client is and whether it came over HTTPS (express `trust proxy`). */
  trustProxy: TrustProxy;
  /** The session cookie's `Secure`: 'auto' follows the request's protocol. */
  cookieSecure: 'auto' | boolean;
  /** Who must use two-factor sign-in (REQUIRE_2FA); anyone may turn it on for themselves. */
  require2fa: Env['REQUIRE_2FA'];
  metricsToken?: string;
  /** METRICS_PUBLIC: /metrics without a token although a real channel is on. */
  metricsPublic: boolean;
  /** Outbound HTTP (network/outboundPolicy.ts): where it may go beyond public https: servers. */
  outbound: { privateHosts: string[]; httpHosts: string[] };
  /** Customer data over its life (docs/PRIVACY.md): retention off when `retentionDays` is unset. */
  privacy: { retentionDays?: number; retentionCheckMs: number };
  admin?: { email: string; password: string };
  handoff: {
    teams: string[];
    defaultTeam: string;
    businessHours: string;
    timezone: string;
    holidays: string[];
    slaWaitMs: number;
    agentReminderMs: number;
    waitUpdateMs: number;
    agentMaxOpenChats: number;
    sentimentThreshold: number;
    catalogOrderTeam: string;
    vipTags: string[];
    csatWindowMs: number;
  };
  /** Each channel's settings are the type its adapter declares (channels/<name>/adapter.ts). */
  whatsapp: {
    cloud?: WhatsAppCloudSettings;
    web?: WhatsAppWebSettings;
  };
  messenger?: MessengerSettings;
  instagram?: InstagramSettings;
}

export function toConfig(env: Env, cwd: string): Config {
  // A number that real customers write to: test tools default off (docs/SECURITY.md).
  const realChannels = realChannelsOf(env).map((channel) => channel.name);
  const realChannel = realChannels.length > 0;
  const offBesideRealChannel = realChannel ? (['SIMULATOR', 'DEMO_ORDERS'] as const).filter((key) => env[key] === undefined) : [];
  const outbound = { privateHosts: hosts(env.OUTBOUND_PRIVATE_HOSTS), httpHosts: hosts(env.OUTBOUND_HTTP_HOSTS) };
  return {
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    role: env.PROCESS_ROLE,
    dataDir: path.resolve(cwd, env.DATA_DIR),
    flowsDir: path.resolve(cwd, env.FLOWS_DIR),
    watchFlows: env.WATCH_FLOWS,
    sqliteFile: env.SQLITE_FILE === ':memory:' ? ':memory:' : path.resolve(cwd, env.SQLITE_FILE ?? path.join(env.DATA_DIR, 'bot.sqlite')),
    publicUrl: (env.PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/+$/, ''),
    demoOrders: env.DEMO_ORDERS ?? !realChannel,
    simulator: env.SIMULATOR ?? !realChannel,
    simulatorAccess: realChannel ? 'admin' : 'public',
    offBesideRealChannel,
    realChannels,
    nlu: {
      kind: env.NLU,
      threshold: env.NLU_THRESHOLD,
      dialogflow:
        env.NLU === 'dialogflow'
          ? {
              projectId: env.DIALOGFLOW_PROJECT_ID ?? '',
              location: env.DIALOGFLOW_LOCATION,
              environment: env.DIALOGFLOW_ENVIRONMENT,
              credentialsJson: env.DIALOGFLOW_CREDENTIALS_JSON,
              credentialsFile: env.GOOGLE_APPLICATION_CREDENTIALS,
              timeoutMs: env.DIALOGFLOW_TIMEOUT_MS,
              sentiment: env.DIALOGFLOW_SENTIMENT,
              threshold: env.NLU_THRESHOLD ?? DIALOGFLOW_THRESHOLD,
              transport: env.DIALOGFLOW_TRANSPORT,
            }
          : undefined,
    },
    missesBeforeHuman: env.MISSES_BEFORE_HUMAN,
    lookupTimeoutMs: env.LOOKUP_TIMEOUT_MS,
    maxTextLength: env.MAX_TEXT_LENGTH,
    mongodbUri: env.MONGODB_URI,
    redisUrl: env.REDIS_URL,
    queueTimings: { lockMs: env.QUEUE_LOCK_MS, stalledCheckMs: env.QUEUE_STALLED_CHECK_MS },
    inlineQueueLimit: env.INLINE_QUEUE_LIMIT,
    sessions: { secret: env.SESSION_SECRET, ttlMs: env.SESSION_TTL_HOURS * 3_600_000 },
    trustProxy: env.TRUST_PROXY,
    cookieSecure: env.COOKIE_SECURE === 'auto' ? 'auto' : env.COOKIE_SECURE === 'true',
    require2fa: env.REQUIRE_2FA,
    metricsToken: env.METRICS_TOKEN,
    metricsPublic: env.METRICS_PUBLIC,
    outbound,
    privacy: { retentionDays: env.RETENTION_DAYS > 0 ? env.RETENTION_DAYS : undefined, retentionCheckMs: env.RETENTION_CHECK_MINUTES * 60_000 },
    admin: env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : undefined,
    handoff: {
      teams: list(env.TEAMS),
      defaultTeam: list(env.TEAMS)[0] ?? 'default',
      businessHours: env.BUSINESS_HOURS,
      timezone: env.TIMEZONE,
      holidays: list(env.HOLIDAYS),
      slaWaitMs: env.SLA_WAIT_MINUTES * 60_000,
      agentReminderMs: env.AGENT_REMINDER_MINUTES * 60_000,
      waitUpdateMs: env.WAIT_UPDATE_MINUTES * 60_000,
      agentMaxOpenChats: env.AGENT_MAX_OPEN_CHATS,
      sentimentThreshold: env.SENTIMENT_HANDOFF_THRESHOLD,
      catalogOrderTeam: env.CATALOG_ORDER_TEAM,
      vipTags: list(env.VIP_TAGS).map((t) => t.toLowerCase()),
      csatWindowMs: env.CSAT_WINDOW_HOURS * 3_600_000,
    },
    whatsapp: {
      cloud: env.WHATSAPP_MODE.includes('cloud')
        ? {
            verifyToken: env.WHATSAPP_VERIFY_TOKEN!,
            appSecret: env.WHATSAPP_APP_SECRET!,
            phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID!,
            accessToken: env.WHATSAPP_ACCESS_TOKEN!,
            apiUrl: (env.WHATSAPP_API_URL ?? 'https://graph.facebook.com').replace(/\/+$/, ''),
            apiVersion: env.WHATSAPP_API_VERSION,
            reengagementTemplate: env.WHATSAPP_REENGAGEMENT_TEMPLATE
              ? { name: env.WHATSAPP_REENGAGEMENT_TEMPLATE.split(':')[0], language: env.WHATSAPP_REENGAGEMENT_TEMPLATE.split(':')[1] }
              : undefined,
            mediaMaxBytes: env.WHATSAPP_MEDIA_MAX_BYTES,
            webhookMaxBytes: env.WHATSAPP_WEBHOOK_MAX_BYTES,
          }
        : undefined,
      web: env.WHATSAPP_MODE.includes('web')
        ? { chromiumPath: env.WHATSAPP_WEB_CHROMIUM, sessionDir: path.resolve(cwd, env.DATA_DIR, 'whatsapp-web'), attachmentHttpHosts: outbound.httpHosts, mediaMaxBytes: env.WHATSAPP_MEDIA_MAX_BYTES }
        : undefined,
    },
    messenger: env.MESSENGER_ENABLED
      ? {
          verifyToken: env.MESSENGER_VERIFY_TOKEN!,
          appSecret: env.MESSENGER_APP_SECRET!,
          accessToken: env.MESSENGER_PAGE_ACCESS_TOKEN!,
          accountId: env.MESSENGER_PAGE_ID,
          apiUrl: (env.MESSENGER_API_URL ?? 'https://graph.facebook.com').replace(/\/+$/, ''),
          apiVersion: env.MESSENGER_API_VERSION,
          humanAgent: env.MESSENGER_HUMAN_AGENT,
        }
      : undefined,
    instagram: env.INSTAGRAM_ENABLED
      ? {
          verifyToken: env.INSTAGRAM_VERIFY_TOKEN!,
          appSecret: env.INSTAGRAM_APP_SECRET!,
          accessToken: env.INSTAGRAM_ACCESS_TOKEN!,
          accountId: env.INSTAGRAM_ACCOUNT_ID,
          apiUrl: (env.INSTAGRAM_API_URL ?? 'https://graph.facebook.com').replace(/\/+$/, ''),
          apiVersion: env.INSTAGRAM_API_VERSION,
          humanAgent: env.INSTAGRAM_HUMAN_AGENT,
        }
      : undefined,
  };
}

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Host names compare case-insensitively. */
function hosts(value: string): string[] {
  return list(value).map((host) => host.toLowerCase());
}
