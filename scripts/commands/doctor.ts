/**
 * `duban doctor`: with the real configuration, checks what a site needs before the office uses Duban — the
 * DingTalk app's credentials and each permission, the event mode, the group robots, the database, the templates,
 * the time zone and office hours — one line each, in Chinese, with what to do. Exit code 0 only when all pass.
 * Checks live in doctor/; the permissions and how each is probed in doctor/permissions.ts.
 */
import { type Config, ConfigError, loadConfigFromProcess } from '../../bot-server/config/config';
import { type Command, EXIT_FAILURE, EXIT_OK, UsageError } from './command';
import { checkCredentials, checkPermissions, checkStream, type DingTalkTarget } from './doctor/dingtalk';
import { checkDatabase, checkHttpCallback, checkPublicUrl, checkTimeZone, subscriptionsNotice } from './doctor/local';
import { type CheckResult, CREDENTIAL_FIX, type DoctorReport, fail, pass, renderText, reportOf } from './doctor/report';
import { robotChecks } from './doctor/robots';

export type { CheckResult, DoctorReport } from './doctor/report';

export interface DoctorOptions {
  /** The server's clock (tests move it). Default `Date.now`. */
  now?: () => number;
}

async function dingtalkChecks(config: Config, now: () => number): Promise<CheckResult[]> {
  if (config.demo) {
    return [fail('credentials', '应用凭证（AppKey / AppSecret）', '未配置，当前是演示模式', CREDENTIAL_FIX)];
  }
  const target: DingTalkTarget = { ...config.dingtalk };
  const { token, checks } = await checkCredentials(target, now);
  checks.push(...(await checkPermissions(target, token, config)));
  checks.push(config.dingtalk.eventMode === 'stream' ? await checkStream(target) : checkHttpCallback(config));
  return checks;
}

/** Every check, in the order a person fixes them. */
export async function runDoctor(config: Config, options: DoctorOptions = {}): Promise<DoctorReport> {
  const now = options.now ?? Date.now;
  const checks: CheckResult[] = [
    pass('config', '配置', `已读取（${config.demo ? '演示模式' : `企业 ${config.dingtalk.corpId}`}）`),
  ];
  checks.push(...(await dingtalkChecks(config, now)));
  checks.push(checkPublicUrl(config), subscriptionsNotice());
  checks.push(...(await robotChecks(config, now)));
  checks.push(...(await checkDatabase(config)));
  checks.push(checkTimeZone());
  return reportOf(checks);
}

/** A configuration that does not parse is the one failure that stops every other check. */
function configFailure(err: ConfigError): DoctorReport {
  return reportOf(
    err.problems.map((problem, i) =>
      fail(`config:${i + 1}`, '配置', problem, '按提示改正 .env 或环境变量（各项说明见 .env.example）'),
    ),
  );
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check the DingTalk app, its permissions, events, robots, database and templates before going live',
  usage: 'duban doctor [--json]',
  async run(args) {
    const unknown = args.filter((arg) => arg !== '--json');
    if (unknown.length > 0) throw new UsageError(`unknown argument ${unknown[0]}`);
    let report: DoctorReport;
    try {
      report = await runDoctor(loadConfigFromProcess());
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      report = configFailure(err);
    }
    console.log(args.includes('--json') ? JSON.stringify(report, null, 2) : renderText(report));
    return report.ok ? EXIT_OK : EXIT_FAILURE;
  },
};
