import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decode } from './zip';

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
  /** The page's words where they print (pdftotext -bbox), turned text included. */
  words: Word[];
}

/** A word and its box, in points from the page's top left corner as the PDF shows it. */
export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
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
    const words = wordsOf(pdf);
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
        words: words[i] ?? [],
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
      const landscape = pages.find((p) => p.landscape);
      if (landscape) draw(landscape.number, join(ARTIFACTS, `${options.artifact}-landscape`));
    }
    return { pages, text: pages.map((p) => p.text).join('\f') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every page's words with their boxes, from one run of pdftotext -bbox over the whole PDF. */
function wordsOf(pdf: string): Word[][] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  return html
    .split('<page ')
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(
        (m) => ({
          xMin: Number(m[1]),
          yMin: Number(m[2]),
          xMax: Number(m[3]),
          yMax: Number(m[4]),
          text: decode(m[5] ?? ''),
        }),
      ),
    );
}

/** Points in millimetres. */
const MM = 72 / 25.4;
/** The type area's foot, millimetres above the page's (GB/T 9704-2012 5.2.1: 297 − 37 − 225). */
export const TYPE_AREA_FOOT = 35;

/**
 * Where a page's 「— n —」 (GB/T 9704-2012 7.5) prints, read with the page held portrait: a landscape page is turned
 * back a quarter anticlockwise (its top to the left), as it is bound (clause 8). In millimetres: the number's left
 * and right ends from the page's left edge, its top from the page's foot; `turned` when it is set across the
 * landscape page, reading down it. Null where no page number prints.
 */
export interface PageNumberPlace {
  number: number;
  left: number;
  right: number;
  fromFoot: number;
  turned: boolean;
}

export function pageNumberPlace(page: ReadPage): PageNumberPlace | null {
  const { words } = page;
  for (let i = words.length - 3; i >= 0; i--) {
    const [open, digits, close] = words.slice(i, i + 3);
    if (open?.text !== '—' || close?.text !== '—' || !digits || !/^\d+$/.test(digits.text)) continue;
    const box = {
      xMin: Math.min(open.xMin, close.xMin),
      xMax: Math.max(open.xMax, close.xMax),
      yMin: Math.min(open.yMin, close.yMin),
      yMax: Math.max(open.yMax, close.yMax),
    };
    const turned = box.yMax - box.yMin > box.xMax - box.xMin;
    // A landscape page held portrait: its top edge is the portrait page's left, its left edge the portrait foot.
    const portrait = page.landscape
      ? { left: box.yMin, right: box.yMax, fromFoot: box.xMax }
      : { left: box.xMin, right: box.xMax, fromFoot: page.height - box.yMin };
    // Under the type area, whose foot is 35 mm above the page's (a table's 「— 3 —」 cells are within it).
    if (portrait.fromFoot / MM >= TYPE_AREA_FOOT) continue;
    return {
      number: Number(digits.text),
      left: portrait.left / MM,
      right: portrait.right / MM,
      fromFoot: portrait.fromFoot / MM,
      turned,
    };
  }
  return null;
}

/** The number printed on a page as 「— n —」 (GB/T 9704-2012 7.5), or null. */
export const pageNumberOf = (page: ReadPage): number | null => pageNumberPlace(page)?.number ?? null;

/** A line of a page: its words joined without spaces, and its foot in millimetres from the page's foot. */
export interface PageLine {
  text: string;
  fromFoot: number;
}

/** The page's upright lines, top to bottom: words whose boxes share a baseline (within 2 pt) make one line. */
export function linesOf(page: ReadPage): PageLine[] {
  const lines: { yMax: number; words: Word[] }[] = [];
  for (const word of [...page.words].sort((a, b) => a.yMax - b.yMax || a.xMin - b.xMin)) {
    const line = lines.find((l) => Math.abs(l.yMax - word.yMax) < 2);
    if (line) line.words.push(word);
    else lines.push({ yMax: word.yMax, words: [word] });
  }
  return lines.map((l) => ({
    text: l.words
      .sort((a, b) => a.xMin - b.xMin)
      .map((w) => w.text)
      .join(''),
    fromFoot: (page.height - l.yMax) / MM,
  }));
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

/** What of a document's close a page holds (GB/T 9704-2012 7.3.5, 7.4). */
export interface Closing {
  /** The 发文机关署名 on a line of its own, the 成文日期 on a line of its own under it. */
  signed: boolean;
  /** The 版记's 印发 line (…印发) under the 落款. */
  recorded: boolean;
  /** The 印发 line just above the type area's foot, where the 版记's last rule lies (7.4.1). */
  atFoot: boolean;
}

export function closingOn(page: ReadPage, signature: { issuer: string; date: string }): Closing {
  const lines = linesOf(page);
  const issuer = lines.findIndex((l) => l.text === signature.issuer);
  const date = lines.findIndex((l, i) => i > issuer && l.text === signature.date);
  const printed = lines.findIndex((l, i) => i > date && l.text.endsWith('印发'));
  const foot = lines[printed]?.fromFoot ?? 0;
  return {
    signed: issuer >= 0 && date === issuer + 1,
    recorded: date >= 0 && printed > date,
    atFoot: foot > TYPE_AREA_FOOT && foot < TYPE_AREA_FOOT + 4,
  };
}
