import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCalendar, parseInstant } from '../../bot-server/calendar';
import { openDatabase } from '../../bot-server/db/database';
import { DASHBOARD_ROLLUP, DASHBOARD_SPECS, rolledUpFigures } from '../../bot-server/reports/dashboard';
import { computeFigures } from '../../bot-server/reports/engine';
import { generateReportData } from '../bench/report-data';
import { main } from '../cli';
import { UsageError } from './command';
import { reportsCommand } from './report';
import { runCaptured } from './run-captured';

const NOW = parseInstant('2026-01-20T10:00');

describe('duban reports rebuild', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duban-rollup-'));
  const saved = process.env.DATABASE_URL;
  beforeAll(() => {
    process.env.DATABASE_URL = `sqlite:${join(dir, 'duban.sqlite')}`;
  });
  afterAll(() => {
    process.env.DATABASE_URL = saved;
    if (saved === undefined) delete process.env.DATABASE_URL;
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds the kept figures again from the records after rows were spoilt by hand', async () => {
    const db = await openDatabase({ type: 'sqlite', path: join(dir, 'duban.sqlite') });
    const calendar = defaultCalendar();
    const q = { db, now: NOW };
    const year = { from: '2025-01-01', to: '2025-12-31' };
    try {
      await generateReportData(db, { seed: 3, year: 2025, matters: 200, documents: 80, now: NOW });
      await DASHBOARD_ROLLUP.refresh(db, calendar);
      // A restored backup of only some tables, or a hand edit: the kept rows no longer agree with the records.
      await db.query("DELETE FROM figure_rollup WHERE grain = 'y' AND domain = 'matters'");
      const spoilt = await rolledUpFigures(db.manager, calendar, q, DASHBOARD_SPECS, year, {});
      const counted = await computeFigures(db.manager, calendar, q, DASHBOARD_SPECS, year, {});
      expect(spoilt.get('matters.assigned')?.value).toBe(0);
      expect(counted.get('matters.assigned')?.value).toBeGreaterThan(50);

      const { code, out } = await runCaptured(reportsCommand, ['rebuild']);
      expect(code).toBe(0);
      expect(out).toMatch(/^看板统计已重建：\d+ 行/);
      const rebuilt = await rolledUpFigures(db.manager, calendar, q, DASHBOARD_SPECS, year, {});
      expect(Object.fromEntries(rebuilt)).toEqual(Object.fromEntries(counted));
    } finally {
      await db.destroy();
    }
  });

  it('refuses anything but rebuild', async () => {
    await expect(runCaptured(reportsCommand, [])).rejects.toThrow(UsageError);
    await expect(runCaptured(reportsCommand, ['rebuild', 'now'])).rejects.toThrow(UsageError);
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => {});
    expect(await main(['reports', 'nope'])).not.toBe(0);
    expect(quiet).toHaveBeenCalledWith(expect.stringContaining('usage: duban reports rebuild'));
    quiet.mockRestore();
  });
});
