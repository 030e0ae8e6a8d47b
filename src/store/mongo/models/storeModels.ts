import type { Connection } from 'mongoose';
import { agentModel, type AgentModel } from './agentModel';
import { auditModel, type AuditModel } from './auditModel';
import { conversationModel, type ConversationModel } from './conversationModel';
import { customerModel, type CustomerModel } from './customerModel';
import { handoffModel, type HandoffModel } from './handoffModel';
import { messageModel, type MessageModel } from './messageModel';
import { unansweredModel, type UnansweredModel } from './unansweredModel';
import { loginAttemptModel, type LoginAttemptModel } from './loginAttemptModel';
import { leaseModel, type LeaseModel } from './leaseModel';
import { fileVersionModel, type FileVersionModel } from './fileVersionModel';

/** The models of one store, compiled on its own connection (never on mongoose's global one). */
export interface StoreModels {
  customers: CustomerModel;
  conversations: ConversationModel;
  messages: MessageModel;
  handoffs: HandoffModel;
  agents: AgentModel;
  audit: AuditModel;
  unanswered: UnansweredModel;
  loginAttempts: LoginAttemptModel;
  leases: LeaseModel;
  fileVersions: FileVersionModel;
}

export function compileModels(connection: Connection): StoreModels {
  return {
    customers: customerModel(connection),
    conversations: conversationModel(connection),
    messages: messageModel(connection),
    handoffs: handoffModel(connection),
    agents: agentModel(connection),
    audit: auditModel(connection),
    unanswered: unansweredModel(connection),
    loginAttempts: loginAttemptModel(connection),
    leases: leaseModel(connection),
    fileVersions: fileVersionModel(connection),
  };
}
