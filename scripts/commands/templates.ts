import { DeadlineService } from '../../bot-server/deadlines/deadline-service';
import { DocumentError } from '../../bot-server/documents/errors';
import { FORM_FIELDS } from '../../bot-server/documents/form';
import { KIND_LABELS, STAGE_LABELS } from '../../bot-server/documents/stages';
import { checkTemplate, listTemplates, saveTemplate } from '../../bot-server/documents/templates';
import { createLogger } from '../../bot-server/logging/logger';
import { DocumentProblem } from '../../entities';
import { type Command, UsageError } from './command';
import { withDatabase } from './database';

const USAGE = [
  'duban templates list',
  '       duban templates set <processCode> --kind 收文|发文 --name <名称> --node <节点>=<环节> [--node …]',
  '                           [--field <表单标签>=<字段>] [--inactive]',
  '       <节点> is the activity id DingTalk gives the node (tasks[].activityId) or its name; <环节> 拟办/批办/承办',
  `       for 收文, 核稿/签发/印发 for 发文 (or propose, instruct, handle, review, sign, issue); <字段> ${FORM_FIELDS.join('|')}`,
].join('\n');

/** `--node a=b --node c=d` → {a: b, c: d}; anything else starting with `--` but the known flags is refused. */
function parseSet(args: string[]) {
  const [processCode, ...rest] = args;
  if (!processCode || processCode.startsWith('--')) throw new UsageError('name the template: set <processCode> …');
  const pairs = (flag: string, value: string | undefined): [string, string] => {
    const at = value?.lastIndexOf('=') ?? -1;
    if (!value || at <= 0 || at === value.length - 1) throw new UsageError(`${flag} takes <name>=<value>`);
    return [value.slice(0, at).trim(), value.slice(at + 1).trim()];
  };
  let kind: string | undefined;
  let name: string | undefined;
  let active = true;
  // Node names and labels are the administrator's words: kept in Maps, so `__proto__` is a name like any other.
  const stageMap = new Map<string, string>();
  const formFields = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i] as string;
    if (flag === '--inactive') active = false;
    else if (flag === '--kind') kind = rest[++i];
    else if (flag === '--name') name = rest[++i];
    else if (flag === '--node') {
      const [node, stage] = pairs(flag, rest[++i]);
      stageMap.set(node, stage);
    } else if (flag === '--field') {
      const [label, field] = pairs(flag, rest[++i]);
      if (!(FORM_FIELDS as readonly string[]).includes(field)) {
        throw new UsageError(`--field ${label}=${field}: the field is one of ${FORM_FIELDS.join(', ')}`);
      }
      formFields.set(label, field);
    } else throw new UsageError(`unknown option ${flag}`);
  }
  if (!kind) throw new UsageError('--kind is required (收文 or 发文)');
  if (!name) throw new UsageError('--name is required');
  return {
    processCode,
    body: {
      name,
      kind,
      // fromEntries defines own properties: a node named `__proto__` stays a node.
      stageMap: Object.fromEntries(stageMap),
      formFields: formFields.size
        ? (Object.fromEntries(formFields) as Record<string, (typeof FORM_FIELDS)[number]>)
        : null,
      active,
    },
  };
}

export const templatesCommand: Command = {
  name: 'templates',
  summary: 'which DingTalk approval templates are 收文 / 发文 and how their nodes map to stages: list, set',
  usage: USAGE,
  async run(args) {
    const [action, ...rest] = args;
    if (action !== 'list' && action !== 'set') {
      throw new UsageError(action ? `unknown action ${JSON.stringify(action)}` : 'missing action');
    }
    if (action === 'list' && rest.length > 0) throw new UsageError('list takes no arguments');
    const input = action === 'set' ? parseSet(rest) : null;
    return withDatabase(async (db) => {
      if (input) {
        let definition: ReturnType<typeof checkTemplate>;
        try {
          definition = checkTemplate(input.processCode, input.body);
        } catch (err) {
          if (err instanceof DocumentError) throw new UsageError(err.messageZh);
          throw err;
        }
        const deadlines = await DeadlineService.load(() => db, createLogger('warn'));
        const { settled } = await db.transaction((manager) =>
          saveTemplate(manager, { deadlines, now: () => new Date() }, 'cli', input.processCode, definition),
        );
        console.log(`saved ${input.processCode}; ${settled} document(s) brought up to date`);
        return 0;
      }
      const templates = await listTemplates(db.manager);
      if (templates.length === 0) console.log('no templates configured');
      for (const t of templates) {
        const nodes = Object.entries(t.stageMap)
          .map(([node, stage]) => `${node}=${STAGE_LABELS[stage] ?? stage}`)
          .join(' ');
        const fields = Object.entries(t.formFields ?? {})
          .map(([label, field]) => `${label}→${field}`)
          .join(' ');
        console.log(
          [t.processCode, KIND_LABELS[t.kind] ?? t.kind, t.active ? '启用' : '停用', t.name, nodes, fields]
            .filter((part) => part !== '')
            .join('\t'),
        );
      }
      const unknown = await db.getRepository(DocumentProblem).find({
        where: { kind: 'unknown_process' },
        order: { occurrences: 'DESC' },
      });
      if (unknown.length > 0) {
        console.log('\nseen in approval events but not configured:');
        for (const p of unknown) {
          console.log(`${p.processCode ?? '(none)'}\t${p.occurrences} event(s)\tlast ${p.lastSeenAt.toISOString()}`);
        }
      }
      return 0;
    });
  },
};
