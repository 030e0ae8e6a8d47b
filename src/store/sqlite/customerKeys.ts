import type Database from 'better-sqlite3';
import type { Customer } from '../../domain/customer';
import { searchKeysOf } from '../../domain/customerSearch';
import { identifiersOrAddress } from '../../domain/identity';
import type { Sql } from '../../sqlite/database';

/**
 * What finds a customer, kept in two tables beside `customers` and written in the same
 * savepoint as the record: `customer_identifiers` (every identifier the channel sent: a
 * message finds its sender by any of them) and `customer_search_keys` (an agent's search, an
 * indexed prefix look-up: domain/customerSearch.ts). Keys of a replaced username may linger;
 * the search checks each candidate.
 */
export function indexCustomer(sql: Pick<Sql, 'run'>, customer: Customer): void {
  for (const id of customer.identifiers) {
    sql.run('INSERT INTO customer_identifiers (channel, value, kind, customer_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', customer.channel, id.value, id.kind, customer.id);
  }
  for (const key of searchKeysOf(customer)) {
    sql.run('INSERT INTO customer_search_keys (key, customer_id) VALUES (?, ?) ON CONFLICT DO NOTHING', key, customer.id);
  }
}

export function unindexCustomer(sql: Pick<Sql, 'run'>, customerId: string): void {
  sql.run('DELETE FROM customer_identifiers WHERE customer_id = ?', customerId);
  sql.run('DELETE FROM customer_search_keys WHERE customer_id = ?', customerId);
}

/** A customer stored before identifiers existed (an older file, a store.json) is known by its address. */
export function withIdentifiers(customer: Customer): Customer {
  if (customer.identifiers?.length) return customer;
  return { ...customer, identifiers: identifiersOrAddress(customer.identifiers, customer.address, customer.channel) };
}

/** The identifiers migration (schema.ts) on a file with customers: each gets its identifiers (from its address) and search keys. */
export function backfillCustomerKeys(db: Database.Database): void {
  const sql = { run: (statement: string, ...params: unknown[]) => db.prepare(statement).run(...params) };
  const page = db.prepare('SELECT id, doc FROM customers WHERE id > ? ORDER BY id LIMIT 1000');
  for (let after = ''; ; ) {
    const rows = page.all(after) as Array<{ id: string; doc: string }>;
    if (rows.length === 0) return;
    for (const row of rows) {
      const customer = withIdentifiers(JSON.parse(row.doc) as Customer);
      sql.run('UPDATE customers SET doc = ? WHERE id = ?', JSON.stringify(customer), row.id);
      indexCustomer(sql, customer);
    }
    after = rows[rows.length - 1].id;
  }
}
