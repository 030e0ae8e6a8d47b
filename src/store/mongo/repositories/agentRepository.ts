import type { Agent } from '../../../domain/agent';
import type { AgentRepository } from '../../port';
import { changeOperators, fromStored, fromStoredOrNull, insertDocument, isDuplicateKey, toStored } from '../documents';
import type { AgentDocument, AgentModel } from '../models/agentModel';

export class MongoAgentRepository implements AgentRepository {
  constructor(private readonly model: AgentModel) {}

  /** Insert-only: the unique `email` index (and `_id`) refuse a second account, atomically. */
  async create(agent: Agent): Promise<boolean> {
    try {
      await insertDocument(this.model.collection, toStored({ ...agent, email: agent.email.toLowerCase() }));
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async get(id: string): Promise<Agent | null> {
    return fromStoredOrNull<Agent>(await this.model.findOne({ _id: id }).lean<AgentDocument>());
  }

  async getByEmail(email: string): Promise<Agent | null> {
    return fromStoredOrNull<Agent>(await this.model.findOne({ email: email.toLowerCase() }).lean<AgentDocument>());
  }

  async list(): Promise<Agent[]> {
    const docs = await this.model.find({}).sort({ createdAt: 1, _id: 1 }).lean<AgentDocument[]>();
    return docs.map((doc) => fromStored<Agent>(doc));
  }

  /** One guarded update: the filter holds only while the step is new or the code is still there. */
  async useSecondFactor(id: string, use: { step: number } | { recoveryCodeHash: string }): Promise<boolean> {
    const result =
      'step' in use
        ? await this.model.updateOne(
            { _id: id, 'twoFactor.enabledAt': { $exists: true }, $or: [{ 'twoFactor.lastStep': { $exists: false } }, { 'twoFactor.lastStep': { $lt: use.step } }] },
            { $set: { 'twoFactor.lastStep': use.step } },
          )
        : await this.model.updateOne({ _id: id, 'twoFactor.recoveryCodes': use.recoveryCodeHash }, { $pull: { 'twoFactor.recoveryCodes': use.recoveryCodeHash } });
    return result.modifiedCount === 1;
  }

  async update(id: string, changes: Parameters<AgentRepository['update']>[1]): Promise<Agent | null> {
    const ops = changeOperators(changes, ['id']);
    if (!ops.$set && !ops.$unset) return this.get(id);
    const doc = await this.model.findOneAndUpdate({ _id: id }, ops, { returnDocument: 'after' }).lean<AgentDocument>();
    return fromStoredOrNull<Agent>(doc);
  }
}
