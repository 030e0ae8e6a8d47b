import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../observability/logger';
import type { MemoryState } from './memoryStore';

const FORMAT_VERSION = 1;

/**
 * Keeps the embedded store across restarts: the whole state as one JSON file, written a
 * moment after changes (not on every write) and once more on shutdown. Written to a temporary
 * file and renamed, so a crash mid-write leaves the previous snapshot intact.
 */
export class SnapshotFile {
  private dirty = false;
  private timer?: NodeJS.Timeout;
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.file = path.join(dataDir, 'store.json');
  }

  async load(): Promise<MemoryState | null> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const raw = JSON.parse(text);
      if (raw.formatVersion !== FORMAT_VERSION) throw new Error(`unknown format version ${raw.formatVersion}`);
      const state: MemoryState = {
        customers: new Map(raw.customers),
        conversations: new Map(raw.conversations),
        messages: new Map(raw.messages),
        handoffs: new Map(raw.handoffs),
        agents: new Map(raw.agents ?? []),
        audit: raw.audit ?? [],
        unanswered: new Map(raw.unanswered ?? []),
      };
      this.logger.info('store snapshot loaded', { file: this.file, conversations: state.conversations.size, messages: state.messages.size });
      return state;
    } catch (error) {
      // Keep the unreadable file for inspection and start empty rather than refuse to start.
      const aside = `${this.file}.broken-${Date.now()}`;
      await fs.promises.rename(this.file, aside).catch(() => undefined);
      this.logger.error('store snapshot unreadable; moved aside and starting empty', { file: aside, error: (error as Error).message });
      return null;
    }
  }

  start(getState: () => MemoryState): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.dirty) void this.write(getState()).catch((error) => this.logger.error('store snapshot failed', { error: (error as Error).message }));
    }, this.intervalMs);
    this.timer.unref();
  }

  markDirty(): void {
    this.dirty = true;
  }

  async stop(getState: () => MemoryState): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.dirty && this.intervalMs > 0) await this.write(getState());
  }

  private async write(state: MemoryState): Promise<void> {
    this.dirty = false;
    const body = JSON.stringify({
      formatVersion: FORMAT_VERSION,
      writtenAt: new Date().toISOString(),
      customers: [...state.customers],
      conversations: [...state.conversations],
      messages: [...state.messages],
      handoffs: [...state.handoffs],
      agents: [...state.agents],
      audit: state.audit,
      unanswered: [...state.unanswered],
    });
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await fs.promises.writeFile(temp, body);
    await fs.promises.rename(temp, this.file);
  }
}
