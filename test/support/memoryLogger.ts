import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger, type Logger } from '../../src/observability/logger';

/** The app's real logger (with its redaction) writing into an array, for tests that read logs. */
export function memoryLogger(level = 'debug'): { logger: Logger; entries: Record<string, any>[] } {
  const entries: Record<string, any>[] = [];
  const sink = new Writable({
    objectMode: true,
    write(info: Record<string, any>, _encoding, done) {
      entries.push(info);
      done();
    },
  });
  return { logger: createLogger({ level, transports: [new winston.transports.Stream({ stream: sink })] }), entries };
}
