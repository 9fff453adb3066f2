/**
 * The checks of Duban's own settings and database: the public address and the HTTP callback, the event
 * subscriptions (which no API lets an internal app read), the database and its migrations, the approval templates,
 * the time zone and office hours.
 */
import type { DataSource } from 'typeorm';
import type { Config } from '../../../bot-server/config/config';
import { describeDatabase, openDatabase } from '../../../bot-server/db/database';
import { KIND_LABELS } from '../../../bot-server/documents/stages';
import { describeOfficeHours, parseOfficeHours } from '../../../bot-server/reminders/office-hours';
import { officeHoursSetting } from '../../../bot-server/reminders/office-hours-setting';
import { DOCUMENT_KINDS, DocumentTemplate } from '../../../entities';
import { type CheckResult, fail, info, pass, skip } from './report';

/** The path `HttpCallbackReceiver` serves (bot-server/dingtalk/http-receiver.ts). */
export const CALLBACK_PATH = '/dingtalk/callback';

/** The events Duban handles (docs/dingtalk.md §2.2, §2.3, §2.5), as the console's 事件订阅 page names them. */
export const SUBSCRIBED_EVENTS = [
  '审批实例开始、结束、终止、删除（bpms_instance_change）',
  '审批任务开始、结束、转交（bpms_task_change）',
  '日程变更（calendar_event_change）',
  '视频会议状态变更（meeting_status_change）',
] as const;

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)$/i;
const PRIVATE = /^(10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+)$/;

/** PUBLIC_URL: the links in messages and the mini-app's home page; in HTTP mode also where DingTalk pushes. */
export function checkPublicUrl(config: Config): CheckResult {
  const title = '公网地址 PUBLIC_URL';
  const url = new URL(config.publicUrl);
  const fix =
    '在 .env 设置 PUBLIC_URL=https://督办的域名（钉钉客户端打开应用首页和消息链接都用它；须为 https，证书有效）';
  if (LOOPBACK.test(url.hostname)) return fail('public-url', title, `${config.publicUrl} 指向本机，手机打不开`, fix);
  if (url.protocol !== 'https:') return fail('public-url', title, `${config.publicUrl} 不是 https`, fix);
  return pass('public-url', title, `${config.publicUrl}（应用首页 ${config.publicUrl}/ ）`);
}

/** HTTP push: the callback URL must be one DingTalk can reach: https, on a public name (docs/dingtalk.md §1). */
export function checkHttpCallback(config: Config): CheckResult {
  const title = '事件推送（HTTP 模式）';
  const callbackUrl = `${config.publicUrl}${CALLBACK_PATH}`;
  const url = new URL(callbackUrl);
  const fix = `把 PUBLIC_URL 设为钉钉能从外网访问的 https 地址，然后在开发者后台「事件订阅」选「HTTP 推送」，请求网址填 https://<你的域名>${CALLBACK_PATH}，Token 与 aes_key 分别填入 DINGTALK_CALLBACK_TOKEN、DINGTALK_CALLBACK_AES_KEY`;
  if (url.protocol !== 'https:') return fail('event-mode', title, `回调地址 ${callbackUrl} 不是 https`, fix);
  if (LOOPBACK.test(url.hostname) || PRIVATE.test(url.hostname)) {
    return fail('event-mode', title, `回调地址 ${callbackUrl} 是内网或本机地址，钉钉无法推送`, fix);
  }
  return pass(
    'event-mode',
    title,
    `回调地址 ${callbackUrl}，Token 与 aes_key 已配置（开发者后台保存时会向该地址发 check_url 验证，服务须已启动）`,
  );
}

export function subscriptionsNotice(): CheckResult {
  return info(
    'event-subscriptions',
    '事件订阅',
    `钉钉没有供企业内部应用读取事件订阅的接口，无法自动检查；请在开发者后台「事件订阅」确认已勾选：${SUBSCRIBED_EVENTS.join('；')}`,
  );
}

export function checkTimeZone(): CheckResult {
  const tz = process.env.TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return pass('time-zone', '时区', `日期按北京时间（UTC+8）计算，与服务器时区无关（本机为 ${tz}）`);
}

