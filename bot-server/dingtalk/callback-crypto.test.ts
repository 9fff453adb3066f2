import { createDecipheriv, randomBytes } from 'node:crypto';
import { CallbackCrypto, callbackSignature, randomNonce, signaturesEqual } from './callback-crypto';
import { CallbackError, DingTalkError } from './errors';

/** Published vectors: docs/dingtalk.md §1.12 (the § numbers below are that file's). */
const VECTORS = [
  {
    id: 'cb-official-doc-faq',
    token: '123456',
    aesKey: '1234567890123456789012345678901234567890123',
    ownerKey: 'dingsnotzck6pm5veliw',
    timestamp: '1614767836',
    nonce: 'A7Co0cJLMzIDtMMI',
    encrypt: 'YvkvaGe4hQxd3VxRmEty0dVlnCOAqwf56xwTRHDHoOURqhalbmBJQk5FNcRk42Gl5T0YQXZNwpwWSm1xAFJ5ZA==',
    signature: '9a95a004dd16f5c307e849b994173f76aa26e5eb',
    plaintext: 'success',
  },
  {
    id: 'cb-open-dingtalk-python3-check_url',
    token: 'mryue',
    aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7',
    ownerKey: 'ding6ccabc44d2c8d38b',
    timestamp: '1608001896814',
    nonce: 'WL4PK6yA',
    encrypt:
      '0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3',
    signature: '03044561471240d4a14bb09372dfcfd4fd0e40cb',
    plaintext: '{"EventType":"check_url"}',
  },
] as const;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomAesKey(): string {
  return [...randomBytes(43)].map((b) => ALNUM[b % ALNUM.length]).join('');
}

function expectCallbackError(run: () => unknown, code: string): void {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(CallbackError);
    expect((err as CallbackError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe.each(VECTORS)('published vector $id', (v) => {
  const crypto = new CallbackCrypto({ token: v.token, aesKey: v.aesKey, ownerKey: v.ownerKey });

  it('verifies the signature', () => {
    expect(callbackSignature(v.token, v.timestamp, v.nonce, v.encrypt)).toBe(v.signature);
    expect(crypto.verify(v.signature, v.timestamp, v.nonce, v.encrypt)).toBe(true);
  });

  it('decrypts to the plaintext and owner key', () => {
    const opened = crypto.open(v.encrypt);
    expect(opened.message).toBe(v.plaintext);
    expect(opened.ownerKey).toBe(v.ownerKey);
  });

  it('re-encrypts byte for byte with the recovered random prefix', () => {
    const { random, message } = crypto.open(v.encrypt);
    expect(crypto.seal(message, random)).toBe(v.encrypt);
  });

  it('rejects the vector under another owner key', () => {
    const stranger = new CallbackCrypto({ token: v.token, aesKey: v.aesKey, ownerKey: 'dingsomeoneelse' });
    expectCallbackError(() => stranger.open(v.encrypt), 'callback_bad_owner');
  });
});

describe('round trips', () => {
  const payloads = [
    '',
    'success',
    '{"EventType":"bpms_instance_change","title":"王建国提交的发文审批","result":"agree"}',
    '督办事项：请于三个工作日内办结并反馈。'.repeat(7),
    '𠮷野家 emoji 🙂 and ASCII',
  ];

  it.each(payloads)('seals and opens %j with random keys', (payload) => {
    for (let round = 0; round < 10; round++) {
      const crypto = new CallbackCrypto({ token: `t${round}`, aesKey: randomAesKey(), ownerKey: 'dingappkey' });
      expect(crypto.open(crypto.seal(payload)).message).toBe(payload);
    }
  });

  it('covers every padding length, including a whole extra block of 32', () => {
    const crypto = new CallbackCrypto({ token: 't', aesKey: randomAesKey(), ownerKey: 'k' });
    const padLengths = new Set<number>();
    for (let length = 0; length < 64; length++) {
      const message = 'x'.repeat(length);
      const sealed = crypto.seal(message);
      // 16 random + 4 length + message + 1-byte owner key, padded to a multiple of 32.
      padLengths.add(32 - ((21 + length) % 32));
      expect(Buffer.from(sealed, 'base64').length % 32).toBe(0);
      expect(crypto.open(sealed).message).toBe(message);
    }
    expect(padLengths.has(32)).toBe(true);
    expect(padLengths.size).toBe(32);
  });

  it('frames the UTF-8 byte length, not the character count', () => {
    const aesKey = randomAesKey();
    const crypto = new CallbackCrypto({ token: 't', aesKey, ownerKey: 'k' });
    const message = '{"title":"人大建议办复"}';
    const sealed = crypto.seal(message);
    // Decrypt by hand (§1.4: key = base64(aesKey + '='), iv = key[0..16)) to read the length field.
    const key = Buffer.from(`${aesKey}=`, 'base64');
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed, 'base64')), decipher.final()]);
    expect(plain.readUInt32BE(16)).toBe(Buffer.byteLength(message, 'utf8'));
    expect(plain.readUInt32BE(16)).not.toBe(message.length);
  });

  it('answers with an encrypted success map that verifies and decrypts', () => {
    const crypto = new CallbackCrypto({ token: 'tok', aesKey: randomAesKey(), ownerKey: 'dingappkey' });
    const map = crypto.encryptedMap();
    expect(Object.keys(map).sort()).toEqual(['encrypt', 'msg_signature', 'nonce', 'timeStamp']);
    expect(typeof map.timeStamp).toBe('string');
    expect(map.nonce).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(crypto.verify(map.msg_signature, map.timeStamp, map.nonce, map.encrypt)).toBe(true);
    expect(crypto.open(map.encrypt).message).toBe('success');
  });

  it('reproduces the official FAQ answer from its inputs', () => {
    const v = VECTORS[0];
    const crypto = new CallbackCrypto({ token: v.token, aesKey: v.aesKey, ownerKey: v.ownerKey });
    const { random } = crypto.open(v.encrypt);
    const map = crypto.encryptedMap('success', { timeStamp: v.timestamp, nonce: v.nonce, random });
    expect(map).toEqual({ msg_signature: v.signature, timeStamp: v.timestamp, nonce: v.nonce, encrypt: v.encrypt });
  });
});

