import type { DataSource } from 'typeorm';
import { MATTER_SOURCES, MEETING_TYPES } from '../../entities';
import { generateReportData } from '../../scripts/bench/report-data';
import { seededRandom } from '../../scripts/seeded-random';
import { formatISODate, parseInstant, parseISODate, WorkCalendar } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { DASHBOARD_ROLLUP, DASHBOARD_SPECS, dashboardFigures, rolledUpFigures } from './dashboard';
import { computeFigures, type Period, type Scope } from './engine';

/**
 * The rollup against the figures' definitions: random sequences of the actions that change what the dashboard
 * counts (assign, complete, return, extend, move, approve, refuse, withdraw, hold or cancel a meeting, issue a
 * notice, and a calendar override), each written as the services write it — rows in the counted tables. After
 * every round the rollup is refreshed from its change log and every figure, for random periods and scopes, must
 * equal the same figure counted from the records by its SQL definition (`computeFigures`).
 */

const YEAR = 2025;
const NOW = parseInstant('2026-01-20T10:00');
const UNITS = ['31', '32', '33', '34', '35', '21', '23'];
const SOURCES = MATTER_SOURCES;
const ROUNDS = 8;
const ACTIONS_PER_ROUND = 25;

type Random = ReturnType<typeof seededRandom>;

/** A random instant in the two years of data, or near `after` when given. */
function instantIn(rnd: Random, after?: Date): Date {
  if (after) return new Date(after.getTime() + rnd.int(0, 40 * 24) * 3_600_000);
  return new Date(Date.UTC(YEAR - 1, 0, 1) + rnd.int(0, 2 * 365 * 24 - 1) * 3_600_000 + rnd.int(0, 59) * 60_000);
}

async function pickId(db: DataSource, rnd: Random, table: string, where = '1 = 1'): Promise<number | null> {
  const rows = (await db.query(`SELECT id FROM ${table} WHERE ${where}`)) as { id: number | string }[];
  return rows.length ? Number(rnd.pick(rows).id) : null;
}

