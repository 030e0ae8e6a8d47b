import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../../domain/checksum';
import type { MediaStore, NewMedia, StoredMedia } from '../port';

/** What customers send is theirs and the shop's: readable by this user only (docs/SECURITY.md, DATA_DIR). */
const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/** File names are hashes of the ids: message ids hold `=`, `/` and `+`, customer ids hold phone numbers. */
function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * The embedded MediaStore: one folder (DATA_DIR/media). Each file is `files/<ab>/<hash>.bin`
 * with its description beside it in `<hash>.json`; the description is written last, so a file
 * counts as stored only once its bytes are complete. `index/conversation/<hash>` and
 * `index/customer/<hash>` list the files of each, so erasing one costs what it holds, not what
 * the shop ever received. Writes go to a temporary name, are flushed, then renamed.
 */
export class FileMediaStore implements MediaStore {
  readonly kind = 'files';

  constructor(private readonly root: string) {}

  /** Folders are made with the first file: a bot that never receives one leaves nothing on disk. */
  async init(): Promise<void> {}

  async put(media: NewMedia, bytes: Buffer): Promise<StoredMedia> {
    const existing = await this.describe(media.messageId);
    if (existing) return existing;
    const hash = hashOf(media.messageId);
    const stored: StoredMedia = { ...media, size: bytes.length, sha256: sha256Hex(bytes), storedAt: Date.now() };
    // Listed first: an erasure that runs after a crash half way still finds (and ignores) it.
    await fs.mkdir(path.join(this.root, 'index', 'conversation'), { recursive: true, mode: PRIVATE_DIR });
    await fs.mkdir(path.join(this.root, 'index', 'customer'), { recursive: true, mode: PRIVATE_DIR });
    await this.appendIndex('conversation', media.conversationId, hash);
    await this.appendIndex('customer', media.customerId, hash);
    await fs.mkdir(path.dirname(this.pathOf(hash, 'bin')), { recursive: true, mode: PRIVATE_DIR });
    await this.writeDurably(this.pathOf(hash, 'bin'), bytes);
    await this.writeDurably(this.pathOf(hash, 'json'), Buffer.from(JSON.stringify(stored)));
    return stored;
  }

  async describe(messageId: string): Promise<StoredMedia | null> {
    try {
      return JSON.parse(await fs.readFile(this.pathOf(hashOf(messageId), 'json'), 'utf8')) as StoredMedia;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async get(messageId: string): Promise<{ media: StoredMedia; bytes: Buffer } | null> {
    const media = await this.describe(messageId);
    if (!media) return null;
    try {
      return { media, bytes: await fs.readFile(this.pathOf(hashOf(messageId), 'bin')) };
    } catch (error) {
      if (isMissing(error)) return null; // deleted meanwhile
      throw error;
    }
  }

  delete(messageId: string): Promise<boolean> {
    return this.deleteHash(hashOf(messageId));
  }

  deleteByConversation(conversationId: string): Promise<number> {
    return this.deleteListed('conversation', conversationId);
  }

  deleteByCustomer(customerId: string): Promise<number> {
    return this.deleteListed('customer', customerId);
  }

  /** Writable: the folder, or the nearest folder above it that exists (it is made on the first file). */
  async ping(): Promise<void> {
    let dir = this.root;
    for (;;) {
      try {
        await fs.access(dir, fs.constants.W_OK);
        return;
      } catch (error) {
        const parent = path.dirname(dir);
        if (!isMissing(error) || parent === dir) throw new Error(`media folder ${this.root} is not writable: ${(error as Error).message}`);
        dir = parent;
      }
    }
  }

  async close(): Promise<void> {}

  private pathOf(hash: string, ext: 'bin' | 'json'): string {
    return path.join(this.root, 'files', hash.slice(0, 2), `${hash}.${ext}`);
  }

  private indexPath(kind: 'conversation' | 'customer', id: string): string {
    return path.join(this.root, 'index', kind, hashOf(id));
  }

  private async appendIndex(kind: 'conversation' | 'customer', id: string, hash: string): Promise<void> {
    await fs.appendFile(this.indexPath(kind, id), `${hash}\n`, { mode: PRIVATE_FILE });
  }

  /** The description goes first: once it is gone the file no longer counts as stored. */
  private async deleteHash(hash: string): Promise<boolean> {
    const described = await fs.unlink(this.pathOf(hash, 'json')).then(() => true, (error) => (isMissing(error) ? false : Promise.reject(error)));
    await fs.unlink(this.pathOf(hash, 'bin')).catch((error) => (isMissing(error) ? undefined : Promise.reject(error)));
    return described;
  }

  private async deleteListed(kind: 'conversation' | 'customer', id: string): Promise<number> {
    const index = this.indexPath(kind, id);
    let listed: string;
    try {
      listed = await fs.readFile(index, 'utf8');
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    let deleted = 0;
    for (const hash of new Set(listed.split('\n').filter((line) => /^[0-9a-f]{64}$/.test(line)))) {
      if (await this.deleteHash(hash)) deleted += 1;
    }
    await fs.unlink(index).catch((error) => (isMissing(error) ? undefined : Promise.reject(error)));
    return deleted;
  }

  private async writeDurably(target: string, bytes: Buffer): Promise<void> {
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await fs.open(temporary, 'w', PRIVATE_FILE);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, target);
  }
}
