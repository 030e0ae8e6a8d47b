import { createHook } from 'node:async_hooks';
const live = new Map<number, string>();
createHook({
  init(id, type) { if (type === 'Timeout' || type === 'TCPWRAP' || type === 'PIPEWRAP' || type === 'PROCESSWRAP') live.set(id, type + ' ' + new Error().stack!.split('\n').slice(3, 9).join(' | ')); },
  destroy(id) { live.delete(id); },
}).enable();
afterAll(async () => {
  await new Promise((r) => setTimeout(r, 300));
  const info = (process as any).getActiveResourcesInfo().join(',');
  const stacks = [...live.values()].filter((s) => !s.includes('jest-') && !s.includes('tmp-leaks'));
  require('fs').appendFileSync('/tmp/leaks.log', `\n### ${expect.getState().testPath}\n${info}\n${stacks.join('\n')}\n`);
}, 10000);
