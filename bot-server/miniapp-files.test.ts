import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Koa from 'koa';
import { CONTENT_SECURITY_POLICY } from './api/security/headers';
import { miniappFiles } from './miniapp-files';
import { type TestDatabase, testDatabases } from './test-support/databases';
import { useDemoDuban } from './test-support/demo-fixture';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes on the wire, before any decoding. */
  body: Buffer;
}

/** A GET by Node's http client, which (unlike fetch) leaves the body as sent, so encodings and sizes are seen. */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((done, fail) => {
    request(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    })
      .on('error', fail)
      .end();
  });
}

const decode = (a: Answer) =>
  a.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(a.body)
    : a.headers['content-encoding'] === 'gzip'
      ? gunzipSync(a.body)
      : a.body;

const DIST = join(__dirname, '..', 'miniapp', 'dist');

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}

/** Every file a phone loads to open 看板 from cold: the entry, the dashboard page, its chart, and their imports. */
function dashboardFiles(): string[] {
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit('index.html');
  visit('src/features/dashboard/components/dashboard-page.tsx');
  visit('src/features/dashboard/components/trend-chart.tsx');
  return [...files];
}

// Serving files touches no database: SQLite's in-memory one is enough to start the server.
describe('the built mini-app as served by Duban', () => {
  const demo = useDemoDuban(testDatabases()[0] as TestDatabase);

  it('sends the 看板 page’s scripts and styles brotli- or gzip-encoded, cached for a year, headers intact', async () => {
    const assets = dashboardFiles().filter((f) => f.startsWith('assets/'));
    expect(assets.some((f) => f.endsWith('.css'))).toBe(true);
    expect(assets.some((f) => /dashboard-page-.*\.js$/.test(f))).toBe(true);
    let raw = 0;
    const sent = { br: 0, gzip: 0 };
    for (const file of assets) {
      const original = readFileSync(join(DIST, file));
      raw += original.length;
      for (const encoding of ['br', 'gzip'] as const) {
        const answer = await get(demo.duban.url, `/${file}`, { 'accept-encoding': encoding });
        expect(answer.status).toBe(200);
        expect(answer.headers['content-encoding']).toBe(encoding);
        expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(answer.headers.vary).toMatch(/Accept-Encoding/);
        expect(answer.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
        expect(answer.headers['x-content-type-options']).toBe('nosniff');
        expect(decode(answer).equals(original)).toBe(true);
        sent[encoding] += answer.body.length;
      }
    }
    // The measurement the issue asked for, in the test log: the 看板 page's assets before and after.
    console.log(
      `看板 from cold, ${assets.length} assets: ${raw} bytes uncompressed, ${sent.gzip} gzip, ${sent.br} brotli`,
    );
    expect(sent.br).toBeLessThan(raw);
  });

  it('sends index.html to be revalidated, never kept, for the root and any page under /m/', async () => {
    for (const path of ['/', '/index.html', '/m/dashboard', '/m/matter/7']) {
      const answer = await get(demo.duban.url, path, { 'accept-encoding': 'gzip, deflate, br' });
      expect(answer.status).toBe(200);
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.headers['content-encoding']).toBe('br');
      expect(decode(answer).toString()).toContain('<div id="root">');
      const again = await get(demo.duban.url, path, {
        'accept-encoding': 'gzip, deflate, br',
        'if-none-match': String(answer.headers.etag),
      });
      expect(again.status).toBe(304);
    }
  });

  it('keeps the build manifest and anything outside the build out of reach', async () => {
    for (const path of ['/.vite/manifest.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json']) {
      expect((await get(demo.duban.url, path)).status).toBe(404);
    }
  });
});

describe('miniappFiles over a folder', () => {
  let root: string;
  let base: string;
  let close: () => void;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'duban-miniapp-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'app-abc123.js'), 'console.log("督办");\n'.repeat(200));
    writeFileSync(join(root, 'assets', 'logo-abc123.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const app = new Koa();
    app.use(miniappFiles(root));
    const server = app.listen(0);
    await new Promise((ready) => server.once('listening', ready));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => {
    close();
    rmSync(root, { recursive: true, force: true });
  });

  it('honours Accept-Encoding: brotli first, then gzip, else the file as it is', async () => {
    const path = '/assets/app-abc123.js';
    const cases: [Record<string, string>, string | undefined][] = [
      [{ 'accept-encoding': 'gzip, deflate, br, zstd' }, 'br'],
      [{ 'accept-encoding': 'gzip' }, 'gzip'],
      [{ 'accept-encoding': 'br;q=0, gzip' }, 'gzip'],
      [{ 'accept-encoding': 'identity' }, undefined],
      [{}, undefined],
    ];
    for (const [headers, encoding] of cases) {
      const answer = await get(base, path, headers);
      expect(answer.headers['content-encoding']).toBe(encoding);
      expect(decode(answer).toString()).toBe('console.log("督办");\n'.repeat(200));
    }
  });

  it('sends images as they are, and an unknown path on to the next handler', async () => {
    const image = await get(base, '/assets/logo-abc123.png', { 'accept-encoding': 'br' });
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(image.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get(base, '/assets/none.js')).status).toBe(404);
  });

  it('tags each encoding apart, so a cached gzip body is never taken for brotli', async () => {
    const gzip = await get(base, '/index.html', { 'accept-encoding': 'gzip' });
    const br = await get(base, '/index.html', { 'accept-encoding': 'br', 'if-none-match': String(gzip.headers.etag) });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
  });
});
