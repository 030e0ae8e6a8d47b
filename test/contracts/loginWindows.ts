import type { Store } from '../../src/store/port';

const DAY = 24 * 3_600_000;

/**
 * Login windows of many keys, then one try a day later: afterwards the store should hold that
 * last window only (the old ones forgotten, so guessers cycling addresses cannot grow it). How
 * many windows a store holds is not on the port; each adapter's test counts its own rows.
 * Along the way, a short window of one key must not end a longer window of another.
 */
export async function tryLoginsForADay(store: Store, keys: number): Promise<void> {
  for (let i = 0; i < keys; i++) await store.logins.take(`ip:10.0.0.${i}`, 1_000, 60_000, 5);
  await store.logins.take('email+ip:mina|10.0.0.1', 2_000, 15 * 60_000, 5);
  await store.logins.take('email:mina', 70_000, 60_000, 10);
  expect(await store.logins.take('email+ip:mina|10.0.0.1', 80_000, 15 * 60_000, 5)).toEqual({ counted: true, count: 2, firstAt: 2_000 });
  await store.logins.take('ip:10.0.1.1', DAY + 100_000, 60_000, 5);
}
