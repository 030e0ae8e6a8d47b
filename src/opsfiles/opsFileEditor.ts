import { randomUUID } from 'node:crypto';
import type { FileVersion, FileVersionAction, FileVersionSummary } from '../domain/fileVersion';
import { contentHash } from '../flowfiles/editing/fileHistory';
import { FlowFileWriter, type FlowEditResult, type LockedFlowFolder } from '../flowfiles/editing/flowFileWriter';
import { listOpsFiles, opsFileKind, type OpsFileKind } from '../flowfiles/editing/opsFiles';
import type { FlowProblem } from '../flowfiles/model';
import type { RuleContext } from '../flowfiles/rules/types';
import type { Logger } from '../observability/logger';
import type { Store } from '../store/port';
import { EditConflict, OpsFileMissing } from './editErrors';
import { describeOpsFile, type OpsFileFacts } from './fileFacts';
import { diffTexts, type TextDiff } from './textDiff';

export interface OpsFileEditorDeps {
  dir: string;
  context: RuleContext;
  store: Store;
  logger: Logger;
  /** Puts changed flows live in this process now, resolving once the NLU learnt them (the other processes follow through their FlowWatcher). */
  reload(): void | Promise<void>;
  clock?: () => number;
}

export interface OpsFileInfo extends OpsFileFacts {
  file: string;
  kind: OpsFileKind;
  lastChange?: FileVersionSummary;
}

export interface OpenedFile {
  file: string;
  kind: OpsFileKind;
  text: string | null;
  /** What a save names as its base version; null for a file that does not exist. */
  hash: string | null;
  lastChange?: FileVersionSummary;
}

export interface Actor {
  id: string;
  name: string;
}

export interface SaveResult {
  file: string;
  hash: string | null;
  changed: boolean;
  version?: FileVersion;
}

/**
 * The Flows page's work on the files ops edit (flows, out-of-scope, canned replies, templates):
 * reading them, checking a draft, saving only over the version the editor started from, deleting,
 * history, differences, restoring a version, and picking up changes made on disk by hand. Every
 * write goes through the one FlowFileWriter (checks, lock, atomic rename, version), is put live
 * here at once and audited.
 */
export class OpsFileEditor {
  private readonly writer: FlowFileWriter;

  constructor(private readonly deps: OpsFileEditorDeps) {
    this.writer = new FlowFileWriter({ dir: deps.dir, context: deps.context, versions: deps.store.fileVersions, clock: deps.clock });
  }

  /** Every ops file with what it holds and its last change; files deleted through the console (or by hand) after them. */
  async list(): Promise<{ files: OpsFileInfo[]; deleted: FileVersionSummary[] }> {
    await this.catchUpOutsideEdits();
    const latest = new Map((await this.deps.store.fileVersions.latestOfEach()).map((v) => [v.file, v]));
    const files = listOpsFiles(this.deps.dir).map((file) => ({ file, kind: opsFileKind(file)!, ...describeOpsFile(this.deps.dir, file), lastChange: latest.get(file) }));
    const deleted = [...latest.values()].filter((v) => v.hash === null && opsFileKind(v.file)).sort((a, b) => b.at - a.at);
    return { files, deleted };
  }

  async open(file: string): Promise<OpenedFile> {
    const kind = this.kindOf(file);
    await this.catchUpOutsideEdits(file);
    const text = await this.writer.transaction(async (folder) => folder.read(file));
    return { file, kind, text, hash: text === null ? null : contentHash(text), lastChange: (await this.deps.store.fileVersions.list(file, 1))[0] };
  }

  /** What every check says of the folder with this draft of the file (problems in other files included). */
  check(file: string, text: string): FlowProblem[] {
    this.kindOf(file);
    return this.writer.check(file, text);
  }

  /** Saves `text` if the file is still at `baseHash` (null: it must not exist yet) and passes every check. */
  async save(file: string, request: { text: string; baseHash: string | null; message?: string }, actor: Actor): Promise<SaveResult> {
    this.kindOf(file);
    return this.change(file, request.baseHash, request.text, actor, async (folder, existed) =>
      folder.write(file, request.text, { actor, action: existed ? 'save' : 'create', message: request.message || (existed ? 'Saved in the console' : 'Created in the console') }),
    );
  }

