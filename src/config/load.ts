import fs from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { envSchema } from './schema';
import { toConfig, type Config } from './config';

/** Start-up stops with this error; its message lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Read `.env` from cwd; real environment variables win over it. */
  dotenv?: boolean;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const fromFile = options.dotenv === false ? {} : readDotenv(path.join(cwd, '.env'));
  const merged: Record<string, string | undefined> = { ...fromFile, ...(options.env ?? process.env) };
  // An empty value means "not set", as in most deployment tools.
  for (const key of Object.keys(merged)) if (merged[key] === '') delete merged[key];

  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(environment)';
      return `${key}: ${issue.message}${key in merged ? ` (got ${shownValue(key, merged[key]!)})` : ''}`;
    });
    throw new ConfigError(problems);
  }
  return toConfig(parsed.data, cwd);
}

/** Keys whose values are secrets: a start-up error names them but never shows them (logs outlive the terminal). */
const SECRET_KEY = /SECRET|TOKEN|PASSWORD|CREDENTIALS|PRIVATE_KEY/;
/** `scheme://user:password@host`: the user info of a connection string is a credential too. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi;

/** A bad value as a config error may show it: secrets hidden, credentials inside URLs masked. */
export function shownValue(key: string, value: string): string {
  if (SECRET_KEY.test(key)) return `a value of ${value.length} characters, not shown`;
  return `"${value.replace(URL_CREDENTIALS, '$1***@')}"`;
}

function readDotenv(file: string): Record<string, string> {
  try {
    return parseDotenv(fs.readFileSync(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError([`.env: cannot be read (${(error as Error).message})`]);
  }
}
