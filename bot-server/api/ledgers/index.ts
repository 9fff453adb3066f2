import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { EDITOR_ROLES, invalid, pastYear, READER_ROLES, yearBounds } from '../../ledgers/input';
import { drillFigure } from '../../reports/engine';
import { LEDGER_SPECS, ledgerFigures, ledgerSpec } from '../../reports/ledger-figures';
import type { Services } from '../../services';
import { requireRole, type SignedInUser } from '../auth';
import { exactRouter } from '../router';

/**
 * What the ledger routes accept. The schemas check shapes only (each message for the user); the services check the
 * values (dates not in the future, amounts, categories of the ledger's kind, 期数 not taken) with their own
 * messages, so the API, the demo and the tests share one rule.
 */
const id = z.coerce.number({ error: '编号无效' }).int('编号无效').positive('编号无效').max(2_147_483_647, '编号无效');
const year = z.coerce.number({ error: '请选择年度' }).int('年度应为整数');
const yearQuery = z.object({ year }).strict();
const date = (what: string) => z.string({ error: `请填写${what}（YYYY-MM-DD）` });
const words = (what: string) => z.string({ error: `请填写${what}` });
const choice = (what: string) => z.string({ error: `请选择${what}` });

const honourBody = z
  .object({
    name: words('荣誉名称'),
    awardingBody: words('授予单位'),
    level: choice('荣誉级别'),
    awardYear: z.number({ error: '请填写荣誉所属年度' }),
    receivedOn: date('获得日期'),
  })
  .strict();
const receptionBody = z
  .object({
    receivedOn: date('接待日期'),
    visitingBody: words('来访单位'),
    level: choice('来访单位级别'),
    kind: choice('接待类型'),
    topic: words('接待主题'),
  })
  .strict();
const briefBody = z
  .object({
    series: words('简报名称'),
    issueNo: z.number({ error: '请填写期数' }),
    issuedOn: date('印发日期'),
    title: words('简报标题'),
  })
  .strict();
const ledgerBody = z
  .object({ year: z.number({ error: '请填写台账年度' }), kind: choice('台账类型'), name: words('台账名称') })
  .strict();
const entryBody = z
  .object({
    category: choice('记录类别'),
    enteredOn: date('记录日期'),
    title: words('记录内容'),
    amount: z.union([z.string(), z.number()], { error: '金额应为以万元计的数字' }).nullish(),
    rectified: z.boolean({ error: '整改情况应为“是”或“否”' }).nullish(),
    rectifiedOn: date('整改完成日期').nullish(),
  })
  .strict();
