/** Public surface of the Dialogflow ES adapter of the NLU port (NLU=dialogflow). */
export {
  DialogflowNlu,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_THRESHOLD,
  DEFAULT_CIRCUIT,
  MAX_QUERY_CHARS,
  type DialogflowNluOptions,
  type DialogflowStats,
  type NluLogger,
} from './dialogflowNlu';
export { createDialogflowNlu, parseCredentialsJson, DialogflowConfigError, type DialogflowSettings, type ParsedCredentials } from './settings';
export {
  createSessionsClient,
  sessionPath,
  sessionIdFor,
  apiEndpointFor,
  type SessionsClientLike,
  type SessionsClientOptions,
  type ServiceAccountKey,
  type Transport,
  type DetectIntentRequest,
  type DetectIntentResponse,
} from './sessionsClient';
export { CircuitBreaker, type CircuitState } from './circuitBreaker';
export { classifyFailure, DialogflowTimeoutError, DialogflowClientError, type FailureKind } from './failures';
export { IntentIndex, toNluResult, structToJson, asksForHandoff } from './answer';
export { buildAgentFiles, buildAgentZip, mergeIntents, FALLBACK_INTENT_NAME, type AgentExportOptions, type AgentFile, type AgentSummary } from './agentExport';
