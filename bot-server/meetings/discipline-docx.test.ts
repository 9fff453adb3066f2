import { DocumentNumber } from '../../entities';
import { testDatabases } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';
import {
  brokenNames,
  closingOn,
  describeReading,
  pageNumberOf,
  readDocument,
  squeezed,
} from '../test-support/document-reader';
import { docxText, unzip } from '../test-support/zip';
import { periodSpan, periodTitle, type Violation } from './discipline';
import { type PrintedNotice, renderDisciplineDocx } from './discipline-docx';
import type { MeetingDetail } from './model';

const at = (text: string) => new Date(text);
const ISO_DATE = /\d{4}-\d{2}-\d{2}/;

describe('the period a notice names', () => {
  it.each([
    ['2026-03-01', '2026-03-31', '2026年3月'],
    ['2026-03-02', '2026-03-13', '2026年3月'],
    ['2026-03-02', '2026-05-13', '2026年3月至5月'],
    ['2026-04-01', '2026-06-30', '2026年第二季度'],
    ['2026-01-01', '2026-06-30', '2026年上半年'],
    ['2026-07-01', '2026-12-31', '2026年下半年'],
    ['2026-01-01', '2026-12-31', '2026年'],
    ['2025-12-15', '2026-01-10', '2025年12月至2026年1月'],
    ['2024-02-01', '2024-02-29', '2024年2月'],
  ])('%s to %s is 「%s」 in the title', (from, to, title) => {
    expect(periodTitle(from, to)).toBe(title);
  });

  it('gives the exact dates once in the text, the year once when both share it', () => {
    expect(periodSpan('2026-03-02', '2026-03-13')).toBe('2026年3月2日至3月13日');
    expect(periodSpan('2025-12-15', '2026-01-10')).toBe('2025年12月15日至2026年1月10日');
  });
});

/** A notice of `n` entries over a few meetings, as stored. */
function noticeOf(n: number): PrintedNotice {
  const units = ['区发展和改革委员会', '区住房和城乡建设局', '区民政局', '区教育局'];
  const entries: Violation[] = Array.from({ length: n }, (_, i) => ({
    meetingId: 1 + Math.floor(i / 8),
    meetingTitle: `全区重点项目建设推进调度会（第${1 + Math.floor(i / 8)}次）`,
    startsAt: `2026-11-${String(3 + Math.floor(i / 8)).padStart(2, '0')}T01:30:00.000Z`,
    attendeeId: i + 1,
    userId: `user${i}`,
    name: ['张三', '李四', '王小五', '欧阳明'][i % 4] ?? '张三',
    unit: units[i % units.length] ?? null,
    kind: i % 3 === 0 ? 'late' : 'absent',
    minutesLate: i % 3 === 0 ? 12 : null,
  }));
  return {
    id: 1,
    title: '关于2026年11月违反会风会纪情况的通报',
    year: 2026,
    number: 5,
    periodStart: '2026-11-01',
    periodEnd: '2026-11-30',
    issuedAt: at('2026-12-04T02:00:00Z'),
    entries: entries as unknown as PrintedNotice['entries'],
  };
}

describe('the notice as a document', () => {
  it('has the 版头 with the 发文字号, the brief title, no definitions and no ISO date; the 署名 after the text', async () => {
    const docx = await renderDisciplineDocx(noticeOf(3), {
      documentNumber: '区府办会〔2026〕5号',
      issuer: '区政府办公室',
    });
    const text = docxText(docx);
    expect(text).toMatch(/^区政府办公室区府办会〔2026〕5号关于2026年11月违反会风会纪情况的通报各有关单位：/);
    expect(text).toContain('现将2026年11月1日至11月30日区政府有关会议签到情况通报如下');
    expect(text).toContain('11月3日 09:30 全区重点项目建设推进调度会（第1次）');
    expect(text).not.toMatch(/统计范围|说明：|第5期/);
    expect(text).not.toMatch(ISO_DATE);
    // The 版记 after the 署名: printed by the issuing office the day it was issued.
    expect(text).toMatch(/按时参会、履行请假手续。区政府办公室2026年12月4日区政府办公室\t2026年12月4日印发$/);
  });
  it('sets the table alone on landscape pages only when a unit name is too long for portrait', async () => {
    const orientations = async (notice: PrintedNotice) => {
      const docx = await renderDisciplineDocx(notice, { documentNumber: null, issuer: '区政府办公室' });
      const xml = unzip(docx).get('word/document.xml')?.toString('utf8') ?? '';
      return (xml.match(/<w:pgSz [^>]*>/g) ?? []).map((size) =>
        size.includes('landscape') ? 'landscape' : 'portrait',
      );
    };
    expect(await orientations(noticeOf(3))).toEqual(['portrait']);
    const wide = noticeOf(3);
    const entries = wide.entries as unknown as Violation[];
    const unit = '区发展和改革委员会（区粮食和物资储备局、区国防动员办公室、区重大项目推进中心）';
    wide.entries = entries.map((e) => ({ ...e, unit })) as unknown as PrintedNotice['entries'];
    expect(await orientations(wide)).toEqual(['portrait', 'landscape', 'portrait']);
  });
});

