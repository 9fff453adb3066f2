import { inflateRawSync } from 'node:zlib';

/**
 * For tests: the files of a .zip (an .docx or .xlsx is one), read from the central directory with node's zlib —
 * so a test reads back what we rendered without trusting the library that wrote it.
 */
export function unzip(buffer: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file: no end of central directory');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buffer.readUInt16LE(at + 10);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const localOffset = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const localNameLength = buffer.readUInt16LE(localOffset + 26);
    const localExtraLength = buffer.readUInt16LE(localOffset + 28);
    const dataStart = localOffset + 30 + localNameLength + localExtraLength;
    const data = buffer.subarray(dataStart, dataStart + compressedSize);
    files.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** XML text with its five entities decoded. */
export const decode = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The tables of a Word document: for each table, each row as the texts of its cells. */
export function docxTables(docx: Buffer): string[][][] {
  const xml = unzip(docx).get('word/document.xml')?.toString('utf8');
  if (!xml) throw new Error('no word/document.xml');
  const tables = xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
  return tables.map((table) =>
    (table.match(/<w:tr[ >][\s\S]*?<\/w:tr>/g) ?? []).map((row) =>
      (row.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? []).map((cell) =>
        decode((cell.match(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '')).join('')),
      ),
    ),
  );
}

/** All the text of a Word document's body. */
export function docxText(docx: Buffer): string {
  const xml = unzip(docx).get('word/document.xml')?.toString('utf8') ?? '';
  return decode((xml.match(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '')).join(''));
}
