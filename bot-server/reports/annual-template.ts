/**
 * The office's year-end summary (年度工作总结), paragraph by paragraph, in the structure of the office's own summary
 * (一、二、三 with numbered items; `annual-seed-map.ts` says which figure fills each of its "X"), keeping only what a
 * record backs:
 * - `{name}`: a figure Duban counts (annual.ts), printed as a plain number with its measure word after it;
 * - `{outgoingChange}`, `{meetingChange}`: a whole sentence on the change from last year, chosen by its sign;
 * - `{honours}`, `{wholeAdopted}`, `{rankings}`: words from a register (荣誉; the titles of 全篇采用 items; the city's
 *   and province's rankings as recorded when their notices arrive), each a gap when nothing is recorded;
 * - `{shortfalls}`, `{plans}`: 不足 and 打算 drafted from the figures (annual-outlook.ts), marked for review;
 * - `{office}`, `{year}`: the issuing office as configured (numbering/, kind `annual_summary`) and the year;
 * - `{?…}`: what only a person can write, printed 【待填写：…】 (highlighted in the .docx).
 * The sample's own claims (another province's leaders' speeches, party plenums, 「取得历史最好成绩」) are not carried.
 * Each sentence says what its figure's definition counts: 督查 is the site visits and calls recorded, 催办 those in the
 * system; bulletins and notices are counted in 期; counts are exact (各类电话N次, not 「X余次」).
 */
export const ANNUAL_TEMPLATE: { kind: 'heading' | 'item' | 'para'; text: string }[] = [
  {
    kind: 'para',
    text: '{year}年，{office}在区委、区政府的领导下，围绕办文办会、信息调研、督查督办、综合协调等职责开展工作。{honours}现将全年工作总结如下。',
  },
  { kind: 'heading', text: '一、办文办会、信息调研和督查督办' },
  {
    kind: 'item',
    text: '1.办文办会。全年通过督办系统处理各类来文{received}件，办结率{completionRate}；起草区政府和区政府办公室文件{drafted}件。文件自提交至签发用时的中位数为{sign.median}个工作日，{sign.within}在时限内签发；经钉钉流转的电子收文，自收文至拟办呈送用时的中位数为{submit.median}个工作日，{submit.within}在时限内完成。全年组织区政府常务会议{executive}次、区政府党组会议{partyGroup}次，专题协调会和调度会{coordination}次，其中已召开{coordinationHeld}次；以正式发文形式印发违反会风会纪通报{disciplineNotices}期；接待省、市级现场会和调研督导{receptions}次。',
  },
  {
    kind: 'item',
    text: '2.信息调研。全年形成调研报告{researchReports}份，查找出存在问题{researchProblems}个，其中转为督办事项{researchToMatters}个。全年上报政务信息{infoReported}篇，被采用{infoAdopted}篇，其中被市政府办公室采用{infoAdoptedByCity}条，全篇采用{infoAdoptedWhole}篇{wholeAdopted}；上报约稿{commissionedReported}篇，采用{commissionedAdopted}篇。{rankings}',
  },
  {
    kind: 'item',
    text: '3.督查督办。全年交办重点工作、重点项目{keyWork}项，现场督查、电话督查{inspections}次，督查室在督办系统中催办{urges}次，编发督查通报{bulletins}期，提出督查建议{suggestions}条。全年交办区人大代表建议{npc}件、区政协委员提案{cppcc}件，办复率{replyRate}，满意率{satisfactionRate}。',
  },
  {
    kind: 'item',
    text: '4.“五型”政府建设和精简文件会议。全年编发工作简报{briefs}期，接待省、市相关调研{receptionsResearch}次。{outgoingChange}{meetingChange}{?“五型”政府板块考核材料的类别和份数（系统未记录）}',
  },
  { kind: 'heading', text: '二、中心工作' },
  {
    kind: 'item',
    text: '1.学习教育。全年为群众办实事{practicalDeeds}件，建立检视问题清单{problemLists}份，查找出问题{problemsFound}个，已整改到位{problemsRectified}个。',
  },
  {
    kind: 'item',
    text: '2.结对帮扶。全年入户走访{pairingVisits}次，筹集帮扶资金{pairingFunds}万元，争取危房改造等项目资金{housingFunds}万元。',
  },
  {
    kind: 'item',
    text: '3.“双创”工作。全年投入“双创”工作资金{civicFunds}万元，开展集中大扫除等活动{civicActivities}次。',
  },
  {
    kind: 'item',
    text: '4.值班信访。接待上访群众{petitionVisits}起{petitioners}人次，处理信访交办函{petitions}起；值班接听处理各类电话{phoneCalls}次，报送应急值班信息{emergencyReports}条；办结网友提交问题{netizen}个。',
  },
  { kind: 'heading', text: '三、队伍建设' },
  {
    kind: 'item',
    text: '1.学习培训。全年组织办公室干部集中学习{groupStudy}次、秘书集中学习{secretaryStudy}次。{?“学习强国”人均日积分（系统未记录）}',
  },
  {
    kind: 'item',
    text: '2.机关党建。全年召开支部党员大会{branchAssembly}次，开展主题党日活动{themePartyDay}次，召开支委会{branchCommittee}次、党小组会{partyCell}次，单位主要领导上党课{partyLecture}次。',
  },
  { kind: 'heading', text: '四、存在的不足和下一步打算' },
  { kind: 'para', text: '{shortfalls}' },
  { kind: 'para', text: '{plans}' },
];
