import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileMediaStore } from '../../../src/media/files';
import { mediaStoreContract } from '../../contracts/mediaStoreContract';

const roots = new Map<FileMediaStore, string>();

mediaStoreContract(
  'files',
  async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'media-'));
    const store = new FileMediaStore(path.join(root, 'media'));
    roots.set(store, root);
    await store.init();
    return store;
  },
  async (store) => {
    rmSync(roots.get(store as FileMediaStore)!, { recursive: true, force: true });
  },
);

describe('FileMediaStore on disk', () => {
  it('names no file after a phone number or a message id, and leaves no temporary file behind', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'media-'));
    try {
      const store = new FileMediaStore(root);
      await store.init();
      await store.put({ messageId: 'wamid.X/Y+Z=', conversationId: 'c', customerId: 'whatsapp-cloud:8801711000001', mimeType: 'image/png' }, Buffer.from('png'));
      const names: string[] = [];
      (function walk(dir: string) {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          names.push(entry.name);
          if (entry.isDirectory()) walk(path.join(dir, entry.name));
        }
      })(root);
      expect(names.join(' ')).not.toMatch(/8801711000001|wamid|\.tmp/);
      // Private to this user, whatever the umask.
      const modes: string[] = [];
      (function walk(dir: string) {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, entry.name);
          modes.push((statSync(full).mode & 0o777).toString(8));
          if (entry.isDirectory()) walk(full);
        }
      })(root);
      expect(new Set(modes)).toEqual(new Set(['700', '600']));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
