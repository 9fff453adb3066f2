import { setImmediate as nextTurn } from 'node:timers/promises';
import { crc32, createInflateRaw } from 'node:zlib';
import { NOT_A_WORKBOOK, UploadError } from './errors';

/**
 * The guard in front of every uploaded .xlsx (an OOXML zip archive). `XlsxArchive.open` reads the archive's own
 * table of contents — the End of Central Directory record and the central directory — with bounds checks on every
 * field, and refuses before a single byte is inflated: what is not a zip, what is truncated or has overlapping or
 * forged entries, ZIP64, encryption, unsafe names, too many entries, declared sizes over the limits, absurd
 * compression ratios. Headers can lie, so reading an entry counts what really comes out of the inflater and stops
 * at its declared size; the inflating runs on libuv's thread pool, one chunk at a time, with a turn of the event
 * loop between chunks. See README.md for the limits and why.
 */

export interface XlsxArchiveLimits {
  /** Entries (parts and folders) in the archive. */
  maxEntries: number;
  /** Unpacked bytes of any one entry. */
  maxEntryBytes: number;
  /** Unpacked bytes of all entries together. */
  maxTotalBytes: number;
  /** Unpacked ÷ packed, for entries of at least `ratioFloorBytes` unpacked. */
  maxRatio: number;
  ratioFloorBytes: number;
}

const MiB = 1024 * 1024;

export const XLSX_ARCHIVE_LIMITS: Readonly<XlsxArchiveLimits> = Object.freeze({
  maxEntries: 500,
  maxEntryBytes: 32 * MiB,
  maxTotalBytes: 50 * MiB,
  maxRatio: 200,
  ratioFloorBytes: 1 * MiB,
});

export interface ArchiveEntry {
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: 0 | 8;
  readonly compressedSize: number;
  /** The unpacked size the central directory declares; reading never yields more. */
  readonly size: number;
  readonly crc32: number;
  /** Where the packed bytes start in the archive. */
  readonly dataOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIZE = 20;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;
const FLAG_MASKED_DIRECTORY = 0x2000;
const ZIP64_EXTRA = 0x0001;
/** The inflater's output chunks, and the slices stored entries are handed out in. */
const CHUNK = 64 * 1024;
/**
 * Text is handed out in pieces of at most this many characters, a turn of the event loop between pieces: what an
 * XML parser does with one piece takes about a millisecond, so a request never waits long behind an upload.
 */
const TEXT_PIECE = 4096;

const DAMAGED = '文件不完整或已损坏，请在 Excel 或 WPS 中重新保存为 .xlsx 后上传';
const FORGED = '文件已损坏（解压后的内容与文件目录记载不符），无法导入';
const ENCRYPTED = '文件设置了密码保护，请取消密码后重新上传';
const ZIP64 = '不支持该文件格式（ZIP64），请在 Excel 或 WPS 中另存为 .xlsx 后上传';
const UNSAFE_NAME = '文件中含有不安全的路径名称，无法导入';
const METHOD = '文件使用了不支持的压缩方式，请在 Excel 或 WPS 中另存为 .xlsx 后上传';

const invalid = (message: string) => new UploadError('invalid_upload', message);
const tooLarge = (message: string) => new UploadError('upload_too_large', message);
const megabytes = (bytes: number) => `${Math.round(bytes / MiB)}MB`;

export class XlsxArchive {
  private constructor(
    private readonly buffer: Buffer,
    private readonly byName: ReadonlyMap<string, ArchiveEntry>,
  ) {}

  /**
   * Checks the archive's directory against `limits`; throws `UploadError` for anything it refuses. Synchronous and
   * cheap: nothing is inflated.
   */
  static open(buffer: Buffer, limits: XlsxArchiveLimits = XLSX_ARCHIVE_LIMITS): XlsxArchive {
    const eocd = findEndOfCentralDirectory(buffer);
    if (eocd >= ZIP64_LOCATOR_SIZE && buffer.readUInt32LE(eocd - ZIP64_LOCATOR_SIZE) === ZIP64_LOCATOR_SIGNATURE) {
      throw invalid(ZIP64);
    }
    const disk = buffer.readUInt16LE(eocd + 4);
    const directoryDisk = buffer.readUInt16LE(eocd + 6);
    const entriesOnDisk = buffer.readUInt16LE(eocd + 8);
    const entryCount = buffer.readUInt16LE(eocd + 10);
    const directorySize = buffer.readUInt32LE(eocd + 12);
    const directoryOffset = buffer.readUInt32LE(eocd + 16);
    if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) throw invalid(ZIP64);
    if (disk !== 0 || directoryDisk !== 0 || entriesOnDisk !== entryCount) throw invalid(DAMAGED);
    if (entryCount === 0) throw invalid(NOT_A_WORKBOOK);
    if (entryCount > limits.maxEntries) {
      throw tooLarge(`文件包含的部件过多（超过${limits.maxEntries}个），请另存为只含数据的工作簿后上传`);
    }
    // The directory ends where the EOCD record begins: nothing hidden between them, nothing cut off.
    if (directoryOffset + directorySize !== eocd || directorySize < entryCount * CENTRAL_SIZE) throw invalid(DAMAGED);

