import type { MatterSource } from '../../entities';

/**
 * The demo year's 督查督办 as the office would have written it: what was assigned to whom. What then happened to
 * each is decided in seed-supervision.ts.
 */

/** Leader instructions, meeting decisions, petitions, netizen messages and commissioned articles. */
export const MATTERS: { source: MatterSource; title: string; unit: string; co?: string[]; urgent?: boolean }[] = [
  { source: 'leader_instruction', title: '关于加快推进城区老旧小区改造工作的批示', unit: '33', co: ['32'] },
  { source: 'meeting_decision', title: '区政府常务会议议定：制定全区重点项目融资方案', unit: '32', co: ['31'] },
  { source: 'leader_instruction', title: '关于做好冬季安全生产隐患排查工作的批示', unit: '33', urgent: true },
  { source: 'netizen_message', title: '网民反映滨江路段路灯损坏问题', unit: '33' },
  { source: 'commissioned_article', title: '省政府办公厅约稿：我区“放管服”改革经验做法', unit: '31' },
  { source: 'leader_instruction', title: '关于落实困难群众临时救助资金发放的批示', unit: '35', co: ['32'] },
  { source: 'meeting_decision', title: '区政府常务会议议定：研究老年助餐服务点布局', unit: '35' },
  { source: 'petition', title: '市信访局交办：阳光花园小区物业纠纷信访事项', unit: '33' },
  { source: 'leader_instruction', title: '关于解决实验小学周边上下学交通拥堵问题的批示', unit: '34', co: ['33'] },
  { source: 'leader_instruction', title: '关于优化营商环境推进“一网通办”的批示', unit: '31' },
  { source: 'netizen_message', title: '网民反映城南幼儿园收费问题', unit: '34' },
  { source: 'meeting_decision', title: '区政府常务会议议定：完善保障性租赁住房筹集计划', unit: '33', co: ['32'] },
  { source: 'leader_instruction', title: '关于盘活闲置国有资产的批示', unit: '32' },
  { source: 'commissioned_article', title: '市政府办公室约稿：民生实事项目办理情况', unit: '35' },
  { source: 'leader_instruction', title: '关于加强校园食品安全管理的批示', unit: '34', urgent: true },
  { source: 'petition', title: '省信访局交办：东湖路拆迁补偿信访事项', unit: '33', co: ['32'] },
  { source: 'meeting_decision', title: '区政府常务会议议定：编制义务教育学位扩容计划', unit: '34', co: ['31'] },
  { source: 'leader_instruction', title: '关于做好防汛备汛物资储备的批示', unit: '35' },
  { source: 'netizen_message', title: '网民反映新区农贸市场周边占道经营问题', unit: '33' },
  { source: 'leader_instruction', title: '关于加快专项债券项目支出进度的批示', unit: '32', co: ['31'] },
  { source: 'meeting_decision', title: '区政府常务会议议定：推进社区养老服务综合体建设', unit: '35', co: ['33'] },
  { source: 'leader_instruction', title: '关于规范校外培训机构管理的批示', unit: '34' },
  { source: 'leader_instruction', title: '关于做好重点企业用工保障的批示', unit: '31' },
  { source: 'commissioned_article', title: '省政府办公厅约稿：县域经济高质量发展典型做法', unit: '31' },
  { source: 'leader_instruction', title: '关于做好残疾人两项补贴精准发放的批示', unit: '35', co: ['32'] },
  { source: 'netizen_message', title: '网民反映城西片区供水压力不足问题', unit: '33' },
  { source: 'meeting_decision', title: '区政府常务会议议定：落实预算绩效管理改革', unit: '32' },
  { source: 'leader_instruction', title: '关于加快项目前期手续办理的批示', unit: '31', co: ['33'] },
  { source: 'leader_instruction', title: '关于推进教师周转房建设的批示', unit: '34', co: ['33'] },
  { source: 'petition', title: '市信访局交办：和平里社区低保认定信访事项', unit: '35' },
  { source: 'leader_instruction', title: '关于整治老旧小区消防通道占用问题的批示', unit: '33', urgent: true },
  { source: 'meeting_decision', title: '区政府常务会议议定：建立重大项目周调度机制', unit: '31' },
  { source: 'leader_instruction', title: '关于清理拖欠中小企业账款的批示', unit: '32', co: ['31'] },
  { source: 'netizen_message', title: '网民反映中学食堂饭菜质量问题', unit: '34' },
  { source: 'leader_instruction', title: '关于做好冬季困难群众取暖保障的批示', unit: '35' },
  { source: 'leader_instruction', title: '关于推进城市道路“白改黑”工程的批示', unit: '33' },
  { source: 'meeting_decision', title: '区政府常务会议议定：开展财政资金专项检查', unit: '32' },
  { source: 'leader_instruction', title: '关于落实营商环境投诉快速响应机制的批示', unit: '31' },
  { source: 'leader_instruction', title: '关于做好中考组织保障工作的批示', unit: '34', urgent: true },
  { source: 'leader_instruction', title: '关于加快城区雨污分流改造的批示', unit: '33', co: ['32'] },
];