/** One random action; returns its name (for the failure message). */
async function act(db: DataSource, rnd: Random): Promise<string> {
  const t = (d: Date) => sqlInstant(db, d);
  const action = rnd.pick([
    'complete',
    'return',
    'extend',
    'move',
    'reassign',
    'relink',
    'assign',
    'approve',
    'refuse',
    'close-limit',
    'withdraw',
    'hold',
    'cancel',
    'notice',
  ]);
  switch (action) {
    case 'complete': {
      const id = await pickId(db, rnd, 'matter', "status NOT IN ('completed', 'evaluated')");
      if (id === null) break;
      const [m] = (await db.query('SELECT assigned_at FROM matter WHERE id = ?', [id])) as { assigned_at: string }[];
      const at = instantIn(rnd, new Date(`${String(m?.assigned_at).replace(' ', 'T').slice(0, 19)}Z`));
      await db.query('UPDATE matter SET status = ?, completed_at = ?, completed_on_time = ? WHERE id = ?', [
        rnd.pick(['completed', 'evaluated']),
        t(at),
        rnd.chance(0.7) ? 1 : 0,
        id,
      ]);
      break;
    }
    case 'return': {
      const id = await pickId(db, rnd, 'matter', "status IN ('completed', 'evaluated')");
      if (id !== null) {
        await db.query(
          "UPDATE matter SET status = 'returned', completed_at = NULL, completed_on_time = NULL WHERE id = ?",
          [id],
        );
      }
      break;
    }
    case 'extend': {
      // An extension moves the due instant in force (overdue is judged on it), not the original.
      const id = await pickId(db, rnd, 'deadline', "subject_type = 'matter' AND status = 'open'");
      if (id !== null) await db.query('UPDATE deadline SET due_at = ? WHERE id = ?', [t(instantIn(rnd)), id]);
      break;
    }
    case 'move': {
      const id = await pickId(db, rnd, 'matter');
      if (id !== null) await db.query('UPDATE matter SET assigned_at = ? WHERE id = ?', [t(instantIn(rnd)), id]);
      break;
    }
    case 'reassign': {
      const id = await pickId(db, rnd, 'matter');
      if (id !== null) await db.query('UPDATE matter SET lead_department_id = ? WHERE id = ?', [rnd.pick(UNITS), id]);
      break;
    }
    case 'relink': {
      // The matter follows another deadline (a new period, a reissued limit): its due instant in force follows.
      const id = await pickId(db, rnd, 'matter');
      const dl = await pickId(db, rnd, 'deadline', "subject_type = 'matter'");
      if (id !== null && dl !== null) {
        await db.query('UPDATE deadline SET subject_id = ? WHERE id = ?', [id, dl]);
        await db.query('UPDATE matter SET deadline_id = ? WHERE id = ?', [dl, id]);
      }
      break;
    }
    case 'assign': {
      // A new matter, copied from one of its kind: a new number, a new day, open, with an open deadline.
      const id = await pickId(db, rnd, 'matter');
      if (id === null) break;
      const [max] = (await db.query('SELECT MAX(sequence) AS s FROM matter')) as { s: number | string }[];
      const dl = await pickId(db, rnd, 'deadline', "subject_type = 'matter' AND status = 'open'");
      await db.query(
        `INSERT INTO matter (year, source, sequence, number, title, lead_department_id, responsible_user_id, status,
           deadline_id, periodic, assigned_at, urge_count)
         SELECT year, ?, ?, ?, title, ?, responsible_user_id, 'assigned', ?, periodic, ?, 0
         FROM matter WHERE id = ?`,
        [rnd.pick(SOURCES), Number(max?.s) + 1, `R${Number(max?.s) + 1}`, rnd.pick(UNITS), dl, t(instantIn(rnd)), id],
      );
      break;
    }
    case 'approve':
    case 'refuse': {
      const id = await pickId(db, rnd, 'document_step');
      if (id === null) break;
      const done = action === 'approve';
      await db.query('UPDATE document_step SET status = ?, finished_at = ?, on_time = ? WHERE id = ?', [
        done ? 'done' : 'redirected',
        t(instantIn(rnd)),
        done ? (rnd.chance(0.8) ? 1 : 0) : null,
        id,
      ]);
      break;
    }
    case 'close-limit': {
      const id = await pickId(db, rnd, 'deadline', "subject_type = 'document' AND status = 'open'");
      if (id === null) break;
      const [dl] = (await db.query('SELECT received_at FROM deadline WHERE id = ?', [id])) as {
        received_at: string;
      }[];
      const from = new Date(`${String(dl?.received_at).replace(' ', 'T').slice(0, 19)}Z`);
      await db.query("UPDATE deadline SET status = 'closed', closed_at = ?, met_on_time = ? WHERE id = ?", [
        t(instantIn(rnd, from)),
        rnd.pick([1, 0, null]),
        id,
      ]);
      break;
    }
    case 'withdraw': {
      const id = await pickId(db, rnd, 'document', "status <> 'withdrawn'");
      if (id !== null) await db.query("UPDATE document SET status = 'withdrawn' WHERE id = ?", [id]);
      break;
    }
    case 'hold':
    case 'cancel': {
      const id = await pickId(db, rnd, 'meeting');
      if (id !== null) {
        await db.query('UPDATE meeting SET status = ?, starts_at = ? WHERE id = ?', [
          action === 'hold' ? 'held' : 'cancelled',
          t(instantIn(rnd)),
          id,
        ]);
      }
      break;
    }
    case 'notice': {
      const id = await pickId(db, rnd, 'discipline_notice');
      if (id !== null) await db.query('DELETE FROM discipline_notice WHERE id = ?', [id]);
      break;
    }
  }
  return action;
}

function randomPeriod(rnd: Random): Period {
  const first = parseISODate(`${YEAR - 1}-01-01`);
  const a = first + rnd.int(0, 2 * 365 - 1);
  const b = rnd.chance(0.3) ? a + rnd.int(0, 40) : a + rnd.int(0, 500);
  return { from: formatISODate(a), to: formatISODate(Math.min(b, first + 2 * 365 - 1)) };
}

function randomScope(rnd: Random): Scope {
  const type = rnd.chance(0.3) ? rnd.pick([...SOURCES, 'incoming', 'outgoing', ...MEETING_TYPES]) : undefined;
  const unit = rnd.chance(0.4) ? rnd.pick(UNITS) : undefined;
  return { ...(unit ? { unit } : {}), ...(type ? { type } : {}) };
}