    const entries: ArchiveEntry[] = [];
    const byName = new Map<string, ArchiveEntry>();
    const localOffsets = new Map<ArchiveEntry, number>();
    let total = 0;
    let at = directoryOffset;
    for (let i = 0; i < entryCount; i++) {
      if (at + CENTRAL_SIZE > eocd || buffer.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw invalid(DAMAGED);
      const flags = buffer.readUInt16LE(at + 8);
      const method = buffer.readUInt16LE(at + 10);
      const crc = buffer.readUInt32LE(at + 16);
      const compressedSize = buffer.readUInt32LE(at + 20);
      const size = buffer.readUInt32LE(at + 24);
      const nameLength = buffer.readUInt16LE(at + 28);
      const extraLength = buffer.readUInt16LE(at + 30);
      const commentLength = buffer.readUInt16LE(at + 32);
      const startDisk = buffer.readUInt16LE(at + 34);
      const localOffset = buffer.readUInt32LE(at + 42);
      const nameStart = at + CENTRAL_SIZE;
      const next = nameStart + nameLength + extraLength + commentLength;
      if (next > eocd) throw invalid(DAMAGED);
      if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED_DIRECTORY)) throw invalid(ENCRYPTED);
      if (
        compressedSize === 0xffffffff ||
        size === 0xffffffff ||
        localOffset === 0xffffffff ||
        startDisk === 0xffff ||
        hasExtraField(buffer, nameStart + nameLength, extraLength, ZIP64_EXTRA)
      ) {
        throw invalid(ZIP64);
      }
      if (startDisk !== 0) throw invalid(DAMAGED);
      if (method !== 0 && method !== 8) throw invalid(METHOD);
      if (method === 0 && compressedSize !== size) throw invalid(DAMAGED);
      const nameBytes = buffer.subarray(nameStart, nameStart + nameLength);
      const name = nameBytes.toString(flags & FLAG_UTF8 ? 'utf8' : 'latin1');
      if (!isSafeName(name)) throw invalid(UNSAFE_NAME);
      if (byName.has(name)) throw invalid(DAMAGED);
      if (size > limits.maxEntryBytes) {
        throw tooLarge(
          `文件解压后的内容过大（单个部件超过 ${megabytes(limits.maxEntryBytes)}），请删除多余内容或分批导入`,
        );
      }
      total += size;
      if (total > limits.maxTotalBytes) {
        throw tooLarge(`文件解压后的内容过大（超过 ${megabytes(limits.maxTotalBytes)}），请删除多余内容或分批导入`);
      }
      if (size >= limits.ratioFloorBytes && size > limits.maxRatio * compressedSize) {
        throw tooLarge('文件的压缩比例异常，疑为恶意构造的文件，无法导入');
      }
      const dataOffset = checkLocalHeader(buffer, localOffset, nameBytes, method, directoryOffset);
      if (dataOffset + compressedSize > directoryOffset) throw invalid(DAMAGED);
      const entry: ArchiveEntry = { name, method, compressedSize, size, crc32: crc, dataOffset };
      entries.push(entry);
      byName.set(name, entry);
      localOffsets.set(entry, localOffset);
      at = next;
    }
    if (at !== eocd) throw invalid(DAMAGED);
    // No two entries may share bytes: overlapping entries are how the smallest zip bombs multiply themselves.
    const start = (entry: ArchiveEntry) => localOffsets.get(entry) as number;
    const ordered = [...entries].sort((a, b) => start(a) - start(b));
    for (let i = 1; i < ordered.length; i++) {
      const before = ordered[i - 1] as ArchiveEntry;
      if (before.dataOffset + before.compressedSize > start(ordered[i] as ArchiveEntry)) throw invalid(DAMAGED);
    }
    return new XlsxArchive(buffer, byName);
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  entry(name: string): ArchiveEntry | undefined {
    return this.byName.get(name);
  }

