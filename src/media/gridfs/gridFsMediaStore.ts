import mongoose, { type Connection, type mongo } from 'mongoose';
import { sha256Hex } from '../../domain/checksum';
import type { MediaStore, NewMedia, StoredMedia } from '../port';

export interface GridFsMediaStoreOptions {
  /** MONGODB_URI: the same server and database as the store. */
  uri: string;
  /** Files go to `<bucket>.files` and `<bucket>.chunks`. Default `media`. */
  bucketName?: string;
  serverSelectionTimeoutMS?: number;
}

/** What `<bucket>.files` holds besides GridFS's own fields (`_id` is the message id, `length` the size). */
interface FileMetadata {
  conversationId: string;
  customerId: string;
  mimeType: string;
  sha256: string;
  filename?: string;
  storedAt: number;
}

/** The GridFS documents as this store writes them: string ids (message ids), not ObjectIds. */
interface FileDocument {
  _id: string;
  length: number;
  metadata: FileMetadata;
}

interface ChunkDocument {
  _id: mongo.ObjectId;
  files_id: string;
}

const DUPLICATE_KEY = 11000;
const PING_TIMEOUT_MS = 2_000;

/**
 * The production MediaStore: MongoDB GridFS (https://www.mongodb.com/docs/manual/core/gridfs/)
 * in the database MONGODB_URI names, so media needs no service the bot does not already run.
 * A file's GridFS id is its message id, which makes a second upload of the same message fail
 * on the unique chunk index instead of storing a copy; its metadata carries the conversation
 * and customer it belongs to, indexed for erasure. Its own connection: ports share nothing.
 */
export class GridFsMediaStore implements MediaStore {
  readonly kind = 'gridfs';
  private readonly connection: Connection = mongoose.createConnection();
  private readonly bucketName: string;
  private bucket?: mongo.GridFSBucket;

  constructor(private readonly options: GridFsMediaStoreOptions) {
    this.bucketName = options.bucketName ?? 'media';
  }

  async init(): Promise<void> {
    const timeout = this.options.serverSelectionTimeoutMS ?? 5_000;
    await this.connection.openUri(this.options.uri, { serverSelectionTimeoutMS: timeout, connectTimeoutMS: timeout, bufferCommands: false, autoCreate: false, autoIndex: false, ignoreUndefined: true, appName: 'wa-handoff-bot-media' });
    const db = this.connection.db!;
    this.bucket = new mongoose.mongo.GridFSBucket(db, { bucketName: this.bucketName });
    // GridFS creates these on a first upload; made here so duplicate uploads fail from the start.
    await this.chunks().createIndex({ files_id: 1, n: 1 }, { unique: true });
    await this.files().createIndex({ filename: 1, uploadDate: 1 });
    await this.files().createIndex({ 'metadata.conversationId': 1 });
    await this.files().createIndex({ 'metadata.customerId': 1 });
  }

  async put(media: NewMedia, bytes: Buffer): Promise<StoredMedia> {
    const existing = await this.describe(media.messageId);
    if (existing) return existing;
    const metadata: FileMetadata = {
      conversationId: media.conversationId,
      customerId: media.customerId,
      mimeType: media.mimeType,
      sha256: sha256Hex(bytes),
      filename: media.filename,
      storedAt: Date.now(),
    };
    try {
      await this.upload(media.messageId, bytes, metadata);
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      // Another run stored it meanwhile, or an earlier run died after some chunks: keep a
      // complete copy, and only clear chunks that no file document owns.
      const stored = await this.describe(media.messageId);
      if (stored) return stored;
      await this.chunks().deleteMany({ files_id: media.messageId });
      await this.upload(media.messageId, bytes, metadata);
    }
    return { messageId: media.messageId, size: bytes.length, ...metadata };
  }

  async describe(messageId: string): Promise<StoredMedia | null> {
    const file = await this.files().findOne({ _id: messageId });
    return file ? toStoredMedia(file) : null;
  }

  async get(messageId: string): Promise<{ media: StoredMedia; bytes: Buffer } | null> {
    const media = await this.describe(messageId);
    if (!media) return null;
    const parts: Buffer[] = [];
    try {
      for await (const chunk of this.requireBucket().openDownloadStream(messageId as unknown as mongo.ObjectId)) parts.push(chunk as Buffer);
    } catch (error) {
      if (/FileNotFound|file not found/i.test((error as Error).message)) return null; // deleted meanwhile
      throw error;
    }
    return { media, bytes: Buffer.concat(parts) };
  }

  async delete(messageId: string): Promise<boolean> {
    const removed = await this.files().deleteOne({ _id: messageId });
    await this.chunks().deleteMany({ files_id: messageId });
    return removed.deletedCount === 1;
  }

  deleteByConversation(conversationId: string): Promise<number> {
    return this.deleteWhere({ 'metadata.conversationId': conversationId });
  }

  deleteByCustomer(customerId: string): Promise<number> {
    return this.deleteWhere({ 'metadata.customerId': customerId });
  }

  async ping(): Promise<void> {
    if (!this.bucket) throw new Error('GridFS media store: not connected (init() has not completed, or close() was called)');
    const reply = await this.connection.getClient().db('admin').command({ ping: 1 }, { timeoutMS: PING_TIMEOUT_MS });
    if (reply.ok !== 1) throw new Error(`GridFS media store: ping replied ${JSON.stringify(reply)}`);
  }

  async close(): Promise<void> {
    this.bucket = undefined;
    await this.connection.close();
  }

  private async upload(messageId: string, bytes: Buffer, metadata: FileMetadata): Promise<void> {
    const stream = this.requireBucket().openUploadStreamWithId(messageId as unknown as mongo.ObjectId, metadata.filename ?? messageId, { metadata });
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.once('finish', () => resolve());
      stream.end(bytes);
    });
  }

  /** File documents first, so a file is gone before its chunks are. */
  private async deleteWhere(filter: Record<string, string>): Promise<number> {
    const ids = (await this.files().find(filter, { projection: { _id: 1 } }).toArray()).map((file) => file._id);
    if (ids.length === 0) return 0;
    const removed = await this.files().deleteMany({ _id: { $in: ids } });
    await this.chunks().deleteMany({ files_id: { $in: ids } });
    return removed.deletedCount;
  }

  private requireBucket(): mongo.GridFSBucket {
    if (!this.bucket) throw new Error('GridFS media store: init() has not completed');
    return this.bucket;
  }

  private files(): mongo.Collection<FileDocument> {
    return this.connection.db!.collection<FileDocument>(`${this.bucketName}.files`);
  }

  private chunks(): mongo.Collection<ChunkDocument> {
    return this.connection.db!.collection<ChunkDocument>(`${this.bucketName}.chunks`);
  }
}

function toStoredMedia(file: FileDocument): StoredMedia {
  const { metadata } = file;
  const media: StoredMedia = {
    messageId: file._id,
    conversationId: metadata.conversationId,
    customerId: metadata.customerId,
    mimeType: metadata.mimeType,
    size: file.length,
    sha256: metadata.sha256,
    storedAt: metadata.storedAt,
  };
  if (metadata.filename) media.filename = metadata.filename;
  return media;
}
