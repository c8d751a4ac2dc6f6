// Loads the built Emscripten ES modules (build-wasm/dropout_core.mjs + .wasm,
// and dropout_families for the CNN and RNN)
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

const factories = new Map();

function factory(name) {
  if (!factories.has(name)) {
    const dir = wasmDir();
    const mjs = path.join(dir, `${name}.mjs`);
    if (!fs.existsSync(mjs)) {
      throw new Error(`${name}.mjs not found in ${dir}: build the wasm modules first (or set DROPOUT_WASM_DIR)`);
    }
    globalThis.require ??= createRequire(import.meta.url);
    globalThis.__dirname ??= dir;
    factories.set(
      name,
      import(pathToFileURL(mjs).href).then((m) => m.default),
    );
  }
  return factories.get(name);
}

/**
 * A fresh instance of the module (each call instantiates its own wasm memory).
 * @param {object} [options] extra Module options, merged over { wasmBinary }.
 */
export async function loadModule(options = {}) {
  const createDropoutModule = await factory('dropout_core');
  const wasmBinary = fs.readFileSync(path.join(wasmDir(), 'dropout_core.wasm'));
  return createDropoutModule({ wasmBinary, ...options });
}

/** A fresh instance of the second module, dropout_families (ConvNetwork, RecurrentNetwork). */
export async function loadFamilies(options = {}) {
  const createFamiliesModule = await factory('dropout_families');
  const wasmBinary = fs.readFileSync(path.join(wasmDir(), 'dropout_families.wasm'));
  return createFamiliesModule({ wasmBinary, ...options });
}

export default loadModule;
