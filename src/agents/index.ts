export { hashPassword, verifyPassword } from './passwords';
export { SessionTokens, type SessionClaims } from './sessionTokens';
export { LoginThrottle } from './loginThrottle';
export { createAgent, ensureFirstAdmin, publicAgent, newAgentSchema, AgentExistsError, UnknownTeamError, type NewAgent } from './agentAccounts';
