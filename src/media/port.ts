/**
 * What a customer sent as a file (a photo, a voice note, a document), kept so agents can see
 * and hear it after the channel's own copy is gone (WhatsApp media ids expire after 7 days).
 * One file per inbound message: the message id is its key.
 */
export interface StoredMedia {
  /** The inbound message (transcript entry) it came with. */
  messageId: string;
  conversationId: string;
  customerId: string;
  mimeType: string;
  /** Bytes. */
  size: number;
  /** SHA-256 of the bytes, lowercase hex. */
  sha256: string;
  /** The name the customer gave a document, when there was one. */
  filename?: string;
  /** Epoch ms. */
  storedAt: number;
}

export type NewMedia = Omit<StoredMedia, 'size' | 'sha256' | 'storedAt'>;

/**
 * The MediaStore port. Adapters: files/ (a folder under DATA_DIR, the embedded default),
 * gridfs/ (MongoDB GridFS, beside the production store; no new service). Every adapter passes
 * test/contracts/mediaStoreContract.ts.
 */
export interface MediaStore {
  readonly kind: string;
  /** Creates folders or indexes; resolves when usable. */
  init(): Promise<void>;
  /**
   * Keeps the bytes of one message's media. A second put for the same message keeps the first
   * copy (a retried download job must not fail on its own earlier success).
   */
  put(media: NewMedia, bytes: Buffer): Promise<StoredMedia>;
  /** The description of a message's media, or null when none is kept. */
  describe(messageId: string): Promise<StoredMedia | null>;
  /** The media and its bytes, or null. */
  get(messageId: string): Promise<{ media: StoredMedia; bytes: Buffer } | null>;
  /** Forgets one message's media (the customer deleted the message); false when there was none. */
  delete(messageId: string): Promise<boolean>;
  /** Erasure and retention: every file of a conversation. Resolves to how many were deleted. */
  deleteByConversation(conversationId: string): Promise<number>;
  /** Every file stored under this customer id. */
  deleteByCustomer(customerId: string): Promise<number>;
  /** Throws with a reason when the store cannot serve right now (/readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
