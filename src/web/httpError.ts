import type { Response } from 'express';

/**
 * An error with a status and a stable code, rendered as `{ "error": { "code", "message" } }`
 * by the app's last handler (http/errors.ts). Anything that serves HTTP throws it: the agent
 * API, a channel's webhook or page, the simulator.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** More fields for the error body (`problems` of a refused flow change). */
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The product's error body, `{ "error": { "code", "message" } }` (STYLE.md). */
export function sendError(res: Response, status: number, code: string, message: string, detail?: Record<string, unknown>): void {
  res.status(status).json({ error: { code, message, ...detail } });
}
