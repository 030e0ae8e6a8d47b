import type { ChannelName, DeliveryStatus, InboundContent, OutboundContent, Sender } from './message';
import type { Locale } from './locale';

/** Why a send failed, as the channel reported it (e.g. a WhatsApp error code and title). */
export interface DeliveryError {
  code: string;
  title: string;
  retryable: boolean;
}

interface EntryBase {
  id: string;
  conversationId: string;
  customerId: string;
  channel: ChannelName;
  createdAt: number;
  locale?: Locale;
}

/**
 * What became of the file of a customer's media message, fetched in the background after the
 * message arrived: kept (`stored`), refused for its size (`too_large`), or not obtainable
 * (`failed`, with the reason). No state yet means the download has not finished.
 */
export interface InboundMediaState {
  status: 'stored' | 'too_large' | 'failed';
  at: number;
  /** Bytes: of the kept file, or what the channel declared for one too large. */
  size?: number;
  mimeType?: string;
  /** Why there is no file, in words for the agent. */
  reason?: string;
}

/** A customer's message as kept in the transcript. */
export interface InboundEntry extends EntryBase {
  direction: 'in';
  /** As the message reads now: an edit replaces it, a deletion empties it. */
  content: InboundContent;
  replyTo?: string;
  /** The customer last edited it then (WhatsApp message edits). */
  editedAt?: number;
  /** The customer deleted it for everyone then; its words and file are gone. */
  deletedAt?: number;
  /** The file of a media message, once the background download has ended. */
  media?: InboundMediaState;
  /** Set once the engine finished with it; a redelivery of a handled id is ignored. */
  handledAt?: number;
  /** What the NLU made of it, when it went through the NLU. */
  intent?: string;
  confidence?: number;
}

/** A message sent to the customer (bot, agent or system), with its delivery state. */
export interface OutboundEntry extends EntryBase {
  direction: 'out';
  content: OutboundContent;
  sender: Sender;
  agentId?: string;
  inReplyTo?: string;
  status: DeliveryStatus;
  /** The channel's id for it once sent (WhatsApp `wamid`), for matching status callbacks. */
  channelMessageId?: string;
  error?: DeliveryError;
  /**
   * WhatsApp refused the message because the customer's 24-hour window had closed (131047)
   * and this approved template went out instead.
   */
  sentAsTemplate?: string;
  statusAt?: number;
}

export type TranscriptEntry = InboundEntry | OutboundEntry;
