import path from 'node:path';
import type { RequestHandler } from 'express';
import { CANNED_REPLIES_FILE, cannedRepliesFile } from '../../flowfiles/cannedFiles';
import type { Logger } from '../../observability/logger';
import { opsFileRoute } from './opsFileRoute';

/** Canned replies ops keep in `flows/canned/replies.yaml`. */
export function cannedRepliesRoute(flowsDir: string, logger: Logger): RequestHandler {
  return opsFileRoute({ file: path.join(flowsDir, CANNED_REPLIES_FILE), schema: cannedRepliesFile, empty: { replies: [] }, what: 'canned replies', logger });
}
