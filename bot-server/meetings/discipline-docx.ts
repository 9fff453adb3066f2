import type { EntityManager } from 'typeorm';
import type { DisciplineNotice } from '../../entities';
import { civilDateOf, formatISODate, formatShanghaiInstant, shanghaiDayNumber } from '../calendar/civil-date';
import { kindSetting, numberOf } from '../numbering/numbers';
import { type DocxColumn, docxKit, OFFICIAL_TEXT, TEXT_WIDTH, TYPE_SIZE } from '../render';
import { periodSpan, VIOLATION_NAMES, type Violation } from './discipline';

/**
 * The 违反会风会纪通报 as a Word document, through the official-document kit (render/): the 版头 with the issuing
 * body and the notice's 发文字号, a title naming the period briefly, the facts and the table of who was late or
 * absent, the 发文机关署名 and 成文日期 at the right with room for the seal (kept on the page of the last
 * paragraph), 页码, and the 版记 at the foot of the last page with the 署名: the issuing office prints the notice the
 * day it is issued (no 抄送: the office records none). The definitions are not printed: they belong to the figures'
 * pages.
 */

export type PrintedNotice = Pick<
  DisciplineNotice,
  'id' | 'title' | 'year' | 'number' | 'periodStart' | 'periodEnd' | 'issuedAt' | 'entries'
>;

/** What the office's numbering says of a notice: its 发文字号 (none for one issued before numbering) and issuer. */
export interface NoticeOffice {
  documentNumber: string | null;
  issuer: string;
}

const kit = docxKit(OFFICIAL_TEXT);
/** The meeting's time leads its name in one wrapping cell, so that names, units and what happened keep whole. */
const COLUMNS: DocxColumn[] = [
  { header: '序号' },
  { header: '会议', left: true, wrap: true },
  { header: '单位', left: true },
  { header: '姓名' },
  { header: '情况' },
];
const TABLE = { size: TYPE_SIZE.smallSize4 };
const LANDSCAPE_TABLE = { ...TABLE, width: TEXT_WIDTH.landscape };

/** 3月2日 09:30: the Shanghai date and time of a meeting's start, as a table cell prints it. */
function startText(startsAt: string): string {
  const instant = new Date(startsAt);
  const { month, day } = civilDateOf(shanghaiDayNumber(instant));
  return `${month}月${day}日 ${formatShanghaiInstant(instant).slice(11, 16)}`;
}

/** The notice's 发文字号 and issuer, read from the numbering, then the document. */
export async function disciplineNoticeDocx(manager: EntityManager, notice: PrintedNotice): Promise<Buffer> {
  const [issued, setting] = await Promise.all([
    numberOf(manager, 'discipline_notice', notice.id),
    kindSetting(manager, 'discipline_notice'),
  ]);
  // Signed by the body it was numbered for; the settings stand in only for a notice issued before numbering.
  return renderDisciplineDocx(notice, {
    documentNumber: issued?.text ?? null,
    issuer: issued?.issuer ?? setting.issuer,
  });
}

export function renderDisciplineDocx(notice: PrintedNotice, office: NoticeOffice): Promise<Buffer> {
  const entries = notice.entries as unknown as Violation[];
  const meetings = new Set(entries.map((e) => e.meetingId)).size;
  const count = (kind: Violation['kind']) => entries.filter((e) => e.kind === kind).length;
  const rows = entries.map((e, i) => [
    String(i + 1),
    `${startText(e.startsAt)} ${e.meetingTitle}`,
    e.unit ?? '',
    e.name ?? '—',
    e.kind === 'late' ? `迟到${e.minutesLate ?? ''}分钟` : (VIOLATION_NAMES.get(e.kind) ?? String(e.kind)),
  ]);
  const unitAbsent = count('unit_absent');
  const issuedOn = formatISODate(shanghaiDayNumber(notice.issuedAt));
  const opening = [
    ...kit.documentHead({ issuer: office.issuer, number: office.documentNumber }),
    kit.title(notice.title),
    kit.paragraph('各有关单位：', { indent: false }),
    kit.paragraph(
      `为严肃会风会纪，现将${periodSpan(notice.periodStart, notice.periodEnd)}区政府有关会议签到情况通报如下。` +
        `期间共有${meetings}次会议存在违反会风会纪情况，其中迟到${count('late')}人次、无故缺席${count('absent')}人次` +
        `${unitAbsent ? `、单位未派员参会${unitAbsent}次` : ''}。`,
    ),
  ];
  const closing = [
    kit.paragraph('请以上人员所在单位认真对照检查，切实增强纪律意识，严格遵守会议纪律，按时参会、履行请假手续。', {
      keepNext: true,
    }),
    ...kit.signature({ issuer: office.issuer, date: issuedOn }),
  ];
  // Portrait; only a table too wide for the portrait type area (very long unit names) gets landscape pages.
  const fits = kit.tableFits(COLUMNS, rows, TABLE);
  return kit.document({
    title: notice.title,
    record: { printer: office.issuer, printedOn: issuedOn },
    sections: fits
      ? [{ children: [...opening, kit.table(COLUMNS, rows, TABLE), ...closing] }]
      : [
          { children: opening },
          { landscape: true, children: [kit.table(COLUMNS, rows, LANDSCAPE_TABLE)] },
          { children: closing },
        ],
  });
}
