import { z } from 'zod';

/** Env values arrive as strings; these turn them into typed values with clear messages. */
const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().min(0);
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
  /** How often the in-memory store writes its snapshot to DATA_DIR; 0 keeps nothing on disk. */
  SNAPSHOT_INTERVAL_MS: positiveInt.default(2000),
  /** Base URL that relative lookup URLs in flows resolve against (the bot's own address by default). */
  PUBLIC_URL: optionalUrl(['http://', 'https://']),
  DEMO_ORDERS: booleanFlag.default(true),
  SIMULATOR: booleanFlag.default(true),
  NLU: z.enum(['local', 'dialogflow']).default('local'),
  NLU_THRESHOLD: z.coerce.number().min(0).max(1).default(0.55),
  /** Misunderstood messages in a row before the bot offers a person. */
  MISSES_BEFORE_HUMAN: z.coerce.number().int().min(1).default(2),
  LOOKUP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  /** Longest customer text the engine reads; the rest is kept in the transcript only. */
  MAX_TEXT_LENGTH: z.coerce.number().int().min(100).default(4096),
  MONGODB_URI: optionalUrl(['mongodb://', 'mongodb+srv://']),
  REDIS_URL: optionalUrl(['redis://', 'rediss://']),
});

export type Env = z.infer<typeof envSchema>;
