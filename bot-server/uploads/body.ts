import type { IncomingMessage } from 'node:http';
import { UploadError } from './errors';

/**
 * An uploaded file sent as the request body, whole. Past `maxBytes` it is refused (413 `upload_too_large`): at once
 * when the declared Content-Length says so, otherwise as soon as the bytes read pass it. A refused body is not torn
 * down: destroying the request resets the keep-alive connection, and the sender's next request on it fails. The rest
 * flows on and is discarded, as Node does for a body nobody reads. A sender that breaks off gets `invalid_upload`.
 */
export function readUploadBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new UploadError('upload_too_large', `文件不能超过 ${Math.floor(maxBytes / (1024 * 1024))}MB`, true);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      settle();
      req.resume();
      reject(tooLarge());
    };
    const onEnd = () => {
      settle();
      resolve(Buffer.concat(chunks));
    };
    const onBroken = () => {
      settle();
      reject(new UploadError('invalid_upload', '文件上传中断，请重新上传'));
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
