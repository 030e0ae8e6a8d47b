/** `npm run flows:schema`: regenerates flows/flow.schema.json from src/flowfiles/schema.ts. */
import fs from 'node:fs';
import path from 'node:path';
import { flowJsonSchemaText } from '../src/flowfiles/jsonSchema';

const out = path.resolve(process.argv[2] ?? 'flows/flow.schema.json');
fs.writeFileSync(out, flowJsonSchemaText());
console.log(`wrote ${path.relative(process.cwd(), out)}`);
