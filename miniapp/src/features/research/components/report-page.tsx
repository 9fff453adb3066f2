import { Button, Dialog, List } from 'antd-mobile';
import { useState } from 'react';
import { useParams } from 'react-router';
import { RecordState } from '@/components/page-state';
import { RecordHead } from '@/components/record-head';
import { KindTag } from '@/components/record-item';
import { toastAction } from '@/components/toast-action';
import { usePageTitle } from '@/hooks/use-page-title';
import { useMe } from '@/lib/auth';
import { formatDate, formatInstant } from '@/lib/dates';
import { getOrganisation } from '@/lib/organisation';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { editReport, finaliseReport, getReport, type Report } from '../api/research';
import { ReportForm } from './report-form';
import { ProblemsSection } from './report-problems';
import { ReportStatusTag } from './research-page';
import './research.css';

/** The report's facts: topic, authors, places, the date finished, who recorded it, when it was finalised, summary. */
function ReportFacts({ report }: { report: Report }) {
  return (
    <List mode="card" header="报告信息" className="report-facts">
      <List.Item extra={report.topic}>调研主题</List.Item>
      <List.Item extra={report.authors.map((a) => a.name).join('、')}>执笔人</List.Item>
      <List.Item description={report.places.length ? report.places.join('、') : '未填写'}>调研地点、单位</List.Item>
      <List.Item extra={formatDate(report.finishedOn)}>调研完成日期</List.Item>
      <List.Item extra={report.recordedBy.name}>登记人</List.Item>
      {report.finalisedAt ? <List.Item extra={formatInstant(report.finalisedAt)}>定稿时间</List.Item> : null}
      <List.Item description={<p className="pre-wrap">{report.summary ?? '未填写'}</p>}>报告摘要</List.Item>
    </List>
  );
}

/**
 * One 调研报告: its facts and problems; for 督查室 and 会务 修改, 定稿 (after a confirmation) and the problems'
 * changes; for 督查室, each problem of a final report 转为督办事项, then its matter's number, linking to the matter.
 */
export function ReportPage() {
  const params = useParams();
  const id = Number(params.id);
  usePageTitle('调研报告');
  const { user } = useMe();
  const report = useRequest((signal) => getReport(id, signal), [id]);
  const canRecord = hasRole(user, 'supervision_office', 'meeting_office');
  const org = useRequest((signal) => (canRecord ? getOrganisation(signal) : Promise.resolve(null)), [canRecord]);
  const [editing, setEditing] = useState(false);

  const finalise = async (r: Report) => {
    const confirmed = await Dialog.confirm({
      title: '确认定稿',
      content: '定稿后计入“形成调研报告”统计，存在问题可转为督办事项。',
      confirmText: '定稿',
    });
    if (confirmed) await toastAction(() => finaliseReport(r.id), '已定稿', report.reload);
  };

  return (
    <RecordState id={id} missing="没有这份调研报告" record={report}>
      {(r) => (
        <div className="page report-page">
          <RecordHead title={r.title}>
            <ReportStatusTag report={r} />
            <KindTag>{r.topic}</KindTag>
          </RecordHead>
          <ReportFacts report={r} />
          {canRecord && org.data ? (
            <div className="report-actions">
              <Button color="primary" fill="outline" onClick={() => setEditing(true)}>
                修改
              </Button>
              {r.status === 'draft' ? (
                <Button color="primary" onClick={() => finalise(r)}>
                  定稿
                </Button>
              ) : null}
            </div>
          ) : null}
          <ProblemsSection
            report={r}
            org={org.data ?? null}
            canRecord={canRecord}
            mayTurn={hasRole(user, 'supervision_office')}
            onChanged={report.reload}
          />
          {org.data ? (
            <ReportForm
              visible={editing}
              report={r}
              org={org.data}
              userId={user.id}
              onClose={() => setEditing(false)}
              save={(body) => editReport(r.id, body)}
              onSaved={() => report.reload()}
            />
          ) : null}
        </div>
      )}
    </RecordState>
  );
}
