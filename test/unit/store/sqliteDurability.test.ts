/**
 * What "acknowledged" means on the SQLite file (synchronous = NORMAL, src/sqlite/walSync.ts):
 * a write's promise (what a webhook's 200 waits for) resolves only after an fdatasync of the WAL
 * that began after its COMMIT finished, so what the kernel held is on the disk before anyone is
 * told. A kill -9 cannot show this (the kernel keeps unsynced pages); the fsyncs themselves can:
 * they are held here, and the write must wait for them.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../../src/store/sqlite';
import { tempDatabase } from '../../support/sqliteFiles';

const realFdatasync = fs.fdatasync;
const realFsync = fs.fsync;

afterEach(() => jest.restoreAllMocks());

/** Waits for the event loop to go round a few times (the thread pool's callbacks included). */
const turns = async (n = 20) => {
  for (let i = 0; i < n; i += 1) await new Promise((resolve) => setTimeout(resolve, 1));
};

it('resolves a write only once an fdatasync that began after its COMMIT has finished; a new WAL gets its folder fsynced first', async () => {
  const events: string[] = [];
  jest.spyOn(fs, 'fsync').mockImplementation(((fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
    events.push(fs.fstatSync(fd).isDirectory() ? 'fsync folder' : 'fsync file');
    realFsync(fd, callback);
  }) as typeof fs.fsync);
  const database = tempDatabase({ exclusive: true });
  const store = new SqliteStore({ database });
  await store.init(); // its first write makes the WAL file: the folder is synced then
  const customersOnDiskAtSync: number[] = [];
  const held: Array<() => void> = [];
  jest.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
    events.push('fdatasync wal');
    // Another connection, as after a restart: the COMMIT is already in the WAL when the sync starts.
    const other = new Database(database.file, { readonly: true });
    customersOnDiskAtSync.push((other.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n);
    other.close();
    held.push(() => realFdatasync(fd, callback));
  }) as typeof fs.fdatasync);

  let acknowledged = false;
  const write = store.customers.touch({ id: 'whatsapp:8801711', channel: 'whatsapp', address: '8801711', at: 1 }).then(() => (acknowledged = true));
  for (let i = 0; i < 200 && held.length === 0; i += 1) await turns(1);
  expect(customersOnDiskAtSync).toEqual([1]);
  await turns();
  expect(acknowledged).toBe(false); // committed, but not yet on the disk: nobody is told
  held.shift()!();
  await write;
  expect(acknowledged).toBe(true);

  // A second write: the WAL is known by now, so only its fdatasync, no folder sync again.
  const second = store.customers.touch({ id: 'whatsapp:8801712', channel: 'whatsapp', address: '8801712', at: 2 });
  for (let i = 0; i < 200 && held.length === 0; i += 1) await turns(1);
  held.shift()!();
  await second;
  expect(events).toEqual(['fsync folder', 'fdatasync wal', 'fdatasync wal']);
  expect(customersOnDiskAtSync).toEqual([1, 2]);
  jest.restoreAllMocks();
  await store.close();
});
