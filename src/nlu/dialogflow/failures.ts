/**
 * What went wrong with a Dialogflow call, in words an operator can act on. The REST
 * transport reports HTTP statuses (a GaxiosError whose `status`/`code` is 401, 429, 503...),
 * the gRPC transport numeric gRPC codes (16, 8, 14...): both are read here.
 * Status meanings: https://cloud.google.com/apis/design/errors#handling_errors
 */
export type FailureKind =
  /** No answer within timeoutMs (our timer, the HTTP abort, or DEADLINE_EXCEEDED). */
  | 'timeout'
  /** 401/403: key revoked or wrong, Dialogflow API not enabled, role missing. */
  | 'auth'
  /** 429 RESOURCE_EXHAUSTED: the project's quota or rate limit. */
  | 'quota'
  /** 5xx, UNAVAILABLE, connection refused or reset. */
  | 'unavailable'
  /** 400/404: wrong project, location or environment, or a request Dialogflow refuses. */
  | 'rejected'
  /** The client could not be built or find its credentials (missing key file...). */
  | 'config'
  | 'unknown';

export const FAILURE_KINDS: readonly FailureKind[] = ['timeout', 'auth', 'quota', 'unavailable', 'rejected', 'config', 'unknown'];

export class DialogflowTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Dialogflow did not answer within ${timeoutMs} ms`);
    this.name = 'DialogflowTimeoutError';
  }
}

/** Thrown by the client factory; classified as `config`. */
export class DialogflowClientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DialogflowClientError';
  }
}

// google.rpc.Code numbers, as the gRPC transport reports them.
const GRPC = { DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, INVALID_ARGUMENT: 3, FAILED_PRECONDITION: 9, UNAVAILABLE: 14, UNAUTHENTICATED: 16 } as const;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ENETUNREACH', 'EHOSTUNREACH']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  status?: unknown;
  message?: unknown;
  response?: { status?: unknown };
}

function httpStatusOf(e: ErrorLike): number | undefined {
  for (const candidate of [e.response?.status, e.status, e.code]) {
    if (typeof candidate === 'number' && candidate >= 100 && candidate < 600) return candidate;
  }
  return undefined;
}

export function classifyFailure(error: unknown): { kind: FailureKind; status?: number | string } {
  if (error instanceof DialogflowTimeoutError) return { kind: 'timeout' };
  if (error instanceof DialogflowClientError) return { kind: 'config' };
  const e = (error ?? {}) as ErrorLike;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const http = httpStatusOf(e);
  if (http !== undefined) {
    if (http === 401 || http === 403) return { kind: 'auth', status: http };
    if (http === 429) return { kind: 'quota', status: http };
    if (http === 408 || http === 504) return { kind: 'timeout', status: http };
    if (http >= 500) return { kind: 'unavailable', status: http };
    if (http >= 400) return { kind: 'rejected', status: http };
  }
  if (typeof e.code === 'number') {
    switch (e.code) {
      case GRPC.UNAUTHENTICATED:
      case GRPC.PERMISSION_DENIED:
        return { kind: 'auth', status: e.code };
      case GRPC.RESOURCE_EXHAUSTED:
        return { kind: 'quota', status: e.code };
      case GRPC.DEADLINE_EXCEEDED:
        return { kind: 'timeout', status: e.code };
      case GRPC.UNAVAILABLE:
        return { kind: 'unavailable', status: e.code };
      case GRPC.INVALID_ARGUMENT:
      case GRPC.NOT_FOUND:
      case GRPC.FAILED_PRECONDITION:
        return { kind: 'rejected', status: e.code };
    }
  }
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return { kind: 'unavailable', status: e.code };
  // GOOGLE_APPLICATION_CREDENTIALS names a file that is missing or unreadable.
  if (e.code === 'ENOENT' || e.code === 'EACCES') return { kind: 'config', status: e.code };
  if (/Could not load the default credentials|Unable to find credentials/i.test(message)) return { kind: 'config' };
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.code === 'TimeoutError' || e.code === 'ETIMEDOUT' || /aborted|timed? ?out/i.test(message)) {
    return { kind: 'timeout' };
  }
  if (/RESOURCE_EXHAUSTED|quota/i.test(message)) return { kind: 'quota' };
  if (/UNAUTHENTICATED|PERMISSION_DENIED|credentials|invalid_grant|private key/i.test(message)) return { kind: 'auth' };
  return { kind: 'unknown' };
}

/** A short, single-line description for the log; never the customer's text. */
export function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').slice(0, 300);
}

/**
 * Settles with `promise`, or rejects with DialogflowTimeoutError after `ms`. The REST
 * transport does not enforce the call's `timeout` option (google-gax fallbackServiceStub
 * ignores the deadline), so this timer is what bounds a turn. The timer is not unref'd:
 * it is what guarantees the caller an answer, and it is cleared as soon as the call settles.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DialogflowTimeoutError(ms)), ms);
  });
  // A late rejection of the abandoned call must not become an unhandled rejection.
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
