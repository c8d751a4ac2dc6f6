#!/usr/bin/env node
// A zero-dependency static file server for the built site.
//
//   node scripts/serve.mjs [dir] [--port N] [--host H]
//     dir: default dist/; port: default 8080, 0 = any free; host: default 127.0.0.1
//
// Serves GET and HEAD only, from dir only: no path that leaves it (.., encoded
// or not), no symlink whose real path is outside it. Answers only requests
// whose Host names this server (a defence against DNS rebinding). Sends the
// page's Content-Security-Policy (no inline scripts or styles), and the one
// file a lesson page on another host loads, web/embed.js, with CORS.
// Importable for tests: `const { url, close } = await startServer(dir, 0)`.

import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 8080;
const DEFAULT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const MAX_TARGET_LENGTH = 8192; // as many servers; Node refuses heads over 16 KB itself (431)
// Loaded by lesson pages on other origins (see web/embed.js); it imports nothing.
const CROSS_ORIGIN_FILES = new Set(['web/embed.js']);

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

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

const REASONS = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  414: 'URI Too Long',
  421: 'Misdirected Request: this server answers only to its own host names',
  500: 'Internal Server Error',
};

const bracketed = (host) => (host.includes(':') ? `[${host}]` : host);
const isInside = (root, file) => file === root || file.startsWith(root + path.sep);

/**
 * The Host header values that name a server bound to host:port: the loopback
 * names, and host itself (for 0.0.0.0 or ::, every address of this machine
 * and its host name). Lower case; without the port only when it is 80.
 */
export function allowedHosts(host, port) {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  if (host === '0.0.0.0' || host === '::') {
    for (const list of Object.values(os.networkInterfaces())) {
      for (const { address } of list ?? []) names.add(bracketed(address.toLowerCase()));
    }
    names.add(os.hostname().toLowerCase());
  } else {
    names.add(bracketed(host.toLowerCase()));
  }
  const hosts = new Set([...names].map((n) => `${n}:${port}`));
  if (port === 80) for (const n of names) hosts.add(n);
  return hosts;
}

/**
 * Reads a request target: { segments, raw } (the decoded path segments and
 * the raw path), or { status } refusing it. Origin-form ("/a/b?q") is the
 * norm; absolute-form ("http://host/a") names its own host, which then
 * replaces the Host header (RFC 9112, 3.2.2).
 */