  /**
   * The entry's unpacked bytes, chunk by chunk, with a turn of the event loop between chunks. Never yields more
   * than the declared size: more (a forged directory), less, a CRC-32 that does not match or data that does not
   * inflate throw `invalid_upload`. Stopping early (a `break` in `for await`) stops the inflater.
   */
  async *bytes(name: string): AsyncGenerator<Buffer> {
    const entry = this.byName.get(name);
    if (!entry) throw new Error(`no entry ${name} in the archive`);
    const packed = this.buffer.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
    let produced = 0;
    let crc = 0;
    const inflater = entry.method === 8 ? createInflateRaw({ chunkSize: CHUNK }) : null;
    try {
      const chunks: AsyncIterable<Buffer> = inflater ? inflater : slices(packed);
      inflater?.end(packed);
      try {
        for await (const chunk of chunks) {
          produced += chunk.length;
          if (produced > entry.size) throw invalid(FORGED);
          crc = crc32(chunk, crc);
          yield chunk;
          await nextTurn();
        }
      } catch (err) {
        if (err instanceof UploadError) throw err;
        throw invalid(DAMAGED); // data that does not inflate
      }
      if (produced !== entry.size) throw invalid(FORGED);
      if (crc >>> 0 !== entry.crc32) throw invalid(DAMAGED);
    } finally {
      inflater?.destroy();
    }
  }

  /**
   * The entry as UTF-8 text in pieces of at most TEXT_PIECE characters, with a turn of the event loop between
   * pieces; a character split between chunks or pieces is kept whole.
   */
  async *text(name: string): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of this.bytes(name)) yield* pieces(decoder.decode(chunk, { stream: true }));
    yield* pieces(decoder.decode());
  }

  /** The whole entry (for small parts). */
  async read(name: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.bytes(name)) chunks.push(chunk);
    return Buffer.concat(chunks);
  }
}

async function* pieces(text: string): AsyncGenerator<string> {
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + TEXT_PIECE, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--; // never half a surrogate pair
    if (at > 0) await nextTurn();
    yield text.slice(at, end);
    at = end;
  }
}

async function* slices(data: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += CHUNK) yield data.subarray(at, at + CHUNK);
}

/** The EOCD record: the last 22+ bytes, its comment running exactly to the end of the file. */
function findEndOfCentralDirectory(buffer: Buffer): number {
  if (buffer.length < EOCD_SIZE) throw invalid(NOT_A_WORKBOOK);
  const lowest = Math.max(0, buffer.length - EOCD_SIZE - MAX_COMMENT);
  for (let at = buffer.length - EOCD_SIZE; at >= lowest; at--) {
    if (buffer.readUInt32LE(at) === EOCD_SIGNATURE && at + EOCD_SIZE + buffer.readUInt16LE(at + 20) === buffer.length) {
      return at;
    }
  }
  // A zip's first bytes without an end: cut off in transfer. Anything else is not a zip at all.
  throw invalid(buffer.readUInt32LE(0) === LOCAL_SIGNATURE ? DAMAGED : NOT_A_WORKBOOK);
}

function hasExtraField(buffer: Buffer, start: number, length: number, id: number): boolean {
  for (let at = start; at + 4 <= start + length; ) {
    if (buffer.readUInt16LE(at) === id) return true;
    at += 4 + buffer.readUInt16LE(at + 2);
  }
  return false;
}

/** The local header agrees with the directory (signature, name, method, no encryption); returns where data starts. */
function checkLocalHeader(buffer: Buffer, at: number, name: Buffer, method: number, directoryOffset: number): number {
  if (at + LOCAL_SIZE > directoryOffset || buffer.readUInt32LE(at) !== LOCAL_SIGNATURE) throw invalid(DAMAGED);
  const flags = buffer.readUInt16LE(at + 6);
  if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) throw invalid(ENCRYPTED);
  if (buffer.readUInt16LE(at + 8) !== method) throw invalid(DAMAGED);
  const nameLength = buffer.readUInt16LE(at + 26);
  const extraLength = buffer.readUInt16LE(at + 28);
  const dataOffset = at + LOCAL_SIZE + nameLength + extraLength;
  if (dataOffset > directoryOffset) throw invalid(DAMAGED);
  if (!buffer.subarray(at + LOCAL_SIZE, at + LOCAL_SIZE + nameLength).equals(name)) throw invalid(DAMAGED);
  // Sizes and CRC come from the directory, so a local header that leaves them to a data descriptor changes nothing.
  return dataOffset;
}

/** A relative path inside the archive: no `..` segment, no leading `/` or `\`, no drive letter, no NUL. */
function isSafeName(name: string): boolean {
  if (name.length === 0 || name.includes('\0')) return false;
  if (/^[/\\]/.test(name) || /^[A-Za-z]:/.test(name)) return false;
  return !name.split(/[/\\]/).some((segment) => segment === '..');
}