/** The hours reminders keep: an administrator's setting when the database has one, else the configuration's. */
async function checkOfficeHours(config: Config, db: DataSource | null): Promise<CheckResult> {
  const configured = parseOfficeHours(config.reminderOfficeHours);
  const set = db ? await officeHoursSetting(db.manager, configured) : null;
  const where =
    set?.source === 'admin'
      ? `由管理员在「系统管理 → 提醒设置」中设置（配置项 REMINDER_OFFICE_HOURS 为 ${config.reminderOfficeHours}）`
      : '可在「系统管理 → 提醒设置」中修改，或用配置项 REMINDER_OFFICE_HOURS';
  return pass(
    'office-hours',
    '办公时间',
    `${describeOfficeHours(set?.hours ?? configured)}（北京时间，工作日；紧急事项不受限），${where}`,
  );
}

/** Names of the migrations the database has not run (none recorded yet: all of them). */
async function pendingMigrations(db: DataSource): Promise<string[]> {
  let executed: Set<string>;
  try {
    const rows: Array<{ name: string }> = await db.query('SELECT name FROM schema_migration');
    executed = new Set(rows.map((row) => row.name));
  } catch {
    executed = new Set();
  }
  return db.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !executed.has(name));
}

async function checkTemplates(db: DataSource): Promise<CheckResult> {
  const title = '审批模板映射';
  const rows = await db.getRepository(DocumentTemplate).find({ where: { active: true } });
  const mapped = DOCUMENT_KINDS.map((kind) => ({
    kind,
    names: rows.filter((r) => r.kind === kind).map((r) => r.name),
  }));
  const missing = mapped.filter((m) => m.names.length === 0).map((m) => KIND_LABELS[m.kind]);
  const found = mapped
    .filter((m) => m.names.length > 0)
    .map((m) => `${KIND_LABELS[m.kind]}：${m.names.join('、')}`)
    .join('；');
  if (missing.length === 0) return pass('templates', title, found);
  return fail(
    'templates',
    title,
    `尚未指定${missing.join('、')}模板${found ? `（已有 ${found}）` : ''}`,
    '由管理员在督办「我的 → 系统管理 → 审批模板」中指定，或用 npx duban templates set <processCode> --kind 收文|发文 --name <模板名> --node <节点名>=<阶段> 指定（见 docs/setup.md 第 11 步）',
  );
}

/** Reachable, fully migrated, templates mapped. */
export async function checkDatabase(config: Config): Promise<CheckResult[]> {
  const where = describeDatabase(config.database);
  let db: DataSource;
  try {
    db = await openDatabase(config.database, { migrate: false, serialise: false });
  } catch (err) {
    return [
      fail(
        'database',
        '数据库',
        `无法连接 ${where}：${(err as Error).message}`,
        '检查 DATABASE_URL（mysql://用户:密码@主机:3306/库名），库须已建好：CREATE DATABASE duban CHARACTER SET utf8mb4',
      ),
      skip('migrations', '数据库结构', '未检查：数据库无法连接', '先解决「数据库」一项'),
      skip('templates', '审批模板映射', '未检查：数据库无法连接', '先解决「数据库」一项'),
      await checkOfficeHours(config, null),
    ];
  }
  try {
    const results = [pass('database', '数据库', `${where} 可以连接`)];
    const pending = await pendingMigrations(db);
    if (pending.length > 0) {
      results.push(
        fail(
          'migrations',
          '数据库结构',
          `有 ${pending.length} 个迁移未执行（${pending.slice(0, 3).join('、')}${pending.length > 3 ? ' …' : ''}）`,
          '运行 npx duban migrate（服务启动时也会自动执行）',
        ),
        skip('templates', '审批模板映射', '未检查：数据库结构不是最新', '先解决「数据库结构」一项'),
        await checkOfficeHours(config, null),
      );
      return results;
    }
    results.push(pass('migrations', '数据库结构', `已是最新（${db.migrations.length} 个迁移均已执行）`));
    results.push(await checkTemplates(db), await checkOfficeHours(config, db));
    return results;
  } finally {
    await db.destroy();
  }
}