export function readTarget(target, hostHeader, hosts) {
  if (target.length > MAX_TARGET_LENGTH) return { status: 414 };
  let host = hostHeader;
  let rest = target;
  if (!target.startsWith('/')) {
    const m = /^http:\/\/([^/?#]*)(.*)$/is.exec(target);
    if (!m) return { status: 400 };
    [, host, rest] = m;
  }
  if (host === undefined || host === '') return { status: 400 };
  if (!hosts.has(host.toLowerCase())) return { status: 421 };
  const raw = rest.split(/[?#]/, 1)[0] || '/';
  // Raw control characters, spaces and backslashes have no place in a path.
  if (/[\x00-\x20\x7f\\]/.test(raw)) return { status: 400 };
  let decoded;
  try {
    decoded = decodeURIComponent(raw); // throws on broken escapes and overlong UTF-8 (%c0%ae)
  } catch {
    return { status: 400 };
  }
  if (/[\x00-\x1f\x7f]/.test(decoded)) return { status: 400 };
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..' || s.includes('\\'))) return { status: 403 };
  return { segments, raw };
}

/** The file inside root that segments name, or null if it would be outside (never, after readTarget). */
export function resolveInside(root, segments) {
  const file = path.join(root, ...segments);
  return isInside(root, file) ? file : null;
}

/**
 * Finds what to send for a path: { file, size }, { redirect }, or { status }.
 * Follows symlinks only to files whose real path is inside root.
 */
async function locate(root, segments, raw) {
  const requested = resolveInside(root, segments);
  if (!requested) return { status: 403 };
  let real;
  try {
    real = await fs.promises.realpath(requested);
  } catch {
    return { status: 404 };
  }
  if (!isInside(root, real)) return { status: 403 };
  let stat = await fs.promises.stat(real);
  if (stat.isDirectory()) {
    // Built from the decoded segments, so that "//other.host" cannot become an open redirect.
    if (!raw.endsWith('/')) return { redirect: `/${segments.map((s) => `${encodeURIComponent(s)}/`).join('')}` };
    try {
      real = await fs.promises.realpath(path.join(real, 'index.html'));
    } catch {
      return { status: 404 };
    }
    if (!isInside(root, real)) return { status: 403 };
    stat = await fs.promises.stat(real);
  }
  if (!stat.isFile()) return { status: 404 };
  return { file: real, size: stat.size };
}

function refuse(res, status, headers = {}) {
  const body = `${REASONS[status] ?? 'Error'}\n`;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

function handler(root, hosts) {
  const serve = async (req, res) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-cache');
    const target = readTarget(req.url ?? '', req.headers.host, hosts);
    if (target.status) return refuse(res, target.status);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, { Allow: 'GET, HEAD' });
    const found = await locate(root, target.segments, target.raw);
    if (found.status) return refuse(res, found.status);
    if (found.redirect) {
      res.writeHead(301, { Location: found.redirect, 'Content-Length': 0 });
      return res.end();
    }
    const headers = {
      'Content-Type': MIME_TYPES[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': found.size,
    };
    if (CROSS_ORIGIN_FILES.has(target.segments.join('/'))) headers['Access-Control-Allow-Origin'] = '*';
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    const stream = fs.createReadStream(found.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
  return (req, res) =>
    serve(req, res).catch(() => {
      if (!res.headersSent) refuse(res, 500);
      else res.destroy();
    });
}

/**
 * Serves dir on host:port (port 0 = any free; host default 127.0.0.1).
 * Resolves once listening, with { url, server, close }.
 */
export async function startServer(dir = DEFAULT_DIR, port = 0, { host = DEFAULT_HOST } = {}) {
  const root = fs.realpathSync(path.resolve(dir));
  if (!fs.statSync(root).isDirectory()) throw new Error(`not a directory: ${dir}`);
  const server = http.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address().port;
  server.on('request', handler(root, allowedHosts(host, bound)));
  const shown = host === '0.0.0.0' || host === '::' ? DEFAULT_HOST : bracketed(host);
  return {
    url: `http://${shown}:${bound}/`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const USAGE =
  'usage: node scripts/serve.mjs [dir] [--port N] [--host H]\n' +
  '  dir: default dist/; port: default 8080, 0 = any free port; host: the address to bind, default 127.0.0.1\n' +
  '  (0.0.0.0 serves the network; requests must name this machine in their Host header)';

function parseArgs(argv) {
  let dir = null;
  let port = DEFAULT_PORT;
  let host = DEFAULT_HOST;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const option = (name) => (arg === name ? argv[++i] : arg.slice(name.length + 1));
    if (arg === '--port' || arg.startsWith('--port=')) {
      const value = option('--port');
      port = Number(value);
      if (!/^\d+$/.test(value ?? '') || port > 65535) throw new Error(`--port must be 0…65535, got ${value}`);
    } else if (arg === '--host' || arg.startsWith('--host=')) {
      host = option('--host');
      if (!host || !/^[A-Za-z0-9.:-]+$/.test(host))
        throw new Error(`--host must be a host name or address, got ${host}`);
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith('-')) {
      throw new Error(`unknown option ${arg}`);
    } else if (dir === null) {
      dir = arg;
    } else {
      throw new Error(`only one directory can be served, got ${dir} and ${arg}`);
    }
  }
  return { dir, port, host };
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
    const { url } = await startServer(dir, args.port, { host: args.host });
    console.log(`Serving ${shown} at ${url}`);
  } catch (err) {
    console.error(`serve: ${err.message}`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  main();
}
