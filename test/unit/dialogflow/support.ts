import { generateKeyPairSync, verify } from 'node:crypto';
import type { NluLogger } from '../../../src/nlu/dialogflow';

export const DIALOGFLOW = 'https://dialogflow.googleapis.com';
export const OAUTH = 'https://oauth2.googleapis.com';
export const PROJECT = 'deshi-bazar-test';

/** A throwaway service account: the client signs its own JWT with this key. */
export function serviceAccount() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    credentials: { client_email: `bot@${PROJECT}.iam.gserviceaccount.com`, private_key: privateKey },
    publicKey,
  };
}

/** The claims of a bearer JWT, after checking its RS256 signature against the public key. */
export function verifiedClaims(authorization: string | undefined, publicKey: string): Record<string, unknown> {
  const token = (authorization ?? '').replace(/^Bearer /, '');
  const [header, payload, signature] = token.split('.');
  const valid = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature ?? '', 'base64url'));
  if (!valid) throw new Error('the JWT is not signed by the service account key');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

export function detectPath(sessionId: string, prefix = `projects/${PROJECT}/agent`): string {
  return `/v2/${prefix}/sessions/${sessionId}:detectIntent`;
}

/** A detectIntent response body as Dialogflow's REST API sends it (JSON, camelCase). */
export function answer(queryResult: Record<string, unknown>): Record<string, unknown> {
  return {
    responseId: 'resp-1',
    queryResult: { queryText: 'text', languageCode: 'en', allRequiredParamsPresent: true, ...queryResult },
  };
}

export function matched(displayName: string, confidence: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return answer({ intent: { name: `projects/${PROJECT}/agent/intents/${displayName}`, displayName }, intentDetectionConfidence: confidence, ...extra });
}

/** Google's JSON error body (https://cloud.google.com/apis/design/errors#http_mapping). */
export function googleError(code: number, status: string, message: string) {
  return { error: { code, message, status } };
}

export interface CapturedLog {
  level: 'info' | 'warn' | 'error';
  message: string;
  meta?: Record<string, unknown>;
}

export function memoryLogger(): NluLogger & { entries: CapturedLog[] } {
  const entries: CapturedLog[] = [];
  const log = (level: CapturedLog['level']) => (message: string, meta?: Record<string, unknown>) => entries.push({ level, message, meta });
  return { entries, info: log('info'), warn: log('warn'), error: log('error') };
}

/** A clock the test moves by hand (the circuit's openMs). */
export function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

/**
 * Loads @google-cloud/dialogflow and its protobuf definitions (seconds on a busy CI
 * machine) once per test file, outside any single test's time limit.
 */
export function loadDialogflowClient(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { v2 } = require('@google-cloud/dialogflow') as typeof import('@google-cloud/dialogflow');
  new v2.SessionsClient({ fallback: 'rest', projectId: PROJECT, credentials: { client_email: 'warm-up@example.com', private_key: 'unused' } });
}
