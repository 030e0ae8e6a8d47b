import { randomUUID } from 'node:crypto';
import type { Agent } from '../domain/agent';
import { RETURNED_TO_BOT, type Handoff, type HandoffStatus } from '../domain/handoff';
import type { ChannelName, OutboundContent, MediaKind } from '../domain/message';
import { agentMayWrite, describeReplyRule, replyRuleAt, WHATSAPP_WINDOW, type ReplyWindow } from '../domain/replyWindow';
import type { Conversation } from '../domain/conversation';
import type { Store } from '../store/port';
import type { Queue } from '../queue/port';
import type { Outbox } from '../conversation/outbox';
import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import { systemText } from '../conversation/systemTexts';
import { DeskError } from './deskError';
import type { LiveEvents } from '../events/port';
import { updateConversation } from '../conversation/updateConversation';
import { servedBefore } from './waitEstimate';
import { csatQuestion } from './csat';
import { maskSecrets } from '../domain/secrets';

// How many of a customer's handoffs are looked through to find those of one conversation.
const CUSTOMER_HANDOFFS_SCANNED = 500;

export interface HandoffDeskDeps {
  store: Store;
  queue: Queue;
  outbox: Outbox;
  events: LiveEvents;
  settings: Config['handoff'];
  logger: Logger;
  clock: () => number;
  /** The channel's rule for how long after the customer's last message people may write; WhatsApp's when not given. */
  replyWindowOf?: (channel: ChannelName) => ReplyWindow;
}

export type AgentMessage =
  | { text: string }
  | { attachment: { kind: Extract<MediaKind, 'image' | 'document' | 'audio' | 'video'>; url: string; caption?: string; filename?: string } }
  /** `category`: what ops gave the template in templates.yaml (a marketing one is refused to a customer who stopped them). */
  | { template: { name: string; language: string; parameters: string[]; category?: string } };

/** What agents do with handed-off chats. Every state change is one guarded store operation. */
export class HandoffDesk {
  constructor(private readonly deps: HandoffDeskDeps) {}

  /** How long after the customer's last message the chat's channel lets people write. */
  replyWindow(channel: ChannelName): ReplyWindow {
    return this.deps.replyWindowOf?.(channel) ?? WHATSAPP_WINDOW;
  }

  canSee(agent: Agent, handoff: Handoff): boolean {
    // A customer's request to delete their data is for admins: only they can erase.
    if (handoff.trigger === 'erasure-request') return agent.role === 'admin' || handoff.agentId === agent.id;
    return agent.role !== 'agent' || agent.teams.includes(handoff.team) || handoff.agentId === agent.id;
  }

  async list(agent: Agent, status?: HandoffStatus): Promise<Handoff[]> {
    const filter = agent.role === 'agent' ? { status, teams: agent.teams } : { status };
    const visible = await this.deps.store.handoffs.list(filter);
    const mine = agent.role === 'agent' ? (await this.deps.store.handoffs.list({ status, agentId: agent.id })).filter((h) => !agent.teams.includes(h.team)) : [];
    return [...visible, ...mine].filter((h) => this.canSee(agent, h)).sort((a, b) => (servedBefore(a, b) ? -1 : 1));
  }

  /** A handoff this agent may see, or a 404 / 403. */
  async get(agent: Agent, id: string): Promise<Handoff> {
    const handoff = await this.deps.store.handoffs.get(id);
    if (!handoff) throw new DeskError(404, 'HANDOFF_NOT_FOUND', `No handoff ${id}`);
    if (!this.canSee(agent, handoff)) {
      if (handoff.trigger === 'erasure-request') throw new DeskError(403, 'ADMINS_ONLY', 'Only admins handle a customer\'s request to delete their data');
      throw new DeskError(403, 'OTHER_TEAM', `This chat belongs to team ${handoff.team}, which you are not in`);
    }
    return handoff;
  }

