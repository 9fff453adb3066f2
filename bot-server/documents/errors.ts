/**
 * What the documents area refuses, with a message for the user in Chinese. `kind` says whose fault it is, so the
 * API can answer 400 / 403 / 404 / 409 without the domain knowing HTTP.
 */
export class DocumentError extends Error {
  override name = 'DocumentError';
  constructor(
    readonly kind: 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'unavailable',
    readonly code: string,
    readonly messageZh: string,
  ) {
    super(`${code}: ${messageZh}`);
  }
}

export const invalid = (code: string, messageZh: string) => new DocumentError('invalid', code, messageZh);
export const forbiddenDoc = (messageZh = '您没有此项操作的权限') =>
  new DocumentError('forbidden', 'forbidden', messageZh);
export const notFoundDoc = (messageZh = '未找到该公文') => new DocumentError('not_found', 'not_found', messageZh);
export const conflict = (code: string, messageZh: string) => new DocumentError('conflict', code, messageZh);
