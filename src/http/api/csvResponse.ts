import type { Request, Response } from 'express';
import { HttpError } from '../../web/httpError';

/** CSV when asked by `format=csv` or by `Accept: text/csv` alone; JSON otherwise. */
export function wantsCsv(req: Request): boolean {
  const format = req.query.format;
  if (format === 'csv') return true;
  if (format !== undefined && format !== 'json') throw new HttpError(400, 'INVALID_QUERY', 'format: expected json or csv');
  return format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

/** A CSV download with its file name. */
export function sendCsv(res: Response, fileName: string, csv: string): void {
  res.attachment(fileName);
  res.type('text/csv; charset=utf-8; header=present');
  res.send(csv);
}
