import type { Nlu } from '../port';
import { DialogflowNlu, type DialogflowNluOptions, type NluLogger } from './dialogflowNlu';
import type { ServiceAccountKey, Transport } from './sessionsClient';

/**
 * What the configuration provides (env names in docs/DIALOGFLOW.md):
 * DIALOGFLOW_PROJECT_ID, DIALOGFLOW_LOCATION, DIALOGFLOW_ENVIRONMENT,
 * DIALOGFLOW_CREDENTIALS_JSON, GOOGLE_APPLICATION_CREDENTIALS, DIALOGFLOW_TIMEOUT_MS,
 * DIALOGFLOW_SENTIMENT, NLU_THRESHOLD, DIALOGFLOW_TRANSPORT.
 */
export interface DialogflowSettings {
  /** May be empty when credentialsJson carries a project_id. */
  projectId: string;
  location?: string;
  environment?: string;
  /** The service account key file's content. Wins over credentialsFile. */
  credentialsJson?: string;
  /**
   * GOOGLE_APPLICATION_CREDENTIALS as the configuration read it. The Google client only sees
   * process.env, and config also reads .env, so the path is handed over explicitly; the
   * client reads the file itself. Unset: the client's own Application Default Credentials.
   */
  credentialsFile?: string;
  timeoutMs: number;
  sentiment: boolean;
  threshold: number;
  transport: Transport;
}

export class DialogflowConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DialogflowConfigError';
  }
}

export interface ParsedCredentials {
  credentials: ServiceAccountKey;
  projectId?: string;
}

/**
 * Reads a service account key given as JSON text. Errors name the problem and never echo
 * the key. A private key pasted with literal "\n" sequences (common in .env files) is mended.
 */
export function parseCredentialsJson(json: string): ParsedCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new DialogflowConfigError(`DIALOGFLOW_CREDENTIALS_JSON is not valid JSON (${(error as Error).message.replace(/ in JSON.*$/, '')}); paste the whole service account key file`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new DialogflowConfigError('DIALOGFLOW_CREDENTIALS_JSON must be a JSON object: the service account key file');
  }
  const key = parsed as Record<string, unknown>;
  if (key.type !== undefined && key.type !== 'service_account') {
    throw new DialogflowConfigError(`DIALOGFLOW_CREDENTIALS_JSON has type "${String(key.type)}"; a service account key ("type": "service_account") is needed`);
  }
  const missing = ['client_email', 'private_key'].filter((k) => typeof key[k] !== 'string' || key[k] === '');
  if (missing.length > 0) {
    throw new DialogflowConfigError(`DIALOGFLOW_CREDENTIALS_JSON lacks ${missing.join(' and ')}; download a JSON key for the service account`);
  }
  let privateKey = key.private_key as string;
  if (!privateKey.includes('\n') && privateKey.includes('\\n')) privateKey = privateKey.replace(/\\n/g, '\n');
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(privateKey)) {
    throw new DialogflowConfigError('DIALOGFLOW_CREDENTIALS_JSON private_key is not a PEM private key');
  }
  return {
    credentials: { client_email: key.client_email as string, private_key: privateKey },
    projectId: typeof key.project_id === 'string' && key.project_id ? key.project_id : undefined,
  };
}

/**
 * The Dialogflow NLU with the local matcher as its fallback. Throws DialogflowConfigError
 * when the settings cannot work, so a mistake stops the start rather than every message.
 */
export function createDialogflowNlu(
  settings: DialogflowSettings,
  fallback: Nlu,
  logger: NluLogger,
  overrides: Partial<Pick<DialogflowNluOptions, 'clientFactory' | 'clock' | 'circuit' | 'httpTransport'>> = {},
): DialogflowNlu {
  const parsed = settings.credentialsJson?.trim() ? parseCredentialsJson(settings.credentialsJson) : undefined;
  const projectId = settings.projectId?.trim() || parsed?.projectId;
  if (!projectId) throw new DialogflowConfigError('DIALOGFLOW_PROJECT_ID is required with NLU=dialogflow');
  if (settings.transport !== 'rest' && settings.transport !== 'grpc') {
    throw new DialogflowConfigError(`DIALOGFLOW_TRANSPORT must be rest or grpc, got ${String(settings.transport)}`);
  }
  const keyFilename = parsed ? undefined : settings.credentialsFile?.trim() || undefined;
  if (parsed) {
    logger.info('Dialogflow credentials: DIALOGFLOW_CREDENTIALS_JSON', { clientEmail: parsed.credentials.client_email });
  } else if (keyFilename || process.env.GOOGLE_APPLICATION_CREDENTIALS) {
    logger.info('Dialogflow credentials: the key file named by GOOGLE_APPLICATION_CREDENTIALS', { file: keyFilename ?? process.env.GOOGLE_APPLICATION_CREDENTIALS });
  } else {
    logger.info('Dialogflow credentials: none configured, using Application Default Credentials (set DIALOGFLOW_CREDENTIALS_JSON or GOOGLE_APPLICATION_CREDENTIALS outside Google Cloud)');
  }
  return new DialogflowNlu({
    projectId,
    location: settings.location?.trim() || undefined,
    environment: settings.environment?.trim() || undefined,
    credentials: parsed?.credentials,
    keyFilename,
    timeoutMs: settings.timeoutMs,
    sentiment: settings.sentiment,
    threshold: settings.threshold,
    transport: settings.transport,
    fallback,
    logger,
    ...overrides,
  });
}
