import type { mongo } from 'mongoose';
import type { ConversationFactRow, HandoffFactRow, ReportFactsQuery, ReportsRepository } from '../../port';
import type { ConversationDocument, ConversationModel } from '../models/conversationModel';
import type { HandoffDocument, HandoffModel } from '../models/handoffModel';

const CONVERSATION_PROJECTION = { _id: 1, channel: 1, locale: 1, createdAt: 1, facts: 1 } as const;
const HANDOFF_PROJECTION = {
  _id: 1, conversationId: 1, customerId: 1, status: 1, team: 1, agentId: 1, channel: 1, locale: 1,
  queuedAt: 1, claimedAt: 1, firstAgentReplyAt: 1, closedAt: 1, slaBreachedAt: 1, resolution: 1, csat: 1,
} as const;

/**
 * Reports over MongoDB: one indexed range `find` per collection ({createdAt: 1} on
 * conversations, {queuedAt: 1} on handoffs) with an inclusion projection, read through the
 * driver (no mongoose hydration); the KPIs are computed in src/reports/.
 *
 * Why rows and not aggregation: medians and p90s need every value, and the MongoDB-wire
 * server we test on (FerretDB v1) has no $avg/$min/$max/$push/$cond/$dateToString and returns
 * only the first accumulator of a $group correctly. A row is at most ~15 scalars, so even a
 * busy month (tens of thousands of rows) is a few MB, and only the filters below differ
 * between this adapter and the SQLite one (test/contracts/reportsContract.ts keeps them equal).
 */
export class MongoReportsRepository implements ReportsRepository {
  constructor(
    private readonly conversations: ConversationModel,
    private readonly handoffs: HandoffModel,
  ) {}

  async conversationFacts(query: ReportFactsQuery): Promise<ConversationFactRow[]> {
    const where: Record<string, unknown> = { createdAt: { $gte: query.from, $lt: query.to } };
    if (query.channel) where.channel = query.channel;
    if (query.locale) where.locale = query.locale;
    if (query.conversationIds) where._id = { $in: query.conversationIds };
    const docs = await this.conversations.collection.find(where as mongo.Filter<mongo.Document>, { projection: CONVERSATION_PROJECTION }).toArray();
    return docs.map((doc) => {
      const { _id, channel, locale, createdAt, facts } = doc as unknown as ConversationDocument;
      return facts ? { id: _id, channel, locale, createdAt, facts } : { id: _id, channel, locale, createdAt };
    });
  }

  async handoffFacts(query: ReportFactsQuery): Promise<HandoffFactRow[]> {
    const where: Record<string, unknown> = { queuedAt: { $gte: query.from, $lt: query.to } };
    if (query.team) where.team = query.team;
    if (query.agentId) where.agentId = query.agentId;
    if (query.locale) where.locale = query.locale;
    if (query.customerIds) where.customerId = { $in: query.customerIds };
    if (query.channel) {
      // Handoffs written before `channel` was kept carry it only in the customer id prefix.
      where.$or = [{ channel: query.channel }, { channel: { $exists: false }, customerId: { $regex: `^${escapeRegex(query.channel)}:` } }];
    }
    const docs = await this.handoffs.collection.find(where as mongo.Filter<mongo.Document>, { projection: HANDOFF_PROJECTION }).toArray();
    return docs.map((doc) => {
      const { _id, ...rest } = doc as unknown as HandoffDocument;
      return { id: _id, ...rest } as HandoffFactRow;
    });
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
