import type { DataSource, EntityManager } from 'typeorm';
import { type DocumentKind, type DocumentStage, DocumentStep, type Urgency } from '../../entities';
import {
  addWorkdays,
  formatISODate,
  parseISODate,
  shanghaiDayNumber,
  shanghaiInstant,
  type WorkCalendar,
} from '../calendar';
import { DeadlineService } from '../deadlines/deadline-service';
import { aflowUrl } from '../documents/links';
import { assignPaperStep, closePaperDocument, completePaperStep, registerPaper } from '../documents/paper';
import type { SettleContext } from '../documents/settle';
import { applySnapshot, type InstanceSnapshot } from '../documents/sync';
import { saveTemplate, type TemplateDefinition } from '../documents/templates';
import { createLogger } from '../logging/logger';
import { lcg } from './random';

/** The demo's DingTalk corp (the simulator's default), for the links of historical approvals. */
const DEMO_CORP_ID = 'dingsimcorp0000000000';

/**
 * The simulator's two approval templates (demoOrg in demo-dingtalk.ts) as the administrator would configure them:
 * 收文办理 with nodes 拟办 → 领导批办 → 承办, 发文审批 with 核稿 → 签发 → 印发. Activity ids are what the simulator's
 * `tasks[].activityId` says (`node-<n>`).
 */
export const DEMO_TEMPLATES: Array<TemplateDefinition & { processCode: string }> = [
  {
    processCode: 'PROC-DUBAN-SHOUWEN',
    name: '收文办理',
    kind: 'incoming',
    stageMap: { 'node-1': 'propose', 'node-2': 'instruct', 'node-3': 'handle' },
  },
  {
    processCode: 'PROC-DUBAN-FAWEN',
    name: '发文审批',
    kind: 'outgoing',
    stageMap: { 'node-1': 'review', 'node-2': 'sign', 'node-3': 'issue' },
  },
];

const INCOMING_TITLES: [string, string, string][] = [
  ['关于做好2026年度安全生产大检查工作的通知', '市政府办公室', '市政办发'],
  ['关于开展城镇燃气安全专项整治的通知', '市住房和城乡建设局', '市建发'],
  ['关于下达2026年第二批中央财政衔接资金的通知', '市财政局', '市财预'],
  ['关于做好中小学春季开学工作的通知', '市教育局', '市教发'],
  ['关于进一步做好困难群众基本生活保障工作的通知', '市民政局', '市民发'],
  ['关于报送重点项目投资计划执行情况的函', '市发展和改革委员会', '市发改函'],
  ['关于开展政务公开第三方评估的通知', '省政府办公厅', '省政办函'],
  ['关于加强汛期地质灾害防范工作的紧急通知', '省自然资源厅', '省自然资发'],
  ['关于做好2026年度统计执法检查工作的通知', '市统计局', '市统发'],
  ['关于印发优化营商环境重点任务清单的通知', '市政府', '市政发'],
  ['关于开展老旧小区改造项目绩效评价的通知', '市住房和城乡建设局', '市建函'],
  ['关于做好秋冬季森林防火工作的通知', '市应急管理局', '市应急发'],
];

const OUTGOING_TITLES = [
  '区人民政府关于印发2026年区政府工作要点的通知',
  '区政府办公室关于进一步加强政务值班工作的通知',
  '区人民政府关于调整区安全生产委员会组成人员的通知',
  '区政府办公室关于开展全区营商环境专项督查的通知',
  '区人民政府关于公布第二批区级非物质文化遗产名录的通知',
  '区政府办公室关于做好春节期间有关工作的通知',
  '区人民政府关于加快推进城市更新工作的实施意见',
  '区政府办公室关于印发区政府常务会议工作规则的通知',
];

/** 承办 goes to a unit's staff member; the unit's figures come from it. */
const HANDLERS = ['hemin', 'caoxue', 'yangfan', 'qinyue', 'hanlu', 'zhenglei'];

/** `yyyy-MM-ddTHH:mmZ`, the workflow API's time format. */
const workflowTime = (d: Date) => `${d.toISOString().slice(0, 16)}Z`;

