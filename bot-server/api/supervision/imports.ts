import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Services } from '../../services';
import { importMatters } from '../../supervision/import';
import { importTemplateXlsx, XLSX_TYPE } from '../../supervision/xlsx';
import { readUploadBody } from '../../uploads/body';
import { UploadsInProgress } from '../../uploads/in-progress';
import { requireRole, type SignedInUser } from '../auth';
import { badRequest } from '../errors';
import { exactRouter } from '../router';
import { download } from './download';
import { importQuery } from './schemas';

const MAX_UPLOAD = 5 * 1024 * 1024;
/** Imports read at once by the whole server (one per person). */
const MAX_IMPORTS_AT_ONCE = 2;

/** Batch import from .xlsx (the supervision office): the template, and the upload with a report per row. */
export function importRoutes(services: () => Services): Router {
  const router = exactRouter();
  const inProgress = new UploadsInProgress(MAX_IMPORTS_AT_ONCE);

  router.get('/import/template.xlsx', requireRole('supervision_office'), async (ctx) => {
    download(ctx, await importTemplateXlsx(), XLSX_TYPE, 'matter-import-template.xlsx', '督办事项导入模板.xlsx');
  });

  /** The body is the .xlsx file itself (Content-Type: the xlsx type or application/octet-stream). */
  router.post('/import', requireRole('supervision_office'), async (ctx: Context) => {
    const { source, dryRun } = importQuery.parse(ctx.query);
    if (!ctx.is(XLSX_TYPE, 'application/octet-stream')) {
      throw badRequest(
        'invalid_upload',
        '请以 .xlsx 文件作为请求体上传（Content-Type 为 xlsx 或 application/octet-stream）',
      );
    }
    const user = ctx.state.user as SignedInUser;
    // A refused upload keeps the guard's code (uploads/README.md); a workbook whose content will not do is
    // `invalid_sheet`. At most MAX_UPLOAD bytes (413 `upload_too_large` past it).
    ctx.body = await inProgress.run(user.id, async () => {
      const file = await readUploadBody(ctx.req, MAX_UPLOAD);
      if (file.length === 0) throw badRequest('invalid_upload', '上传的文件为空');
      return importMatters(services().supervision.matters, user, file, {
        source,
        dryRun: dryRun === '1' || dryRun === 'true',
      });
    });
  });

  return router;
}
