import { startRedis, type RedisService } from '../../support/services';
import { queueContract } from '../../contracts/queueContract';
import type { BullQueue } from '../../../src/queue/bull';
import { testQueue } from './support/redis';

let redis: RedisService;

beforeAll(async () => {
  redis = await startRedis(); // rejects (fails the suite) when Redis cannot start
});

afterAll(async () => {
  await redis?.stop();
});

queueContract('bull', async () => testQueue(redis.url) as BullQueue);
