/**
 * The office's year-end summary (年度工作总结), paragraph by paragraph, in the structure of the office's sample
 * summary (一、二、三 with numbered items), keeping only what a record backs:
 * - `{name}`: a figure Duban counts (annual.ts), printed as a plain number with its measure word after it;
 * - `{outgoingChange}`, `{meetingChange}`: a whole sentence on the change from last year, chosen by its sign;
 * - `{office}`, `{year}`: the issuing office as configured (numbering/, kind `annual_summary`) and the year;
 * - `{?…}`: what only a person can write, printed 【待填写：…】 (highlighted in the .docx).
 * The sample's own claims (another province's leaders' speeches, party plenums, named campaigns, honours, its
 * rankings and 「国办约稿」, 「取得历史最好成绩」) are not carried: no record of this office backs them, and the gaps
 * ask the office for its own. Each sentence says what its figure's definition counts: 督查 is the 催办 recorded in
 * the system, not site visits or calls; bulletins and notices are counted in 期. The sample's 「各类电话X余次」 is
 * written with the exact count logged (各类电话N次), and 报送应急值班信息N条 with the reports upward recorded
 * (`duty.emergencyReports`).
 */
export const ANNUAL_TEMPLATE: { kind: 'heading' | 'item' | 'para'; text: string }[] = [
  {
    kind: 'para',
    text: '{year}年，{office}在区委、区政府的领导下，围绕办文、办会、督查督办等职责开展工作。现将全年工作总结如下。{?本年度获得的荣誉及其授予机关，无则删去此句}',
  },
  { kind: 'heading', text: '一、办文办会和督查督办' },
  {
    kind: 'item',
    text: '1.办文。全年通过督办系统处理各类来文{received}件，办结率{completionRate}；起草区政府和区政府办公室文件{drafted}件。文件自提交至签发用时的中位数为{sign.median}个工作日，{sign.within}在时限内签发；经钉钉流转的电子收文，自收文至拟办呈送用时的中位数为{submit.median}个工作日，{submit.within}在时限内完成。{?办文质量和流程改进的具体做法}',
  },
  {
    kind: 'item',
    text: '2.办会。全年组织区政府常务会议{executive}次、区政府党组会议{partyGroup}次，专题协调会和调度会{coordination}次；以正式发文形式印发违反会风会纪通报{disciplineNotices}期。{?会务保障的具体做法和专题协调事项次数}',
  },
  {
    kind: 'item',
    text: '3.督查督办。全年交办重点工作、重点项目{keyWork}项，督查室在督办系统中催办{urges}次，编发督查通报{bulletins}期。{?现场督查、电话督查次数及提出督查建议条数（系统未记录）}',
  },
  {
    kind: 'item',
    text: '4.建议提案办理。全年交办区人大代表建议{npc}件、区政协委员提案{cppcc}件，办复率{replyRate}，满意率{satisfactionRate}。',
  },
  { kind: 'item', text: '5.精简文件和会议。{outgoingChange}{meetingChange}' },
  {
    kind: 'item',
    text: '6.约稿、信访和网民留言。全年完成上级约稿{articles}篇；接待上访群众{petitionVisits}起{petitioners}人次，处理信访交办函{petitions}起；值班接听处理各类电话{phoneCalls}次，报送应急值班信息{emergencyReports}条；办结网友提交问题{netizen}个。{?约稿采用篇数、政务信息报送和采用情况}',
  },
  { kind: 'heading', text: '二、其他重点工作' },
  {
    kind: 'para',
    text: '{?本年度承担的其他重点工作（如机关党建、结对帮扶、值班值守、应急处置等）及其成效，系统无相应记录}',
  },
  { kind: 'heading', text: '三、存在的不足和下一步打算' },
  { kind: 'para', text: '{?工作中存在的不足}' },
  { kind: 'para', text: '{?下一年度工作打算}' },
];
