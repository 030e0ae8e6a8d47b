import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileMediaStore } from '../../../src/media/files';
import { SqliteStore } from '../../../src/store/sqlite';
import { privacyContract } from '../../contracts/privacyContract';
import { tempDatabase } from '../../support/sqliteFiles';

// The embedded pair `npm start` runs: one SQLite file, and customers' files under DATA_DIR/media.
const mediaRoots = new Map<FileMediaStore, string>();

privacyContract('sqlite', {
  makeStore: async () => {
    const store = new SqliteStore({ database: tempDatabase() });
    await store.init();
    return store;
  },
  makeMedia: async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'privacy-media-'));
    const media = new FileMediaStore(path.join(root, 'media'));
    mediaRoots.set(media, root);
    await media.init();
    return media;
  },
  disposeMedia: async (media) => {
    await media.close();
    rmSync(mediaRoots.get(media as FileMediaStore)!, { recursive: true, force: true });
  },
});
