// The static server (scripts/serve.mjs) under raw, malformed and hostile
// requests: it answers each with a status (never an uncaught exception, which
// would end this process), serves nothing outside its folder (.., encoded or
// not, symlinks), answers only to its own host names, GET and HEAD only, with
// the page's Content-Security-Policy, and CORS on web/embed.js alone.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, allowedHosts, CONTENT_SECURITY_POLICY } from '../../scripts/serve.mjs';

const SERVE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/serve.mjs');
const SECRET = 'SECRET-OUTSIDE-THE-ROOT';
let tmp;
let root;
let server;
let port;
let host;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-test-'));
  root = path.join(tmp, 'site');
  const outside = path.join(tmp, 'outside');
  const write = (file, text) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  write(path.join(root, 'index.html'), '<!doctype html><title>root</title>');
  write(path.join(root, 'web/embed.js'), 'export const x = 1;\n');
  write(path.join(root, 'web/main.js'), 'export const y = 2;\n');
  write(path.join(root, 'wasm/core.wasm'), '\0asm');
  write(path.join(root, 'sub/index.html'), 'sub');
  write(path.join(root, 'evil.com/index.html'), 'a folder named like a host');
  write(path.join(outside, 'secret.txt'), SECRET);
  write(path.join(outside, 'index.html'), SECRET);
  write(path.join(`${root}-sibling`, 'secret.txt'), SECRET); // shares the root's name as a prefix
  write(path.join(tmp, 'secret.txt'), SECRET);
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'leak.txt'));
  fs.symlinkSync(outside, path.join(root, 'leakdir'));
  fs.symlinkSync(path.join(root, 'index.html'), path.join(root, 'inside-link.html'));
  fs.mkdirSync(path.join(root, 'empty'));
  fs.symlinkSync(path.join(outside, 'index.html'), path.join(root, 'empty/index.html'));
  server = await startServer(root, 0);
  port = Number(new URL(server.url).port);
  host = `127.0.0.1:${port}`;
});

