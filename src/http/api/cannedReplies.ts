import path from 'node:path';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Logger } from '../../observability/logger';
import { opsFileRoute } from './opsFileRoute';

const cannedFile = z.object({
  replies: z.array(z.object({ id: z.string(), title: z.string(), text: z.object({ en: z.string().optional(), bn: z.string().optional() }) })),
});

/** Canned replies ops keep in `flows/canned/replies.yaml`. */
export function cannedRepliesRoute(flowsDir: string, logger: Logger): RequestHandler {
  return opsFileRoute({ file: path.join(flowsDir, 'canned', 'replies.yaml'), schema: cannedFile, empty: { replies: [] }, what: 'canned replies', logger });
}