  /** Deletes a flow file still at `baseHash`, when nothing else points at it. */
  async remove(file: string, request: { baseHash: string; message?: string }, actor: Actor): Promise<SaveResult> {
    if (this.kindOf(file) !== 'flow') throw new OpsFileMissing(`${file} cannot be deleted: only flow files can`);
    return this.change(file, request.baseHash, null, actor, async (folder) => folder.remove(file, { actor, action: 'delete', message: request.message || 'Deleted in the console' }));
  }

  /** Puts version `seq` back (a deleted file comes back, a later-deleted one goes), through the same checks. */
  async restore(file: string, request: { seq: number; baseHash: string | null; message?: string }, actor: Actor): Promise<SaveResult> {
    this.kindOf(file);
    const version = await this.deps.store.fileVersions.get(file, request.seq);
    if (!version) throw new OpsFileMissing(`${file} has no version ${request.seq}`);
    const author = { actor, action: 'restore' as const, message: `Restored version ${request.seq}${request.message ? `: ${request.message}` : ''}`, restoredFrom: request.seq };
    return this.change(file, request.baseHash, version.text, actor, async (folder) => (version.text === null ? folder.remove(file, author) : folder.write(file, version.text, author)));
  }

  async history(file: string, limit = 100): Promise<FileVersionSummary[]> {
    this.kindOf(file);
    await this.catchUpOutsideEdits(file);
    return this.deps.store.fileVersions.list(file, limit);
  }

  async version(file: string, seq: number): Promise<FileVersion> {
    const version = await this.deps.store.fileVersions.get(file, seq);
    if (!version) throw new OpsFileMissing(`${file} has no version ${seq}`);
    return version;
  }

  /** The difference between two versions, or a version and the file as it is now (`current`). */
  async diff(file: string, from: number | 'current', to: number | 'current'): Promise<TextDiff> {
    this.kindOf(file);
    const text = async (which: number | 'current') => (which === 'current' ? (await this.open(file)).text : (await this.version(file, which)).text);
    return diffTexts(await text(from), await text(to));
  }

  /**
   * Records the files changed on disk since their last version (by hand, or by a tool that does
   * not use the writer) as "edited outside the console". Never throws: reading goes on without it.
   */
  async catchUpOutsideEdits(file?: string): Promise<FileVersion[]> {
    try {
      const recorded = await this.writer.transaction((folder) => folder.catchUp(file));
      for (const v of recorded) this.deps.logger.info('ops file change found on disk and recorded', { file: v.file, seq: v.seq, action: v.action });
      return recorded;
    } catch (error) {
      this.deps.logger.warn('could not record changes made to the flows folder outside the console', { error: (error as Error).message });
      return [];
    }
  }

  private async change(
    file: string,
    baseHash: string | null,
    draft: string | null,
    actor: Actor,
    write: (folder: LockedFlowFolder, existed: boolean) => Promise<FlowEditResult>,
  ): Promise<SaveResult> {
    const result = await this.writer.transaction(async (folder) => {
      await folder.catchUp(file);
      const current = folder.read(file);
      const currentHash = current === null ? null : contentHash(current);
      if (currentHash !== baseHash) {
        const lastChange = (await this.deps.store.fileVersions.list(file, 1))[0];
        throw new EditConflict(file, current, currentHash, lastChange, diffTexts(draft, current));
      }
      return write(folder, current !== null);
    });
    const kind = opsFileKind(file);
    if (result.changed && (kind === 'flow' || kind === 'out-of-scope')) await this.deps.reload();
    if (result.recorded) await this.audit(actor, result.recorded);
    return { file, hash: result.recorded?.hash ?? baseHash, changed: result.changed, version: result.recorded };
  }

  private async audit(actor: Actor, version: FileVersion): Promise<void> {
    const actions: Partial<Record<FileVersionAction, string>> = { save: 'save-file', create: 'create-file', delete: 'delete-file', restore: 'restore-file' };
    await this.deps.store.audit.append({
      id: randomUUID(), at: version.at, actorId: actor.id, action: actions[version.action] ?? version.action, subjectType: 'file', subjectId: version.file,
      detail: { seq: version.seq, message: version.message, restoredFrom: version.restoredFrom },
    });
  }

  private kindOf(file: string): OpsFileKind {
    const kind = opsFileKind(file);
    if (!kind) throw new OpsFileMissing(`${file} is not a file ops edit (a flow, nlu/out_of_scope.yaml, canned/replies.yaml or canned/templates.yaml)`);
    return kind;
  }
}
