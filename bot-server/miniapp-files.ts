import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Context, Middleware } from 'koa';

/** Vite names every file under `assets/` by its content hash: a changed file is a new name, so it may be kept for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html above all) is revalidated on each load, so a new build reaches phones at once. */
const REVALIDATE = 'no-cache';
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.map']);

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

type Encoding = 'br' | 'gzip' | 'identity';

interface Prepared {
  mtimeMs: number;
  size: number;
  hash: string;
  bodies: Map<Encoding, Promise<Buffer>>;
  raw: Buffer;
}

/** Decoded, inside `root`, and no dot-file or dot-folder (`.vite/` holds the build manifest): else null. */
function fileIn(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) return null;
  const file = resolve(root, `.${decoded.endsWith('/') ? `${decoded}index.html` : decoded}`);
  return file.startsWith(root + sep) ? file : null;
}

async function fileStat(file: string) {
  try {
    const found = await stat(file);
    return found.isFile() ? found : null;
  } catch {
    return null;
  }
}

/** Brotli where the phone takes it (smaller), else gzip, else the file as it is. */
function chooseEncoding(ctx: Context, file: string): Encoding {
  if (!COMPRESSIBLE.has(extname(file))) return 'identity';
  if (ctx.acceptsEncodings('br')) return 'br';
  if (ctx.acceptsEncodings('gzip')) return 'gzip';
  return 'identity';
}

/**
 * Serves the built mini-app: hashed assets cached for a year, the rest revalidated by ETag; text compressed with
 * brotli or gzip per `Accept-Encoding`, once per file and build (kept in memory: the build is about a megabyte).
 * A GET under `/m/` that names no file is a page of the mini-app's own router: it gets `index.html`.
 */
export function miniappFiles(rootDir: string): Middleware {
  const root = resolve(rootDir);
  const prepared = new Map<string, Prepared>();

  async function prepare(file: string, mtimeMs: number, size: number): Promise<Prepared> {
    const known = prepared.get(file);
    if (known && known.mtimeMs === mtimeMs && known.size === size) return known;
    const raw = await readFile(file);
    const entry: Prepared = {
      mtimeMs,
      size,
      raw,
      hash: createHash('sha256').update(raw).digest('base64url').slice(0, 27),
      bodies: new Map(),
    };
    prepared.set(file, entry);
    return entry;
  }

  function body(entry: Prepared, encoding: Encoding): Promise<Buffer> {
    if (encoding === 'identity') return Promise.resolve(entry.raw);
    let compressed = entry.bodies.get(encoding);
    if (!compressed) {
      compressed =
        encoding === 'br'
          ? brotli(entry.raw, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                [constants.BROTLI_PARAM_SIZE_HINT]: entry.raw.length,
              },
            })
          : gzipAsync(entry.raw, { level: 9 });
      entry.bodies.set(encoding, compressed);
    }
    return compressed;
  }

  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    let file = fileIn(root, ctx.path);
    let found = file ? await fileStat(file) : null;
    if (!found && ctx.path.startsWith('/m/')) {
      file = join(root, 'index.html');
      found = await fileStat(file);
    }
    if (!file || !found) return next();

    const entry = await prepare(file, found.mtimeMs, found.size);
    const immutable = ctx.path.startsWith('/assets/');
    ctx.set('Cache-Control', immutable ? IMMUTABLE : REVALIDATE);
    ctx.vary('Accept-Encoding');
    ctx.type = extname(file) || 'application/octet-stream';
    const encoding = chooseEncoding(ctx, file);
    // Each encoding is its own representation, with its own tag.
    ctx.etag = `"${entry.hash}-${encoding}"`;
    ctx.lastModified = new Date(entry.mtimeMs);
    ctx.status = 200;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    if (encoding !== 'identity') ctx.set('Content-Encoding', encoding);
    ctx.body = await body(entry, encoding);
  };
}
