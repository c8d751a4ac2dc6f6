#!/usr/bin/env node
// A zero-dependency static file server for the built site.
//
//   node scripts/serve.mjs [dir] [--port N]     (dir: default dist/, port: default 8080, 0 = any free)
//
// Binds 127.0.0.1 only, sends the page's Content-Security-Policy, serves
// .mjs/.wasm with the MIME types browsers require, refuses paths outside dir.
// Importable for tests: `const { url, close } = await startServer(dir, 0)`.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HOST = '127.0.0.1';
const DEFAULT_PORT = 8080;
const DEFAULT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; " +
  "style-src 'self' 'unsafe-inline'; img-src 'self' data:";

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

/**
 * Maps a URL path to a file inside root, or null if it would escape root.
 * Decodes percent-escapes first so that "%2e%2e/" cannot sneak past.
 */
export function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

function handler(root) {
  return (req, res) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-cache');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    const urlPath = new URL(req.url, `http://${HOST}`).pathname;
    let file = resolveInside(root, urlPath);
    if (!file) {
      send(res, 403, 'Forbidden\n');
      return;
    }
    fs.stat(file, (err, stat) => {
      if (!err && stat.isDirectory()) {
        if (!urlPath.endsWith('/')) {
          res.writeHead(301, { Location: `${urlPath}/` });
          res.end();
          return;
        }
        file = path.join(file, 'index.html');
        stat = fs.existsSync(file) ? fs.statSync(file) : null;
      }
      if (err || !stat || !stat.isFile()) {
        send(res, 404, 'Not Found\n');
        return;
      }
      const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': stat.size });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const stream = fs.createReadStream(file);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    });
  };
}

/** Serves dir on 127.0.0.1:port (0 = any free port). Resolves once listening. */
export async function startServer(dir = DEFAULT_DIR, port = 0) {
  const root = fs.realpathSync(path.resolve(dir));
  if (!fs.statSync(root).isDirectory()) throw new Error(`not a directory: ${dir}`);
  const server = http.createServer(handler(root));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://${HOST}:${server.address().port}/`;
  return {
    url,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function parseArgs(argv) {
  let dir = null;
  let port = DEFAULT_PORT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0…65535, got ${value}`);
    } else if (arg === '--help' || arg === '-h') {
      console.log(
        'usage: node scripts/serve.mjs [dir] [--port N]   (default dir: dist/, port 8080; 0 = any free port)',
      );
      process.exit(0);
    } else if (arg.startsWith('-')) {
      throw new Error(`unknown option ${arg}`);
    } else if (dir === null) {
      dir = arg;
    } else {
      throw new Error(`only one directory can be served, got ${dir} and ${arg}`);
    }
  }
  return { dir, port };
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`serve: ${err.message}`);
    process.exit(2);
  }
  const shown = args.dir ?? 'dist/';
  const dir = args.dir ?? DEFAULT_DIR;
  if (!fs.existsSync(dir)) {
    console.error(`serve: ${shown} does not exist${args.dir ? '' : ' (run scripts/build-web.sh first)'}`);
    process.exit(1);
  }
  try {
    const { url } = await startServer(dir, args.port);
    console.log(`Serving ${shown} at ${url}`);
  } catch (err) {
    console.error(`serve: ${err.message}`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  main();
}
