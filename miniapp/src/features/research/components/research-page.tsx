import { Button, List, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { LoadFailed, Loading } from '@/components/page-state';
import { RecordItem } from '@/components/record-item';
import { usePageTitle } from '@/hooks/use-page-title';
import { useMe } from '@/lib/auth';
import { formatDate, todayInShanghai } from '@/lib/dates';
import { getOrganisation } from '@/lib/organisation';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { createReport, getReports, getResearchFigures, type Report } from '../api/research';
import { ReportForm } from './report-form';
import './research.css';

/** The figures of the year shown above the list, by their one definition on the server (reports/research-figures). */
const FIGURES = [
  { id: 'research.reports', unit: '份', name: '形成调研报告' },
  { id: 'research.problems', unit: '个', name: '发现存在问题' },
  { id: 'research.problemsToMatters', unit: '个', name: '转为督办事项' },
];

/** 草稿 or 定稿, as a tag. */
export function ReportStatusTag({ report }: { report: Report }) {
  return (
    <Tag color={report.status === 'final' ? 'success' : 'warning'} fill="outline" className="source-tag">
      {report.statusName}
    </Tag>
  );
}

/** A report in the list: its status and title; the date finished, the authors, how many problems, how many turned. */
function ReportItem({ report }: { report: Report }) {
  const turned = report.problems.filter((p) => p.matter).length;
  return (
    <RecordItem
      className="report-item"
      data-report={report.id}
      path={`/m/research/${report.id}`}
      tags={<ReportStatusTag report={report} />}
      title={report.title}
      meta={
        <>
          <span>{formatDate(report.finishedOn)}</span>
          <span>执笔：{report.authors.map((a) => a.name).join('、')}</span>
          <span>
            问题{report.problems.length}个{turned ? `（${turned}个已转督办）` : ''}
          </span>
        </>
      }
    />
  );
}

/**
 * 调研报告: this year's figures, the year's reports newest first (draft or final, date, authors, problems), and
 * 新建调研报告 for 督查室 and 会务. Each report opens its page (problems, 定稿, 转为督办事项).
 */
export function ResearchPage() {
  usePageTitle('调研报告');
  const { user } = useMe();
  const navigate = useNavigate();
  const today = todayInShanghai();
  const from = `${today.slice(0, 4)}-01-01`;
  const reports = useRequest((signal) => getReports({ from, to: today, limit: 200 }, signal), [from, today]);
  const figures = useRequest((signal) => getResearchFigures(from, today, signal), [from, today]);
  const canRecord = hasRole(user, 'supervision_office', 'meeting_office');
  const org = useRequest((signal) => (canRecord ? getOrganisation(signal) : Promise.resolve(null)), [canRecord]);
  const [adding, setAdding] = useState(false);
  const value = (id: string) => figures.data?.figures.find((f) => f.id === id)?.value ?? 0;
  const shown = reports.data?.reports ?? [];

  return (
    <div className="page research-page">
      {figures.data ? (
        <section className="research-figures" aria-label="本年统计">
          {FIGURES.map((f) => (
            <div key={f.id}>
              <strong>{value(f.id)}</strong>
              {f.unit}
              <span className="muted">{f.name}</span>
            </div>
          ))}
        </section>
      ) : null}
      {canRecord && org.data ? (
        <Button block color="primary" className="research-add" onClick={() => setAdding(true)}>
          新建调研报告
        </Button>
      ) : null}
      {reports.error && !reports.data ? <LoadFailed error={reports.error} onRetry={reports.reload} /> : null}
      {!reports.data && !reports.error ? <Loading /> : null}
      {reports.data ? (
        <List mode="card" header={`本年调研报告（${shown.length}份）`} className="report-list">
          {shown.length === 0 ? <List.Item>本年暂无调研报告</List.Item> : null}
          {shown.map((r) => (
            <ReportItem key={r.id} report={r} />
          ))}
        </List>
      ) : null}
      {org.data ? (
        <ReportForm
          visible={adding}
          report={null}
          org={org.data}
          userId={user.id}
          onClose={() => setAdding(false)}
          save={createReport}
          onSaved={(report) => navigate(`/m/research/${report.id}`)}
        />
      ) : null}
    </div>
  );
}
