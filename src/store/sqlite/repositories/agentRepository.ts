import type { Agent } from '../../../domain/agent';
import type { AgentRepository } from '../../port';
import type { SqliteDatabase } from '../../../sqlite/database';
import { fromDoc, fromDocs, json, mergeChanges, type DocRow } from '../documents';

export class SqliteAgentRepository implements AgentRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** Insert-only: the unique e-mail index (and the primary key) refuse a second account. */
  create(agent: Agent): Promise<boolean> {
    const stored = { ...agent, email: agent.email.toLowerCase() };
    return this.db.write((sql) => sql.run('INSERT INTO agents (id, doc) VALUES (?, ?) ON CONFLICT DO NOTHING', agent.id, json(stored)).changes === 1);
  }

  async get(id: string): Promise<Agent | null> {
    return this.db.read((sql) => fromDoc<Agent>(sql.get('SELECT doc FROM agents WHERE id = ?', id)));
  }

  async getByEmail(email: string): Promise<Agent | null> {
    return this.db.read((sql) => fromDoc<Agent>(sql.get('SELECT doc FROM agents WHERE email = ?', email.toLowerCase())));
  }

  async list(): Promise<Agent[]> {
    return this.db.read((sql) => fromDocs<Agent>(sql.all('SELECT doc FROM agents ORDER BY created_at, id')));
  }

  /** One guarded update: its filter holds only while the step is new or the code is still there. */
  useSecondFactor(id: string, use: { step: number } | { recoveryCodeHash: string }): Promise<boolean> {
    if ('step' in use) {
      return this.db.write(
        (sql) =>
          sql.run(
            `UPDATE agents SET doc = json_set(doc, '$.twoFactor.lastStep', json(?))
             WHERE id = ? AND json_extract(doc, '$.twoFactor.enabledAt') IS NOT NULL
               AND coalesce(json_extract(doc, '$.twoFactor.lastStep') < ?, 1)`,
            json(use.step),
            id,
            use.step,
          ).changes === 1,
      );
    }
    const codeIndex = `(SELECT key FROM json_each(doc, '$.twoFactor.recoveryCodes') WHERE value = ? LIMIT 1)`;
    return this.db.write(
      (sql) =>
        sql.run(
          `UPDATE agents SET doc = json_remove(doc, '$.twoFactor.recoveryCodes[' || ${codeIndex} || ']')
           WHERE id = ? AND ${codeIndex} IS NOT NULL`,
          use.recoveryCodeHash,
          id,
          use.recoveryCodeHash,
        ).changes === 1,
    );
  }

  async update(id: string, changes: Parameters<AgentRepository['update']>[1]): Promise<Agent | null> {
    const change = mergeChanges(changes, ['id']);
    if (!change) return this.get(id);
    return this.db.write((sql) => fromDoc<Agent>(sql.get<DocRow>(`UPDATE agents SET doc = ${change.sql} WHERE id = ? RETURNING doc`, ...change.params, id)));
  }
}
