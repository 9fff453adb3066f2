import { Tabs } from 'antd-mobile';
import { useSearchParams } from 'react-router';
import { usePageTitle } from '@/hooks/use-page-title';
import { useMe } from '@/lib/auth';
import { hasRole } from '@/lib/roles';
import { BooksTab } from './books-tab';
import { BriefsTab } from './briefs-tab';
import { thisYear, YearPicker } from './common';
import { HonoursTab } from './honours-tab';
import { ReceptionsTab } from './receptions-tab';
import './ledgers.css';

const TABS = [
  { key: 'honours', title: '荣誉' },
  { key: 'receptions', title: '来访接待' },
  { key: 'briefs', title: '简报' },
  { key: 'books', title: '台账' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

/**
 * 办公室台账: the registers of one year (this year by default) — 荣誉, 来访接待, 简报 — and the year's 专项工作台账
 * with their totals. 督查室 and 会务 keep them; the leaders read them. The year and tab live in the address, so a
 * reload or the back button returns to them.
 */
export function LedgersPage() {
  usePageTitle('办公室台账');
  const { user } = useMe();
  const [params, setParams] = useSearchParams();
  // Anyone else is told by the server (403) that the page is not theirs, without a year or tabs to pick.
  const reads = hasRole(user, 'supervision_office', 'meeting_office', 'leader');
  const current = thisYear();
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= current ? asked : current;
  const tab: TabKey = TABS.find((t) => t.key === params.get('tab'))?.key ?? 'honours';
  const go = (next: { year?: number; tab?: string }) =>
    setParams({ year: String(next.year ?? year), tab: next.tab ?? tab }, { replace: true });

  return (
    <div className="page ledgers-page">
      {reads ? (
        <>
          <div className="ledgers-toolbar">
            <span className="muted">年度</span>
            <YearPicker value={year} onChange={(y) => go({ year: y })} className="ledgers-year" />
          </div>
          <Tabs activeKey={tab} onChange={(key) => go({ tab: key })} className="ledgers-tabs">
            {TABS.map((t) => (
              <Tabs.Tab key={t.key} title={t.title} />
            ))}
          </Tabs>
        </>
      ) : null}
      {tab === 'honours' ? <HonoursTab year={year} /> : null}
      {tab === 'receptions' ? <ReceptionsTab year={year} /> : null}
      {tab === 'briefs' ? <BriefsTab year={year} /> : null}
      {tab === 'books' ? <BooksTab year={year} /> : null}
    </div>
  );
}
