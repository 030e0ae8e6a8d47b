import { z } from 'zod';
import { BusinessHoursError, parseBusinessHours } from '../domain/businessHours';
import { parseTrustProxy } from './trustProxy';
import { PASSWORD_TOO_LONG, passwordFitsBcrypt } from '../domain/agent';

/** Env values arrive as strings; these turn them into typed values with clear messages. */
const port = z.coerce.number().int().min(1).max(65535);
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .optional()
    .refine((v) => !v || protocols.some((p) => v.startsWith(p)), {
      message: `must start with ${protocols.join(' or ')}`,
    });

/** A comma-separated list of host names or addresses, each with an optional :port. */
const hostList = z
  .string()
  .default('')
  .refine((v) => v.split(',').map((s) => s.trim()).filter(Boolean).every((h) => /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(h)), {
    message: 'must be host names or addresses, each with an optional :port, separated by commas',
  });

/**
 * The channels real customers reach (not the simulator), by the setting that turns each on:
 * beside any of them, test tools default off and /metrics needs a token (docs/SECURITY.md).
 */
export function realChannelsOf(env: { WHATSAPP_MODE: string[]; MESSENGER_ENABLED: boolean; INSTAGRAM_ENABLED: boolean }): { name: string; setting: string }[] {
  return [
    ...(env.WHATSAPP_MODE.some((mode) => mode !== 'off') ? [{ name: 'WhatsApp', setting: 'WHATSAPP_MODE' }] : []),
    ...(env.MESSENGER_ENABLED ? [{ name: 'Messenger', setting: 'MESSENGER_ENABLED' }] : []),
    ...(env.INSTAGRAM_ENABLED ? [{ name: 'Instagram', setting: 'INSTAGRAM_ENABLED' }] : []),
  ];
}

/**
 * Every setting of the product. Keep `.env.example` in step with this list: a test checks
 * that every key here is documented there.
 */
