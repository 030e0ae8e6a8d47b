import { mergedCustomer, type Customer } from '../../../domain/customer';
import { matchesCustomerQuery, parseCustomerQuery, searchKeyPrefix, searchKeysOf } from '../../../domain/customerSearch';
import { identifiersOrAddress, unionIdentifiers, type CustomerIdentifier } from '../../../domain/identity';
import type { ChannelName } from '../../../domain/message';
import type { CustomerRepository, CustomerTouch } from '../../port';
import type { Sql, SqliteDatabase } from '../../../sqlite/database';
import { fromDoc, fromDocs, json, mergeChanges } from '../documents';
import { indexCustomer, unindexCustomer, withIdentifiers } from '../customerKeys';

// An agent's search reads at most this many candidates (a one-letter username prefix of a big shop).
const SEARCH_CANDIDATES = 1000;

/**
 * Customers, and what finds them (store/sqlite/customerKeys.ts). Every write is one savepoint
 * of the open batch: the record and its keys change together, and a read-modify-write inside
 * it runs with nothing in between (one connection, one thread).
 */
export class SqliteCustomerRepository implements CustomerRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** The new customer on first contact; else last-seen, the name and username when given, and new identifiers. */
  touch(input: CustomerTouch): Promise<Customer> {
    const identifiers = identifiersOrAddress(input.identifiers, input.address, input.channel);
    return this.db.writeAll((sql) => {
      const stored = storedCustomer(sql, input.id);
      const customer: Customer = stored
        ? {
            ...stored,
            ...(input.profileName !== undefined ? { profileName: input.profileName } : {}),
            ...(input.username !== undefined ? { username: input.username } : {}),
            identifiers: unionIdentifiers(stored.identifiers, identifiers),
            lastSeenAt: input.at,
          }
        : {
            id: input.id, channel: input.channel, address: input.address, identifiers: unionIdentifiers(identifiers, []),
            profileName: input.profileName, username: input.username, tags: [], optedOut: false, createdAt: input.at, lastSeenAt: input.at,
          };
      sql.run('INSERT INTO customers (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc', customer.id, json(customer));
      indexCustomer(sql, customer);
      return JSON.parse(json(customer)) as Customer;
    });
  }

  async get(id: string): Promise<Customer | null> {
    return this.db.read((sql) => storedCustomer(sql, id));
  }

  async update(id: string, changes: Parameters<CustomerRepository['update']>[1]): Promise<void> {
    const change = mergeChanges(changes, ['id']);
    if (!change) return;
    await this.db.writeAll((sql) => {
      sql.run(`UPDATE customers SET doc = ${change.sql} WHERE id = ?`, ...change.params, id);
      // A typed number is searchable too.
      if (changes.statedPhone) for (const key of searchKeysOf({ identifiers: [], statedPhone: changes.statedPhone })) {
        sql.run('INSERT INTO customer_search_keys (key, customer_id) SELECT ?, id FROM customers WHERE id = ? ON CONFLICT DO NOTHING', key, id);
      }
    });
  }

  /** One primary-key look-up per identifier; oldest first. */
  async findByIdentifiers(channel: ChannelName, identifiers: CustomerIdentifier[]): Promise<Customer[]> {
    return this.db.read((sql) => {
      const ids = new Set<string>();
      for (const id of identifiers) {
        for (const row of sql.all<{ customer_id: string }>('SELECT customer_id FROM customer_identifiers WHERE channel = ? AND value = ? AND kind = ?', channel, id.value, id.kind)) {
          ids.add(row.customer_id);
        }
      }
      return [...ids]
        .map((id) => storedCustomer(sql, id))
        .filter((c): c is Customer => c !== null)
        .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    });
  }

  /**
   * One savepoint: the survivor takes everything of the absorbed record, its conversations,
   * messages and handoffs move (conversations and handoffs with their version bumped, so a save
   * from a copy read before is refused), and the absorbed record and its keys go.
   */
  merge(absorbedId: string, survivorId: string): Promise<Customer | null> {
    return this.db.writeAll((sql) => {
      const survivor = storedCustomer(sql, survivorId);
      if (!survivor) return null;
      const absorbed = storedCustomer(sql, absorbedId);
      if (!absorbed || absorbedId === survivorId) return survivor;
      const merged = mergedCustomer(survivor, absorbed);
      sql.run('UPDATE customers SET doc = ? WHERE id = ?', json(merged), survivorId);
      sql.run(`UPDATE conversations SET doc = json_set(doc, '$.customerId', ?, '$.version', version + 1) WHERE customer_id = ?`, survivorId, absorbedId);
      sql.run(`UPDATE messages SET doc = json_set(doc, '$.customerId', ?) WHERE customer_id = ?`, survivorId, absorbedId);
      sql.run(`UPDATE handoffs SET doc = json_set(doc, '$.customerId', ?, '$.version', version + 1) WHERE customer_id = ?`, survivorId, absorbedId);
      unindexCustomer(sql, absorbedId);
      sql.run('DELETE FROM customers WHERE id = ?', absorbedId);
      indexCustomer(sql, merged);
      return merged;
    });
  }

  /** Candidates by an indexed key (exact, or a prefix range), checked one by one; newest first. */
  async search(text: string, limit: number): Promise<Customer[]> {
    const query = parseCustomerQuery(text);
    if (!query) return [];
    const { prefix, exact } = searchKeyPrefix(query);
    return this.db.read((sql) => {
      const candidates = exact
        ? sql.all<{ doc: string }>(`SELECT doc FROM customers WHERE id IN (SELECT customer_id FROM customer_search_keys WHERE key = ? LIMIT ${SEARCH_CANDIDATES})`, prefix)
        : sql.all<{ doc: string }>(`SELECT doc FROM customers WHERE id IN (SELECT customer_id FROM customer_search_keys WHERE key >= ? AND key < ? LIMIT ${SEARCH_CANDIDATES})`, prefix, prefixEnd(prefix));
      return fromDocs<Customer>(candidates)
        .map(withIdentifiers)
        .filter((c) => matchesCustomerQuery(c, query))
        .sort((a, b) => b.lastSeenAt - a.lastSeenAt || (a.id < b.id ? -1 : 1))
        .slice(0, limit);
    });
  }

  /** Erasure: the record and everything that found it (identifiers, search keys), in one savepoint. */
  remove(id: string): Promise<boolean> {
    return this.db.writeAll((sql) => {
      unindexCustomer(sql, id);
      return sql.run('DELETE FROM customers WHERE id = ?', id).changes === 1;
    });
  }
}

function storedCustomer(sql: Pick<Sql, 'get'>, id: string): Customer | null {
  const customer = fromDoc<Customer>(sql.get('SELECT doc FROM customers WHERE id = ?', id));
  return customer && withIdentifiers(customer);
}

/** The first string after every string that starts with `prefix` (keys are compared byte by byte). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
