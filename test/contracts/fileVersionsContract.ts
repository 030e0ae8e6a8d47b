import type { FileVersion } from '../../src/domain/fileVersion';
import type { Store } from '../../src/store/port';

const version = (file: string, seq: number, changes: Partial<FileVersion> = {}): FileVersion => ({
  file,
  seq,
  at: 1_700_000_000_000 + seq,
  actor: { id: 'ag-mina', name: 'Mina' },
  action: 'save',
  message: `change ${seq}`,
  previous: seq === 1 ? null : `text ${seq - 1}\n`,
  text: `text ${seq}\n`,
  hash: `hash-${seq}`,
  ...changes,
});

/** What every Store adapter must do with the versions of the files ops edit. */
export function fileVersionsContract(name: string, open: () => Promise<Store>, close: (store: Store) => Promise<void> = (s) => s.close()): void {
  describe(`Store contract, file versions: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => close(store));

    it('keeps every version with its texts, the newest first in the history, and refuses a second version with the same number', async () => {
      expect(await store.fileVersions.latest('delivery_charge.yaml')).toBeNull();
      expect(await store.fileVersions.add(version('delivery_charge.yaml', 1, { action: 'first', actor: undefined, message: 'First seen on disk' }))).toBe(true);
      expect(await store.fileVersions.add(version('delivery_charge.yaml', 2))).toBe(true);
      expect(await store.fileVersions.add(version('delivery_charge.yaml', 2, { message: 'someone else' }))).toBe(false);
      expect(await store.fileVersions.add(version('delivery_charge.yaml', 3, { action: 'delete', text: null, hash: null }))).toBe(true);

      expect(await store.fileVersions.latest('delivery_charge.yaml')).toEqual(version('delivery_charge.yaml', 3, { action: 'delete', text: null, hash: null }));
      expect(await store.fileVersions.get('delivery_charge.yaml', 2)).toEqual(version('delivery_charge.yaml', 2));
      expect(await store.fileVersions.get('delivery_charge.yaml', 1)).toEqual(version('delivery_charge.yaml', 1, { action: 'first', actor: undefined, message: 'First seen on disk' }));
      expect(await store.fileVersions.get('delivery_charge.yaml', 9)).toBeNull();

      const history = await store.fileVersions.list('delivery_charge.yaml', 10);
      expect(history.map((v) => [v.seq, v.message])).toEqual([[3, 'change 3'], [2, 'change 2'], [1, 'First seen on disk']]);
      expect(history[0]).not.toHaveProperty('text');
      expect(history[0]).not.toHaveProperty('previous');
      expect(history[2]).not.toHaveProperty('actor');
      expect((await store.fileVersions.list('delivery_charge.yaml', 2)).map((v) => v.seq)).toEqual([3, 2]);
      expect(await store.fileVersions.list('delivery_charge.yaml', 0)).toEqual([]);
    });

    it('keeps each file apart, and names the newest version of every file', async () => {
      await store.fileVersions.add(version('delivery_charge.yaml', 1));
      await store.fileVersions.add(version('canned/replies.yaml', 1));
      await store.fileVersions.add(version('canned/replies.yaml', 2, { actor: { id: 'ag-rafi', name: 'Rafi' }, restoredFrom: 1, action: 'restore' }));
      expect((await store.fileVersions.list('canned/replies.yaml', 10)).map((v) => v.seq)).toEqual([2, 1]);
      const latest = (await store.fileVersions.latestOfEach()).sort((a, b) => a.file.localeCompare(b.file));
      expect(latest).toEqual([
        { file: 'canned/replies.yaml', seq: 2, at: version('', 2).at, actor: { id: 'ag-rafi', name: 'Rafi' }, action: 'restore', message: 'change 2', hash: 'hash-2', restoredFrom: 1 },
        { file: 'delivery_charge.yaml', seq: 1, at: version('', 1).at, actor: { id: 'ag-mina', name: 'Mina' }, action: 'save', message: 'change 1', hash: 'hash-1' },
      ]);
    });

    it('records one of many processes racing to add the same version number, and each of many numbers once', async () => {
      const racing = await Promise.all(Array.from({ length: 6 }, (_, i) => store.fileVersions.add(version('thanks.yaml', 1, { message: `writer ${i}` }))));
      expect(racing.filter(Boolean)).toHaveLength(1);
      await Promise.all(Array.from({ length: 8 }, (_, i) => store.fileVersions.add(version('thanks.yaml', i + 2))));
      expect((await store.fileVersions.list('thanks.yaml', 100)).map((v) => v.seq)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    });
  });
}
