// Loads the built Emscripten ES module (build-wasm/dropout_core.mjs + .wasm)
// in node, as docs/API.md describes: Emscripten 3.1.6's ES6 output refers to
// the globals `require` and `__dirname`, and node cannot fetch() the .wasm,
// so its bytes are handed to the factory as `wasmBinary`.
//
// Paths are resolved from the repo root (two folders above this file), not
// from the working directory. DROPOUT_WASM_DIR overrides the folder that
// holds dropout_core.mjs and dropout_core.wasm (absolute, or relative to the
// repo root).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export function wasmDir() {
  const override = process.env.DROPOUT_WASM_DIR;
  if (override) return path.resolve(repoRoot, override);
  return path.join(repoRoot, 'build-wasm');
}

let factoryPromise = null;

async function factory() {
  if (!factoryPromise) {
    const dir = wasmDir();
    const mjs = path.join(dir, 'dropout_core.mjs');
    if (!fs.existsSync(mjs)) {
      throw new Error(`dropout_core.mjs not found in ${dir}: build the wasm module first (or set DROPOUT_WASM_DIR)`);
    }
    globalThis.require ??= createRequire(import.meta.url);
    globalThis.__dirname ??= dir;
    factoryPromise = import(pathToFileURL(mjs).href).then((m) => m.default);
  }
  return factoryPromise;
}

/**
 * A fresh instance of the module (each call instantiates its own wasm memory).
 * @param {object} [options] extra Module options, merged over { wasmBinary }.
 */
export async function loadModule(options = {}) {
  const createDropoutModule = await factory();
  const wasmBinary = fs.readFileSync(path.join(wasmDir(), 'dropout_core.wasm'));
  return createDropoutModule({ wasmBinary, ...options });
}

export default loadModule;
