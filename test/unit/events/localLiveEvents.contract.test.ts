import { LocalLiveEvents } from '../../../src/events/local';
import { liveEventsContract } from '../../contracts/liveEventsContract';

liveEventsContract('local', async () => {
  const events = new LocalLiveEvents();
  return { publisher: events, listener: events };
});
