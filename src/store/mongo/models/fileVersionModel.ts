import { Schema, type Connection, type Model } from 'mongoose';
import type { FileVersion } from '../../../domain/fileVersion';
import { EMBEDDED, schemaOptions } from '../documents';

/** `_id` is `<file>#<seq>`: the unique `_id` is what refuses a second version with the same number. */
export type FileVersionDocument = FileVersion & { _id: string };
export type FileVersionModel = Model<FileVersionDocument>;

/** `fileVersions`: every change to a file ops edit in the console, with the texts before and after. */
export const fileVersionSchema = new Schema<FileVersionDocument>(
  {
    _id: { type: String, required: true },
    file: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Number, required: true },
    actor: { type: new Schema({ id: { type: String, required: true }, name: { type: String, required: true } }, EMBEDDED) },
    action: { type: String, required: true },
    message: { type: String, default: '' },
    previous: { type: String, default: null },
    text: { type: String, default: null },
    hash: { type: String, default: null },
    restoredFrom: { type: Number },
  },
  schemaOptions('fileVersions'),
);

// latest(file), list(file): newest first
fileVersionSchema.index({ file: 1, seq: -1 });

export function fileVersionModel(connection: Connection): FileVersionModel {
  return connection.model<FileVersionDocument>('FileVersion', fileVersionSchema);
}

export function fileVersionId(file: string, seq: number): string {
  return `${file}#${seq}`;
}
