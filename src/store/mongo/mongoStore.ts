import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../../observability/logger';
import type {
  AgentRepository,
  AuditRepository,
  ConversationRepository,
  HandoffRepository,
  MessageRepository,
  ReportsRepository,
  Store,
  UnansweredRepository,
  FileVersionRepository,
  LoginAttemptRepository,
  LeaseRepository,
} from '../port';
import { connectionState, describeTarget, effectivePoolSize, openConnection, pingServer, serverInfo, type ConnectionSettings } from './connection';
import { compileModels, type StoreModels } from './models/storeModels';
import { migrate } from './migrations';
import { MongoAgentRepository } from './repositories/agentRepository';
import { MongoAuditRepository } from './repositories/auditRepository';
import { MongoConversationRepository } from './repositories/conversationRepository';
import { MongoCustomerRepository } from './repositories/customerRepository';
import { MongoHandoffRepository } from './repositories/handoffRepository';
import { MongoMessageRepository } from './repositories/messageRepository';
import { MongoUnansweredRepository } from './repositories/unansweredRepository';
import { MongoFileVersionRepository } from './repositories/fileVersionRepository';
import { MongoLoginAttemptRepository } from './repositories/loginAttemptRepository';
import { MongoReportsRepository } from './repositories/reportsRepository';
import { MongoLeaseRepository } from './repositories/leaseRepository';

export interface MongoStoreOptions extends ConnectionSettings {
  /** Connection events (lost, back) and start-up warnings go here. */
  logger?: Logger;
}

/**
 * The production Store: MongoDB through mongoose, on a connection of its own. Every write that
 * can race is one single-document atomic operation (see docs/STORE_MONGO.md); reads are lean.
 */
export class MongoStore implements Store {
  readonly kind = 'mongo';
  readonly customers: MongoCustomerRepository;
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  readonly handoffs: HandoffRepository;
  readonly agents: AgentRepository;
  readonly audit: AuditRepository;
  readonly unanswered: UnansweredRepository;
  readonly fileVersions: FileVersionRepository;
  readonly logins: LoginAttemptRepository;
  readonly leases: LeaseRepository;
  readonly reports: ReportsRepository;

  private readonly connection: Connection;
  private readonly models: StoreModels;
  private opened = false;

  constructor(private readonly options: MongoStoreOptions) {
    // A dedicated connection (not mongoose's global default): models, pool and events are this store's own.
    this.connection = mongoose.createConnection();
    this.models = compileModels(this.connection);
    this.customers = new MongoCustomerRepository(this.models.customers, this.models);
    this.conversations = new MongoConversationRepository(this.models.conversations);
    this.messages = new MongoMessageRepository(this.models.messages);
    this.handoffs = new MongoHandoffRepository(this.models.handoffs);
    this.agents = new MongoAgentRepository(this.models.agents);
    this.audit = new MongoAuditRepository(this.models.audit);
    this.unanswered = new MongoUnansweredRepository(this.models.unanswered);
    this.fileVersions = new MongoFileVersionRepository(this.models.fileVersions);
    this.logins = new MongoLoginAttemptRepository(this.models.loginAttempts);
    this.leases = new MongoLeaseRepository(this.models.leases);
    this.reports = new MongoReportsRepository(this.models.conversations, this.models.handoffs);
    this.watchConnection();
  }

  /** Connects, then creates missing indexes before anything is written (the unique ones are guards). */
  async init(): Promise<void> {
    if (this.opened) return;
    await openConnection(this.connection, this.options);
    try {
      await Promise.all(
        Object.entries(this.models).map(([name, model]) =>
          model.createIndexes().catch((error: Error) => {
            throw new Error(`MongoDB store: cannot create the indexes of ${name}: ${error.message}`);
          }),
        ),
      );
      await this.checkServer();
      await migrate(this.connection, this.models, this.options.logger);
      const backfilled = await this.customers.backfillIdentifiers();
      if (backfilled > 0) this.options.logger?.info('MongoDB store: customers given identifiers from their address', { customers: backfilled });
    } catch (error) {
      await this.connection.close(true).catch(() => undefined);
      throw error;
    }
    this.opened = true;
  }

  async ping(): Promise<void> {
    if (!this.opened) throw new Error(`MongoDB store: not connected to ${describeTarget(this.options.uri)} (init() has not completed, or close() was called)`);
    await pingServer(this.connection, this.options.uri);
  }

  async close(): Promise<void> {
    this.opened = false;
    await this.connection.close();
  }

  /**
   * FerretDB v1 applies a guarded update as "find, then write back by _id" without a
   * compare-and-set, so two pooled connections can both win a claim. It is safe with one
   * connection per process only (see docs/STORE_MONGO.md).
   */
  private async checkServer(): Promise<void> {
    const info = await serverInfo(this.connection);
    const pool = effectivePoolSize(this.connection);
    if (info.ferretdbVersion && pool > 1) {
      this.options.logger?.warn('MongoDB store: FerretDB with more than one pooled connection; guarded updates (claims, saves) can race. Add ?maxPoolSize=1 to MONGODB_URI or use MongoDB.', {
        ferretdbVersion: info.ferretdbVersion,
        maxPoolSize: pool,
      });
    }
    this.options.logger?.info('MongoDB store connected', { target: describeTarget(this.options.uri), serverVersion: info.version, ferretdbVersion: info.ferretdbVersion, maxPoolSize: pool });
  }

  private watchConnection(): void {
    const logger = this.options.logger;
    const target = describeTarget(this.options.uri);
    // Without an 'error' listener an EventEmitter error would be thrown; the driver reconnects by itself.
    this.connection.on('error', (error: Error) => logger?.error('MongoDB store: connection error', { target, error: error.message }));
    this.connection.on('disconnected', () => {
      if (this.opened) logger?.warn('MongoDB store: connection lost; the driver keeps retrying', { target, state: connectionState(this.connection) });
    });
    this.connection.on('reconnected', () => logger?.info('MongoDB store: connection back', { target }));
  }
}