  /** A conversation this agent may read (its transcript, an export): any for supervisors and admins; for an agent, one handed to their team or to them. */
  async conversation(agent: Agent, id: string): Promise<Conversation> {
    const conversation = await this.deps.store.conversations.get(id);
    if (!conversation) throw new DeskError(404, 'CONVERSATION_NOT_FOUND', `No conversation ${id}`);
    if (agent.role === 'agent') {
      const handoffs = (await this.deps.store.handoffs.listByCustomer(conversation.customerId, CUSTOMER_HANDOFFS_SCANNED)).filter((h) => h.conversationId === id);
      if (!handoffs.some((h) => this.canSee(agent, h))) throw new DeskError(403, 'OTHER_TEAM', 'This conversation was not handed to your team or to you');
    }
    return conversation;
  }

  async claim(agent: Agent, id: string): Promise<Handoff> {
    const handoff = await this.get(agent, id);
    const claimed = await this.becomeHolder(agent, handoff, 'queued');
    await this.audit(agent, 'claim', claimed.id);
    this.publish('handoff.claimed', claimed, agent.id);
    return claimed;
  }

  /**
   * The agent becomes the holder, with everything a claim brings: their chat limit, the
   * customer told who joined, the reminder if they stay silent. A transfer to oneself goes
   * through here too, or it would be a way round all three.
   */
  private async becomeHolder(agent: Agent, handoff: Handoff, expected: HandoffStatus): Promise<Handoff> {
    const open = await this.deps.store.handoffs.list({ status: 'claimed', agentId: agent.id });
    if (open.length >= agent.maxOpenChats) {
      throw new DeskError(409, 'CHAT_LIMIT', `You already hold ${open.length} chats, your limit; close or release one first`);
    }
    const now = this.deps.clock();
    const claimed = await this.deps.store.handoffs.transition(handoff.id, expected, { status: 'claimed', agentId: agent.id, claimedAt: now });
    if (!claimed) throw expected === 'queued' ? await this.notQueued(handoff.id) : new DeskError(409, 'CHANGED', 'The chat changed meanwhile; reload and try again');
    const conversation = await updateConversation(this.deps.store, claimed.conversationId, (c) => {
      c.owner = 'agent';
      c.agentId = agent.id;
    });
    if (conversation) await this.sendToCustomer(conversation.id, [{ type: 'text', text: systemText('agentJoined', conversation.locale, { name: agent.name }) }], 'system', undefined, `claim:${claimed.id}:${claimed.version}`);
    await this.deps.queue.add('timer', { kind: 'agent-reminder', handoffId: claimed.id, agentId: agent.id }, { jobId: `agent-reminder:${claimed.id}:${claimed.version}`, delayMs: this.deps.settings.agentReminderMs });
    return claimed;
  }

  async reply(agent: Agent, id: string, message: AgentMessage): Promise<{ messageIds: string[] }> {
    const handoff = await this.get(agent, id);
    if (handoff.status !== 'claimed' || handoff.agentId !== agent.id) throw await this.notHolder(handoff, 'reply');
    const conversation = await this.deps.store.conversations.get(handoff.conversationId);
    if (!conversation) throw new DeskError(404, 'CONVERSATION_NOT_FOUND', 'The conversation of this chat is gone');
    const now = this.deps.clock();
    const last = conversation.lastCustomerMessageAt ?? conversation.createdAt;
    const window = this.replyWindow(conversation.channel);
    const rule = replyRuleAt(window, last, now);
    if ('template' in message && window.afterwards !== 'template') {
      throw new DeskError(409, 'TEMPLATES_UNSUPPORTED', `${window.platform} has no message templates; write a text or send an attachment.`);
    }
    if (!('template' in message) && !agentMayWrite(rule)) {
      const hours = Math.floor((now - last) / 3_600_000);
      throw new DeskError(409, 'WINDOW_CLOSED', describeReplyRule(window, rule, hours), { lastCustomerMessageAt: last });
    }
    if ('template' in message && message.template.category === 'marketing') await this.requireMarketingAllowed(handoff);
    const content: OutboundContent =
      'text' in message
        ? { type: 'text', text: message.text }
        : 'attachment' in message
          ? { type: 'media', media: { kind: message.attachment.kind, url: message.attachment.url, caption: message.attachment.caption, filename: message.attachment.filename } }
          : { type: 'template', name: message.template.name, language: message.template.language, parameters: message.template.parameters };
    const ids = await this.sendToCustomer(conversation.id, [content], 'agent', agent.id, `agent:${randomUUID()}`);
    if (!handoff.firstAgentReplyAt) await this.deps.store.handoffs.transition(handoff.id, 'claimed', { firstAgentReplyAt: now });
    this.publish('message', handoff, agent.id, { messageIds: ids });
    return { messageIds: ids };
  }

