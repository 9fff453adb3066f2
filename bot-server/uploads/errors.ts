import { DomainError } from '../errors/domain-error';

/**
 * An uploaded file refused before anything is stored: the API answers with `status`, the stable `code` and the
 * Chinese message. `invalid_upload`: not a file of the expected kind, damaged, encrypted or forged;
 * `upload_too_large`: readable, but larger than an import may be (the body, its unpacked contents, its rows).
 */
export type UploadErrorCode = 'invalid_upload' | 'upload_too_large';

export class UploadError extends DomainError {
  override name = 'UploadError';
  declare readonly code: UploadErrorCode;

  /** `tooLargeToRead`: refused by size before reading (413); every other refusal is the file's content (400). */
  constructor(code: UploadErrorCode, messageZh: string, tooLargeToRead = false) {
    super(tooLargeToRead ? 'too_large' : 'invalid', code, messageZh);
  }
}

/** What a file that is no workbook at all is told (also what the import has always said). */
export const NOT_A_WORKBOOK = '无法读取该文件，请上传 Excel 工作簿（.xlsx）';