/** 人大代表建议 and 政协委员提案 of this year's session. */
export const DEPUTIES: { source: MatterSource; title: string; proposer: string; unit: string; co?: string[] }[] = [
  { source: 'npc_suggestion', title: '关于加快老旧小区加装电梯的建议', proposer: '刘建华', unit: '33' },
  { source: 'npc_suggestion', title: '关于增加城区公办幼儿园学位的建议', proposer: '张敏', unit: '34' },
  { source: 'npc_suggestion', title: '关于完善农村养老服务设施的建议', proposer: '王海军', unit: '35', co: ['32'] },
  { source: 'npc_suggestion', title: '关于优化工业园区配套服务的建议', proposer: '陈立新', unit: '31' },
  {
    source: 'npc_suggestion',
    title: '关于加大中小企业纾困资金支持的建议',
    proposer: '李红梅',
    unit: '32',
    co: ['31'],
  },
  { source: 'npc_suggestion', title: '关于整治城区背街小巷环境的建议', proposer: '赵文斌', unit: '33' },
  { source: 'npc_suggestion', title: '关于提高乡村教师待遇的建议', proposer: '周晓燕', unit: '34', co: ['32'] },
  { source: 'npc_suggestion', title: '关于加强社区残疾人康复服务的建议', proposer: '吴国庆', unit: '35' },
  { source: 'npc_suggestion', title: '关于加快城南片区道路建设的建议', proposer: '郑志刚', unit: '33', co: ['31'] },
  { source: 'npc_suggestion', title: '关于规范政府投资项目审批的建议', proposer: '孙丽华', unit: '31' },
  { source: 'npc_suggestion', title: '关于加强中小学课后服务的建议', proposer: '马晓东', unit: '34' },
  { source: 'npc_suggestion', title: '关于提高城乡低保标准的建议', proposer: '黄秀英', unit: '35', co: ['32'] },
  { source: 'npc_suggestion', title: '关于推进政府采购透明化的建议', proposer: '林志强', unit: '32' },
  { source: 'npc_suggestion', title: '关于增设城区公共停车场的建议', proposer: '何建平', unit: '33' },
  { source: 'cppcc_proposal', title: '关于推动数字经济与实体经济融合发展的提案', proposer: '民建区委会', unit: '31' },
  { source: 'cppcc_proposal', title: '关于促进职业教育产教融合的提案', proposer: '钱文华', unit: '34', co: ['31'] },
  { source: 'cppcc_proposal', title: '关于完善社区居家养老服务的提案', proposer: '农工党区委会', unit: '35' },
  { source: 'cppcc_proposal', title: '关于加强历史街区保护利用的提案', proposer: '冯少华', unit: '33' },
  { source: 'cppcc_proposal', title: '关于优化财政支出结构的提案', proposer: '蒋丽', unit: '32' },
  { source: 'cppcc_proposal', title: '关于加强学生心理健康教育的提案', proposer: '民进区委会', unit: '34' },
  {
    source: 'cppcc_proposal',
    title: '关于推进城市社区嵌入式服务设施建设的提案',
    proposer: '韩志明',
    unit: '35',
    co: ['33'],
  },
  { source: 'cppcc_proposal', title: '关于支持小微企业融资担保的提案', proposer: '谢冬梅', unit: '32', co: ['31'] },
];

/** The reply classes (A–D) and the deputies' opinions, in turn. */
export const OUTCOMES = ['A', 'A', 'B', 'A', 'B', 'A', 'C', 'A', 'B', 'A', 'D', 'A', 'B', 'A'] as const;
export const OPINIONS = [
  'satisfied',
  'satisfied',
  'basically_satisfied',
  'satisfied',
  'satisfied',
  'dissatisfied',
] as const;

/** 重点工作, reported monthly. */
export const KEY_WORK: { title: string; unit: string; co?: string[] }[] = [
  { title: '全区重点项目建设“百日攻坚”行动', unit: '31', co: ['32', '33'] },
  { title: '城市更新三年行动计划年度任务', unit: '33', co: ['31'] },
  { title: '义务教育优质均衡发展创建', unit: '34', co: ['32'] },
  { title: '养老服务体系建设提质增效', unit: '35' },
  { title: '财政收支平衡与债务风险防控', unit: '32' },
];
