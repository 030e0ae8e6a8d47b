import { EventEmitter } from 'node:events';
import type { LiveEvent, LiveEvents } from '../port';

/** Within one process (the embedded default). */
export class LocalLiveEvents implements LiveEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