  /**
   * A customer who stopped marketing messages in WhatsApp gets none from us (Meta refuses them
   * with 131050 anyway, and keeping on costs the number its quality rating); replies and
   * utility templates still go.
   */
  private async requireMarketingAllowed(handoff: Handoff): Promise<void> {
    const customer = await this.deps.store.customers.get(handoff.customerId);
    if (customer?.marketing?.status !== 'stopped') return;
    const since = new Date(customer.marketing.at).toISOString().slice(0, 10);
    throw new DeskError(409, 'MARKETING_STOPPED', `The customer stopped marketing messages from this shop in WhatsApp (${since}), so marketing templates are not sent to them. Reply normally while the 24-hour window is open, or send a utility template.`, { marketingStoppedAt: customer.marketing.at });
  }

  /** A private note, by the agent holding the chat (or who held it until it closed); secrets in it are masked. */
  async note(agent: Agent, id: string, text: string): Promise<Handoff> {
    const handoff = await this.get(agent, id);
    if (handoff.status === 'queued' || handoff.agentId !== agent.id) throw await this.notHolder(handoff, 'add notes');
    const updated = await this.deps.store.handoffs.addNote(handoff.id, { id: randomUUID(), agentId: agent.id, text: maskSecrets(text).text, at: this.deps.clock() });
    if (!updated) throw new DeskError(404, 'HANDOFF_NOT_FOUND', `No handoff ${id}`);
    this.publish('handoff.updated', updated, agent.id);
    return updated;
  }

  async transfer(agent: Agent, id: string, to: { team?: string; agentId?: string }, target?: Agent): Promise<Handoff> {
    const handoff = await this.get(agent, id);
    this.requireHolderOrSupervisor(agent, handoff, 'transfer');
    if (to.agentId === agent.id) return this.transferToSelf(agent, handoff);
    const now = this.deps.clock();
    let updated: Handoff | null;
    if (to.agentId) {
      if (!target || !target.active || target.role === 'ops') throw new DeskError(404, 'AGENT_NOT_FOUND', `No active agent ${to.agentId}`);
      const team = target.teams.includes(handoff.team) ? handoff.team : target.teams[0];
      updated = await this.deps.store.handoffs.transition(handoff.id, handoff.status, { status: 'claimed', agentId: target.id, claimedAt: now, team });
    } else {
      if (!to.team || !this.deps.settings.teams.includes(to.team)) throw new DeskError(400, 'UNKNOWN_TEAM', `Unknown team ${to.team}; teams are ${this.deps.settings.teams.join(', ')}`);
      updated = await this.deps.store.handoffs.transition(handoff.id, handoff.status, { status: 'queued', team: to.team, agentId: undefined, claimedAt: undefined });
    }
    if (!updated) throw new DeskError(409, 'CHANGED', 'The chat changed while you transferred it; reload and try again');
    await updateConversation(this.deps.store, updated.conversationId, (c) => {
      c.owner = updated!.status === 'claimed' ? 'agent' : 'queue';
      c.agentId = updated!.agentId;
    });
    await this.audit(agent, 'transfer', updated.id, { to });
    this.publish('handoff.transferred', updated, agent.id, { from: { team: handoff.team, agentId: handoff.agentId } });
    return updated;
  }

