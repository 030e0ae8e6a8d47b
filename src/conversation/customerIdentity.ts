import { customerIdOf, type Conversation } from '../domain/conversation';
import type { Customer } from '../domain/customer';
import { identifiersOrAddress, unionIdentifiers, type CustomerIdentity } from '../domain/identity';
import type { ChannelName, InboundMessage } from '../domain/message';
import type { Logger } from '../observability/logger';
import type { Store } from '../store/port';
import { updateConversation } from './updateConversation';

/**
 * One customer record per person on a channel, whatever the channel calls them (domain/identity.ts).
 * Messages and receipts find the record by any identifier they carry; when they show that two
 * records are one person (a customer first known only by BSUID shows or shares their phone,
 * or the reverse) the records are merged into the older one and nothing is lost.
 */
export class CustomerIdentities {
  constructor(private readonly deps: { store: Store; logger: Logger }) {}

  /** The sender of a message: found by any identifier, created on first contact, duplicates merged. */
  async resolve(message: InboundMessage, at: number): Promise<Customer> {
    const identity = identityOf(message);
    const known = await this.settle(message.channel, identity);
    return this.deps.store.customers.touch({
      id: known?.id ?? customerIdOf(message.channel, message.from),
      channel: message.channel,
      address: message.from,
      profileName: message.profileName ?? identity.profileName,
      username: identity.username,
      identifiers: identity.identifiers,
      at,
    });
  }

  /** The sender of a message if the bot knows them (by any identifier, duplicates merged); nothing is created. */
  async find(message: InboundMessage): Promise<Customer | null> {
    return this.settle(message.channel, identityOf(message));
  }

  /**
   * What a receipt or a shared contact card tells about a customer we know: its identifiers are
   * added (and a record holding one of them is merged). Returns the customer as it now stands.
   */
  async learn(customerId: string, identity: CustomerIdentity, at: number): Promise<Customer | null> {
    const customer = await this.deps.store.customers.get(customerId);
    if (!customer) return null;
    const all: CustomerIdentity = { ...identity, identifiers: unionIdentifiers(customer.identifiers, identity.identifiers) };
    const survivor = (await this.settle(customer.channel, all)) ?? customer;
    const fresh = identity.identifiers.some((id) => !survivor.identifiers.some((known) => known.kind === id.kind && known.value === id.value));
    if (!fresh && (identity.username === undefined || identity.username === survivor.username)) return survivor;
    return this.deps.store.customers.touch({
      id: survivor.id,
      channel: survivor.channel,
      address: survivor.address,
      username: identity.username,
      identifiers: identity.identifiers,
      at: Math.max(at, survivor.lastSeenAt),
    });
  }

  /** A number the customer typed: kept for them and for agents, never trusted as theirs. */
  async statePhone(customerId: string, phone: string): Promise<void> {
    await this.deps.store.customers.update(customerId, { statedPhone: phone });
  }

  /** The one record of everyone holding these identifiers (the oldest, the others merged into it). */
  private async settle(channel: ChannelName, identity: CustomerIdentity): Promise<Customer | null> {
    const [survivor, ...others] = await this.deps.store.customers.findByIdentifiers(channel, identity.identifiers);
    if (!survivor) return null;
    let merged: Customer = survivor;
    for (const other of others) {
      merged = (await this.deps.store.customers.merge(other.id, survivor.id)) ?? merged;
      this.deps.logger.info('customer records of one person merged', { customerId: survivor.id, merged: other.id });
    }
    if (others.length > 0) await this.settleOpenConversations(survivor.id);
    return merged;
  }

  /**
   * Two records, two open chats: the chats people hold stay open (agents close them; the newest
   * gets the customer's next messages); bot chats are closed, except one when no person holds
   * any (the one waiting for a survey answer, else the latest), so the next message has one place to go.
   */
  private async settleOpenConversations(customerId: string): Promise<void> {
    const open = (await this.deps.store.conversations.listByCustomer(customerId)).filter((c) => c.status === 'open');
    if (open.length < 2) return;
    const held = open.filter((c) => c.owner !== 'bot');
    const keep = held.length > 0 ? held : [open.reduce(mostRelevantBotChat)];
    const now = Date.now();
    for (const conversation of open) {
      if (keep.includes(conversation)) continue;
      await updateConversation(this.deps.store, conversation.id, (c) => {
        if (c.status !== 'open' || c.owner !== 'bot') return;
        c.status = 'closed';
        c.closedAt = now;
        c.position = undefined;
      });
    }
  }
}

function mostRelevantBotChat(best: Conversation, next: Conversation): Conversation {
  if (!!next.csat !== !!best.csat) return next.csat ? next : best;
  return next.updatedAt > best.updatedAt ? next : best;
}

/** Every identifier of the sender: what the channel sent, or the address alone. */
function identityOf(message: InboundMessage): CustomerIdentity {
  const identifiers = identifiersOrAddress(message.identity?.identifiers, message.from, message.channel);
  return { ...message.identity, identifiers };
}