interface NodePlan {
  activityId: string;
  name: string;
  /** Everyone the node's tasks go to; the first one acts (或签: the others' tasks are canceled). */
  users: string[];
  /** Working days the node takes (0 = the same day). */
  workdays: number;
  result: 'AGREE' | 'REFUSE';
  remark: string;
}

/** A paper document still in hand: received `ago` working days back, then routed stage by stage (the working days
 * each took; null while it is open). */
interface PaperDocument {
  ago: number;
  title: string;
  org: string;
  urgency: Urgency;
  route: Array<[DocumentStage, string, number | null]>;
}

/** Paper documents still in hand: some just received, some overdue, one finished. */
const PAPER: PaperDocument[] = [
  {
    ago: 0,
    title: '关于报送年度依法行政工作报告的通知',
    org: '市司法局',
    urgency: 'normal',
    route: [['propose', 'wufang', null]],
  },
  {
    ago: 1,
    title: '关于做好冬季供暖保障工作的紧急通知',
    org: '市城市管理局',
    urgency: 'urgent',
    route: [
      ['propose', 'wufang', 0],
      ['instruct', 'chenjing', null],
    ],
  },
  {
    ago: 6,
    title: '关于开展耕地保护督察整改的通知',
    org: '省自然资源厅',
    urgency: 'normal',
    route: [['propose', 'wufang', null]],
  },
  {
    ago: 9,
    title: '关于组织申报省级文明单位的通知',
    org: '市文明办',
    urgency: 'normal',
    route: [
      ['propose', 'wufang', 1],
      ['instruct', 'liming', 1],
      ['handle', 'caoxue', null],
    ],
  },
  {
    ago: 14,
    title: '关于核查低保对象家庭经济状况的通知',
    org: '市民政局',
    urgency: 'normal',
    route: [
      ['propose', 'wufang', 1],
      ['instruct', 'chenjing', 2],
      ['handle', 'hanlu', null],
    ],
  },
  {
    ago: 25,
    title: '关于落实校园安全管理责任的通知',
    org: '市教育局',
    urgency: 'urgent',
    route: [
      ['propose', 'wufang', 0],
      ['instruct', 'chenjing', 1],
      ['handle', 'qinyue', null],
    ],
  },
  {
    ago: 30,
    title: '关于报送重点项目用地需求的函',
    org: '市自然资源和规划局',
    urgency: 'normal',
    route: [
      ['propose', 'wufang', 1],
      ['instruct', 'liming', 1],
      ['handle', 'hemin', 6],
    ],
  },
];

/**
 * A year and a half of 公文 for the demo, written through the documents area's own functions (a read of a finished
 * DingTalk approval, or paper registration and routing) so every row is what Duban would have written: incoming
 * documents through 拟办 → 批办 → 承办 and outgoing ones through 核稿 → 签发 → 印发 over the past five months, some late,
 * one refused and one withdrawn; the same months of last year for the comparison; and paper documents still open,
 * some due soon and some overdue. The templates are configured first. Times are relative to `now`.
 */
export async function seedDemoDocuments(manager: EntityManager, now: Date = new Date()): Promise<void> {
  // The deadline service reads its rules and overrides through `manager`, inside the seeding transaction.
  const within = { manager, getRepository: manager.getRepository.bind(manager) };
  const deadlines = await DeadlineService.load(() => within as unknown as DataSource, createLogger('silent'));
  const seed = new DemoDocuments(manager, deadlines, now);
  for (const { processCode, ...definition } of DEMO_TEMPLATES) {
    await saveTemplate(manager, seed.ctx, 'demo', processCode, definition);
  }
  await seed.approvals();
  for (const item of PAPER) await seed.paper(item);
  seed.clock = now;
}

/** A finished (or withdrawn) DingTalk approval as the demo plans it. */
interface PlannedApproval {
  kind: DocumentKind;
  originator: string;
  originatorDeptId: string;
  receivedAt: Date;
  form: Record<string, string>;
  nodes: NodePlan[];
  withdrawAfter?: number;
}

