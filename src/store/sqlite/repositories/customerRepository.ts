import type { Customer } from '../../../domain/customer';
import type { CustomerRepository } from '../../port';
import type { SqliteDatabase } from '../../../sqlite/database';
import { fromDoc, json, mergeChanges, type DocRow } from '../documents';

type TouchInput = Parameters<CustomerRepository['touch']>[0];

export class SqliteCustomerRepository implements CustomerRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** One upsert: the new customer on first contact, else last-seen (and the name, when given). */
  touch(input: TouchInput): Promise<Customer> {
    const fresh: Customer = {
      id: input.id, channel: input.channel, address: input.address, profileName: input.profileName,
      tags: [], optedOut: false, createdAt: input.at, lastSeenAt: input.at,
    };
    const refresh = input.profileName !== undefined
      ? { sql: `json_set(doc, '$.lastSeenAt', json(?), '$.profileName', json(?))`, params: [json(input.at), json(input.profileName)] }
      : { sql: `json_set(doc, '$.lastSeenAt', json(?))`, params: [json(input.at)] };
    return this.db.write((sql) => {
      const row = sql.get<DocRow>(
        `INSERT INTO customers (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = ${refresh.sql} RETURNING doc`,
        input.id, json(fresh), ...refresh.params,
      );
      return fromDoc<Customer>(row)!;
    });
  }

  async get(id: string): Promise<Customer | null> {
    return this.db.read((sql) => fromDoc<Customer>(sql.get('SELECT doc FROM customers WHERE id = ?', id)));
  }

  async update(id: string, changes: Parameters<CustomerRepository['update']>[1]): Promise<void> {
    const change = mergeChanges(changes, ['id']);
    if (!change) return;
    await this.db.write((sql) => sql.run(`UPDATE customers SET doc = ${change.sql} WHERE id = ?`, ...change.params, id));
  }

  remove(id: string): Promise<boolean> {
    return this.db.write((sql) => sql.run('DELETE FROM customers WHERE id = ?', id).changes === 1);
  }
}