describe('tampering', () => {
  const v = VECTORS[1];
  const crypto = new CallbackCrypto({ token: v.token, aesKey: v.aesKey, ownerKey: v.ownerKey });

  it('any changed encrypt, timestamp, nonce or token breaks the signature', () => {
    const bytes = Buffer.from(v.encrypt, 'base64');
    for (let i = 0; i < bytes.length; i += 7) {
      const flipped = Buffer.from(bytes);
      flipped[i] = (flipped[i] ?? 0) ^ 0x01;
      expect(crypto.verify(v.signature, v.timestamp, v.nonce, flipped.toString('base64'))).toBe(false);
    }
    expect(crypto.verify(v.signature, `${v.timestamp}1`, v.nonce, v.encrypt)).toBe(false);
    expect(crypto.verify(v.signature, v.timestamp, 'WL4PK6yB', v.encrypt)).toBe(false);
    const otherToken = new CallbackCrypto({ token: 'other', aesKey: v.aesKey, ownerKey: v.ownerKey });
    expect(otherToken.verify(v.signature, v.timestamp, v.nonce, v.encrypt)).toBe(false);
  });

  it('accepts an upper-case signature but not a truncated or empty one', () => {
    expect(crypto.verify(v.signature.toUpperCase(), v.timestamp, v.nonce, v.encrypt)).toBe(true);
    expect(crypto.verify(v.signature.slice(0, 39), v.timestamp, v.nonce, v.encrypt)).toBe(false);
    expect(crypto.verify('', v.timestamp, v.nonce, v.encrypt)).toBe(false);
    expect(signaturesEqual('abc', 'abd')).toBe(false);
  });

  it('refuses ciphertext that is not whole AES blocks', () => {
    expectCallbackError(() => crypto.open(''), 'callback_undecryptable');
    expectCallbackError(() => crypto.open(v.encrypt.slice(0, 20)), 'callback_undecryptable');
    expectCallbackError(() => crypto.open('not base64 at all!'), 'callback_undecryptable');
  });

  it('refuses a message sealed with another AES key', () => {
    const other = new CallbackCrypto({ token: v.token, aesKey: randomAesKey(), ownerKey: v.ownerKey });
    const sealed = other.seal('{"EventType":"check_url"}');
    // Wrong key: padding or framing fails; a lucky decode still fails the owner key check.
    expect(() => crypto.open(sealed)).toThrow(CallbackError);
  });

  it('refuses a corrupted last block (padding / owner key)', () => {
    const bytes = Buffer.from(v.encrypt, 'base64');
    for (let i = bytes.length - 16; i < bytes.length; i++) {
      const corrupted = Buffer.from(bytes);
      corrupted[i] = (corrupted[i] ?? 0) ^ 0x80;
      expect(() => crypto.open(corrupted.toString('base64'))).toThrow(CallbackError);
    }
  });
});

describe('configuration', () => {
  it.each(['short', '1234567890123456789012345678901234567890123=', `${'a'.repeat(42)}!`])(
    'rejects the AES key %j',
    (aesKey) => {
      expect(() => new CallbackCrypto({ token: 't', aesKey, ownerKey: 'k' })).toThrow(DingTalkError);
    },
  );

  it('never puts the key into the error message', () => {
    const aesKey = `${'S'.repeat(42)}-`;
    try {
      new CallbackCrypto({ token: 't', aesKey, ownerKey: 'k' });
    } catch (err) {
      expect((err as Error).message).not.toContain(aesKey);
      expect((err as DingTalkError).code).toBe('config_invalid');
    }
  });

  it('makes alphanumeric nonces', () => {
    expect(randomNonce(8)).toMatch(/^[A-Za-z0-9]{8}$/);
  });
});
