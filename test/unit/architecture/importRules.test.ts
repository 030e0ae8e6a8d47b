import fs from 'node:fs';
import path from 'node:path';
import { adapterBoundaryProblems, layeringProblems, parseLayers, readSourceTree, type SourceTree } from '../../support/importRules';

const ROOT = path.resolve(__dirname, '../../..');
const layers = parseLayers(fs.readFileSync(path.join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8'));
const src = readSourceTree(path.join(ROOT, 'src'));

describe('src/ import rules (docs/ARCHITECTURE.md, "Layers")', () => {
  it('has every top-level folder of src/ in exactly one layer', () => {
    const names = layers.flat();
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    expect(names.length).toBeGreaterThan(10);
  });

  it('imports only from lower layers', () => {
    expect(layeringProblems(src, layers)).toEqual([]);
  });

  it('reaches an adapter only through its index.ts, and keeps index.ts files for adapters', () => {
    expect(adapterBoundaryProblems(src)).toEqual([]);
  });
});

describe('the import rules checker', () => {
  const tree: SourceTree = new Map([
    ['domain/message.ts', 'export type Id = string;'],
    ['store/port.ts', "import type { Id } from '../domain/message';"],
    ['store/memory/index.ts', "export { MemoryStore } from './memoryStore';"],
    ['store/memory/memoryStore.ts', "import type { Store } from '../port';\nimport { x } from '../mongo/helpers';"],
    ['store/mongo/index.ts', "export * from './mongoStore';"],
    ['store/mongo/mongoStore.ts', 'export class MongoStore {}'],
    ['store/mongo/helpers.ts', 'export const x = 1;'],
    ['engine/index.ts', "export * from './engine';"],
    ['engine/engine.ts', "import { MongoStore } from '../store/mongo/mongoStore';\nimport { createApp } from '../http/app';\nconst s = require('../store/memory');"],
    ['http/app.ts', "import { Engine } from '../engine/engine';\nimport('../missing');"],
  ]);
  const testLayers = [['http'], ['engine'], ['store'], ['domain']];

  it('reports an import of a higher layer, with file and line, and imports that resolve nowhere', () => {
    expect(layeringProblems(tree, testLayers)).toEqual([
      "src/http/app.ts:2 imports '../missing', which is not a file of src/",
      'src/engine/engine.ts:2 imports src/http/app.ts: engine/ may not import http/, a layer above it',
    ]);
  });

  it('reports a folder without a layer and two folders of one layer importing each other', () => {
    const sideways = new Map([...tree, ['reports/summary.ts', "import { Engine } from '../engine/engine';"]]);
    const problems = layeringProblems(sideways, [['http'], ['engine', 'reports'], ['store'], ['domain']]);
    expect(problems).toContain('src/reports/summary.ts:1 imports src/engine/engine.ts: reports/ may not import engine/, a layer beside it');
    expect(layeringProblems(sideways, testLayers)).toContain('src/reports has no layer in docs/ARCHITECTURE.md ("## Layers")');
  });

  it('reports deep imports into an adapter, adapters importing each other, and barrels outside adapters', () => {
    expect(adapterBoundaryProblems(tree)).toEqual([
      'src/engine/index.ts: only adapter folders have an index.ts; import the file that defines what you need',
      'src/store/memory/memoryStore.ts:2 imports src/store/mongo/helpers.ts: adapters of one port never import each other',
      'src/engine/engine.ts:1 imports src/store/mongo/mongoStore.ts: import the adapter through src/store/mongo/index.ts',
    ]);
  });
});
