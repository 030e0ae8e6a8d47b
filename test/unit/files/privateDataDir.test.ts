import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestBot } from '../../support/testBot';

const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);

/** DATA_DIR holds the chats and the linked phone's session: no other user of the machine may read them. */
describe('DATA_DIR', () => {
  let dir: string;
  const umask = process.umask();
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-dir-'));
  });
  afterEach(() => {
    process.umask(umask);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is made private at start, what an older version left readable included, and what the bot writes later too', async () => {
    process.umask(0o022);
    const data = path.join(dir, 'data');
    fs.mkdirSync(path.join(data, 'whatsapp-web', 'session', 'Default'), { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(data, 'whatsapp-web', 'session', 'Default', 'Cookies'), 'session', { mode: 0o644 });
    fs.writeFileSync(path.join(data, 'export.csv'), 'phone,text', { mode: 0o644 });
    fs.chmodSync(data, 0o755);

    const bot = await startTestBot({ env: { DATA_DIR: data, SQLITE_FILE: path.join(data, 'bot.sqlite') } });
    try {
      expect([data, path.join(data, 'whatsapp-web'), path.join(data, 'whatsapp-web', 'session', 'Default')].map(mode)).toEqual(['700', '700', '700']);
      expect([path.join(data, 'whatsapp-web', 'session', 'Default', 'Cookies'), path.join(data, 'export.csv')].map(mode)).toEqual(['600', '600']);
      await bot.send('8801700000009', 'hello');
      // The embedded store's file and its journal hold every chat.
      expect(['bot.sqlite', 'bot.sqlite-wal', 'bot.sqlite-shm'].map((f) => mode(path.join(data, f)))).toEqual(['600', '600', '600']);
      const created = path.join(data, 'media-later.bin');
      fs.writeFileSync(created, 'x'); // as any later write of this process
      expect(mode(created)).toBe('600');
    } finally {
      await bot.stop();
    }
  });
});
