import { DeskError } from '../handoff/deskError';
import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../observability/logger';
import { HttpError, sendError } from '../web/httpError';

/** Last handler of the app: known errors keep their status; anything else is a logged 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof DeskError) {
      logger.info('agent action refused', { method: req.method, path: req.path, status: error.status, code: error.code });
      return sendError(res, error.status, error.code, error.message, error.detail);
    }
    if (error instanceof HttpError) {
      logger.info('request refused', { method: req.method, path: req.path, status: error.status, code: error.code });
      return sendError(res, error.status, error.code, error.message, error.detail);
    }
    // body-parser errors carry a status and a type.
    if (error?.type === 'entity.parse.failed') {
      logger.info('malformed JSON body', { method: req.method, path: req.path });
      return sendError(res, 400, 'INVALID_JSON', 'The request body is not valid JSON.');
    }
    if (error?.type === 'entity.too.large') {
      logger.warn('request body too large', { method: req.method, path: req.path, limit: error.limit });
      return sendError(res, 413, 'BODY_TOO_LARGE', `The request body is larger than ${error.limit} bytes.`);
    }
    if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500) {
      logger.info('bad request', { method: req.method, path: req.path, status: error.status, error: error.message });
      return sendError(res, error.status, 'BAD_REQUEST', String(error.message));
    }
    logger.error('request failed', { method: req.method, path: req.path, error: error?.message, stack: error?.stack });
    return sendError(res, 500, 'INTERNAL', 'Something went wrong on our side; it has been logged.');
  };
}