export const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
  /** all = web + worker in one process (the embedded default); web; worker. */
  PROCESS_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  DATA_DIR: z.string().min(1).default('./data'),
  FLOWS_DIR: z.string().min(1).default('./flows'),
  /** Watch FLOWS_DIR and apply valid changes without a restart. */
  WATCH_FLOWS: booleanFlag.default(true),
  /** The embedded store's SQLite file (and the in-process queue's); default DATA_DIR/bot.sqlite. `:memory:` keeps nothing. */
  SQLITE_FILE: z.string().min(1).optional(),
  /** Base URL that relative lookup URLs in flows resolve against (the bot's own address by default). */
  PUBLIC_URL: optionalUrl(['http://', 'https://']),
  /** Unset: on, unless a real channel (WHATSAPP_MODE, MESSENGER_ENABLED, INSTAGRAM_ENABLED) is on. */
  DEMO_ORDERS: booleanFlag.optional(),
  /** Unset: on, unless a real channel is on; beside a real channel it needs an admin session. */
  SIMULATOR: booleanFlag.optional(),
  NLU: z.enum(['local', 'dialogflow']).default('local'),
  /**
   * Lowest confidence the bot acts on. Unset: the local NLU calibrates its own line on the
   * out-of-scope messages (flows/nlu/out_of_scope.yaml); Dialogflow's results use 0.55.
   */
  NLU_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  /** NLU=dialogflow: the agent's Google Cloud project (may be left out when the key JSON has project_id). */
  DIALOGFLOW_PROJECT_ID: z.string().optional(),
  /** The agent's region: unset (no region), global, europe-west1, asia-northeast1... */
  DIALOGFLOW_LOCATION: z.string().regex(/^[a-z0-9-]+$/, 'a region id such as global or europe-west1').optional(),
  /** A published agent environment; unset: the draft agent. */
  DIALOGFLOW_ENVIRONMENT: z.string().optional(),
  /** The service account key file's JSON, on one line. Wins over GOOGLE_APPLICATION_CREDENTIALS. */
  DIALOGFLOW_CREDENTIALS_JSON: z.string().optional(),
  /** Path of a service account key file. */
  GOOGLE_APPLICATION_CREDENTIALS: z.string().optional(),
  /** Longest wait for Dialogflow (credentials included) before the local matcher answers. */
  DIALOGFLOW_TIMEOUT_MS: z.coerce.number().int().min(100).max(10000).default(1500),
  /** Ask Dialogflow for a sentiment score per message (not available for Bengali). */
  DIALOGFLOW_SENTIMENT: booleanFlag.default(false),
  DIALOGFLOW_TRANSPORT: z.enum(['rest', 'grpc']).default('rest'),
  /** Misunderstood messages in a row before the bot offers a person. */
  MISSES_BEFORE_HUMAN: z.coerce.number().int().min(1).default(2),
  LOOKUP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  /** Longest customer text the engine reads; the rest is kept in the transcript only. */
  MAX_TEXT_LENGTH: z.coerce.number().int().min(100).default(4096),
  MONGODB_URI: optionalUrl(['mongodb://', 'mongodb+srv://']),
  REDIS_URL: optionalUrl(['redis://', 'rediss://']),
  /** A job whose worker stops renewing its lock this long is taken over by another worker. */
  QUEUE_LOCK_MS: z.coerce.number().int().min(500).default(30000),
  /** How often workers look for such stalled jobs. */
  QUEUE_STALLED_CHECK_MS: z.coerce.number().int().min(100).default(5000),
  /** Without Redis: customer messages held unanswered before new ones get 503 (WhatsApp redelivers). */
  INLINE_QUEUE_LIMIT: z.coerce.number().int().min(10).default(5000),

  /** Which WhatsApp channels run: off, cloud, web, or both as "cloud,web". */
  WHATSAPP_MODE: z
    .string()
    .default('off')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((modes) => modes.every((m) => ['off', 'cloud', 'web'].includes(m)), { message: 'must be off, cloud, web or cloud,web' }),
  WHATSAPP_VERIFY_TOKEN: z.string().optional(),
  WHATSAPP_APP_SECRET: z.string().optional(),
  WHATSAPP_PHONE_NUMBER_ID: z.string().regex(/^\d+$/, 'must be the numeric phone number id from Meta').optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().optional(),
  WHATSAPP_API_URL: optionalUrl(['http://', 'https://']),
  WHATSAPP_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'looks like v21.0').default('v21.0'),
  /** Sent instead of a message that WhatsApp refuses outside the 24-hour window: name:language. */
  WHATSAPP_REENGAGEMENT_TEMPLATE: z.string().regex(/^[a-z0-9_]+:[A-Za-z]{2,3}(_[A-Za-z]{2,4})?$/, 'must look like name:language, e.g. order_followup:bn').optional(),
  /** Largest media file fetched from WhatsApp, in bytes. */
  WHATSAPP_MEDIA_MAX_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  /** Largest webhook delivery read, in bytes (Meta sends up to 3 MB, up to 1,000 updates); larger → 413. */
  WHATSAPP_WEBHOOK_MAX_BYTES: z.coerce.number().int().min(64 * 1024).default(4 * 1024 * 1024),
  /** Signs agent session tokens. Required when the process is not on embedded defaults. */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().min(0.01).max(720).default(12),
  /** The first admin, created at start when no admin exists. */
  ADMIN_EMAIL: z.string().email('must be an e-mail address').optional(),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').refine(passwordFitsBcrypt, PASSWORD_TOO_LONG).optional(),
  /**
   * Which proxies in front of the bot may say who the client is (X-Forwarded-For/-Proto):
   * off (default: the socket's address is the client), a hop count, or addresses/subnets.
   */
  TRUST_PROXY: z.string().default('off').transform((value, ctx) => {
    const parsed = parseTrustProxy(value);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return parsed;
  }),
  /** Session cookie `Secure`: auto (from the request's protocol, behind a trusted proxy its X-Forwarded-Proto), true or false. */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false'], { message: 'must be auto, true or false' }).default('auto'),
  /** Who must sign in with a code from an authenticator app (TOTP) besides the password: off, admins or all. */
  REQUIRE_2FA: z.enum(['off', 'admins', 'all'], { message: 'must be off, admins or all' }).default('off'),
  /** Teams handoffs can be routed to; agents created without teams join the first one. */
  TEAMS: z.string().default('default,sales,delivery,billing,returns'),
  /** "always", or opening hours like "sat-thu 10:00-20:00; fri closed". */
  BUSINESS_HOURS: z.string().default('always'),
  TIMEZONE: z.string().default('Asia/Dhaka'),
  /** Closed days, comma-separated YYYY-MM-DD. */
  HOLIDAYS: z.string().default(''),
  /** A chat waiting longer than this is raised in priority and shown to supervisors. */
  SLA_WAIT_MINUTES: z.coerce.number().min(0.05).default(5),
  /** An agent who leaves a claimed chat unanswered this long is reminded. */
  AGENT_REMINDER_MINUTES: z.coerce.number().min(0.05).default(3),
  /** How often a waiting customer hears again when the wait grew. */
  WAIT_UPDATE_MINUTES: z.coerce.number().min(0.05).default(5),
  AGENT_MAX_OPEN_CHATS: z.coerce.number().int().min(1).default(5),
  /** NLU sentiment at or below which a customer is handed to a person (-1..0). */
  SENTIMENT_HANDOFF_THRESHOLD: z.coerce.number().min(-1).max(0).default(-0.6),
  /** Team that confirms carts customers send from the WhatsApp catalogue. */
  CATALOG_ORDER_TEAM: z.string().trim().min(1).default('sales'),
  /** Customer tags that go to the front of the queue. */
  VIP_TAGS: z.string().default('vip'),
  /** How long after a close a CSAT answer is still taken. */
  CSAT_WINDOW_HOURS: z.coerce.number().min(0.01).default(24),
  /** Transcripts of conversations closed longer ago than this are redacted to facts; 0 (the default) keeps them. */
  RETENTION_DAYS: z.coerce.number().min(0).default(0),
  /** How often one worker (whichever holds the store's lease) looks for conversations past RETENTION_DAYS. */
  RETENTION_CHECK_MINUTES: z.coerce.number().min(0.01).default(60),
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Serve /metrics without a token although a real channel is on (a private network only). */
  METRICS_PUBLIC: booleanFlag.default(false),
  /** Hosts (host or host:port) outbound HTTP may reach although they resolve to a private, loopback or link-local address. */
  OUTBOUND_PRIVATE_HOSTS: hostList,
  /** Hosts (host or host:port) that attachment links and flow lookups may reach over plain http:. */
  OUTBOUND_HTTP_HOSTS: hostList,
  /** The browser whatsapp-web.js drives. */
  WHATSAPP_WEB_CHROMIUM: z.string().min(1).default('/usr/bin/chromium'),

  /** Facebook Messenger: a Page's messages at /webhook/messenger (docs/MESSENGER.md). */
  MESSENGER_ENABLED: booleanFlag.default(false),
  MESSENGER_VERIFY_TOKEN: z.string().optional(),
  MESSENGER_APP_SECRET: z.string().optional(),
  MESSENGER_PAGE_ACCESS_TOKEN: z.string().optional(),
  /** The Page's id; when set, events of other Pages the app serves are ignored. */
  MESSENGER_PAGE_ID: z.string().regex(/^\d+$/, 'must be the numeric Page id').optional(),
  MESSENGER_API_URL: optionalUrl(['http://', 'https://']),
  MESSENGER_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'looks like v21.0').default('v21.0'),
  /** The app has Meta's Human Agent permission: agents may answer for 7 days instead of 24 hours. */
  MESSENGER_HUMAN_AGENT: booleanFlag.default(false),

  /** Instagram direct messages at /webhook/instagram, through the same Meta app (docs/MESSENGER.md). */
  INSTAGRAM_ENABLED: booleanFlag.default(false),
  INSTAGRAM_VERIFY_TOKEN: z.string().optional(),
  INSTAGRAM_APP_SECRET: z.string().optional(),
  INSTAGRAM_ACCESS_TOKEN: z.string().optional(),
  /** The Instagram professional account's id; when set, events of other accounts are ignored. */
  INSTAGRAM_ACCOUNT_ID: z.string().regex(/^\d+$/, 'must be the numeric Instagram account id').optional(),
  INSTAGRAM_API_URL: optionalUrl(['http://', 'https://']),
  INSTAGRAM_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'looks like v21.0').default('v21.0'),
  INSTAGRAM_HUMAN_AGENT: booleanFlag.default(false),
}).superRefine((env, ctx) => {
  try {
    parseBusinessHours(env.BUSINESS_HOURS, env.TIMEZONE, env.HOLIDAYS.split(',').map((s) => s.trim()).filter(Boolean));
  } catch (error) {
    if (!(error instanceof BusinessHoursError)) throw error;
    ctx.addIssue({ code: 'custom', path: ['BUSINESS_HOURS'], message: error.message });
  }
  if (!!env.ADMIN_EMAIL !== !!env.ADMIN_PASSWORD) {
    ctx.addIssue({ code: 'custom', path: [env.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'], message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together' });
  }
  // Several processes must verify each other's session tokens: a random per-process secret would not do.
  if ((env.MONGODB_URI || env.REDIS_URL) && !env.SESSION_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required with MONGODB_URI or REDIS_URL (at least 32 characters)' });
  }
  if (env.NLU === 'dialogflow' && !env.DIALOGFLOW_PROJECT_ID && !env.DIALOGFLOW_CREDENTIALS_JSON) {
    ctx.addIssue({ code: 'custom', path: ['DIALOGFLOW_PROJECT_ID'], message: 'is required with NLU=dialogflow' });
  }
  // The embedded store and queue live in one process's SQLite file; several processes need shared services.
  if (env.PROCESS_ROLE !== 'all' && !env.MONGODB_URI) {
    ctx.addIssue({ code: 'custom', path: ['PROCESS_ROLE'], message: 'must be "all" without MONGODB_URI (the embedded store serves one process; set MONGODB_URI and REDIS_URL to run web and worker processes)' });
  }
  // The browser session lives in one process; sends from another process could not use it.
  if (env.WHATSAPP_MODE.includes('web') && env.PROCESS_ROLE !== 'all') {
    ctx.addIssue({ code: 'custom', path: ['PROCESS_ROLE'], message: 'must be "all" when WHATSAPP_MODE includes web (the linked phone lives in one process)' });
  }
  // With a real channel on, the bot's traffic figures are no one else's business (docs/SECURITY.md).
  const [realChannel] = realChannelsOf(env);
  if (realChannel && !env.METRICS_TOKEN && !env.METRICS_PUBLIC) {
    ctx.addIssue({ code: 'custom', path: ['METRICS_TOKEN'], message: `is required when ${realChannel.setting} turns a real channel on (or set METRICS_PUBLIC=true to serve /metrics to anyone)` });
  }
  // The Cloud API cannot work without these; say which are missing at start-up, all at once.
  if (env.WHATSAPP_MODE.includes('cloud')) {
    for (const key of ['WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_ACCESS_TOKEN'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when WHATSAPP_MODE includes cloud' });
    }
  }
  for (const [flag, keys] of [
    ['MESSENGER_ENABLED', ['MESSENGER_VERIFY_TOKEN', 'MESSENGER_APP_SECRET', 'MESSENGER_PAGE_ACCESS_TOKEN']],
    ['INSTAGRAM_ENABLED', ['INSTAGRAM_VERIFY_TOKEN', 'INSTAGRAM_APP_SECRET', 'INSTAGRAM_ACCESS_TOKEN']],
  ] as const) {
    if (!env[flag]) continue;
    for (const key of keys) if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `is required when ${flag}=true` });
  }
});

export type Env = z.infer<typeof envSchema>;
