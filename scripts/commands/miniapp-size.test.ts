import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DIST, FIRST_LOAD_LIMIT_BYTES, measureFirstLoad, miniappSize } from './miniapp-size';
import { runCaptured } from './run-captured';

describe('the mini-app first-load budget', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-size-'));
    mkdirSync(join(dir, '.vite'));
    mkdirSync(join(dir, 'assets'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A build: the entry imports a vendor chunk statically and a page dynamically; the page imports the chart. */
  /** Random bytes do not compress: their gzipped size is their size. */
  function build(sizes: { entry: number; vendor: number; page: number }) {
    writeFileSync(join(dir, 'assets/index.js'), randomBytes(sizes.entry));
    writeFileSync(join(dir, 'assets/vendor.js'), randomBytes(sizes.vendor));
    writeFileSync(join(dir, 'assets/page.js'), randomBytes(sizes.page));
    writeFileSync(join(dir, 'assets/index.css'), randomBytes(1000));
    writeFileSync(
      join(dir, '.vite/manifest.json'),
      JSON.stringify({
        'index.html': {
          file: 'assets/index.js',
          isEntry: true,
          imports: ['_vendor.js'],
          dynamicImports: ['src/page.tsx'],
          css: ['assets/index.css'],
        },
        '_vendor.js': { file: 'assets/vendor.js' },
        'src/page.tsx': { file: 'assets/page.js', isDynamicEntry: true, imports: ['_vendor.js'] },
      }),
    );
  }

  it('counts the entry and its static imports, not the chunks loaded on demand', () => {
    build({ entry: 2000, vendor: 3000, page: 50_000 });
    const { files, gzipBytes } = measureFirstLoad(dir);
    expect(files.map((f) => f.file).sort()).toEqual(['assets/index.js', 'assets/vendor.js']);
    expect(gzipBytes).toBe(files.reduce((sum, f) => sum + f.gzipBytes, 0));
    expect(gzipBytes).toBeGreaterThan(0);
  });

  it('fails above the budget and says by how much', async () => {
    build({ entry: 2000, vendor: 400_000, page: 10 });
    const { code, out, err } = await runCaptured(miniappSize, ['--dist', dir]);
    expect(code).toBe(1);
    expect(out).toMatch(/first-load JavaScript: [\d.]+ kB gzipped \(limit 250\.0 kB\)/);
    expect(err).toMatch(/over its budget/);
  });

  it('says to build first when there is no build', async () => {
    await expect(miniappSize.run(['--dist', dir])).rejects.toThrow(/npm run build:miniapp/);
  });

  it('keeps the built mini-app within 250 kB gzipped (npm test builds it first)', async () => {
    const { gzipBytes, files } = measureFirstLoad(DEFAULT_DIST);
    expect(files.length).toBeGreaterThan(0);
    expect(gzipBytes).toBeLessThanOrEqual(FIRST_LOAD_LIMIT_BYTES);
    const { code, out } = await runCaptured(miniappSize, []);
    expect(code).toBe(0);
    process.stdout.write(`${out.split('\n').at(-1)}\n`);
  });
});
