import type { IncomingMessage } from 'node:http';

/** How a bounded read fails: the caller's own errors, so each keeps its codes and messages. */
export interface BodyErrors {
  /** The body passed the limit, by its declared Content-Length or by the bytes read. */
  tooLarge: () => Error;
  /** The sender broke off (ECONNRESET, "aborted") before the end. */
  broken: (cause: unknown) => Error;
}

/**
 * Reads a request body to its end, refusing it past `maxBytes`: at once when the declared Content-Length says so,
 * otherwise as soon as the bytes read pass it. A refused body is not torn down: destroying the request resets the
 * keep-alive connection before the answer reaches the sender, and the sender's next request on it fails
 * (ECONNRESET). The rest flows on and is discarded, as Node does for a body nobody reads.
 */
export function readBoundedBody(req: IncomingMessage, maxBytes: number, errors: BodyErrors): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(errors.tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer | string) => {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      size += buffer.length;
      if (size <= maxBytes) {
        chunks.push(buffer);
        return;
      }
      settle();
      req.resume();
      reject(errors.tooLarge());
    };
    const onEnd = () => {
      settle();
      resolve(Buffer.concat(chunks));
    };
    const onBroken = (cause?: unknown) => {
      settle();
      reject(errors.broken(cause));
    };
    const settle = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onBroken);
      req.off('close', onBroken);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onBroken);
    req.on('close', onBroken);
  });
}