  private async transferToSelf(agent: Agent, handoff: Handoff): Promise<Handoff> {
    if (handoff.status === 'closed') throw new DeskError(409, 'ALREADY_CLOSED', 'This chat is already closed');
    if (handoff.status === 'claimed' && handoff.agentId === agent.id) return handoff; // already theirs
    const updated = await this.becomeHolder(agent, handoff, handoff.status);
    await this.audit(agent, 'transfer', updated.id, { to: { agentId: agent.id } });
    this.publish('handoff.transferred', updated, agent.id, { from: { team: handoff.team, agentId: handoff.agentId } });
    return updated;
  }

  /**
   * A supervisor or admin takes a chat another agent holds (away, stuck, or the wrong person):
   * the customer is told who joined, the previous holder's console hears it, and it is audited.
   */
  async takeOver(agent: Agent, id: string): Promise<Handoff> {
    if (agent.role === 'agent') throw new DeskError(403, 'FORBIDDEN', 'Only supervisors and admins can take over a chat another agent holds');
    const handoff = await this.get(agent, id);
    if (handoff.status !== 'claimed') throw new DeskError(409, handoff.status === 'closed' ? 'ALREADY_CLOSED' : 'NOT_CLAIMED', handoff.status === 'closed' ? 'This chat is already closed' : 'Nobody holds this chat: claim it instead');
    if (handoff.agentId === agent.id) throw new DeskError(409, 'ALREADY_YOURS', 'You already hold this chat');
    const previous = handoff.agentId;
    const updated = await this.becomeHolder(agent, handoff, 'claimed');
    await this.audit(agent, 'take-over', updated.id, { from: previous });
    this.publish('handoff.transferred', updated, agent.id, { from: { team: handoff.team, agentId: previous }, takenOver: true });
    return updated;
  }

  /** Tells the other consoles that this agent has the chat open (`viewing`, repeated while it stays open) or closed it (`left`). */
  async presence(agent: Agent, id: string, state: 'viewing' | 'left'): Promise<void> {
    const handoff = await this.get(agent, id);
    this.publish('presence', handoff, agent.id, { state, name: agent.name, role: agent.role });
  }

  async release(agent: Agent, id: string): Promise<Handoff> {
    const handoff = await this.get(agent, id);
    this.requireHolderOrSupervisor(agent, handoff, 'release');
    const updated = await this.deps.store.handoffs.transition(handoff.id, 'claimed', { status: 'queued', agentId: undefined, claimedAt: undefined });
    if (!updated) throw await this.notClaimed(handoff.id);
    await updateConversation(this.deps.store, updated.conversationId, (c) => {
      c.owner = 'queue';
      c.agentId = undefined;
    });
    await this.audit(agent, 'release', updated.id);
    this.publish('handoff.released', updated, agent.id);
    return updated;
  }

  /** Ends the handoff and gives the chat back to the bot (no survey: the chat goes on). */
  async handBack(agent: Agent, id: string): Promise<Handoff> {
    return this.finish(agent, id, RETURNED_TO_BOT, false);
  }

  /** Ends the handoff with a resolution and asks the customer how it went. */
  async close(agent: Agent, id: string, resolution: string): Promise<Handoff> {
    return this.finish(agent, id, resolution, true);
  }

