/**
 * DingTalk HTTP event push crypto ("DingCallbackCrypto"): signature, AES seal and open, and the encrypted
 * "success" answer. Protocol: docs/dingtalk.md §1.3–§1.6 (the § numbers below are that file's), checked against the
 * published vectors of §1.12 (see callback-crypto.test.ts). Original: open-dingtalk/DingTalk-Callback-Crypto
 * DingCallbackCrypto.java.
 */
import { createCipheriv, createDecipheriv, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CallbackError, DingTalkError } from './errors';

/** EncodingAESKey: exactly 43 chars of [A-Za-z0-9] (§1.1). */
const AES_KEY_PATTERN = /^[A-Za-z0-9]{43}$/;
/** The padding block is 32 bytes, not AES's 16 (§1.5, DingCallbackCrypto.java `PKCS7Padding.BLOCK_SIZE = 32`). */
const PAD_BLOCK = 32;
/** Plaintext framing: 16 random bytes, then a 4-byte big-endian length (§1.5). */
const RANDOM_LENGTH = 16;
const HEADER_LENGTH = RANDOM_LENGTH + 4;
const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** Random bytes are drawn from the CSPRNG this many at a time (see `pooledRandomBytes`). */
const RANDOM_POOL_BYTES = 4096;

/**
 * Random bytes from Node's CSPRNG, fetched a pool at a time: every answer takes 32 (the frame's 16 and the nonce's
 * 16), and one call into OpenSSL per answer for each cost more than the rest of the sealing. No byte is handed out
 * twice: a used pool is dropped, never refilled in place.
 */
function pooledRandomBytes(): (size: number) => Buffer {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return (size) => {
    if (offset + size > pool.length) {
      pool = randomBytes(Math.max(RANDOM_POOL_BYTES, size));
      offset = 0;
    }
    offset += size;
    return pool.subarray(offset - size, offset);
  };
}

/**
 * `lowercase_hex(SHA1(sorted([token, timestamp, nonce, encrypt]).join('')))` — a plain code-unit sort of the
 * four strings, no separator; `encrypt` exactly as received, never URL-decoded (§1.3).
 */
export function callbackSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  // One-shot: a Hash object per push cost more than the digest of its few hundred bytes.
  return hash('sha1', [token, timestamp, nonce, encrypt].sort().join(''), 'hex');
}

/** Constant-time comparison of two signatures (§1.3); unequal lengths are simply unequal (lengths are public). */
export function signaturesEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The JSON body DingTalk expects back (§1.6): field names exactly these, all strings. */
export interface EncryptedMap {
  msg_signature: string;
  timeStamp: string;
  nonce: string;
  encrypt: string;
}

export interface OpenedMessage {
  message: string;
  ownerKey: string;
  /** The 16 random bytes of the frame; reusing them in `seal` reproduces the ciphertext byte for byte. */
  random: Buffer;
}

export interface CallbackCryptoOptions {
  /** 签名 token from the developer console. */
  token: string;
  /** 加密 aes_key (EncodingAESKey), 43 chars. */
  aesKey: string;
  /**
   * The owner key DingTalk frames every message with: the app's AppKey for console subscriptions, the CorpId for
   * `register_call_back` subscriptions, the SuiteKey for third-party apps (§1.1).
   */
  ownerKey: string;
  /** Source of the 16 random bytes of each sealed frame; injectable for deterministic tests. */
  randomBytes?: (size: number) => Buffer;
}

/** Signs, seals and opens DingTalk callback messages for one (token, aesKey, ownerKey) triple. */
export class CallbackCrypto {
  readonly ownerKey: string;
  private readonly token: string;
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private readonly random: (size: number) => Buffer;

  constructor(options: CallbackCryptoOptions) {
    if (!AES_KEY_PATTERN.test(options.aesKey)) {
      // DingTalk SDK error 900004 "illegal aes key" (§1.10).
      throw new DingTalkError('config_invalid', 'the callback AES key must be exactly 43 letters or digits');
    }
    if (options.token.length === 0) throw new DingTalkError('config_invalid', 'the callback token is empty');
    if (options.ownerKey.length === 0) throw new DingTalkError('config_invalid', 'the callback owner key is empty');
    this.token = options.token;
    this.ownerKey = options.ownerKey;
    // key = base64decode(aesKey + '=') → 32 bytes (AES-256); iv = key[0..16) (§1.4). Node's decoder tolerates the
    // non-zero spare bits of the 43rd character, as Java's commons-codec does.
    this.key = Buffer.from(`${options.aesKey}=`, 'base64');
    this.iv = this.key.subarray(0, 16);
    this.random = options.randomBytes ?? pooledRandomBytes();
  }

  sign(timestamp: string, nonce: string, encrypt: string): string {
    return callbackSignature(this.token, timestamp, nonce, encrypt);
  }

