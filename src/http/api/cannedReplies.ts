import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Logger } from '../../observability/logger';

const cannedFile = z.object({
  replies: z.array(z.object({ id: z.string(), title: z.string(), text: z.object({ en: z.string().optional(), bn: z.string().optional() }) })),
});

/**
 * Canned replies ops keep in `flows/canned/replies.yaml`, read on every request so an edit
 * shows up without a restart. A broken file gives an empty list and a log line, never a 500.
 */
export function cannedRepliesRoute(flowsDir: string, logger: Logger): RequestHandler {
  const file = path.join(flowsDir, 'canned', 'replies.yaml');
  return async (_req, res) => {
    try {
      const parsed = cannedFile.safeParse(parse(await fs.promises.readFile(file, 'utf8')));
      if (!parsed.success) {
        logger.warn('canned replies file is invalid', { file, problem: parsed.error.issues[0]?.message });
        res.json({ replies: [] });
        return;
      }
      res.json(parsed.data);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn('canned replies unreadable', { file, error: (error as Error).message });
      res.json({ replies: [] });
    }
  };
}
