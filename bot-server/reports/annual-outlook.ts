/**
 * The year-end summary's 四、存在的不足和下一步打算, drafted from the records: each shortfall is a figure that fell
 * short of its time limit (matters completed late or still overdue and the units they gather in, documents not
 * signed or submitted in time, NPC suggestions and CPPCC proposals not yet answered or not found satisfactory,
 * problems not yet rectified), and each plan follows up what the year leaves open. A shortfall no record shows is
 * not claimed; what only people know (作风, 能力) is asked for in a 【请核改】 mark, which the office removes once it
 * has reviewed the draft.
 */
import type { AnnualStatement } from './annual-statements';
import type { FigureValue } from './engine';
import type { OverdueUnit } from './overdue-ranking';

/** The figures the draft reads, beside those the summary prints. */
export const OUTLOOK_FIGURES = [
  'matters.assigned',
  'matters.completed',
  'matters.completedOnTime',
  'matters.overdueOpen',
  'documents.overdueOpen',
  'documents.sign.onTimeRate',
  'annual.submit.onTimeRate',
  'annual.deputy.replyRate',
  'annual.deputy.satisfactionRate',
  'research.problems',
  'research.problemsToMatters',
  'ledgers.problemsFound',
  'ledgers.problemsRectified',
] as const;

/** Units named among those with the most overdue matters. */
const UNITS_NAMED = 3;
const ORDINALS = ['一', '二', '三', '四', '五', '六'];

