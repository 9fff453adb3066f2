/** What `duban doctor` finds: one line per check, printed for people or as JSON for machines. */

/** `pass` ✓, `fail` ✗, `skip` – (could not be checked because an earlier check failed), `info` ℹ (nothing to pass). */
export type CheckStatus = 'pass' | 'fail' | 'skip' | 'info';

export interface CheckResult {
  /** Stable, for machines: `credentials`, `permission:qyapi_get_member`, `robot:supervision` … */
  id: string;
  /** What was checked, in Chinese. */
  title: string;
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** What to do about it (failures and skips). */
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  checks: CheckResult[];
}

const MARKS: Record<CheckStatus, string> = { pass: '✓', fail: '✗', skip: '–', info: 'ℹ' };

/** All pass when nothing failed and nothing had to be skipped. */
export function reportOf(checks: CheckResult[]): DoctorReport {
  return { ok: checks.every((check) => check.status === 'pass' || check.status === 'info'), checks };
}

export function renderText(report: DoctorReport): string {
  const lines = report.checks.map((check) => {
    const line = `${MARKS[check.status]} ${check.title}：${check.detail}`;
    return check.fix && check.status !== 'pass' ? `${line}\n    → ${check.fix}` : line;
  });
  const failed = report.checks.filter((check) => check.status === 'fail').length;
  const skipped = report.checks.filter((check) => check.status === 'skip').length;
  lines.push(
    '',
    report.ok
      ? '全部检查通过。'
      : `${failed} 项未通过${skipped > 0 ? `，${skipped} 项因前置检查未通过而未检查` : ''}；按上面 → 后的提示处理后再运行 npx duban doctor。`,
  );
  return lines.join('\n');
}

export const pass = (id: string, title: string, detail: string): CheckResult => ({ id, title, status: 'pass', detail });
export const info = (id: string, title: string, detail: string): CheckResult => ({ id, title, status: 'info', detail });

export function fail(id: string, title: string, detail: string, fix: string): CheckResult {
  return { id, title, status: 'fail', detail, fix };
}

export function skip(id: string, title: string, detail: string, fix: string): CheckResult {
  return { id, title, status: 'skip', detail, fix };
}

/** What to do while DingTalk's credentials are missing (the demo runs without them). */
export const CREDENTIAL_FIX =
  '在 .env 填入 DINGTALK_CORP_ID、DINGTALK_APP_KEY、DINGTALK_APP_SECRET、DINGTALK_AGENT_ID 和 SESSION_SECRET（见 docs/setup.md 第 2、6 步）';