type Tasks = NonNullable<InstanceSnapshot['tasks']>;
type Records = NonNullable<InstanceSnapshot['operationRecords']>;

/** The demo's clock, its random choices and the ids it hands out, with one method per kind of document. */
class DemoDocuments {
  clock: Date;
  readonly ctx: SettleContext;
  private readonly calendar: WorkCalendar;
  private readonly random = lcg(20261125);
  private readonly today: number;
  private readonly latest: number;
  private taskId = 70_000_000_001;
  private serial = 1;

  constructor(
    private readonly manager: EntityManager,
    deadlines: DeadlineService,
    now: Date,
  ) {
    this.clock = now;
    this.ctx = { deadlines, now: () => this.clock };
    this.calendar = deadlines.calendar();
    this.today = shanghaiDayNumber(now);
    this.latest = now.getTime() - 3600_000;
  }

  /** This year's past five months of finished approvals, oldest first; then the same months a year earlier. */
  async approvals(): Promise<void> {
    for (let i = 0; i < 16; i++) {
      const receivedAt = this.workdayBefore(100 - i * 6);
      await this.incoming(receivedAt, i, {
        propose: i % 7 === 3,
        instruct: i % 9 === 5,
        ...(i % 8 === 6 ? { handle: 25 } : {}),
      });
    }
    for (let i = 0; i < 8; i++) {
      const lateSign = i === 2 || i === 6;
      await this.outgoing(this.workdayBefore(95 - i * 11), i, { lateSign, refuse: i === 4, withdraw: i === 7 });
    }
    // A year earlier: fewer and slower, for the comparison with last year.
    for (let i = 0; i < 6; i++) {
      await this.incoming(new Date(this.workdayBefore(96 - i * 14).getTime() - 364 * 86_400_000), i + 3, {
        propose: i % 2 === 0,
        ...(i === 1 ? { handle: 24 } : {}),
      });
    }
    for (let i = 0; i < 3; i++) {
      const receivedAt = new Date(this.workdayBefore(90 - i * 25).getTime() - 364 * 86_400_000);
      await this.outgoing(receivedAt, i + 1, { lateSign: i === 0 });
    }
  }