after(async () => {
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Writes raw bytes to the server; resolves with { status, headers, body, text } once it closes. */
function raw(bytes, { timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(String(bytes).slice(0, 80))}`));
    }, timeoutMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => {}); // a reset after the answer is fine
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0),
        headers,
        body: rest.join(''),
        text,
      });
    });
    socket.write(bytes);
  });
}

const get = (target, { method = 'GET', hostHeader = host, extra = '' } = {}) =>
  raw(
    `${method} ${target} HTTP/1.1\r\n${hostHeader === null ? '' : `Host: ${hostHeader}\r\n`}${extra}Connection: close\r\n\r\n`,
  );

async function assertAlive() {
  const r = await get('/');
  assert.equal(r.status, 200, 'the server still answers');
}

test('serves files, folders with their index.html, and the right MIME types', async () => {
  const home = await get('/');
  assert.equal(home.status, 200);
  assert.match(home.headers['content-type'], /^text\/html/);
  assert.match(home.body, /<title>root<\/title>/);
  assert.match((await get('/web/main.js')).headers['content-type'], /^text\/javascript/);
  assert.equal((await get('/wasm/core.wasm')).headers['content-type'], 'application/wasm');
  assert.equal((await get('/sub/')).body, 'sub');
  assert.equal((await get('/./index.html?x=1#y')).status, 200, 'query and dot segments');
  assert.equal((await get('/nope.html')).status, 404);
  const head = await get('/web/main.js', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], '20');
  assert.equal(head.body, '');
});

test('a folder without its slash redirects on this server, never to another host', async () => {
  const r = await get('/sub');
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, '/sub/');
  // "//evil.com" is a folder here; a Location of "//evil.com/" would send the browser to evil.com.
  const sneaky = await get('//evil.com');
  assert.equal(sneaky.status, 301);
  assert.equal(sneaky.headers.location, '/evil.com/');
  assert.equal((await get('/.')).headers.location ?? '/', '/');
});

test('every answer carries the strict Content-Security-Policy and nosniff', async () => {
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /'unsafe-inline'|'unsafe-eval'/);
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.match(CONTENT_SECURITY_POLICY, /style-src 'self'(;|$)/);
  for (const [target, method] of [
    ['/', 'GET'],
    ['/nope', 'GET'],
    ['/', 'POST'],
    ['/%zz', 'GET'],
  ]) {
    const r = await get(target, { method });
    assert.equal(r.headers['content-security-policy'], CONTENT_SECURITY_POLICY, `${method} ${target}`);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', `${method} ${target}`);
  }
});

test('only web/embed.js is served with CORS, for lesson pages on other origins', async () => {
  const origin = 'Origin: http://lessons.example\r\n';
  assert.equal((await get('/web/embed.js', { extra: origin })).headers['access-control-allow-origin'], '*');
  for (const target of ['/', '/index.html', '/web/main.js', '/wasm/core.wasm', '/web/nope.js'])
    assert.equal((await get(target, { extra: origin })).headers['access-control-allow-origin'], undefined, target);
});

test('GET and HEAD only: other methods get 405 with Allow, or 400 if Node cannot parse them', async () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'MKCOL', 'PURGE']) {
    const r = await get('/', { method });
    assert.equal(r.status, 405, method);
    assert.equal(r.headers.allow, 'GET, HEAD', method);
  }
  for (const method of ['FOO', 'get', 'G\x00T', 'GET GET', '']) {
    const r = await get('/', { method });
    assert.ok(r.status === 400 || r.status === 405, `${JSON.stringify(method)}: ${r.status}`);
  }
  await assertAlive();
});

test('the Host header must name this server (DNS rebinding)', async () => {
  for (const ok of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
    assert.equal((await get('/', { hostHeader: ok })).status, 200, ok);
  }
  for (const bad of [
    'evil.com',
    `evil.com:${port}`,
    `127.0.0.1:${port + 1}`,
    '127.0.0.1',
    `localhost.evil.com:${port}`,
    `127.0.0.1:${port}.evil.com`,
    `user@127.0.0.1:${port}`,
    `[::2]:${port}`,
  ]) {
    assert.equal((await get('/', { hostHeader: bad })).status, 421, bad);
  }
  assert.equal((await raw('GET / HTTP/1.0\r\n\r\n')).status, 400, 'HTTP/1.0 without a Host');
  assert.equal((await get('/', { hostHeader: null })).status, 400, 'HTTP/1.1 without a Host');
  assert.equal((await get('/', { hostHeader: '' })).status, 400, 'an empty Host');
  // Absolute-form names its own host, which must be this server too.
  assert.equal((await get(`http://127.0.0.1:${port}/index.html`, { hostHeader: 'evil.com' })).status, 200);
  assert.equal((await get('http://evil.com/index.html')).status, 421);
  assert.equal((await get(`https://127.0.0.1:${port}/`)).status, 400);
});

test('the names a server accepts: loopback and its --host; for 0.0.0.0, this machine', () => {
  const local = allowedHosts('127.0.0.1', 8080);
  assert.deepEqual([...local].sort(), ['127.0.0.1:8080', '[::1]:8080', 'localhost:8080']);
  assert.ok(allowedHosts('Lab.Example', 8080).has('lab.example:8080'));
  assert.ok(allowedHosts('::1', 80).has('[::1]'), 'port 80 may be left out');
  assert.ok(allowedHosts('0.0.0.0', 8080).has(`${os.hostname().toLowerCase()}:8080`));
});

test('no path leaves the folder: .., encoded, double-encoded, backslashes, overlong UTF-8, NUL', async () => {
  const cases = {
    '/../secret.txt': 403,
    '/web/../../secret.txt': 403,
    '/%2e%2e/secret.txt': 403,
    '/%2E%2E%2Fsecret.txt': 403,
    '/.%2e/secret.txt': 403,
    '/..%5csecret.txt': 403,
    '/..%5c..%5csecret.txt': 403,
    '/%252e%252e/secret.txt': 404, // a folder literally named "%2e%2e", which is not there
    '/..\\secret.txt': 400,
    '/%c0%ae%c0%ae/secret.txt': 400,
    '/%e0%80%ae%e0%80%ae/secret.txt': 400,
    '/%c0%af': 400,
    '/index.html%00.txt': 400,
    '/index.html%00': 400,
    '/%0d%0aSet-Cookie:x=1': 400,
    '/%': 400,
    '/%zz': 400,
    '/%e2%82': 400,
    [`/../site-sibling/secret.txt`]: 403,
    [`/..%2fsite-sibling%2fsecret.txt`]: 403,
  };
  for (const [target, status] of Object.entries(cases)) {
    const r = await get(target);
    assert.equal(r.status, status, target);
    assert.ok(!r.text.includes(SECRET), `${target} leaks nothing`);
  }
  await assertAlive();
});

test('symlinks are followed only to real paths inside the folder', async () => {
  assert.equal((await get('/inside-link.html')).status, 200);
  for (const target of ['/leak.txt', '/leakdir/secret.txt', '/leakdir/', '/leakdir', '/empty/', '/empty/index.html']) {
    const r = await get(target);
    assert.ok(r.status === 403 || r.status === 404, `${target}: ${r.status}`);
    assert.ok(!r.text.includes(SECRET), `${target} leaks nothing`);
  }
});

test('malformed request lines get a status, never an uncaught exception', async () => {
  const targets = [
    '//[',
    '//[::1]/',
    '//',
    '///etc/passwd',
    '/[',
    '*',
    'javascript:alert(1)',
    'http://',
    'http://[',
    'http:///',
    `http://127.0.0.1:${port}`,
    `http://127.0.0.1:${port}?q`,
    'ftp://x/',
    '?x',
    '#x',
    `/${'a'.repeat(9000)}`,
    `/${'%'.repeat(1000)}`,
    '/\x01',
    '/a b',
    '/\u00e9',
    '/\ud83d\ude00',
  ];
  for (const target of targets) {
    const r = await get(target);
    assert.ok([200, 301, 400, 403, 404, 414, 421].includes(r.status), `${JSON.stringify(target)}: ${r.status}`);
  }
  assert.equal((await get(`/${'a'.repeat(9000)}`)).status, 414);
  assert.equal((await get(`/${'a'.repeat(100_000)}`)).status, 431, 'Node refuses huge heads itself');
  for (const junk of ['GET\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', '\x00\x01\x02\r\n\r\n', 'GET / HTTP/1.1 x\r\n\r\n']) {
    const r = await raw(junk);
    assert.ok([0, 400, 505].includes(r.status), `${JSON.stringify(junk)}: ${r.status}`);
  }
  await assertAlive();
});

test('seeded random request bytes never crash the server', async () => {
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24;
  const pieces = ['/', '%', '%2e', '%c0', '%00', '..', '\\', '[', ']', '?', '#', ':', '@', 'a', 'é', ' ', '\t', '\x00'];
  const n = Number(process.env.SERVER_FUZZ_REQUESTS ?? 300);
  for (let i = 0; i < n; i++) {
    let target = '/';
    const length = Math.floor(rand() * 12);
    for (let k = 0; k < length; k++) target += pieces[Math.floor(rand() * pieces.length)];
    const method = ['GET', 'HEAD', 'POST', 'BREW'][Math.floor(rand() * 4)];
    const r = await get(target, { method });
    assert.ok(r.status >= 200 && r.status < 600, `${method} ${JSON.stringify(target)}: ${r.status}`);
    assert.ok(!r.text.includes(SECRET));
  }
  await assertAlive();
});

test('the command line: --host and --port, and refusals of bad options', async () => {
  const run = (args) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [SERVE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (/Serving/.test(out)) child.kill();
      });
      child.stderr.on('data', (d) => (out += d));
      child.on('exit', (code) => resolve({ code, out }));
    });
  const ok = await run([root, '--port', '0', '--host', '127.0.0.1']);
  assert.match(ok.out, /Serving .* at http:\/\/127\.0\.0\.1:\d+\//);
  for (const bad of [['--port', '70000'], ['--port', '-1'], ['--host', ''], ['--host', 'a/b'], ['--bogus']]) {
    const r = await run([root, ...bad]);
    assert.equal(r.code, 2, bad.join(' '));
    assert.match(r.out, /^serve: /);
  }
});
