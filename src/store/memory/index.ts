export { MemoryStore } from './memoryStore';
export { SnapshotFile } from './snapshotFile';
