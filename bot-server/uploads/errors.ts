/**
 * An uploaded file refused before anything is stored: the API answers with `status`, the stable `code` and the
 * Chinese message. `invalid_upload`: not a file of the expected kind, damaged, encrypted or forged;
 * `upload_too_large`: readable, but larger than an import may be (the body, its unpacked contents, its rows).
 */
export type UploadErrorCode = 'invalid_upload' | 'upload_too_large';

export class UploadError extends Error {
  override name = 'UploadError';

  constructor(
    readonly code: UploadErrorCode,
    /** Simplified Chinese, for the person uploading. */
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** What a file that is no workbook at all is told (also what the import has always said). */
export const NOT_A_WORKBOOK = '无法读取该文件，请上传 Excel 工作簿（.xlsx）';
