/**
 * `npm run backup -- FILE`: an online copy of the embedded store (DATA_DIR/bot.sqlite, or
 * SQLITE_FILE) taken with SQLite's backup API while the bot keeps running. The copy is one
 * self-contained file; restoring it is described in docs/STORE_SQLITE.md.
 *   npm run backup -- backups/bot-$(date +%F).sqlite
 */
import { loadConfig } from '../src/config/load';
import { backupDatabase } from '../src/sqlite/backup';

async function main(): Promise<void> {
  const destination = process.argv[2];
  if (!destination || destination.startsWith('-')) {
    console.error('usage: npm run backup -- <file to write, e.g. backups/bot-2024-06-01.sqlite>');
    process.exit(2);
  }
  const config = loadConfig();
  if (config.mongodbUri) {
    console.error('The store is MongoDB (MONGODB_URI): back it up with mongodump or your provider\'s backups.');
    process.exit(2);
  }
  if (config.sqliteFile === ':memory:') {
    console.error('SQLITE_FILE is :memory:, so there is nothing on disk to back up.');
    process.exit(2);
  }
  const started = Date.now();
  const result = await backupDatabase(config.sqliteFile, destination);
  console.log(`Backed up ${config.sqliteFile} to ${result.file}: ${(result.bytes / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s, integrity check ok.`);
}

main().catch((error) => {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
