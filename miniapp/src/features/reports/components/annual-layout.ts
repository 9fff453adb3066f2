/**
 * Where each year-end figure stands in the office's summary (区政府办公室年度工作总结): its section (一、二、三), its
 * numbered item, and the unit it is written with. Figure names and `needsPerson` sections are those of
 * GET /api/reports/annual/:year; anything the server adds that is not placed here is shown under 其他.
 */
export interface AnnualItem {
  title: string;
  /** Figure (or change) names, in the order the summary writes them. */
  figures: string[];
  /** The `needsPerson` sections whose gaps fall in this item. */
  gaps: string[];
}

export interface AnnualSection {
  title: string;
  items: AnnualItem[];
}

export const ANNUAL_LAYOUT: AnnualSection[] = [
  { title: '开篇', items: [{ title: '年度荣誉', figures: [], gaps: ['开篇'] }] },
  {
    title: '一、服务大局、主动作为，政务保障有力度',
    items: [
      {
        title: '1.办文办会精简规范',
        figures: [
          'sign.median',
          'sign.within',
          'submit.median',
          'submit.within',
          'received',
          'completionRate',
          'drafted',
          'executive',
          'partyGroup',
          'coordination',
          'disciplineNotices',
        ],
        gaps: ['一、1'],
      },
      { title: '2.信息调研成绩突出', figures: ['articles'], gaps: ['一、2'] },
      {
        title: '3.督查督办精准严实',
        figures: ['keyWork', 'urges', 'bulletins', 'npc', 'cppcc', 'replyRate', 'satisfactionRate'],
        gaps: ['一、3'],
      },
      { title: '4.“五型”建设扎实推进', figures: ['outgoingChange', 'meetingChange'], gaps: ['一、4'] },
    ],
  },
  {
    title: '二、务实创新、担当实干，中心工作有深度',
    items: [
      { title: '1—3.党史学习教育、乡村振兴、“双创”工作', figures: [], gaps: ['二、1—3'] },
      { title: '4.值班信访责任到位', figures: ['petitions', 'netizen'], gaps: ['二、4'] },
    ],
  },
  {
    title: '三、强化纪律、提高素质，队伍建设有厚度',
    items: [{ title: '1、4.学习培训和机关党建', figures: [], gaps: ['三、1、4'] }],
  },
];

/** The unit each figure is written with in the summary (rates carry their own %). */
export const ANNUAL_UNITS: Record<string, string> = {
  'sign.median': '个工作日',
  'submit.median': '个工作日',
  received: '件',
  drafted: '件',
  executive: '次',
  partyGroup: '次',
  coordination: '次',
  disciplineNotices: '期',
  articles: '篇',
  keyWork: '项',
  urges: '次',
  bulletins: '期',
  npc: '件',
  cppcc: '件',
  petitions: '起',
  netizen: '个',
};
