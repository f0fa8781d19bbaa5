// Proves that every built package can be consumed both ways: `import` (ESM) and `require` (CJS),
// the way a user's project would, through a node_modules link and the package's `exports` map.
// Run after `turbo run build`; exits non-zero on the first package that fails.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const packagesDir = join(root, 'packages');
const consumer = mkdtempSync(join(tmpdir(), 'batch-consumer-'));
let failures = 0;
let checked = 0;

try {
  mkdirSync(join(consumer, 'node_modules', '@batch'), { recursive: true });
  for (const dir of readdirSync(packagesDir).sort()) {
    const manifest = JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8'));
    const short = manifest.name.replace('@batch/', '');
    symlinkSync(join(packagesDir, dir), join(consumer, 'node_modules', '@batch', short), 'dir');
    const esm = `import * as m from '${manifest.name}'; console.log(JSON.stringify(Object.keys(m).filter(k => k !== 'default').sort()));`;
    const cjs = `const m = require('${manifest.name}'); console.log(JSON.stringify(Object.keys(m).sort()));`;
    writeFileSync(join(consumer, `${short}.mjs`), esm);
    writeFileSync(join(consumer, `${short}.cjs`), cjs);
    const run = (file) =>
      execFileSync(process.execPath, [file], {
        cwd: consumer,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      }).trim();
    try {
      const fromImport = run(`${short}.mjs`);
      const fromRequire = run(`${short}.cjs`);
      const names = JSON.parse(fromImport);
      if (names.length === 0) throw new Error('no exports');
      if (fromImport !== fromRequire) {
        throw new Error(`ESM exports ${fromImport} differ from CJS exports ${fromRequire}`);
      }
      checked += 1;
      console.log(`ok   ${manifest.name}: import and require both expose ${names.length} exports`);
    } catch (error) {
      failures += 1;
      console.error(`FAIL ${manifest.name}: ${String(error.stderr || error.message).trim().split('\n').slice(0, 6).join('\n')}`);
    }
  }
} finally {
  rmSync(consumer, { recursive: true, force: true });
}
console.log(`exports: ${checked} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
