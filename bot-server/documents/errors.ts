import { DomainError } from '../errors/domain-error';

/** What the documents area refuses, with a message for the user in Chinese. */
export class DocumentError extends DomainError {
  override name = 'DocumentError';
}

export const invalid = (code: string, messageZh: string) => new DocumentError('invalid', code, messageZh);
export const forbiddenDoc = (messageZh = '您没有此项操作的权限') =>
  new DocumentError('forbidden', 'forbidden', messageZh);
export const notFoundDoc = (messageZh = '未找到该公文') => new DocumentError('not_found', 'not_found', messageZh);
export const conflict = (code: string, messageZh: string) => new DocumentError('conflict', code, messageZh);
