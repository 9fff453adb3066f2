import type { IncomingMessage } from 'node:http';
import { UploadError } from './errors';

/**
 * An uploaded file sent as the request body, whole. Past `maxBytes` it is refused (413 `upload_too_large`): at once
 * when the declared Content-Length says so, otherwise as soon as the bytes read pass it.
 */
export async function readUploadBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new UploadError('upload_too_large', `文件不能超过 ${Math.floor(maxBytes / (1024 * 1024))}MB`, true);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
