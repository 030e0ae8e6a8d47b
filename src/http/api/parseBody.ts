import type { z } from 'zod';
import { HttpError } from '../../web/httpError';

/** Validates a request body against its schema; a 400 lists every problem. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'INVALID_BODY', 'The body must be a JSON object');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw new HttpError(400, 'INVALID_BODY', problems.join('; '));
  }
  return parsed.data;
}