describe.each(testDatabases())('the figure rollup on $name', (target) => {
  const scratch = useScratchDatabase(target);

  beforeAll(async () => {
    await generateReportData(scratch.db, { seed: 7, year: YEAR, matters: 400, documents: 150, meetings: 60, now: NOW });
  }, 120_000);

  it('equals every figure counted from the records, through random actions, periods and scopes', async () => {
    const rnd = seededRandom(20261204);
    let calendar = new WorkCalendar();
    const db = scratch.db;
    const q = { db, now: NOW };
    let compared = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const actions: string[] = [];
      for (let i = 0; i < ACTIONS_PER_ROUND; i++) actions.push(await act(db, rnd));
      if (round === ROUNDS / 2) {
        // A calendar override: working days of past spans change, so the rollup must be built again.
        calendar = new WorkCalendar({ overrides: [{ date: `${YEAR}-03-10`, kind: 'off', reason: '测试调休' }] });
      }
      await DASHBOARD_ROLLUP.refresh(db, calendar);
      // Every matter carries its deadline's due instant in force, whatever moved.
      const [drift] = (await db.query(
        `SELECT COUNT(*) AS n FROM matter m LEFT JOIN deadline d ON d.id = m.deadline_id
         WHERE NOT ((m.due_at IS NULL AND d.due_at IS NULL) OR m.due_at = d.due_at)`,
      )) as { n: unknown }[];
      expect({ round, actions, drift: Number(drift?.n) }).toEqual({ round, actions, drift: 0 });
      // Random periods and scopes, and the two years by every unit and every type.
      const whole = { from: `${YEAR - 1}-01-01`, to: `${YEAR}-12-31` };
      const checks = [
        ...Array.from({ length: 6 }, () => ({ period: randomPeriod(rnd), scope: randomScope(rnd) })),
        ...UNITS.map((unit) => ({ period: whole, scope: { unit } })),
        ...[...SOURCES, 'incoming', 'outgoing', ...MEETING_TYPES].map((type) => ({ period: whole, scope: { type } })),
      ];
      for (const { period, scope } of checks) {
        const [rolled, counted] = await Promise.all([
          rolledUpFigures(db.manager, calendar, q, DASHBOARD_SPECS, period, scope),
          computeFigures(db.manager, calendar, q, DASHBOARD_SPECS, period, scope),
        ]);
        const context = { round, actions, period, scope };
        expect({ ...context, figures: Object.fromEntries(rolled) }).toEqual({
          ...context,
          figures: Object.fromEntries(counted),
        });
        compared++;
      }
    }
    // Nothing is left in the log once read, and the comparisons saw figures that are not all zero.
    expect((await db.query('SELECT COUNT(*) AS n FROM figure_change')) as { n: unknown }[]).toEqual([
      { n: target.name === 'mysql' ? '0' : 0 },
    ]);
    const year = await rolledUpFigures(
      db.manager,
      calendar,
      q,
      DASHBOARD_SPECS,
      { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` },
      {},
    );
    expect(year.get('matters.assigned')?.value).toBeGreaterThan(100);
    expect(year.get('documents.sign.workdays')?.records).toBeGreaterThan(10);
    expect(compared).toBe(ROUNDS * (6 + UNITS.length + SOURCES.length + 2 + MEETING_TYPES.length));
  }, 180_000);

  it('gives the by-unit and by-source breakdowns of the records', async () => {
    const db = scratch.db;
    const calendar = new WorkCalendar();
    const period = { from: `${YEAR}-02-11`, to: `${YEAR}-11-03` };
    const board = await dashboardFigures(db.manager, calendar, { db, now: NOW }, period, {}, new Map());
    for (const [rows, scopeOf] of [
      [board.byUnit, (key: string) => ({ unit: key })],
      [board.bySource, (key: string) => ({ type: key })],
    ] as const) {
      expect(rows.length).toBeGreaterThan(3);
      for (const row of rows) {
        const counted = await computeFigures(
          db.manager,
          calendar,
          { db, now: NOW },
          DASHBOARD_SPECS,
          period,
          scopeOf(row.key),
        );
        expect([row.key, row.assigned, row.completed, row.completedOnTime, row.overdueOpen]).toEqual([
          row.key,
          counted.get('matters.assigned')?.value,
          counted.get('matters.completed')?.value,
          counted.get('matters.completedOnTime')?.value,
          counted.get('matters.overdueOpen')?.value,
        ]);
      }
    }
  });

  it('keeps its triggers on every counted table (a SQLite table rebuild in a later migration would drop them)', async () => {
    const db = scratch.db;
    const rows = (await db.query(
      target.name === 'mysql'
        ? 'SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()'
        : "SELECT name FROM sqlite_master WHERE type = 'trigger'",
    )) as { name: string }[];
    const names = rows.map((r) => r.name).sort();
    const expected = ['matter', 'document', 'deadline', 'document_step', 'meeting', 'discipline_notice'].flatMap((t) =>
      ['insert', 'update', 'delete'].map((e) => `tr_figures_${t}_${e}`),
    );
    expected.push('tr_matter_due_insert', 'tr_matter_due_link', 'tr_deadline_due_insert', 'tr_deadline_due_update');
    expected.push('tr_deadline_due_delete');
    expect(names).toEqual(expected.sort());
  });

  it('is built again by rebuild to the same rows as kept by the change log', async () => {
    const db = scratch.db;
    const calendar = new WorkCalendar();
    await DASHBOARD_ROLLUP.refresh(db, calendar);
    const read = () =>
      db.query(
        'SELECT grain, domain, period, unit, type, measure, bucket, n FROM figure_rollup ORDER BY 1, 2, 3, 4, 5, 6, 7',
      );
    const kept = await read();
    await DASHBOARD_ROLLUP.rebuild(db, calendar);
    expect(kept.length).toBeGreaterThan(1000);
    expect(await read()).toEqual(kept);
  });
});
