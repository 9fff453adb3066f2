import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Command, EXIT_FAILURE, EXIT_OK, UsageError } from './command';

/** The mini-app's budget: the JavaScript a phone downloads before the first page shows, gzipped. */
export const FIRST_LOAD_LIMIT_BYTES = 250_000;

export const DEFAULT_DIST = resolve(__dirname, '..', '..', 'miniapp', 'dist');

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export interface FirstLoad {
  files: { file: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
}

/**
 * Measures the first-load JavaScript of a Vite build from its manifest (`build.manifest`): every entry chunk and,
 * transitively, the chunks it imports statically. Chunks reached only through `import()` (the pages, the chart) are
 * not part of the first load. Each file is gzipped at level 9, as a server would send it.
 */
export function measureFirstLoad(distDir: string): FirstLoad {
  const manifestPath = join(distDir, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(`no build manifest at ${manifestPath}: build the mini-app first (npm run build:miniapp)`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  const entries = Object.keys(manifest).filter((key) => manifest[key]?.isEntry);
  if (entries.length === 0) throw new Error(`the manifest at ${manifestPath} names no entry chunk`);
  const reached = new Set<string>();
  const visit = (key: string) => {
    if (reached.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest names a chunk it does not describe: ${key}`);
    reached.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const entry of entries) visit(entry);
  const files = [...reached]
    .map((key) => manifest[key]?.file as string)
    .filter((file) => file.endsWith('.js'))
    .map((file) => {
      const content = readFileSync(join(distDir, file));
      return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  return { files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) };
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export const miniappSize: Command = {
  name: 'miniapp:size',
  summary: 'measure the mini-app first-load JavaScript (gzipped) and fail above 250 kB',
  usage: 'duban miniapp:size [--dist <miniapp/dist>]',
  async run(args) {
    let dist = DEFAULT_DIST;
    if (args.length > 0) {
      if (args.length !== 2 || args[0] !== '--dist' || !args[1])
        throw new UsageError('the only option is --dist <dir>');
      dist = resolve(args[1]);
    }
    const { files, gzipBytes } = measureFirstLoad(dist);
    for (const f of files) console.log(`${kb(f.gzipBytes).padStart(10)}  ${f.file} (${kb(f.bytes)} raw)`);
    console.log(`first-load JavaScript: ${kb(gzipBytes)} gzipped (limit ${kb(FIRST_LOAD_LIMIT_BYTES)})`);
    if (gzipBytes > FIRST_LOAD_LIMIT_BYTES) {
      console.error(`the mini-app's first load is ${kb(gzipBytes - FIRST_LOAD_LIMIT_BYTES)} over its budget`);
      return EXIT_FAILURE;
    }
    return EXIT_OK;
  },
};
