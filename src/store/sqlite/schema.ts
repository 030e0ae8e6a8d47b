import type { Migration } from '../../sqlite/migrations';
import { moveMessageIdsToChannelScope } from './messageIdsPerChannel';
import { backfillCustomerKeys } from './customerKeys';

/** `name TYPE` computed from the document: indexes stay in step with `doc` by construction. */
const field = (name: string, type: 'TEXT' | 'INTEGER', jsonPath: string) => `${name} ${type} GENERATED ALWAYS AS (json_extract(doc, '$.${jsonPath}')) VIRTUAL`;

/**
 * The store's tables. Each record is its domain object as JSON in `doc` (what the port reads
 * and writes, so a new optional field needs no migration); the fields that queries filter or
 * sort on are generated columns of `doc` with an index for every query the repositories make.
 * An index holds every column a query filters on, so no query reads a row only to drop it
 * (test/unit/store/sqliteQueryPlans.test.ts counts them).
 * A new version goes at the end of this list; never edit one that has shipped.
 */
export const STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'customers, conversations, messages, handoffs, agents, audit, unanswered questions, failed logins',
    up(db) {
      db.exec(`
        CREATE TABLE customers (id TEXT PRIMARY KEY, doc TEXT NOT NULL);

        CREATE TABLE conversations (
          id TEXT PRIMARY KEY, doc TEXT NOT NULL,
          ${field('customer_id', 'TEXT', 'customerId')},
          ${field('status', 'TEXT', 'status')},
          ${field('channel', 'TEXT', 'channel')},
          ${field('locale', 'TEXT', 'locale')},
          ${field('created_at', 'INTEGER', 'createdAt')},
          ${field('version', 'INTEGER', 'version')}
        );
        CREATE INDEX conversations_by_customer ON conversations (customer_id, created_at);
        CREATE INDEX conversations_open ON conversations (customer_id, created_at) WHERE status = 'open';
        CREATE INDEX conversations_by_created ON conversations (created_at);

        -- The implicit rowid orders messages written in the same millisecond.
        CREATE TABLE messages (
          id TEXT PRIMARY KEY, doc TEXT NOT NULL,
          ${field('conversation_id', 'TEXT', 'conversationId')},
          ${field('customer_id', 'TEXT', 'customerId')},
          ${field('direction', 'TEXT', 'direction')},
          ${field('status', 'TEXT', 'status')},
          ${field('in_reply_to', 'TEXT', 'inReplyTo')},
          ${field('channel_message_id', 'TEXT', 'channelMessageId')},
          ${field('created_at', 'INTEGER', 'createdAt')}
        );
        CREATE INDEX messages_by_conversation ON messages (conversation_id, created_at);
        CREATE INDEX messages_by_customer ON messages (customer_id, created_at);
        CREATE INDEX messages_replies ON messages (in_reply_to, created_at) WHERE in_reply_to IS NOT NULL;
        CREATE INDEX messages_by_channel_id ON messages (channel_message_id) WHERE channel_message_id IS NOT NULL;
        CREATE INDEX messages_sending ON messages (status) WHERE status = 'sending';

        CREATE TABLE handoffs (
          id TEXT PRIMARY KEY, doc TEXT NOT NULL,
          ${field('customer_id', 'TEXT', 'customerId')},
          ${field('status', 'TEXT', 'status')},
          ${field('team', 'TEXT', 'team')},
          ${field('agent_id', 'TEXT', 'agentId')},
          ${field('channel', 'TEXT', 'channel')},
          ${field('locale', 'TEXT', 'locale')},
          ${field('queued_at', 'INTEGER', 'queuedAt')},
          ${field('claimed_at', 'INTEGER', 'claimedAt')},
          ${field('version', 'INTEGER', 'version')}
        );
        CREATE INDEX handoffs_by_status ON handoffs (status, team, queued_at);
        CREATE INDEX handoffs_by_team ON handoffs (team, queued_at);
        CREATE INDEX handoffs_recent_claims ON handoffs (status, team, claimed_at) WHERE claimed_at IS NOT NULL;
        CREATE INDEX handoffs_by_agent ON handoffs (agent_id, status, queued_at) WHERE agent_id IS NOT NULL;
        CREATE INDEX handoffs_by_customer ON handoffs (customer_id, queued_at);
        CREATE INDEX handoffs_by_queued ON handoffs (queued_at);

        CREATE TABLE agents (
          id TEXT PRIMARY KEY, doc TEXT NOT NULL,
          ${field('email', 'TEXT', 'email')},
          ${field('created_at', 'INTEGER', 'createdAt')}
        );
        CREATE UNIQUE INDEX agents_by_email ON agents (email);
        CREATE INDEX agents_by_created ON agents (created_at);

        -- seq orders entries of the same millisecond, newest first.
        CREATE TABLE audit (
          seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL,
          ${field('at', 'INTEGER', 'at')},
          ${field('actor_id', 'TEXT', 'actorId')},
          ${field('subject_id', 'TEXT', 'subjectId')}
        );
        CREATE INDEX audit_by_at ON audit (at);
        CREATE INDEX audit_by_actor ON audit (actor_id, at);
        CREATE INDEX audit_by_subject ON audit (subject_id, at);

        CREATE TABLE unanswered (
          key TEXT PRIMARY KEY, count INTEGER NOT NULL, last_example TEXT NOT NULL,
          last_at INTEGER NOT NULL, first_at INTEGER NOT NULL, locale TEXT
        );
        CREATE INDEX unanswered_by_count ON unanswered (count DESC, last_at DESC);

        CREATE TABLE login_attempts (key TEXT PRIMARY KEY, count INTEGER NOT NULL, first_at INTEGER NOT NULL);
        CREATE INDEX login_attempts_by_first ON login_attempts (first_at);

        -- One-off facts about this file: when a store.json was imported.
        CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `);
    },
  },
  {
    version: 2,
    description: 'customer messages kept under channel:id (and the lastInboundId and inReplyTo that point at them)',
    up(db) {
      moveMessageIdsToChannelScope({ all: (query, ...params) => db.prepare(query).all(...params) as never[], run: (query, ...params) => db.prepare(query).run(...params) });
    },
  },
  {
    version: 3,
    description: 'retention: conversations by close and idle time; leases',
    up(db) {
      // (A generated VIRTUAL column may be added to a table that has rows: nothing is rewritten.)
      db.exec(`
        ALTER TABLE conversations ADD COLUMN ${field('owner', 'TEXT', 'owner')};
        ALTER TABLE conversations ADD COLUMN ${field('closed_at', 'INTEGER', 'closedAt')};
        ALTER TABLE conversations ADD COLUMN ${field('updated_at', 'INTEGER', 'updatedAt')};
        ALTER TABLE conversations ADD COLUMN ${field('redacted_at', 'INTEGER', 'redactedAt')};
        CREATE INDEX conversations_to_redact ON conversations (closed_at) WHERE status = 'closed' AND redacted_at IS NULL;
        CREATE INDEX conversations_idle ON conversations (updated_at) WHERE status = 'open' AND owner = 'bot' AND redacted_at IS NULL;

        CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL);
      `);
    },
  },
  {
    version: 4,
    description: 'versions of the files ops edit in the console (flows, canned replies, templates)',
    up(db) {
      // The key (file, seq) is the index every query uses; the texts sit beside the summary.
      db.exec(`
        CREATE TABLE file_versions (
          file TEXT NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL, previous TEXT, text TEXT,
          PRIMARY KEY (file, seq)
        );
      `);
    },
  },
  {
    version: 5,
    description: 'customers found by any identifier (phone, BSUID, page-scoped id) and by an agent\'s search',
    up(db) {
      db.exec(`
        -- One row per identifier a customer was seen with (store/sqlite/customerKeys.ts).
        CREATE TABLE customer_identifiers (
          channel TEXT NOT NULL, value TEXT NOT NULL, kind TEXT NOT NULL, customer_id TEXT NOT NULL,
          PRIMARY KEY (channel, value, kind, customer_id)
        ) WITHOUT ROWID;
        CREATE INDEX customer_identifiers_by_customer ON customer_identifiers (customer_id);

        -- Prefix keys an agent's search looks up (domain/customerSearch.ts searchKeysOf).
        CREATE TABLE customer_search_keys (key TEXT NOT NULL, customer_id TEXT NOT NULL, PRIMARY KEY (key, customer_id)) WITHOUT ROWID;
        CREATE INDEX customer_search_keys_by_customer ON customer_search_keys (customer_id);
      `);
      backfillCustomerKeys(db);
    },
  },
];
