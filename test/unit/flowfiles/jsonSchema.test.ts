import fs from 'node:fs';
import path from 'node:path';
import { flowJsonSchemaText } from '../../../src/flowfiles/jsonSchema';

const FLOWS = path.resolve(__dirname, '../../../flows');

describe('flows/flow.schema.json', () => {
  it('is what the flow schema generates (run `npm run flows:schema` after changing the schema)', () => {
    expect(fs.readFileSync(path.join(FLOWS, 'flow.schema.json'), 'utf8')).toBe(flowJsonSchemaText());
  });

  it('is named on the first line of every sample flow, for the editor', () => {
    const files = fs.readdirSync(FLOWS).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      expect({ file, first: fs.readFileSync(path.join(FLOWS, file), 'utf8').split('\n')[0] }).toEqual({ file, first: '# yaml-language-server: $schema=./flow.schema.json' });
    }
  });
});
