import type { Sql } from '../../sqlite/database';
import { scopeConversation, scopeMessage } from '../legacyMessageIds';

const PAGE = 1000;

/**
 * Customer messages of an earlier release, kept under the channel's own id, move to `channel:id`
 * (store/legacyMessageIds.ts), with the `inReplyTo` of replies and a conversation's
 * `lastInboundId` and pending replies that point at them. Outbound ids and `channelMessageId`
 * (what receipts are matched by) do not change. Run inside one transaction: by the store's
 * schema migration 2, and after a store.json import (which brings the old ids along).
 * Rows already moved are left alone, so it may run any number of times. Returns rows changed.
 */
export function moveMessageIdsToChannelScope(sql: Pick<Sql, 'all' | 'run'>): number {
  let changed = 0;
  const pages = <T extends { rowid: number }>(query: string, each: (row: T) => void) => {
    for (let after = 0; ; ) {
      const rows = sql.all<T>(`${query} AND rowid > ? ORDER BY rowid LIMIT ${PAGE}`, after);
      rows.forEach(each);
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].rowid;
    }
  };
  pages<{ rowid: number; id: string; doc: string }>("SELECT rowid, id, doc FROM messages WHERE (direction = 'in' OR in_reply_to IS NOT NULL)", (row) => {
    const next = scopeMessage(JSON.parse(row.doc));
    if (!next) return;
    sql.run('UPDATE messages SET id = ?, doc = ? WHERE rowid = ?', next.id, JSON.stringify(next), row.rowid);
    changed += 1;
  });
  pages<{ rowid: number; doc: string }>("SELECT rowid, doc FROM conversations WHERE json_extract(doc, '$.lastInboundId') IS NOT NULL", (row) => {
    const next = scopeConversation(JSON.parse(row.doc));
    if (!next) return;
    sql.run('UPDATE conversations SET doc = ? WHERE rowid = ?', JSON.stringify(next), row.rowid);
    changed += 1;
  });
  return changed;
}
