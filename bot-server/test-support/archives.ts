import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/**
 * For tests: zip archives written byte by byte, honest or hostile (sizes, CRCs, flags and names as the test says),
 * and a zip bomb's sheet deflated as a stream, so hundreds of MB of XML never sit in memory.
 */

export interface ZipPart {
  name: string;
  /** The part's bytes: deflated here (method 8) or stored as they are (method 0). */
  data?: Buffer;
  /** Bytes already deflated (with `size` and `crc` of what they inflate to). */
  deflated?: Buffer;
  /** The unpacked size the directory declares; defaults to the truth. */
  size?: number;
  crc?: number;
  method?: number;
  flags?: number;
  /** Extra field in the central directory entry. */
  extra?: Buffer;
}

export function zipArchive(parts: ZipPart[], options: { comment?: string } = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const method = part.method ?? 8;
    const data = part.data ?? Buffer.alloc(0);
    const packed = part.deflated ?? (method === 8 ? deflateRawSync(data) : data);
    const size = part.size ?? data.length;
    const crc = part.crc ?? crc32(data);
    const flags = (part.flags ?? 0) | 0x0800;
    const extra = part.extra ?? Buffer.alloc(0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(flags, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt32LE(crc >>> 0, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(size >>> 0, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt16LE(extra.length, 30);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    central.push(entry, name, extra);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const comment = Buffer.from(options.comment ?? '', 'utf8');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, directory, end, comment]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts every workbook needs around its one sheet (`xl/worksheets/sheet1.xml`). */
export function workbookParts(): ZipPart[] {
  const xml = (text: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${text}`);
  return [
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          '</Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: xml(
        `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: xml(
        `<workbook xmlns="${MAIN}" xmlns:r="${DOC_RELS}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    },
  ];
}

/** A one-sheet workbook whose sheet is `sheetXml` (the whole `<worksheet>` document). */
export function sheetWorkbook(sheetXml: string, parts: ZipPart[] = []): Buffer {
  return zipArchive([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheetXml) }, ...parts]);
}

export const SHEET_START = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}"><sheetData>`;
export const SHEET_END = '</sheetData></worksheet>';

/** An inline-string cell. */
export const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** The import's header row: 标题 in A, 牵头单位 in B. */
export const HEADER_ROW = `<row r="1">${cell('A1', '标题')}${cell('B1', '牵头单位')}</row>`;

/**
 * `head`, then `rows(n)` for n = 0, 1, … until `size` bytes or `rows` gives null, then `tail`, deflated as it is
 * produced: the parts of a zip entry (deflated bytes, true size and CRC) for XML far larger than memory should hold.
 */
export async function deflatedStream(
  head: string,
  rows: (n: number) => string | null,
  size: number,
  tail: string,
): Promise<{ deflated: Buffer; size: number; crc: number }> {
  const deflater = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve, reject) => {
    deflater.on('end', resolve);
    deflater.on('error', reject);
  });
  let written = 0;
  let crc = 0;
  const write = async (bytes: Buffer) => {
    written += bytes.length;
    crc = crc32(bytes, crc);
    if (!deflater.write(bytes)) await new Promise((resolve) => deflater.once('drain', resolve));
  };
  await write(Buffer.from(head));
  const budget = size - Buffer.byteLength(tail);
  for (let n = 0, more = true; more && written < budget; ) {
    // Rows in batches of about 1 MB, each batch one write.
    let batch = '';
    let bytes = 0;
    while (bytes < 1_000_000 && written + bytes < budget) {
      const row = rows(n++);
      if (row === null) {
        more = false;
        break;
      }
      batch += row;
      bytes += Buffer.byteLength(row);
    }
    await write(Buffer.from(batch));
  }
  await write(Buffer.from(tail));
  deflater.end();
  await done;
  return { deflated: Buffer.concat(out), size: written, crc: crc >>> 0 };
}