const percent = (rate: number) => `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
/** 一是…；二是…。 */
const enumerated = (points: string[]) =>
  points
    .map((p, i) => `${ORDINALS[i]}是${p}`)
    .join('；')
    .concat(points.length ? '。' : '');

interface Read {
  count(id: string): number;
  /** A rate's value, or null when it has no records. */
  rate(id: string): number | null;
  /** A rate's records not in its part (not replied, not satisfied). */
  short(id: string): number;
}

function reader(values: ReadonlyMap<string, FigureValue>): Read {
  const of = (id: string): FigureValue => values.get(id) ?? { value: null, records: 0 };
  return {
    count: (id) => of(id).records,
    rate: (id) => (of(id).records === 0 ? null : (of(id).value ?? null)),
    short: (id) => of(id).records - (of(id).part ?? 0),
  };
}

/** The points, and how many records (matters, documents, suggestions, problems) they name. */
interface Points {
  points: string[];
  records: number;
}

function shortfalls(r: Read, overdueUnits: readonly OverdueUnit[]): Points {
  const points: string[] = [];
  const late = r.count('matters.completed') - r.count('matters.completedOnTime');
  const overdue = r.count('matters.overdueOpen');
  if (late + overdue > 0) {
    const named = overdueUnits.slice(0, UNITS_NAMED).map((u) => u.name);
    const more = overdueUnits.length > UNITS_NAMED ? '等单位' : '';
    const where = named.length ? `，逾期未办结事项主要集中在${named.join('、')}${more}` : '';
    points.push(`督办事项办理时效有待提高，全年交办事项中逾期办结${late}件，截至统计时逾期未办结${overdue}件${where}`);
  }
  const sign = r.rate('documents.sign.onTimeRate');
  const submit = r.rate('annual.submit.onTimeRate');
  const documentsOverdue = r.count('documents.overdueOpen');
  const documentGaps = [
    sign !== null && sign < 1 ? `文件在时限内签发的比例为${percent(sign)}` : null,
    submit !== null && submit < 1 ? `电子收文在时限内拟办呈送的比例为${percent(submit)}` : null,
    documentsOverdue > 0 ? `截至统计时仍有${documentsOverdue}个公文办理时限已过而未完成` : null,
  ].filter((g): g is string => g !== null);
  if (documentGaps.length) points.push(`公文运转时效还有差距，${documentGaps.join('，')}`);
  const reply = r.rate('annual.deputy.replyRate');
  const satisfaction = r.rate('annual.deputy.satisfactionRate');
  const deputyGaps = [
    reply !== null && reply < 1 ? `尚有${r.short('annual.deputy.replyRate')}件未办复` : null,
    satisfaction !== null && satisfaction < 1
      ? `${r.short('annual.deputy.satisfactionRate')}件代表委员反馈不满意`
      : null,
  ].filter((g): g is string => g !== null);
  if (deputyGaps.length) points.push(`建议提案办理质量仍需提升，全年交办的建议提案中${deputyGaps.join('，')}`);
  const unrectified = r.count('ledgers.problemsFound') - r.count('ledgers.problemsRectified');
  if (unrectified > 0) points.push(`问题整改还不够彻底，学习教育中查找出的问题尚有${unrectified}个未整改到位`);
  const deputies =
    (reply !== null ? r.short('annual.deputy.replyRate') : 0) +
    (satisfaction !== null ? r.short('annual.deputy.satisfactionRate') : 0);
  const unsigned = sign !== null ? r.short('documents.sign.onTimeRate') : 0;
  const unsubmitted = submit !== null ? r.short('annual.submit.onTimeRate') : 0;
  return { points, records: late + overdue + unsigned + unsubmitted + documentsOverdue + deputies + unrectified };
}

function plans(r: Read): Points {
  // Both count the year's matters: those assigned less those completed are still open.
  const open = r.count('matters.assigned') - r.count('matters.completed');
  const overdue = r.count('matters.overdueOpen');
  const unanswered = r.rate('annual.deputy.replyRate') === null ? 0 : r.short('annual.deputy.replyRate');
  const untracked = r.count('research.problems') - r.count('research.problemsToMatters');
  const unrectified = r.count('ledgers.problemsFound') - r.count('ledgers.problemsRectified');
  const points = [
    open > 0
      ? `紧盯时限抓督办，对本年度尚未办结的${open}件督办事项${overdue > 0 ? `（其中逾期${overdue}件）` : ''}逐件跟踪、对账销号`
      : '紧盯时限抓督办，坚持按工作日时限交办、提醒、通报，做到事事有回音、件件有着落',
    '提高办文办会质效，严格落实文件签发和电子收文拟办呈送时限，持续精简文件和会议',
    `做好建议提案办理，${unanswered > 0 ? `推动尚未办复的${unanswered}件建议提案按期办复，` : ''}提高办复质量和代表委员满意率`,
    `加强信息调研，${untracked > 0 ? `对调研发现的${untracked}个尚未转办的问题跟踪落实，` : ''}提升政务信息报送质量`,
    ...(unrectified > 0 ? [`抓好问题整改，推动学习教育中尚未整改的${unrectified}个问题整改到位`] : []),
  ];
  return { points, records: open + unanswered + untracked + unrectified };
}

/** 不足 and 打算 of `year`, drafted from the year's figures and the units with the most overdue matters. */
export function outlookStatements(
  values: ReadonlyMap<string, FigureValue>,
  overdueUnits: readonly OverdueUnit[],
  year: number,
): AnnualStatement[] {
  const r = reader(values);
  const found = shortfalls(r, overdueUnits);
  const planned = plans(r);
  return [
    {
      name: 'shortfalls',
      label: '存在的不足',
      text: `${
        found.points.length
          ? `对照全年目标任务，工作中还存在一些不足：${enumerated(found.points)}`
          : '从督办系统记录看，全年事项、公文和建议提案均在时限内办理。'
      }【请核改：以上据督办系统记录归纳，请补充思想作风、能力素质等方面的不足】`,
      definition:
        '据全年逾期办结和逾期未办结的事项（及其主要单位）、未在时限内签发或拟办呈送的公文、未办复或反馈不满意的建议提案、未整改到位的学习教育问题归纳，记录数为所列事项之和',
      records: found.records,
    },
    {
      name: 'plans',
      label: '下一年度工作打算',
      text: `${year + 1}年，将重点做好以下工作：${enumerated(planned.points)}【请核改：请结合区委、区政府下一年度工作部署补充】`,
      definition:
        '据本年未办结的事项、未办复的建议提案、未转办的调研问题和未整改的问题列出跟进事项，其余为常规工作安排；记录数为所列事项之和',
      records: planned.records,
    },
  ];
}
