import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * For tests: a document read the way a person reads it. LibreOffice converts the .docx or .xlsx to PDF (with a
 * private profile, so parallel runs do not collide, and the fonts of render/fonts.conf), then poppler reads each
 * page's size (pdfinfo) and text as laid out (pdftotext -layout), and draws page 1 and the last page as PNG into
 * test-artifacts/ (git-ignored) for a person to look at.
 */

const ROOT = resolve(__dirname, '../..');
const FONTS = join(ROOT, 'bot-server/render/fonts.conf');
/** Where the page renders are kept. */
export const ARTIFACTS = join(ROOT, 'test-artifacts');

const has = (command: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
};

/** Whether this machine can read documents: LibreOffice and poppler (CI installs both, see .ci/run). */
export const canReadDocuments = ['soffice', 'pdfinfo', 'pdftotext', 'pdftoppm'].every(has);

/** `describe`, or `describe.skip` with a message saying why where LibreOffice or poppler is missing. */
export function describeReading(name: string, body: () => void): void {
  if (canReadDocuments) {
    describe(name, body);
    return;
  }
  console.warn(`skipped «${name}»: soffice, pdfinfo, pdftotext or pdftoppm is not installed (see .ci/run)`);
  describe.skip(name, body);
}

export interface ReadPage {
  /** From 1. */
  number: number;
  /** Points. */
  width: number;
  height: number;
  landscape: boolean;
  /** A4 (210 × 297 mm) either way round, to a point. */
  a4: boolean;
  /** The page's text as laid out (pdftotext -layout). */
  text: string;
}

export interface ReadDocument {
  pages: ReadPage[];
  /** Every page's text, pages separated by a form feed. */
  text: string;
}

const A4 = { short: 595.3, long: 841.9 };
const near = (a: number, b: number) => Math.abs(a - b) < 1.5;

function pageSizes(pdf: string): { width: number; height: number }[] {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  const sizes = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), pdf], { encoding: 'utf8' });
  return [...sizes.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({
    width: Number(m[1]),
    height: Number(m[2]),
  }));
}

/**
 * Converts the document to PDF and reads it page by page. With `artifact`, page 1 and the last page are drawn to
 * test-artifacts/<artifact>-page1.png and <artifact>-last.png (60 dpi).
 */
export function readDocument(bytes: Buffer, kind: 'docx' | 'xlsx', options: { artifact?: string } = {}): ReadDocument {
  const dir = mkdtempSync(join(tmpdir(), 'duban-read-'));
  try {
    const source = join(dir, `document.${kind}`);
    const pdf = join(dir, 'document.pdf');
    writeFileSync(source, bytes);
    const converted = spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, source],
      { encoding: 'utf8', timeout: 180_000, env: { ...process.env, FONTCONFIG_FILE: FONTS } },
    );
    if (!existsSync(pdf)) {
      // soffice exits 0 when it cannot load a file: a workbook needs LibreOffice Calc (libreoffice-calc-nogui).
      throw new Error(`LibreOffice made no PDF of the .${kind}: ${`${converted.stdout}${converted.stderr}`.trim()}`);
    }
    const sizes = pageSizes(pdf);
    const pages = sizes.map(({ width, height }, i) => {
      const n = String(i + 1);
      const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-f', n, '-l', n, pdf, '-'], {
        encoding: 'utf8',
      });
      return {
        number: i + 1,
        width,
        height,
        landscape: width > height,
        a4: near(Math.min(width, height), A4.short) && near(Math.max(width, height), A4.long),
        text,
      };
    });
    if (options.artifact) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const draw = (page: number, name: string) =>
        execFileSync('pdftoppm', [
          '-r',
          '60',
          '-png',
          '-singlefile',
          '-f',
          String(page),
          '-l',
          String(page),
          pdf,
          name,
        ]);
      draw(1, join(ARTIFACTS, `${options.artifact}-page1`));
      draw(pages.length, join(ARTIFACTS, `${options.artifact}-last`));
    }
    return { pages, text: pages.map((p) => p.text).join('\f') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The number printed at the foot of a page as 「— n —」 (GB/T 9704-2012 7.5), or null. */
export function pageNumberOf(page: ReadPage): number | null {
  const lines = page.text.split('\n').filter((line) => line.trim() !== '');
  const last = lines[lines.length - 1] ?? '';
  const match = /^\s*—\s*(\d+)\s*—\s*$/.exec(last);
  return match ? Number(match[1]) : null;
}

/** An ISO date (2026-12-04) anywhere in the text: a document writes 2026年12月4日, a table 12月4日. */
export const ISO_DATE = /\d{4}-\d{2}-\d{2}/;

/**
 * The names that do not appear whole on some line of the text: a table cell broke them across lines. Spaces that
 * pdftotext puts between characters are ignored.
 */
export function brokenNames(document: ReadDocument, names: readonly string[]): string[] {
  const lines = document.text.split(/[\n\f]/).map((line) => line.replace(/\s+/g, ''));
  return names.filter((name) => !lines.some((line) => line.includes(name)));
}

/** The text with all white space taken out, for looking for a phrase whatever the layout. */
export const squeezed = (text: string) => text.replace(/\s+/g, '');
