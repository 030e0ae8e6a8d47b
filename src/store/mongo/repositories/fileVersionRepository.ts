import type { FileVersion, FileVersionSummary } from '../../../domain/fileVersion';
import type { FileVersionRepository } from '../../port';
import { insertDocument, isDuplicateKey } from '../documents';
import { fileVersionId, type FileVersionDocument, type FileVersionModel } from '../models/fileVersionModel';

const WITHOUT_TEXTS = { previous: 0, text: 0 } as const;

export class MongoFileVersionRepository implements FileVersionRepository {
  constructor(private readonly model: FileVersionModel) {}

  async add(version: FileVersion): Promise<boolean> {
    try {
      // Through JSON: a field left undefined (no actor, no restoredFrom) is not stored as null.
      await insertDocument(this.model.collection, JSON.parse(JSON.stringify({ _id: fileVersionId(version.file, version.seq), ...version })));
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async get(file: string, seq: number): Promise<FileVersion | null> {
    return fromDocument(await this.model.findById(fileVersionId(file, seq)).lean<FileVersionDocument>());
  }

  async latest(file: string): Promise<FileVersion | null> {
    return fromDocument(await this.model.findOne({ file }).sort({ seq: -1 }).lean<FileVersionDocument>());
  }

  async list(file: string, limit: number): Promise<FileVersionSummary[]> {
    if (limit <= 0) return [];
    const docs = await this.model.find({ file }, WITHOUT_TEXTS).sort({ seq: -1 }).limit(limit).lean<FileVersionDocument[]>();
    return docs.map((doc) => fromDocument(doc)!);
  }

  /** One query per file: a shop has tens of files, and each answer comes from the (file, seq) index. */
  async latestOfEach(): Promise<FileVersionSummary[]> {
    const files = (await this.model.distinct('file')) as string[];
    const latest = await Promise.all(files.map((file) => this.model.findOne({ file }, WITHOUT_TEXTS).sort({ seq: -1 }).lean<FileVersionDocument>()));
    return latest.filter((doc): doc is FileVersionDocument => doc !== null).map((doc) => fromDocument(doc)!);
  }
}

function fromDocument<T extends FileVersion | FileVersionSummary>(doc: (T & { _id?: string }) | null): T | null {
  if (!doc) return null;
  const { _id, ...version } = doc;
  return version as T;
}
