import { formatShanghaiInstant, parseInstant } from '../../bot-server/calendar/civil-date';
import { CalendarError } from '../../bot-server/calendar/errors';
import type { WorkCalendar } from '../../bot-server/calendar/WorkCalendar';
import { computeDeadline } from '../../bot-server/timelimits/deadline';
import { TimeLimitError } from '../../bot-server/timelimits/errors';
import { RuleBook } from '../../bot-server/timelimits/RuleBook';
import { describeAmount, type TimeLimitRule } from '../../bot-server/timelimits/rule';
import { cliCalendar, parseFlags } from './calendar';
import { type Command, UsageError } from './command';
import { withOfficeDeadlines } from './office-calendar';

const BASIS = { statute: 'statute', office_default: 'office default' } as const;

function limitOf(rule: TimeLimitRule): string {
  const dayOfMonth = rule.dayOfMonth ? `（${rule.dayOfMonth}日前）` : '';
  return `${describeAmount(rule.amount, rule.unit)}${dayOfMonth}`;
}

function listRules(rules: RuleBook): string {
  const all = rules.list();
  const codeWidth = Math.max(...all.map((rule) => rule.code.length));
  return all
    .map((rule) => `${rule.code.padEnd(codeWidth)}  ${limitOf(rule)}  ${rule.name}  [${BASIS[rule.source.basis]}]`)
    .join('\n');
}

export const dueCommand: Command = {
  name: 'due',
  summary: 'when a piece of work is due under a time-limit rule',
  usage: [
    'duban due <rule> <received-at>   e.g. duban due doc.incoming.submit.routine 2026-02-13T17:00+08:00',
    '       duban due --list                 the rule codes',
    '       <received-at> is ISO-8601; without an offset it is Asia/Shanghai time; --strict refuses years without official data;',
    "       --office uses the office's own rules and calendar changes from the database, as the server does",
  ].join('\n'),
  async run(args) {
    const rules = new RuleBook();
    if (args.length === 1 && args[0] === '--list') {
      console.log(listRules(rules));
      return 0;
    }
    const { positional, strict, office } = parseFlags(args);
    if (positional.length !== 2) throw new UsageError('expected a rule code and the time of receipt');
    const [code, receivedText] = positional as [string, string];
    if (office) {
      return withOfficeDeadlines((deadlines) =>
        explain(code, receivedText, (c) => deadlines.rule(c), deadlines.calendar(), false),
      );
    }
    return explain(code, receivedText, (c) => rules.get(c), cliCalendar(strict), strict);
  },
};

function explain(
  code: string,
  receivedText: string,
  ruleOf: (code: string) => TimeLimitRule,
  calendar: WorkCalendar,
  strict: boolean,
): number {
  try {
    const rule = ruleOf(code);
    const receivedAt = parseInstant(receivedText);
    const deadline = computeDeadline(rule, receivedAt, calendar, { strict });
    const endOfDay = deadline.inputs.endOfDay;
    const lines = [
      `rule      ${rule.code}  ${rule.name}  ${limitOf(rule)}，自${rule.anchor}起${rule.countReceiptDay ? '（当日计入）' : '（当日不计入）'}`,
      `source    ${BASIS[rule.source.basis]}: ${rule.source.citation}${rule.source.verify ? ' [to verify]' : ''}`,
      `received  ${formatShanghaiInstant(receivedAt)}  (${receivedAt.toISOString()})`,
      `due       ${deadline.dueDate} ${endOfDay} Asia/Shanghai`,
      `due at    ${formatShanghaiInstant(deadline.dueAt)}  (${deadline.dueAt.toISOString()})`,
      ...deadline.warnings.map(
        (warning, index) =>
          `${index === 0 ? 'warnings' : ''.padEnd(8)}  ${formatShanghaiInstant(warning.at)}  ${warning.label}`,
      ),
      `calendar  ${deadline.calendarVersion}${deadline.approximate ? '  (approximate, 预计: a year without its notice, statutory holidays by rule)' : ''}`,
    ];
    console.log(lines.join('\n'));
    return 0;
  } catch (error) {
    if (error instanceof TimeLimitError && error.code === 'unknown_rule') {
      throw new UsageError(`${error.message}; see duban due --list`);
    }
    if (error instanceof CalendarError || error instanceof TimeLimitError) throw new UsageError(error.message);
    throw error;
  }
}
