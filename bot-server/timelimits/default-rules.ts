import type { TimeLimitRule } from './rule';

/**
 * The limits Duban ships with, as data: an administrator can override any of them (or add new codes) from
 * the database through `RuleBook.withOverrides`.
 *
 * Codes read `<area>.<subject>[.<step>][.<variant>]` in lower_snake segments: `doc.*` for 公文 (incoming
 * 收文, outgoing 发文), `supervision.*` for 督查督办 matters by source. Urgency variants are `extra_urgent`
 * (特急), `urgent` (加急 / 急件) and `routine` (平件 / 非急件).
 *
 * `source.basis` says whether a law fixes the number (`statute`) or the office chose it (`office_default`,
 * with the precedent followed). `verify: true` marks citations still to be checked against the official
 * text (npc.gov.cn / flk.npc.gov.cn) before they are quoted to users; see time-limits.md §D.
 */
export const DEFAULT_RULES: readonly TimeLimitRule[] = [
  {
    code: 'doc.incoming.submit.extra_urgent',
    name: '收文拟办呈送（特急）',
    amount: 1,
    unit: 'workday',
    countReceiptDay: true,
    anchor: '收文之日',
    warnings: [{ kind: 'span_fraction', fraction: 0.5 }],
    source: {
      basis: 'office_default',
      citation:
        '《党政机关公文处理工作条例》（中办发〔2012〕14号）第二十四条：紧急公文应当明确办理时限，未定天数；' +
        '本办默认特急件当日拟办呈送',
    },
  },
  {
    code: 'doc.incoming.submit.urgent',
    name: '收文拟办呈送（加急）',
    amount: 1,
    unit: 'workday',
    anchor: '收文之日',
    warnings: [{ kind: 'span_fraction', fraction: 0.75 }],
    source: {
      basis: 'office_default',
      citation: '参照宁波市甬政办发〔2007〕169号：上午收文当日拟办，下午收文次一工作日上午拟办',
    },
  },
  {
    code: 'doc.incoming.submit.routine',
    name: '收文拟办呈送（平件）',
    amount: 2,
    unit: 'workday',
    anchor: '收文之日',
    warnings: [
      { kind: 'workdays_before', workdays: 1 },
      { kind: 'span_fraction', fraction: 0.75 },
    ],
    source: {
      basis: 'office_default',
      citation: '本办《年度工作总结》：省市电子收文X个工作日内完成拟办呈送；默认2个工作日',
    },
  },
  {
    code: 'doc.incoming.complete',
    name: '收文办结',
    amount: 30,
    unit: 'day',
    anchor: '交办之日',
    warnings: [
      { kind: 'workdays_before', workdays: 3 },
      { kind: 'workdays_before', workdays: 1 },
    ],
    extension: {
      maxTimes: 1,
      maxAmount: 15,
      unit: 'day',
      approverRole: 'supervision_office',
      requestBeforeExpiry: true,
    },
    source: {
      basis: 'office_default',
      citation: '参照地方督查督办办法：交办公文30日内办结（time-limits.md §D，督查事项默认时限）',
    },
  },
  {
    code: 'doc.outgoing.sign.extra_urgent',
    name: '文件签发（特急）',
    amount: 1,
    unit: 'workday',
    countReceiptDay: true,
    anchor: '送签之日',
    warnings: [{ kind: 'span_fraction', fraction: 0.5 }],
    source: { basis: 'office_default', citation: '本办默认：特急文件当日签发' },
  },
  {
    code: 'doc.outgoing.sign.urgent',
    name: '文件签发（加急）',
    amount: 1,
    unit: 'workday',
    anchor: '送签之日',
    warnings: [{ kind: 'span_fraction', fraction: 0.75 }],
    source: { basis: 'office_default', citation: '本办默认：加急文件1个工作日内签发' },
  },
  {
    code: 'doc.outgoing.sign.routine',
    name: '文件签发（平件）',
    amount: 3,
    unit: 'workday',
    anchor: '送签之日',
    warnings: [
      { kind: 'workdays_before', workdays: 1 },
      { kind: 'span_fraction', fraction: 0.75 },
    ],
    source: {
      basis: 'office_default',
      citation: '本办《年度工作总结》：文件签发基本控制在X个工作日以内；默认3个工作日',
    },
  },
  {
    code: 'supervision.leader_instruction.urgent',
    name: '领导批示（急件）',
    amount: 5,
    unit: 'day',
    anchor: '交办之日',
    warnings: [{ kind: 'workdays_before', workdays: 1 }],
    extension: {
      maxTimes: 1,
      maxAmount: 5,
      unit: 'day',
      approverRole: 'supervision_office',
      requestBeforeExpiry: true,
    },
    source: {
      basis: 'office_default',
      citation: '参照地方督查督办办法：领导批示急件1至5日内办结，非急件15日，难度大的30日（time-limits.md §D）',
    },
  },
  {
    code: 'supervision.leader_instruction.routine',
    name: '领导批示（非急件）',
    amount: 15,
    unit: 'day',
    anchor: '交办之日',
    warnings: [
      { kind: 'workdays_before', workdays: 3 },
      { kind: 'workdays_before', workdays: 1 },
    ],
    extension: {
      maxTimes: 1,
      maxAmount: 15,
      unit: 'day',
      approverRole: 'supervision_office',
      requestBeforeExpiry: true,
      totalCap: { amount: 30, unit: 'day' },
    },
    source: {
      basis: 'office_default',
      citation: '参照地方督查督办办法：非急件15日内办结，难度大的不超过30日（time-limits.md §D）',
    },
  },
  {
    code: 'supervision.meeting_decision',
    name: '会议议定事项',
    amount: 20,
    unit: 'day',
    anchor: '会议纪要印发之日',
    warnings: [
      { kind: 'workdays_before', workdays: 3 },
      { kind: 'workdays_before', workdays: 1 },
    ],
    extension: {
      maxTimes: 1,
      maxAmount: 10,
      unit: 'day',
      approverRole: 'supervision_office',
      requestBeforeExpiry: true,
    },
    source: {
      basis: 'office_default',
      citation: '参照地方督查督办办法：会议纪要事项20日内办结（time-limits.md §D）',
    },
  },
  {
    code: 'supervision.key_work.monthly_report',
    name: '重点工作月报',
    amount: 1,
    unit: 'month',
    dayOfMonth: 5,
    anchor: '所报月份',
    warnings: [{ kind: 'workdays_before', workdays: 2 }],
    source: {
      basis: 'office_default',
      citation:
        '参照地方督查制度：重大决策、重点项目每月5日前报送上月进展（time-limits.md §D）；每月一督查、每月一通报',
      note: 'Received at = any moment of the month reported on; due on the 5th of the next month, moved off days off.',
    },
  },
  {
    code: 'supervision.npc_suggestion.reply',
    name: '人大代表建议答复',
    amount: 3,
    unit: 'month',
    anchor: '交办之日',
    warnings: [
      { kind: 'workdays_before', workdays: 10 },
      { kind: 'workdays_before', workdays: 3 },
    ],
    extension: {
      maxTimes: 1,
      maxAmount: 3,
      unit: 'month',
      approverRole: 'supervision_office',
      requestBeforeExpiry: true,
      totalCap: { amount: 6, unit: 'month' },
    },
    source: {
      basis: 'statute',
      citation:
        '《全国人民代表大会和地方各级人民代表大会代表法》（2025年3月11日修正）第五十一条：' +
        '自交办之日起三个月内答复；涉及面广、处理难度大的，六个月内答复',
      note: 'The 6-month case is modelled as one extension of up to 3 months, capped at 6 months from 交办.',
    },
  },
  {
    code: 'supervision.cppcc_proposal.reply',
    name: '政协提案办复',
    amount: 3,
    unit: 'month',
    anchor: '交办之日',
    warnings: [
      { kind: 'workdays_before', workdays: 10 },
      { kind: 'workdays_before', workdays: 3 },
    ],
    extension: {
      maxTimes: 1,
      maxAmount: 3,
      unit: 'month',
      approverRole: 'supervision_office',
      requestBeforeExpiry: true,
      totalCap: { amount: 6, unit: 'month' },
    },
    source: {
      basis: 'office_default',
      citation: '参照地方人大建议和政协提案办理办法：接到交办之日起3个月内办复，最长不超过6个月',
      verify: true,
      note: 'The timing article of 《政协全国委员会提案工作条例》 was not retrieved; session proposals often get fixed dates instead.',
    },
  },
  {
    code: 'supervision.petition.acceptance_notice',
    name: '信访事项受理告知',
    amount: 15,
    unit: 'day',
    anchor: '收到信访事项之日',
    warnings: [{ kind: 'workdays_before', workdays: 2 }],
    source: {
      basis: 'statute',
      citation: '《信访工作条例》（2022年）：收到信访事项之日起15日内决定是否受理并告知信访人',
      verify: true,
      note: 'Article number not confirmed; consistent with 公安机关信访工作规定第二十三条.',
    },
  },
  {
    code: 'supervision.petition.complete',
    name: '信访事项办结',
    amount: 60,
    unit: 'day',
    anchor: '受理之日',
    warnings: [
      { kind: 'workdays_before', workdays: 5 },
      { kind: 'workdays_before', workdays: 1 },
    ],
    extension: { maxTimes: 1, maxAmount: 30, unit: 'day', approverRole: 'organ_head', requestBeforeExpiry: true },
    source: {
      basis: 'statute',
      citation:
        '《信访工作条例》（2022年）：自受理之日起60日内办结；情况复杂的，经本机关、单位负责人批准，' +
        '可以适当延长办理期限，但延长期限不得超过30日，并告知信访人延期理由',
      verify: true,
      note: 'Counted as calendar days with the last day moved off holidays; local practice differs on excluding holidays.',
    },
  },
  {
    code: 'supervision.online_message.reply',
    name: '网民留言办理',
    amount: 5,
    unit: 'workday',
    anchor: '交办之日',
    warnings: [{ kind: 'workdays_before', workdays: 1 }],
    extension: {
      maxTimes: 1,
      maxAmount: 10,
      unit: 'workday',
      approverRole: 'supervision_office',
      requestBeforeExpiry: true,
    },
    source: {
      basis: 'office_default',
      citation: '本办默认：一般留言5个工作日内答复，复杂问题经督查室同意可再延长10个工作日',
    },
  },
  {
    code: 'supervision.commissioned_article.submit',
    name: '约稿报送',
    amount: 5,
    unit: 'workday',
    anchor: '约稿之日',
    warnings: [{ kind: 'workdays_before', workdays: 1 }],
    extension: {
      maxTimes: 1,
      maxAmount: 3,
      unit: 'workday',
      approverRole: 'supervision_office',
      requestBeforeExpiry: true,
    },
    source: { basis: 'office_default', citation: '本办默认：约稿5个工作日内报送；约稿单位另定时限的从其规定' },
  },
  // 公文 step-level limits (documents/: one per approval stage, counted from the task's start). The document-level
  // limits above (拟办呈送, 办结, 签发) still apply on top; these time each person's part.
  {
    code: 'doc.step.propose',
    name: '收文拟办（环节）',
    amount: 1,
    unit: 'workday',
    anchor: '分送拟办之日',
    warnings: [{ kind: 'span_fraction', fraction: 0.75 }],
    source: {
      basis: 'office_default',
      citation:
        '参照宁波市甬政办发〔2007〕169号：上午收文当日拟办，下午收文次一工作日上午拟办；本办默认拟办环节1个工作日',
    },
  },
  {
    code: 'doc.step.instruct',
    name: '领导批办（环节）',
    amount: 2,
    unit: 'workday',
    anchor: '呈送领导之日',
    warnings: [{ kind: 'workdays_before', workdays: 1 }],
    source: {
      basis: 'office_default',
      citation: '参照宁波市甬政办发〔2007〕169号：领导在2个工作日内完成轮阅；本办默认批办环节2个工作日',
    },
  },
  {
    code: 'doc.step.handle',
    name: '承办（环节）',
    amount: 15,
    unit: 'workday',
    anchor: '交办之日',
    warnings: [
      { kind: 'workdays_before', workdays: 3 },
      { kind: 'workdays_before', workdays: 1 },
    ],
    source: {
      basis: 'office_default',
      citation:
        '《党政机关公文处理工作条例》（中办发〔2012〕14号）第二十四条：承办……有明确办理时限要求的应当在规定时限内办理完毕；' +
        '本办默认承办环节15个工作日，在收文办结30日时限之内',
    },
  },
  {
    code: 'doc.step.review',
    name: '发文核稿（环节）',
    amount: 1,
    unit: 'workday',
    anchor: '送核之日',
    warnings: [{ kind: 'span_fraction', fraction: 0.75 }],
    source: {
      basis: 'office_default',
      citation: '本办默认：办公室核稿1个工作日，以保证文件签发总时限（见 doc.outgoing.sign.*）',
    },
  },
  {
    code: 'doc.step.sign',
    name: '领导签发（环节）',
    amount: 2,
    unit: 'workday',
    anchor: '送签之日',
    warnings: [{ kind: 'workdays_before', workdays: 1 }],
    source: {
      basis: 'office_default',
      citation: '本办《年度工作总结》：文件签发基本控制在X个工作日以内；本办默认签发环节2个工作日',
    },
  },
  {
    code: 'doc.step.issue',
    name: '发文印发（环节）',
    amount: 2,
    unit: 'workday',
    anchor: '签发之日',
    warnings: [{ kind: 'workdays_before', workdays: 1 }],
    source: {
      basis: 'office_default',
      citation:
        '《党政机关公文处理工作条例》（中办发〔2012〕14号）第二十五条：发文办理主要程序是复核、登记、印制、核发；' +
        '本办默认签发后2个工作日内印发',
    },
  },
];
