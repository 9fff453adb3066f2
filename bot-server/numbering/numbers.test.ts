import { AuditLog, DocumentNumber } from '../../entities';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';
import { issueNumber, kindSettings, setKind } from './numbers';

const at = (text: string) => new Date(text);

describe.each(testDatabases())('发文字号 on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let subject = 0;
  /** One publish: a transaction that issues a number to a new record. */
  const publish = (kind: 'supervision_bulletin' | 'discipline_notice', now: Date, fail = false) =>
    scratch.db.transaction(async (manager) => {
      const issued = await issueNumber(manager, {
        kind,
        subjectType: kind,
        subjectId: ++subject,
        actorId: 'tester',
        now,
      });
      if (fail) throw new Error('the publish failed after numbering');
      return issued;
    });

  it('issues 1, 2, 3 … per 机关代字 and year, all distinct when forty publishes run at once', async () => {
    const now = at('2026-03-02T09:00:00+08:00');
    const issued = await Promise.all(Array.from({ length: 40 }, () => publish('supervision_bulletin', now)));
    expect(issued.map((n) => n.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(issued.map((n) => n.text)).size).toBe(40);
    expect(issued.find((n) => n.seq === 5)?.text).toBe('区府办督〔2026〕5号');
    expect(await scratch.db.getRepository(DocumentNumber).countBy({ agencyCode: '区府办督', year: 2026 })).toBe(40);
  });

  it('takes the year of issue in Shanghai, and a failed publish takes its number back with it', async () => {
    // 2026-12-31 16:30 UTC is already 2027-01-01 in Shanghai: the first number of 2027.
    const first = await publish('discipline_notice', at('2026-12-31T16:30:00Z'));
    expect(first.text).toBe('区府办会〔2027〕1号');
    await expect(publish('discipline_notice', at('2027-01-05T10:00:00+08:00'), true)).rejects.toThrow('failed');
    expect((await publish('discipline_notice', at('2027-01-05T10:00:00+08:00'))).text).toBe('区府办会〔2027〕2号');
    // 15:59 UTC is 23:59 on December 31st in Shanghai: still 2026, whatever the host's time zone.
    expect((await publish('discipline_notice', at('2026-12-31T15:59:00Z'))).text).toBe('区府办会〔2026〕1号');
  });

  it('kinds the office gives one 机关代字 share its sequence; a code set back continues, never reusing a number', async () => {
    const now = at('2026-06-01T10:00:00+08:00');
    await setKind(scratch.db, 'admin', 'discipline_notice', { agencyCode: '区府办督', issuer: '区政府办公室' }, now);
    const shared = await Promise.all([publish('discipline_notice', now), publish('supervision_bulletin', now)]);
    expect(shared.map((n) => n.seq).sort((a, b) => a - b)).toEqual([41, 42]);
    await setKind(scratch.db, 'admin', 'discipline_notice', { agencyCode: '区府办会', issuer: '区政府办公室' }, now);
    expect((await publish('discipline_notice', now)).text).toBe('区府办会〔2026〕2号');
    const audited = await scratch.db.getRepository(AuditLog).countBy({ action: 'numbering.kind.set' });
    expect(audited).toBe(2);
    // One record holds one number.
    await expect(
      scratch.db.transaction((manager) =>
        issueNumber(manager, {
          kind: 'discipline_notice',
          subjectType: 'discipline_notice',
          subjectId: subject,
          actorId: 'x',
          now,
        }),
      ),
    ).rejects.toThrow();
  });

  it('refuses a code that is not Chinese characters, and a kind it does not know', async () => {
    const now = at('2026-06-01T10:00:00+08:00');
    const set = (kind: string, agencyCode: string) =>
      setKind(scratch.db, 'admin', kind, { agencyCode, issuer: '区政府办公室' }, now);
    await expect(set('discipline_notice', '区府办〔2026〕')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(set('discipline_notice', '')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(set('constructor', '区府办')).rejects.toMatchObject({ code: 'unknown_kind' });
    const kinds = await kindSettings(scratch.db.manager);
    expect(kinds.find((k) => k.kind === 'discipline_notice')).toMatchObject({
      agencyCode: '区府办会',
      configured: true,
    });
    expect(kinds.find((k) => k.kind === 'annual_summary')).toMatchObject({ issuer: '区政府办公室', configured: false });
  });
});

describe.each(testDatabases())('the 发文字号 settings API on $name', (target) => {
  const demo = useDemoDuban(target, { users: ['qianwei', 'zhenglei'] });
  const call = demo.caller<{ kinds?: { kind: string; agencyCode: string }[]; kind?: { agencyCode: string } }>(
    '/api/numbering/kinds',
  );

  it('lets anyone signed in read the kinds and only an administrator change one', async () => {
    const read = await call('zhenglei', '');
    expect(read.status).toBe(200);
    expect(read.body.kinds?.map((k) => k.kind)).toEqual([
      'supervision_bulletin',
      'discipline_notice',
      'annual_summary',
    ]);
    const body = { agencyCode: '区府办纪', issuer: '区政府办公室' };
    expect((await call('zhenglei', '/discipline_notice', 'PUT', body)).status).toBe(403);
    const set = await call('qianwei', '/discipline_notice', 'PUT', body);
    expect(set.status).toBe(200);
    expect(set.body.kind?.agencyCode).toBe('区府办纪');
    expect((await call('qianwei', '/discipline_notice', 'PUT', { ...body, agencyCode: 'ABC' })).status).toBe(400);
    expect((await call('qianwei', '/nothing', 'PUT', body)).status).toBe(400);
  });
});
