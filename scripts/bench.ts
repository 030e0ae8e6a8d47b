/**
 * `npm run bench`: the benchmarks that need nothing but this checkout, one process each so
 * neither warms the other up: the local NLU (bench/results/nlu.json) and the engine on the
 * embedded adapters (bench/results/engine.json). The two that need Redis and the
 * MongoDB-wire server (bash scripts/setup-services.sh) run on their own:
 *   npm run bench:pipeline    the whole production path under load (after npm run build)
 *   npm run bench:reports     the manager summary on a big shop
 * Speed is measured here, never asserted in tests (the machine is shared).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BENCHES = ['bench-nlu.ts', 'bench-engine.ts'];

for (const script of BENCHES) {
  console.log(`\n==> ${script}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, script)], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`${script} failed (exit ${run.status ?? run.signal})`);
    process.exit(1);
  }
}
console.log('\nWith Redis and the MongoDB-wire server: npm run bench:pipeline, npm run bench:reports');
