// The TypeScript declarations (types/): tsc (typescript, a dev dependency)
// accepts an example that uses the core's API and the element as the docs
// show them, and refuses a file of wrong calls with exactly the errors expected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './load-module.mjs';

const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
const run = (args) => spawnSync(process.execPath, [tsc, ...args], { cwd: repoRoot, encoding: 'utf8' });
const OPTIONS = [
  '--noEmit',
  '--strict',
  '--target',
  'ES2022',
  '--module',
  'ES2022',
  '--moduleResolution',
  'bundler',
  '--lib',
  'ES2022,DOM',
];

test('the example type-checks', () => {
  const r = run(['-p', 'tests/types/tsconfig.json']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('the wrong calls are refused, one error each', () => {
  const r = run([...OPTIONS, 'tests/types/wrong.ts']);
  assert.notEqual(r.status, 0);
  const lines = r.stdout.split('\n').filter((l) => l.includes('error TS'));
  assert.ok(
    lines.every((l) => l.startsWith('tests/types/wrong.ts(')),
    r.stdout,
  );
  const at = lines.map((l) => Number(l.match(/wrong\.ts\((\d+),/)?.[1]));
  assert.deepEqual(at, [7, 8, 9, 10, 11], r.stdout);
});