const drillQuery = z
  .object({
    figure: z.string({ error: '请选择统计项' }),
    year,
    type: z.string().trim().min(1).max(50).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();

const userOf = (ctx: Context) => ctx.state.user as SignedInUser;

/** A year's figures are asked for whole years, 2000 … this year. */
const periodOf = (y: number, now: Date) => yearBounds(pastYear(y, now));

/** The three registers (荣誉, 接待, 简报): the same four routes each, listed per year. */
function registerRoutes(router: Router, services: () => Services): void {
  const registers = () => services().registers;
  const readers = requireRole(...READER_ROLES);
  const editors = requireRole(...EDITOR_ROLES);
  const body = (ctx: Context) => ctx.request.body ?? {};
  const register = <V>(
    path: string,
    schema: z.ZodObject,
    ops: {
      list: (u: SignedInUser, year: number) => Promise<V[]>;
      create: (u: SignedInUser, input: never) => Promise<V>;
      edit: (u: SignedInUser, id: number, input: never) => Promise<V>;
      remove: (u: SignedInUser, id: number) => Promise<void>;
    },
  ) => {
    router.get(`/ledgers/${path}`, readers, async (ctx) => {
      ctx.body = { items: await ops.list(userOf(ctx), yearQuery.parse(ctx.query).year) };
    });
    router.post(`/ledgers/${path}`, editors, async (ctx) => {
      const input = schema.parse(body(ctx)) as never;
      ctx.status = 201;
      ctx.body = { item: await ops.create(userOf(ctx), input) };
    });
    router.put(`/ledgers/${path}/:id`, editors, async (ctx) => {
      const input = schema.partial().parse(body(ctx)) as never;
      ctx.body = { item: await ops.edit(userOf(ctx), id.parse(ctx.params.id), input) };
    });
    router.delete(`/ledgers/${path}/:id`, editors, async (ctx) => {
      await ops.remove(userOf(ctx), id.parse(ctx.params.id));
      ctx.status = 204;
    });
  };

  register('honours', honourBody, {
    list: (u, y) => registers().honours(u, y),
    create: (u, input) => registers().createHonour(u, input),
    edit: (u, i, input) => registers().editHonour(u, i, input),
    remove: (u, i) => registers().deleteHonour(u, i),
  });
  register('receptions', receptionBody, {
    list: (u, y) => registers().receptions(u, y),
    create: (u, input) => registers().createReception(u, input),
    edit: (u, i, input) => registers().editReception(u, i, input),
    remove: (u, i) => registers().deleteReception(u, i),
  });
  register('briefs', briefBody, {
    list: (u, y) => registers().briefs(u, y),
    create: (u, input) => registers().createBrief(u, input),
    edit: (u, i, input) => registers().editBrief(u, i, input),
    remove: (u, i) => registers().deleteBrief(u, i),
  });
}

/**
 * `/api/ledgers`: the office's registers (荣誉 `honours`, 接待 `receptions`, 简报 `briefs`) and yearly ledgers
 * (台账 `books`, their entries), each listed per year; 督查室 and 会务 create, edit and delete (audited), the district
 * leaders read; the figures of a year and their drill-downs (reports/ledger-figures.ts). Fixed paths come before
 * `/:id`.
 */
export function ledgerRoutes(services: () => Services): Router {
  const router = exactRouter();
  const ledgers = () => services().ledgers;
  const readers = requireRole(...READER_ROLES);
  const editors = requireRole(...EDITOR_ROLES);
  const body = (ctx: Context) => ctx.request.body ?? {};

  registerRoutes(router, services);

  router.get('/ledgers/figures', readers, async (ctx) => {
    const s = services();
    const now = s.ledgers.now();
    const period = periodOf(yearQuery.parse(ctx.query).year, now);
    ctx.body = { figures: await ledgerFigures(s.db.manager, s.deadlines.calendar(), { db: s.db, now }, period) };
  });

  router.get('/ledgers/figures/drill', readers, async (ctx) => {
    const q = drillQuery.parse(ctx.query);
    const spec = ledgerSpec(q.figure);
    if (!spec) {
      throw invalid('unknown_figure', `没有统计项“${q.figure}”，可选：${LEDGER_SPECS.map((x) => x.id).join('、')}`);
    }
    const s = services();
    const now = s.ledgers.now();
    const period = periodOf(q.year, now);
    const scope = q.type === undefined ? {} : { type: q.type };
    const page = { limit: q.limit ?? 50, offset: q.offset ?? 0 };
    ctx.body = {
      figure: { id: spec.id, label: spec.label, definition: spec.definition },
      ...period,
      ...(await drillFigure(s.db.manager, s.deadlines.calendar(), { db: s.db, now }, spec, period, scope, page)),
    };
  });

  router.get('/ledgers/books', readers, async (ctx) => {
    ctx.body = { ledgers: await ledgers().list(userOf(ctx), yearQuery.parse(ctx.query).year) };
  });

  router.post('/ledgers/books', editors, async (ctx) => {
    const input = ledgerBody.parse(body(ctx));
    ctx.status = 201;
    ctx.body = { ledger: await ledgers().create(userOf(ctx), input) };
  });

  router.get('/ledgers/books/:id', readers, async (ctx) => {
    ctx.body = await ledgers().get(userOf(ctx), id.parse(ctx.params.id));
  });

  router.put('/ledgers/books/:id', editors, async (ctx) => {
    const input = ledgerBody.partial().parse(body(ctx));
    ctx.body = { ledger: await ledgers().edit(userOf(ctx), id.parse(ctx.params.id), input) };
  });

  router.delete('/ledgers/books/:id', editors, async (ctx) => {
    await ledgers().remove(userOf(ctx), id.parse(ctx.params.id));
    ctx.status = 204;
  });

  router.post('/ledgers/books/:id/entries', editors, async (ctx) => {
    const input = entryBody.parse(body(ctx));
    ctx.status = 201;
    ctx.body = { entry: await ledgers().addEntry(userOf(ctx), id.parse(ctx.params.id), input) };
  });

  router.put('/ledgers/entries/:id', editors, async (ctx) => {
    const input = entryBody.partial().parse(body(ctx));
    ctx.body = { entry: await ledgers().editEntry(userOf(ctx), id.parse(ctx.params.id), input) };
  });

  router.delete('/ledgers/entries/:id', editors, async (ctx) => {
    await ledgers().removeEntry(userOf(ctx), id.parse(ctx.params.id));
    ctx.status = 204;
  });

  return router;
}
