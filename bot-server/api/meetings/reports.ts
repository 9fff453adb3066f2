import type Router from '@koa/router';
import type { DataSource } from 'typeorm';
import { DisciplineNotice } from '../../../entities';
import { issueDisciplineNotice, previewNotice, withdrawDisciplineNotice } from '../../meetings/discipline';
import { disciplineNoticeDocx } from '../../meetings/discipline-docx';
import { numbersOf } from '../../numbering/numbers';
import { DOCX_TYPE } from '../../render';
import { meetingFigures } from '../../reports/meeting-figures';
import { requireRole } from '../auth';
import { notFound } from '../errors';
import { exactRouter } from '../router';
import { disciplinePeriod, id, period, userOf, withdrawBody } from './schemas';

/** The figures of meetings, and the 违反会风会纪通报: listed, previewed, issued (会务), downloaded as .docx. */
export function meetingReportRoutes(db: () => DataSource, now: () => Date): Router {
  const router = exactRouter();
  const readers = requireRole('leader', 'meeting_office', 'supervision_office');

  router.get('/meetings/figures', requireRole('leader', 'supervision_office', 'meeting_office'), async (ctx) => {
    const { from, to } = period.parse(ctx.query);
    ctx.body = { figures: await meetingFigures(db().manager, from, to, now()) };
  });

  router.get('/meetings/discipline', readers, async (ctx) => {
    const notices = await db()
      .getRepository(DisciplineNotice)
      .find({ order: { year: 'DESC', number: 'DESC' } });
    const numbers = await numbersOf(
      db().manager,
      'discipline_notice',
      notices.map((n) => n.id),
    );
    ctx.body = {
      // A notice stored without its entries (a hand edit) is listed with none, never failing the list.
      notices: notices.map((n) => ({
        ...n,
        entries: undefined,
        entryCount: Array.isArray(n.entries) ? n.entries.length : 0,
        documentNumber: numbers.get(n.id)?.text ?? null,
      })),
    };
  });

  router.get('/meetings/discipline/preview', readers, async (ctx) => {
    const { from, to, includeLeaders } = disciplinePeriod.parse(ctx.query);
    ctx.body = { preview: await previewNotice(db().manager, from, to, now(), { includeLeaders }) };
  });

  router.post('/meetings/discipline', requireRole('meeting_office'), async (ctx) => {
    const { from, to, includeLeaders } = disciplinePeriod.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { notice: await issueDisciplineNotice(db(), userOf(ctx).id, from, to, now(), { includeLeaders }) };
  });

  router.post('/meetings/discipline/:id/withdraw', requireRole('meeting_office'), async (ctx) => {
    const { reason } = withdrawBody.parse(ctx.request.body ?? {});
    const notice = await withdrawDisciplineNotice(db(), userOf(ctx).id, id.parse(ctx.params.id), reason, now());
    ctx.body = { notice };
  });

  const noticeOf = async (value: string | undefined) => {
    const notice = await db()
      .getRepository(DisciplineNotice)
      .findOneBy({ id: id.parse(value) });
    if (!notice) throw notFound('没有这期通报');
    return notice;
  };

  router.get('/meetings/discipline/:id', readers, async (ctx) => {
    const notice = await noticeOf(ctx.params.id);
    const numbers = await numbersOf(db().manager, 'discipline_notice', [notice.id]);
    ctx.body = { notice: { ...notice, documentNumber: numbers.get(notice.id)?.text ?? null } };
  });

  router.get('/meetings/discipline/:id/notice.docx', readers, async (ctx) => {
    const notice = await noticeOf(ctx.params.id);
    ctx.set('Content-Type', DOCX_TYPE);
    ctx.set(
      'Content-Disposition',
      `attachment; filename="discipline-${notice.year}-${notice.number}.docx"; filename*=UTF-8''${encodeURIComponent(
        `违反会风会纪通报${notice.year}年第${notice.number}期.docx`,
      )}`,
    );
    ctx.body = await disciplineNoticeDocx(db().manager, notice);
  });

  return router;
}