  verify(signature: string, timestamp: string, nonce: string, encrypt: string): boolean {
    return signaturesEqual(this.sign(timestamp, nonce, encrypt), signature.toLowerCase());
  }

  /**
   * Frames and encrypts `message` (§1.5): random(16) ‖ uint32_be(utf8 byte length) ‖ message ‖ ownerKey, padded
   * to a multiple of 32 with N bytes of value N, AES-256-CBC without automatic padding, base64.
   */
  seal(message: string, random: Buffer = this.random(RANDOM_LENGTH)): string {
    if (random.length !== RANDOM_LENGTH)
      throw new DingTalkError('config_invalid', 'the random prefix must be 16 bytes');
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const plain = Buffer.concat([random, length, body, Buffer.from(this.ownerKey, 'utf8')]);
    const padLength = PAD_BLOCK - (plain.length % PAD_BLOCK);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([
      cipher.update(Buffer.concat([plain, Buffer.alloc(padLength, padLength)])),
      cipher.final(),
    ]).toString('base64');
  }

  /**
   * Decrypts and unframes `encrypt` without judging the owner key. Throws `callback_undecryptable` when the
   * ciphertext, the padding, the length field or the UTF-8 is wrong.
   */
  openAny(encrypt: string): OpenedMessage {
    const undecryptable = (why: string, cause?: unknown) =>
      new CallbackError('callback_undecryptable', 400, `the encrypted message cannot be opened: ${why}`, { cause });
    const cipherText = Buffer.from(encrypt, 'base64');
    if (cipherText.length === 0 || cipherText.length % 16 !== 0) throw undecryptable('not whole AES blocks');
    let padded: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv);
      decipher.setAutoPadding(false);
      padded = Buffer.concat([decipher.update(cipherText), decipher.final()]);
    } catch (err) {
      throw undecryptable('AES failed', err);
    }
    // Strict 32-byte PKCS#7: DingTalk always pads this way (§1.5), so anything else is corruption or forgery.
    const padLength = padded[padded.length - 1] ?? 0;
    if (padLength < 1 || padLength > PAD_BLOCK || padLength > padded.length) throw undecryptable('bad padding');
    for (let i = padded.length - padLength; i < padded.length; i++) {
      if (padded[i] !== padLength) throw undecryptable('bad padding');
    }
    const plain = padded.subarray(0, padded.length - padLength);
    if (plain.length < HEADER_LENGTH) throw undecryptable('frame too short');
    const messageLength = plain.readUInt32BE(RANDOM_LENGTH);
    // SDK error 900009 "length mismatch" (§1.10): the declared length runs past the frame.
    if (HEADER_LENGTH + messageLength > plain.length) throw undecryptable('length field runs past the frame');
    try {
      return {
        random: Buffer.from(plain.subarray(0, RANDOM_LENGTH)),
        message: strictUtf8.decode(plain.subarray(HEADER_LENGTH, HEADER_LENGTH + messageLength)),
        ownerKey: strictUtf8.decode(plain.subarray(HEADER_LENGTH + messageLength)),
      };
    } catch (err) {
      throw undecryptable('not UTF-8', err);
    }
  }

  /** Like `openAny`, and rejects a message framed for another owner (SDK error 900010, §1.5, §9). */
  open(encrypt: string): OpenedMessage {
    const opened = this.openAny(encrypt);
    if (!signaturesEqual(this.ownerKey, opened.ownerKey)) {
      throw new CallbackError(
        'callback_bad_owner',
        403,
        'the message was encrypted for another app (owner key mismatch)',
      );
    }
    return opened;
  }

  /**
   * The answer DingTalk must decrypt to read `message` (normally "success", §1.6). `timeStamp` defaults to the
   * current epoch milliseconds and `nonce` to 16 random alphanumerics, as the Java SDK does.
   */
  encryptedMap(
    message = 'success',
    options: { timeStamp?: string; nonce?: string; random?: Buffer } = {},
  ): EncryptedMap {
    const timeStamp = options.timeStamp ?? String(Date.now());
    const nonce = options.nonce ?? randomNonce(16, this.random);
    const encrypt = this.seal(message, options.random);
    return { msg_signature: this.sign(timeStamp, nonce, encrypt), timeStamp, nonce, encrypt };
  }
}

/** `length` characters from [A-Za-z0-9] (DingTalk's own nonces are alphanumeric, §1.2, §1.6). */
export function randomNonce(length: number, random: (size: number) => Buffer = randomBytes): string {
  const bytes = random(length);
  let nonce = '';
  for (let i = 0; i < length; i++) nonce += NONCE_ALPHABET[(bytes[i] ?? 0) % NONCE_ALPHABET.length];
  return nonce;
}
