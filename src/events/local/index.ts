/** The in-process adapter of the LiveEvents port (the embedded default). */
export { LocalLiveEvents } from './localLiveEvents';
