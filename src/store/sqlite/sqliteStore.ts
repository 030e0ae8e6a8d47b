import type { Logger } from '../../observability/logger';
import type {
  AgentRepository, AuditRepository, ConversationRepository, CustomerRepository, FileVersionRepository, HandoffRepository,
  LeaseRepository, LoginAttemptRepository, MessageRepository, ReportsRepository, Store, UnansweredRepository,
} from '../port';
import type { SqliteDatabase } from '../../sqlite/database';
import { STORE_MIGRATIONS } from './schema';
import { importSnapshot } from './snapshotImport';
import { SqliteAgentRepository } from './repositories/agentRepository';
import { SqliteAuditRepository } from './repositories/auditRepository';
import { SqliteConversationRepository } from './repositories/conversationRepository';
import { SqliteCustomerRepository } from './repositories/customerRepository';
import { SqliteFileVersionRepository } from './repositories/fileVersionRepository';
import { SqliteHandoffRepository } from './repositories/handoffRepository';
import { SqliteLeaseRepository } from './repositories/leaseRepository';
import { SqliteLoginAttemptRepository } from './repositories/loginAttemptRepository';
import { SqliteMessageRepository } from './repositories/messageRepository';
import { SqliteReportsRepository } from './repositories/reportsRepository';
import { SqliteUnansweredRepository } from './repositories/unansweredRepository';

export interface SqliteStoreOptions {
  database: SqliteDatabase;
  logger?: Logger;
  /** The memory store's snapshot of an earlier release (`DATA_DIR/store.json`): imported once at init. */
  legacySnapshot?: string;
}

/**
 * The embedded Store: one SQLite file in DATA_DIR (docs/STORE_SQLITE.md). Every write is one
 * statement, or one savepoint, in the database's group commit, and resolves once it is on
 * disk; every read is an indexed query, so cost does not grow with history.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly customers: CustomerRepository;
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  readonly handoffs: HandoffRepository;
  readonly agents: AgentRepository;
  readonly audit: AuditRepository;
  readonly unanswered: UnansweredRepository;
  readonly logins: LoginAttemptRepository;
  readonly leases: LeaseRepository;
  readonly fileVersions: FileVersionRepository;
  readonly reports: ReportsRepository;
  private readonly db: SqliteDatabase;
  private readonly messageRepository: SqliteMessageRepository;

  constructor(private readonly options: SqliteStoreOptions) {
    this.db = options.database.acquire();
    try {
      this.db.migrate('store', STORE_MIGRATIONS);
    } catch (error) {
      void this.db.release();
      throw error;
    }
    this.customers = new SqliteCustomerRepository(this.db);
    this.conversations = new SqliteConversationRepository(this.db);
    this.messages = this.messageRepository = new SqliteMessageRepository(this.db);
    this.handoffs = new SqliteHandoffRepository(this.db);
    this.agents = new SqliteAgentRepository(this.db);
    this.audit = new SqliteAuditRepository(this.db);
    this.unanswered = new SqliteUnansweredRepository(this.db);
    this.logins = new SqliteLoginAttemptRepository(this.db);
    this.leases = new SqliteLeaseRepository(this.db);
    this.fileVersions = new SqliteFileVersionRepository(this.db);
    this.reports = new SqliteReportsRepository(this.db);
  }

  async init(): Promise<void> {
    if (this.options.legacySnapshot) await importSnapshot(this.db, this.options.legacySnapshot, this.options.logger);
    if (this.db.exclusive) {
      const released = await this.messageRepository.releaseClaimsOfEarlierRuns();
      if (released > 0) this.options.logger?.warn('sends interrupted by the last stop will go out now', { messages: released });
    }
    this.options.logger?.info('SQLite store open', { file: this.db.describe() });
  }

  async ping(): Promise<void> {
    this.db.read((sql) => sql.get('SELECT 1'));
  }

  async close(): Promise<void> {
    await this.db.release();
  }
}
