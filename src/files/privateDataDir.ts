import fs from 'node:fs';
import path from 'node:path';

/**
 * DATA_DIR holds the customers' chats (the embedded store), the media they sent and the linked
 * phone's WhatsApp Web session (whoever copies it reads and writes as the shop): its user's alone.
 * The folder and every folder in it become 0700 and every file 0600, those an older version left
 * wider included; and the process's umask becomes 077, so what it (or the Chromium it starts)
 * creates from then on is born that way. Symbolic links are left alone: they point outside.
 * Returns how many entries were tightened.
 */
export function makeDataDirPrivate(dir: string): number {
  process.umask(0o077);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return tighten(dir);
}

function tighten(entry: string): number {
  const stat = fs.lstatSync(entry, { throwIfNoEntry: false });
  if (!stat || stat.isSymbolicLink()) return 0;
  const wanted = stat.isDirectory() ? 0o700 : 0o600;
  let changed = 0;
  if ((stat.mode & 0o777) !== wanted) {
    fs.chmodSync(entry, wanted);
    changed += 1;
  }
  if (stat.isDirectory()) for (const name of fs.readdirSync(entry)) changed += tighten(path.join(entry, name));
  return changed;
}
