import { createHash } from 'node:crypto';
import type { protos } from '@google-cloud/dialogflow';
import type { HttpTransport } from '../../network/httpTransport';
import { fetchOverTransport } from '../../network/fetchOverTransport';
import { nodeHttpTransport } from '../../network/nodeHttpTransport';
import { DialogflowClientError } from './failures';

export type DetectIntentRequest = protos.google.cloud.dialogflow.v2.IDetectIntentRequest;
export type DetectIntentResponse = protos.google.cloud.dialogflow.v2.IDetectIntentResponse;
export type Transport = 'rest' | 'grpc';

/** What the adapter needs of `SessionsClient`; tests inject their own. */
export interface SessionsClientLike {
  detectIntent(request: DetectIntentRequest, options?: { timeout?: number; retry?: null }): Promise<[DetectIntentResponse, ...unknown[]]>;
  /** Loads the credentials and builds the stub; the real client caches the outcome, failure included. */
  initialize?(): Promise<unknown>;
  close?(): Promise<void>;
}

export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
}

export interface SessionsClientOptions {
  projectId: string;
  location?: string;
  /** undefined: `keyFilename`, else Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, then the metadata server). */
  credentials?: ServiceAccountKey;
  /** A key file the client reads itself (used when `credentials` is not given). */
  keyFilename?: string;
  transport: Transport;
  timeoutMs: number;
  /** The REST transport's HTTP calls, token requests included, go through it (node:http when not given). */
  httpTransport?: HttpTransport;
}

/**
 * Regional agents are served from `<region>-dialogflow.googleapis.com`; the host and the
 * location in the session path must agree or the call is refused.
 * https://cloud.google.com/dialogflow/es/docs/how/region
 */
export function apiEndpointFor(location: string | undefined): string {
  return !location || location === 'global' ? 'dialogflow.googleapis.com' : `${location}-dialogflow.googleapis.com`;
}

// Session ids: "a string of at most 36 bytes" (DetectIntentRequest.session). Conversation
// ids are UUIDs (36 characters); anything else is hashed to a stable id of 32 hex digits.
const SESSION_ID = /^[A-Za-z0-9_-]{1,36}$/;

export function sessionIdFor(conversationId: string): string {
  return SESSION_ID.test(conversationId) ? conversationId : createHash('sha256').update(conversationId).digest('hex').slice(0, 32);
}

/**
 * The four session name forms of DetectIntentRequest.session; an environment is reached
 * through its default user "-".
 */
export function sessionPath(target: { projectId: string; location?: string; environment?: string }, conversationId: string): string {
  const agent = target.location ? `projects/${target.projectId}/locations/${target.location}/agent` : `projects/${target.projectId}/agent`;
  const scope = target.environment ? `${agent}/environments/${target.environment}/users/-` : agent;
  return `${scope}/sessions/${sessionIdFor(conversationId)}`;
}

/**
 * Builds the real client. Loading @google-cloud/dialogflow and building a client takes
 * 1-3 s (protobuf definitions), so it is required here rather than at the top of the module
 * (NLU=local never pays it) and called once, at start-up, by DialogflowNlu.
 */
export function createSessionsClient(options: SessionsClientOptions): SessionsClientLike {
  let dialogflow: typeof import('@google-cloud/dialogflow');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    dialogflow = require('@google-cloud/dialogflow');
  } catch (error) {
    throw new DialogflowClientError('@google-cloud/dialogflow is not installed', { cause: error });
  }
  try {
    const client: SessionsClientLike = new dialogflow.v2.SessionsClient({
      projectId: options.projectId,
      credentials: options.credentials,
      keyFilename: options.credentials ? undefined : options.keyFilename,
      apiEndpoint: apiEndpointFor(options.location),
      // 'rest': HTTP/1.1 + JSON through gaxios, which calls the fetch given here; false: gRPC
      // over HTTP/2 (its own channel, not an HTTP transport).
      fallback: options.transport === 'rest' ? 'rest' : false,
      clientOptions: {
        transporterOptions: {
          // The REST transport ignores the per-call timeout; a transport-level timeout makes
          // gaxios abort the HTTP request itself instead of leaving it running.
          timeout: options.timeoutMs,
          // The bot's one HTTP transport, like the Graph client and lookups (and not node-fetch,
          // which gaxios would load with a dynamic import() Jest cannot run). The signal gaxios
          // passes carries the timeout; the transport's own is a backstop.
          fetchImplementation: fetchOverTransport(options.httpTransport ?? nodeHttpTransport, options.timeoutMs * 4),
        },
      },
    });
    return client;
  } catch (error) {
    throw new DialogflowClientError(`could not create the Dialogflow client: ${(error as Error).message}`, { cause: error });
  }
}