  /** A paper document registered, routed stage by stage, and closed when its last step is done by now. */
  async paper(item: PaperDocument): Promise<void> {
    const { manager, ctx } = this;
    const registrar = { id: 'zhenglei', departmentId: '21' };
    const receivedAt = this.workdayBefore(item.ago);
    this.clock = receivedAt;
    const year = formatISODate(shanghaiDayNumber(receivedAt)).slice(0, 4);
    const [first, ...rest] = item.route;
    const documentId = await registerPaper(
      manager,
      ctx,
      registrar,
      {
        title: item.title,
        docNumber: `${item.org.slice(0, 2)}发〔${year}〕${item.ago + 3}号`,
        issuingOrg: item.org,
        urgency: item.urgency,
        receivedAt,
        ...(first ? { proposerUserId: first[1] } : {}),
      },
      receivedAt,
    );
    let t = receivedAt;
    let stepDays = first?.[2] ?? null;
    const firstStep = first ? await manager.getRepository(DocumentStep).findOneBy({ documentId }) : null;
    let stepId: number | null = firstStep?.id ?? null;
    for (const [stage, assignee, days] of rest) {
      if (stepId === null || stepDays === null) break;
      const done = this.after(t, stepDays);
      if (done.getTime() > this.latest) break;
      this.clock = done;
      await completePaperStep(manager, ctx, 'wufang', stepId, { comment: '已阅，请按程序办理' }, done);
      stepId = await assignPaperStep(manager, ctx, 'zhenglei', documentId, { stage, assigneeUserId: assignee }, done);
      t = done;
      stepDays = days;
    }
    if (stepId === null || stepDays === null) return;
    const done = this.after(t, stepDays);
    if (done.getTime() > this.latest) return;
    this.clock = done;
    await completePaperStep(manager, ctx, 'hemin', stepId, { comment: '已报送' }, done);
    await closePaperDocument(manager, ctx, 'zhenglei', documentId, { comment: '办结' }, done);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  /**
   * The working day `n` working days before the last one that has begun (today, when it is a working day), at a
   * time between 08:40 and 11:40; when that moment has not come yet, the working day before.
   */
  private workdayBefore(n: number): Date {
    const today = formatISODate(this.today);
    const last = this.calendar.isWorkday(today) ? today : addWorkdays(today, -1, this.calendar).date;
    const date = n === 0 ? last : addWorkdays(last, -n, this.calendar).date;
    const at = shanghaiInstant(parseISODate(date), 8 * 60 + 40 + Math.floor(this.random() * 180));
    return at.getTime() > this.latest ? this.workdayBefore(n + 1) : at;
  }

  /** `workdays` working days after `from`, in the afternoon; the same day two hours later for 0. */
  private after(from: Date, workdays: number): Date {
    if (workdays === 0) return new Date(from.getTime() + (60 + Math.floor(this.random() * 120)) * 60_000);
    const date = addWorkdays(formatISODate(shanghaiDayNumber(from)), workdays, this.calendar).date;
    return shanghaiInstant(parseISODate(date), 14 * 60 + Math.floor(this.random() * 180));
  }

  private urgencyWord(): [Urgency, string] {
    const r = this.random();
    return r < 0.1 ? ['extra_urgent', '特急'] : r < 0.35 ? ['urgent', '加急'] : ['normal', '平件'];
  }

  private async incoming(
    receivedAt: Date,
    n: number,
    late: { propose?: boolean; instruct?: boolean; handle?: number },
  ): Promise<void> {
    const [title, org, prefix] = INCOMING_TITLES[n % INCOMING_TITLES.length] as [string, string, string];
    const [, word] = this.urgencyWord();
    const year = formatISODate(shanghaiDayNumber(receivedAt)).slice(0, 4);
    const leaders = this.random() < 0.5 ? ['zhaozhiqiang', 'liming'] : ['liming', 'zhaozhiqiang'];
    const node = (activityId: string, name: string, users: string[], workdays: number, remark: string): NodePlan => ({
      activityId,
      name,
      users,
      workdays,
      result: 'AGREE',
      remark,
    });
    const proposeDays = late.propose ? 3 : word === '平件' ? this.pick([0, 1, 1, 2]) : 0;
    const proposal = `拟请${leaders[0] === 'liming' ? '李明同志' : '赵志强同志'}阅示`;
    const propose = node('node-1', '拟办', ['wufang'], proposeDays, proposal);
    const instruct = node(
      'node-2',
      '领导批办',
      leaders,
      late.instruct ? 4 : this.pick([0, 1, 1, 2]),
      '请相关单位抓好落实',
    );
    const handler = [this.pick(HANDLERS)];
    const handle = node('node-3', '承办', handler, late.handle ?? this.pick([3, 5, 8, 10, 12]), '已按要求办理完毕');
    await this.approval({
      kind: 'incoming',
      originator: 'zhenglei',
      originatorDeptId: '21',
      receivedAt,
      form: { 标题: title, 文号: `${prefix}〔${year}〕${10 + n}号`, 来文单位: org, 紧急程度: word },
      nodes: [propose, instruct, handle],
    });
  }

  private async outgoing(
    receivedAt: Date,
    n: number,
    options: { lateSign?: boolean; refuse?: boolean; withdraw?: boolean },
  ): Promise<void> {
    const [, word] = this.urgencyWord();
    const originator = this.pick(['zhenglei', 'wufang', 'qianwei']);
    const review: NodePlan = {
      activityId: 'node-1',
      name: '核稿',
      users: ['wufang'],
      workdays: this.pick([0, 0, 1]),
      result: 'AGREE',
      remark: '文字已核',
    };
    const sign: NodePlan = {
      activityId: 'node-2',
      name: '签发',
      users: ['zhaozhiqiang'],
      workdays: options.lateSign ? 5 : word === '平件' ? this.pick([0, 1, 2]) : 0,
      result: options.refuse ? 'REFUSE' : 'AGREE',
      remark: options.refuse ? '请修改后重新报送' : '同意印发',
    };
    const print: NodePlan = {
      activityId: 'node-3',
      name: '印发',
      users: ['zhenglei'],
      workdays: this.pick([0, 1, 1]),
      result: 'AGREE',
      remark: '已印发',
    };
    await this.approval({
      kind: 'outgoing',
      originator,
      originatorDeptId: '21',
      receivedAt,
      form: { 标题: OUTGOING_TITLES[n % OUTGOING_TITLES.length] as string, 紧急程度: word, 密级: '无' },
      nodes: [review, sign, print],
      ...(options.withdraw ? { withdrawAfter: 1 } : {}),
    });
  }

  /** A finished (or withdrawn) DingTalk approval, read as reconciliation would read it. */
  private async approval(input: PlannedApproval): Promise<void> {
    const processInstanceId = `DEMO-${input.kind === 'incoming' ? 'SW' : 'FW'}-${String(this.serial++).padStart(4, '0')}`;
    const { tasks, records, finishedAt, status, result } = this.walk(input, processInstanceId);
    if (finishedAt.getTime() > this.latest) return; // not finished yet by now: leave it out rather than invent the future
    this.clock = finishedAt;
    await applySnapshot(this.manager, this.ctx, {
      processInstanceId,
      processCode: input.kind === 'incoming' ? 'PROC-DUBAN-SHOUWEN' : 'PROC-DUBAN-FAWEN',
      fetchStartedAt: finishedAt,
      snapshot: {
        title: `${input.form.标题}`,
        status,
        ...(status === 'COMPLETED' ? { result } : {}),
        businessId: `${formatISODate(shanghaiDayNumber(input.receivedAt)).replaceAll('-', '')}${String(this.serial).padStart(6, '0')}`,
        originatorUserId: input.originator,
        originatorDeptId: input.originatorDeptId,
        createTime: workflowTime(input.receivedAt),
        finishTime: workflowTime(finishedAt),
        formComponentValues: Object.entries(input.form).map(([name, value]) => ({ name, value })),
        operationRecords: records,
        tasks,
      },
    });
  }

  /** The approval's tasks and records node by node, until a refusal or the withdrawal. */
  private walk(input: PlannedApproval, processInstanceId: string) {
    const tasks: Tasks = [];
    const records: Records = [
      {
        userId: input.originator,
        date: workflowTime(input.receivedAt),
        type: 'START_PROCESS_INSTANCE',
        result: 'NONE',
      },
    ];
    let t = input.receivedAt;
    let status = 'COMPLETED';
    let result = 'agree';
    for (const [index, node] of input.nodes.entries()) {
      const started = t;
      if (input.withdrawAfter === index) {
        for (const userId of node.users) {
          tasks.push({
            taskId: this.taskId++,
            userId,
            status: 'CANCELED',
            createTime: workflowTime(started),
            finishTime: workflowTime(this.after(started, 0)),
            activityId: node.activityId,
          });
        }
        t = this.after(started, 0);
        status = 'TERMINATED';
        break;
      }
      const finished = this.after(started, node.workdays);
      for (const [i, userId] of node.users.entries()) {
        const acting = i === 0;
        const id = this.taskId++;
        tasks.push({
          taskId: id,
          userId,
          status: acting ? 'COMPLETED' : 'CANCELED',
          ...(acting ? { result: node.result } : {}),
          createTime: workflowTime(started),
          finishTime: workflowTime(finished),
          activityId: node.activityId,
          pcUrl: aflowUrl(DEMO_CORP_ID, processInstanceId).replace('taskId=&', `taskId=${id}&`),
        });
        if (acting) {
          records.push({
            userId,
            date: workflowTime(finished),
            type: 'EXECUTE_TASK_NORMAL',
            result: node.result,
            remark: node.remark,
            activityId: node.activityId,
            showName: node.name,
          });
        }
      }
      t = finished;
      if (node.result === 'REFUSE') {
        result = 'refuse';
        break;
      }
    }
    return { tasks, records, finishedAt: t, status, result };
  }
}
