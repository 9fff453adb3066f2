import type { DataSource } from 'typeorm';
import { openDatabase } from '../../bot-server/db/database';
import { commandDatabases } from '../../bot-server/test-support/databases';
import { AuditLog, Department, User, UserRole } from '../../entities';
import type { DatabaseSettings } from '../../entities/data-source';
import { runCliCaptured } from './run-captured';

describe.each(commandDatabases('duban_roles'))('duban roles on $name', (target) => {
  let settings: DatabaseSettings;
  let drop: () => Promise<void>;
  let db: DataSource;
  const saved = process.env.DATABASE_URL;

  beforeAll(async () => {
    const created = await target.create();
    ({ settings, drop } = created);
    process.env.DATABASE_URL = created.url;
    db = await openDatabase(settings, { migrate: true });
    await db.getRepository(Department).insert({ id: 'd-fgw', name: '区发展改革局' });
    await db.getRepository(User).insert([
      { id: 'it01', name: '信息科张工', primaryDepartmentId: null },
      { id: 'fg01', name: '冯刚', primaryDepartmentId: 'd-fgw' },
    ]);
  });
  afterAll(async () => {
    await db.destroy();
    process.env.DATABASE_URL = saved;
    if (saved === undefined) delete process.env.DATABASE_URL;
    await drop();
  });

  const run = (...args: string[]) => runCliCaptured(['roles', ...args]);

  it('gives the first administrator and a unit head, lists them, audited as cli', async () => {
    expect(await run('list')).toMatchObject({ code: 0, out: 'no roles granted' });
    expect(await run('grant', 'it01', 'admin')).toMatchObject({ code: 0, out: 'granted admin to it01' });
    expect(await run('grant', 'fg01', 'unit_head', '--unit', 'd-fgw')).toMatchObject({ code: 0 });
    expect((await run('list')).out).toBe('fg01\t冯刚\t单位负责人（区发展改革局）\nit01\t信息科张工\t管理员');
    expect((await run('list', 'fg01')).out).toBe('fg01\t冯刚\t单位负责人（区发展改革局）');
    expect(await db.getRepository(AuditLog).countBy({ action: 'user.role.granted', actor: 'cli' })).toBe(2);
  });

  it('refuses bad input with a clear message and changes nothing', async () => {
    const before = await db.getRepository(UserRole).count();
    expect(await run('grant', 'it01', 'superuser')).toMatchObject({ code: 2 });
    expect((await run('grant', 'nobody', 'leader')).err).toContain('没有这个用户');
    expect((await run('grant', 'fg01', 'unit_head')).err).toContain('须选择所负责的单位');
    expect((await run('grant', 'it01', 'admin')).err).toContain('已是「管理员」');
    const last = await run('revoke', 'it01', 'admin');
    expect(last).toMatchObject({ code: 1 });
    expect(last.err).toContain('不能撤销最后一位管理员');
    expect(await run('grant', 'fg01', 'leader', '--scope', 'x')).toMatchObject({ code: 2 });
    expect(await db.getRepository(UserRole).count()).toBe(before);
  });

  it('revokes a role, audited', async () => {
    expect(await run('revoke', 'fg01', 'unit_head', '--unit', 'd-fgw')).toMatchObject({
      code: 0,
      out: 'revoked unit_head from fg01',
    });
    expect(await db.getRepository(UserRole).countBy({ userId: 'fg01' })).toBe(0);
    expect(await db.getRepository(AuditLog).countBy({ action: 'user.role.revoked', actor: 'cli' })).toBe(1);
  });
});
