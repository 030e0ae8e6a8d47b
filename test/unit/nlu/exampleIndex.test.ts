import { ExampleIndex } from '../../../src/nlu/local/exampleIndex';
import { seededRandom, type SparseRow } from '../../../src/nlu/local/softmaxRegression';

/** A unit-length row over `features` features with `count` of them set. */
function randomRow(random: () => number, features: number, count: number): SparseRow {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * features));
  const indices = Int32Array.from(chosen);
  const raw = Array.from(indices, () => 0.1 + random());
  const norm = Math.sqrt(raw.reduce((s, v) => s + v * v, 0));
  return { indices, values: Float32Array.from(raw, (v) => v / norm) };
}

/** The definition: the largest share of one example's weight whose features the message has. */
function containment(message: SparseRow, examples: SparseRow[]): number {
  const has = new Set(message.indices);
  return Math.min(1, Math.max(0, ...examples.map((e) => Array.from(e.indices).reduce((s, f, k) => (has.has(f) ? s + (e.values[k] as number) ** 2 : s), 0))));
}

describe('ExampleIndex: how much of an intent\'s example a message holds', () => {
  it('is 1 for a message that holds an example whole, whatever else it says, and 0 for one that shares nothing', () => {
    const example = randomRow(seededRandom(1), 50, 5);
    const index = new ExampleIndex([example], [0], 100, 1);
    const longer: SparseRow = { indices: Int32Array.from([...example.indices, 60, 61, 62]), values: Float32Array.from([0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3]) };
    expect(index.containment(longer, 0)).toBeCloseTo(1, 5);
    expect(index.containment({ indices: Int32Array.from([70, 71]), values: Float32Array.from([0.7, 0.7]) }, 0)).toBe(0);
  });

  it('gives the same answer for intents of a few examples and of hundreds, and ignores other intents and out-of-scope rows', () => {
    const random = seededRandom(7);
    const features = 400;
    const rows: SparseRow[] = [];
    const labels: number[] = [];
    // Intent 0 has 300 examples (read through the postings), intent 1 has 3 (read one by one), 2 is out of scope.
    for (const [label, count] of [[0, 300], [1, 3], [2, 40], [1, 2]] as const) {
      for (let i = 0; i < count; i++) {
        rows.push(randomRow(random, features, 6 + Math.floor(random() * 20)));
        labels.push(label);
      }
    }
    const index = new ExampleIndex(rows, labels, features, 2);
    for (let m = 0; m < 50; m++) {
      const message = randomRow(random, features, 3 + Math.floor(random() * 40));
      for (const intent of [0, 1]) {
        expect(index.containment(message, intent)).toBeCloseTo(containment(message, rows.filter((_, i) => labels[i] === intent)), 5);
      }
    }
  });
});
