import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../observability/logger';
import { listFlowFiles, loadFlows } from './loadFlows';
import { OUT_OF_SCOPE_FILE } from './outOfScopeFile';
import { listTrainingFiles } from './trainingFile';
import { FlowLoadError, formatProblem, type FlowSet } from './model';
import type { FlowRegistry } from './registry';
import type { RuleContext } from './rules/types';

export interface FlowReloadStatus {
  version: string;
  loadedAt: number;
  /** The last refused change, until a good one replaces it. */
  rejected?: { at: number; problems: string[] };
}

export interface FlowWatcherOptions {
  dir: string;
  registry: FlowRegistry;
  context: RuleContext;
  logger: Logger;
  /**
   * Called with the new set after it is live (retrain the NLU, tell the consoles); a promise
   * says when that work is done (see `learnt`).
   */
  onReloaded: (set: FlowSet) => void | Promise<void>;
  onRejected: (problems: string[]) => void;
  /** Safety net for file systems where change events get lost. */
  pollMs?: number;
  debounceMs?: number;
}

/**
 * Hot reload of flows/: a change is validated as a whole and swapped in with one assignment;
 * a broken change is refused with the checker's messages while the last good flows serve on.
 * Every process runs its own watcher, so web and worker processes all pick the change up.
 */
export class FlowWatcher {
  private watcher?: fs.FSWatcher;
  private poll?: NodeJS.Timeout;
  private debounce?: NodeJS.Timeout;
  private signature = '';
  private lastLearning: Promise<void> = Promise.resolve();
  private state: FlowReloadStatus;

  constructor(private readonly options: FlowWatcherOptions) {
    this.state = { version: options.registry.current.version, loadedAt: options.registry.current.loadedAt };
  }

  start(): void {
    this.signature = this.fileSignature();
    try {
      this.watcher = fs.watch(this.options.dir, () => this.schedule());
      this.watcher.on('error', (error) => this.options.logger.warn('flow folder watch failed; polling only', { error: error.message }));
    } catch (error) {
      this.options.logger.warn('flow folder cannot be watched; polling only', { error: (error as Error).message });
    }
    this.poll = setInterval(() => {
      if (this.fileSignature() !== this.signature) this.schedule();
    }, this.options.pollMs ?? 1000);
    this.poll.unref();
  }

  stop(): void {
    this.watcher?.close();
    if (this.poll) clearInterval(this.poll);
    if (this.debounce) clearTimeout(this.debounce);
  }

  status(): FlowReloadStatus {
    return this.state;
  }

  /** Settles when the work after the last reload (the NLU learning the new examples) is done. */
  get learnt(): Promise<void> {
    return this.lastLearning;
  }

  /** Loads the folder now; returns whether the live flows changed. */
  reload(): boolean {
    this.signature = this.fileSignature();
    const { registry, logger } = this.options;
    try {
      const next = loadFlows(this.options.dir, this.options.context);
      this.state = { version: next.version, loadedAt: next.loadedAt };
      if (next.version === registry.current.version) return false;
      registry.replace(next);
      logger.info('flows reloaded', { version: next.version, flows: next.flows.size });
      this.lastLearning = Promise.resolve(this.options.onReloaded(next)).catch((error: unknown) => {
        logger.error('work after a flow reload failed', { error: (error as Error).message });
      });
      return true;
    } catch (error) {
      if (!(error instanceof FlowLoadError)) throw error;
      const problems = error.problems.map(formatProblem);
      this.state = { ...this.state, rejected: { at: Date.now(), problems } };
      logger.error('flow change refused; the last good flows keep serving', { problems });
      this.options.onRejected(problems);
      return false;
    }
  }

  private schedule(): void {
    if (this.debounce) clearTimeout(this.debounce);
    // Editors write a file in several steps; wait until they are done.
    this.debounce = setTimeout(() => {
      try {
        this.reload();
      } catch (error) {
        this.options.logger.error('flow reload failed', { error: (error as Error).message });
      }
    }, this.options.debounceMs ?? 200);
    this.debounce.unref();
  }

  /** Changes when any file the flows are built from changes (the sub-folder of the out-of-scope and training files is polled). */
  private fileSignature(): string {
    try {
      const outOfScope = path.join(this.options.dir, OUT_OF_SCOPE_FILE);
      const files = [...listFlowFiles(this.options.dir), ...(fs.existsSync(outOfScope) ? [outOfScope] : []), ...listTrainingFiles(this.options.dir)];
      return files
        .map((file) => {
          const stat = fs.statSync(file);
          return `${path.relative(this.options.dir, file)}:${stat.mtimeMs}:${stat.size}`;
        })
        .join('|');
    } catch {
      return 'unreadable';
    }
  }
}
