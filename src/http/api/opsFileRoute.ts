import fs from 'node:fs';
import type { RequestHandler } from 'express';
import { parse } from 'yaml';
import type { z } from 'zod';
import type { Logger } from '../../observability/logger';

/**
 * Serves a YAML file that ops edit by hand (canned replies, approved templates), read on every
 * request so an edit shows up without a restart. A missing or broken file answers `empty`
 * and logs why, never a 500: the console must keep working while someone fixes a typo.
 */
export function opsFileRoute<T>(options: OpsFile<T> & {
  empty: T;
  /** Adds what the file cannot know (e.g. a template configured in the environment). */
  complete?: (data: T) => T;
}): RequestHandler {
  const complete = options.complete ?? ((data: T) => data);
  return async (_req, res) => {
    res.json(complete((await readOpsFile(options)) ?? options.empty));
  };
}

export interface OpsFile<T> {
  file: string;
  schema: z.ZodType<T>;
  what: string;
  logger: Logger;
}

/** The file as it is now; undefined (and a log line) when it is missing, unreadable or invalid. */
export async function readOpsFile<T>(options: OpsFile<T>): Promise<T | undefined> {
  const { file, schema, what, logger } = options;
  let source: string;
  try {
    source = await fs.promises.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn(`${what} file is unreadable`, { file, error: (error as Error).message });
    return undefined;
  }
  let yaml: unknown;
  try {
    yaml = parse(source);
  } catch (error) {
    logger.warn(`${what} file is not valid YAML`, { file, error: (error as Error).message });
    return undefined;
  }
  const parsed = schema.safeParse(yaml);
  if (parsed.success) return parsed.data;
  logger.warn(`${what} file is invalid`, { file, problem: parsed.error.issues[0]?.message, at: parsed.error.issues[0]?.path.join('.') });
  return undefined;
}
