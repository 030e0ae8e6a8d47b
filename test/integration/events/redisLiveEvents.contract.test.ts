import { randomBytes } from 'node:crypto';
import { RedisLiveEvents } from '../../../src/events/redis';
import { createSilentLogger } from '../../../src/observability/logger';
import { startRedis, type RedisService } from '../../support/services';
import { liveEventsContract } from '../../contracts/liveEventsContract';

let redis: RedisService;

beforeAll(async () => {
  redis = await startRedis(); // rejects (fails the suite) when Redis cannot start
});

afterAll(async () => {
  await redis?.stop();
});

// Two instances on one channel, as two web processes have: a claim on one reaches the other's consoles.
liveEventsContract('redis', async () => {
  const channel = `test-live-events-${randomBytes(4).toString('hex')}`;
  return {
    publisher: new RedisLiveEvents(redis.url, channel, createSilentLogger()),
    listener: new RedisLiveEvents(redis.url, channel, createSilentLogger()),
  };
});
