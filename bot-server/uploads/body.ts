import type { IncomingMessage } from 'node:http';
import { readBoundedBody } from '../http/body';
import { UploadError } from './errors';

/**
 * An uploaded file sent as the request body, whole. Past `maxBytes` it is refused (413 `upload_too_large`), drained
 * rather than torn down (see `readBoundedBody`). A sender that breaks off gets `invalid_upload`.
 */
export function readUploadBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return readBoundedBody(req, maxBytes, {
    tooLarge: () => new UploadError('upload_too_large', `文件不能超过 ${Math.floor(maxBytes / (1024 * 1024))}MB`, true),
    broken: () => new UploadError('invalid_upload', '文件上传中断，请重新上传'),
  });
}