describeReading('the notice read as printed', () => {
  it.each([
    ['with a short table', 3, 'discipline-notice'],
    ['over several pages', 45, 'discipline-notice-long'],
  ])(
    '%s: A4 portrait, 页码 on every page, the 署名 and date at the right with the closing words and the 版记',
    async (_, n, artifact) => {
      const notice = noticeOf(n);
      const docx = await renderDisciplineDocx(notice, {
        documentNumber: '区府办会〔2026〕5号',
        issuer: '区政府办公室',
      });
      const printed = readDocument(docx, 'docx', { artifact });
      if (n > 3) expect(printed.pages.length).toBeGreaterThan(1);
      for (const page of printed.pages) {
        expect({ page: page.number, a4: page.a4, landscape: page.landscape, number: pageNumberOf(page) }).toEqual({
          page: page.number,
          a4: true,
          landscape: false,
          number: page.number,
        });
      }
      const first = squeezed(printed.pages[0]?.text ?? '');
      expect(first).toContain('区府办会〔2026〕5号');
      expect(first).toContain('关于2026年11月违反会风会纪情况的通报');
      // The last page holds the closing paragraph (at least its end) with the 署名 and the date: never the date alone.
      const last = printed.pages[printed.pages.length - 1]?.text ?? '';
      expect(squeezed(last)).toContain('履行请假手续。');
      const lines = last.split('\n');
      for (const words of ['区政府办公室', '2026年12月4日']) {
        const line = lines.find((l) => squeezed(l) === words) ?? '';
        expect({ words, right: line.search(/\S/) > 12 }).toEqual({ words, right: true });
      }
      // The 版记 on that same page, under the 署名, its last line on the type area's foot.
      const closing = printed.pages[printed.pages.length - 1];
      expect(closing && closingOn(closing, { issuer: '区政府办公室', date: '2026年12月4日' })).toEqual({
        signed: true,
        recorded: true,
        atFoot: true,
      });
      expect(printed.text).not.toMatch(ISO_DATE);
      const named = (notice.entries as unknown as Violation[]).flatMap((e) => [e.unit ?? '', e.name ?? '']);
      expect(brokenNames(printed, [...new Set(named)])).toEqual([]);
    },
    240_000,
  );
});

describe.each(testDatabases())('issuing the notice with its 发文字号 on $name', (target) => {
  let clock = at('2023-12-04T10:00:00+08:00');
  const demo = useDemoDuban(target, { users: ['zhenglei', 'fenggang'], clock: { now: () => clock, on: ['meetings'] } });
  const call = demo.caller<Record<string, unknown>, { error: { code: string } }>('/api/meetings');

  it('numbers each notice from the office numbering, never reusing a withdrawn one, and prints it', async () => {
    const created = await call<{ meeting: MeetingDetail }>('zhenglei', '', 'POST', {
      type: 'scheduling',
      title: '全区安全生产工作调度会',
      startsAt: '2023-12-06T09:00+08:00',
      endsAt: '2023-12-06T10:30+08:00',
      attendeeUserIds: ['fenggang', 'zhudan'],
    });
    const id = created.body.meeting.id;
    expect((await call('zhenglei', `/${id}/notify`, 'POST')).status).toBe(200);
    clock = at('2023-12-08T10:00:00+08:00');

    const issue = () =>
      call<{ notice: { id: number; title: string } }>('zhenglei', '/discipline', 'POST', {
        from: '2023-12-01',
        to: '2023-12-31',
      });
    const first = await issue();
    expect(first.status).toBe(201);
    expect(first.body.notice.title).toBe('关于2023年12月违反会风会纪情况的通报');
    const numberOf = (noticeId: number) =>
      demo.db.getRepository(DocumentNumber).findOneBy({ subjectType: 'discipline_notice', subjectId: noticeId });
    expect((await numberOf(first.body.notice.id))?.text).toBe('区府办会〔2023〕1号');

    const path = `/discipline/${first.body.notice.id}/withdraw`;
    expect((await call('zhenglei', path, 'POST', { reason: '核实有误，重新印发' })).status).toBe(200);
    const again = await issue();
    expect(again.status).toBe(201);
    expect((await numberOf(again.body.notice.id))?.text).toBe('区府办会〔2023〕2号');

    const download = await fetch(`${demo.duban.url}/api/meetings/discipline/${again.body.notice.id}/notice.docx`, {
      headers: { authorization: `Bearer ${demo.tokens.zhenglei}` },
    });
    expect(download.status).toBe(200);
    const text = docxText(Buffer.from(await download.arrayBuffer()));
    expect(text).toContain('区府办会〔2023〕2号');
    expect(text).toContain('关于2023年12月违反会风会纪情况的通报');
    expect(text).not.toMatch(ISO_DATE);
  });
});
