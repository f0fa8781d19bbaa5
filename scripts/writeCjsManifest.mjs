// dist/cjs holds CommonJS under a package whose type is "module": mark the folder so Node
// (and bundlers) read its .js files as CommonJS.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(process.cwd(), 'dist', 'cjs');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
