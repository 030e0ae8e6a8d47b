/** The Redis pub/sub adapter of the LiveEvents port (with REDIS_URL: every process hears every event). */
export { RedisLiveEvents } from './redisLiveEvents';
