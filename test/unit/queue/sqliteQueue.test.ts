import { SqliteDatabase } from '../../../src/store/sqlite';
import { SqliteQueue } from '../../../src/queue/sqlite';
import { createSilentLogger } from '../../../src/observability/logger';
import { queueContract } from '../../contracts/queueContract';
import { tempDatabase } from '../../support/sqliteFiles';

queueContract('sqlite (file)', async () => new SqliteQueue({ database: tempDatabase(), logger: createSilentLogger() }));
queueContract('sqlite (in memory)', async () => new SqliteQueue({ database: new SqliteDatabase({ file: ':memory:' }), logger: createSilentLogger() }));