  private async finish(agent: Agent, id: string, resolution: string, survey: boolean): Promise<Handoff> {
    const handoff = await this.get(agent, id);
    this.requireHolderOrSupervisor(agent, handoff, survey ? 'close' : 'hand back');
    if (handoff.status === 'closed') throw new DeskError(409, 'ALREADY_CLOSED', 'This chat is already closed');
    const now = this.deps.clock();
    const closed = await this.deps.store.handoffs.transition(handoff.id, handoff.status, { status: 'closed', closedAt: now, resolution });
    if (!closed) throw new DeskError(409, 'CHANGED', 'The chat changed meanwhile; reload and try again');
    const customer = await this.deps.store.customers.get(closed.customerId);
    const ask = survey && !customer?.optedOut;
    const conversation = await updateConversation(this.deps.store, closed.conversationId, (c) => {
      c.owner = 'bot';
      c.agentId = undefined;
      c.handoffId = undefined;
      c.misses = 0;
      c.csat = ask ? { handoffId: closed.id, askedAt: now, stage: 'rating', invalidAnswers: 0 } : undefined;
    });
    if (conversation) {
      const content = ask ? csatQuestion(conversation.locale, closed.id) : { type: 'text' as const, text: systemText('handedBack', conversation.locale) };
      await this.sendToCustomer(conversation.id, [content], 'system', undefined, `${survey ? 'csat' : 'handback'}:${closed.id}`);
    }
    await this.audit(agent, survey ? 'close' : 'hand-back', closed.id, { resolution });
    this.publish('handoff.closed', closed, agent.id);
    return closed;
  }

  private requireHolderOrSupervisor(agent: Agent, handoff: Handoff, action: string): void {
    if (agent.role !== 'agent' || handoff.agentId === agent.id || (handoff.status === 'queued' && agent.teams.includes(handoff.team))) return;
    throw new DeskError(403, 'NOT_HOLDER', `Only the agent holding this chat or a supervisor can ${action} it`);
  }

  private async notQueued(id: string): Promise<DeskError> {
    const current = await this.deps.store.handoffs.get(id);
    if (current?.status === 'claimed') {
      const holder = current.agentId ? await this.deps.store.agents.get(current.agentId) : null;
      return new DeskError(409, 'ALREADY_CLAIMED', `${holder?.name ?? 'Another agent'} already holds this chat`, { holder: { id: current.agentId, name: holder?.name } });
    }
    return new DeskError(409, 'ALREADY_CLOSED', 'This chat is already closed');
  }

  /** Why an agent who does not hold the chat may not write in it, naming who does. */
  private async notHolder(handoff: Handoff, action: 'reply' | 'add notes'): Promise<DeskError> {
    if (handoff.status !== 'claimed' || !handoff.agentId) {
      return new DeskError(409, 'NOT_HOLDER', handoff.status === 'closed' ? `This chat is closed; only the agent who held it can ${action}` : `Claim this chat before you ${action === 'reply' ? 'reply' : 'add notes'}`);
    }
    const holder = await this.deps.store.agents.get(handoff.agentId);
    const name = holder?.name ?? 'Another agent';
    return new DeskError(409, 'NOT_HOLDER', `${name} holds this chat: only the agent holding it can ${action}. A supervisor can take it over.`, { holder: { id: handoff.agentId, name: holder?.name } });
  }

  private async notClaimed(id: string): Promise<DeskError> {
    const current = await this.deps.store.handoffs.get(id);
    return new DeskError(409, current?.status === 'closed' ? 'ALREADY_CLOSED' : 'NOT_CLAIMED', 'This chat is not held by anyone');
  }

  private async sendToCustomer(conversationId: string, contents: OutboundContent[], sender: 'agent' | 'system', agentId: string | undefined, causeId: string): Promise<string[]> {
    const conversation = await this.deps.store.conversations.get(conversationId);
    if (!conversation) return [];
    return this.deps.outbox.post(conversation, contents, { causeId, sender, agentId, locale: conversation.locale });
  }

  private async audit(agent: Agent, action: string, handoffId: string, detail?: Record<string, unknown>): Promise<void> {
    await this.deps.store.audit.append({ id: randomUUID(), at: this.deps.clock(), actorId: agent.id, action, subjectType: 'handoff', subjectId: handoffId, detail });
  }

  private publish(type: Parameters<LiveEvents['publish']>[0]['type'], handoff: Handoff, agentId: string, detail?: Record<string, unknown>): void {
    this.deps.events.publish({ type, handoffId: handoff.id, conversationId: handoff.conversationId, team: handoff.team, agentId, at: this.deps.clock(), detail });
  }
}
