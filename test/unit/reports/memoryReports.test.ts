import { MemoryStore } from '../../../src/store/memory';
import { reportsContract } from '../../contracts/reportsContract';

reportsContract('memory', async () => {
  const store = new MemoryStore();
  await store.init();
  return store;
});
