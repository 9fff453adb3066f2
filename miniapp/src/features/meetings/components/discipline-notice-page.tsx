import { Button, Card, List } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { formatDate, formatInstant } from '@/lib/dates';
import { openLink } from '@/lib/dingtalk';
import { useRequest } from '@/lib/use-request';
import { type DisciplineEntry, disciplineDocxUrl, getDisciplineNotice, getDisciplineNotices } from '../api/discipline';
import './discipline.css';

const SITUATION: Record<DisciplineEntry['kind'], string> = {
  late: '迟到',
  absent: '无故缺席',
  unit_absent: '单位未派员参会',
};

/** As the issued notice words it: 迟到N分钟, 无故缺席, 单位未派员参会. */
const situationOf = (e: DisciplineEntry) =>
  e.kind === 'late' && e.minutesLate != null ? `迟到${e.minutesLate}分钟` : SITUATION[e.kind];

/** 违反会风会纪通报: one issued notice, its entries as published, and the Word file. */
export function DisciplineNoticePage() {
  const id = Number(useParams().id);
  const notice = useRequest((signal) => getDisciplineNotice(id, signal), [id]);
  usePageTitle('违反会风会纪通报');
  if (!Number.isInteger(id) || id <= 0) return <Empty text="没有这期通报" />;
  if (notice.error) return <LoadFailed error={notice.error} onRetry={notice.reload} />;
  if (!notice.data) return <Loading />;
  const n = notice.data;
  return (
    <div className="page discipline-page">
      <Card className="discipline-head">
        <div className="muted">
          {n.year}年第{n.number}期
        </div>
        <h1 className="discipline-title">{n.title}</h1>
        <p className="muted">
          通报期间：{formatDate(n.periodStart)}至{formatDate(n.periodEnd)}；印发于{formatInstant(n.issuedAt)}
        </p>
        <Button
          size="small"
          color="primary"
          onClick={() => void openLink(new URL(disciplineDocxUrl(id), window.location.href).href)}
        >
          下载通报（Word）
        </Button>
      </Card>
      <Card title={`通报情况（${n.entries.length}人次）`} className="discipline-head">
        {n.entries.length === 0 ? (
          <Empty text="本期无通报情况" />
        ) : (
          <div className="discipline-table-wrap">
            <table className="discipline-table">
              <thead>
                <tr>
                  <th>序号</th>
                  <th>会议名称</th>
                  <th>会议时间</th>
                  <th>单位</th>
                  <th>姓名</th>
                  <th>情况</th>
                </tr>
              </thead>
              <tbody>
                {n.entries.map((e, i) => (
                  <tr key={e.attendeeId}>
                    <td>{i + 1}</td>
                    <td>{e.meetingTitle}</td>
                    <td>{formatInstant(e.startsAt).replace(' ', '\n')}</td>
                    <td>{e.unit ?? ''}</td>
                    <td>{e.name ?? '—'}</td>
                    <td>{situationOf(e)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}

/** Every 违反会风会纪通报 issued, newest first. */
export function DisciplineNoticesPage() {
  usePageTitle('违反会风会纪通报');
  const navigate = useNavigate();
  const notices = useRequest((signal) => getDisciplineNotices(signal), []);
  if (notices.error) return <LoadFailed error={notices.error} onRetry={notices.reload} />;
  if (!notices.data) return <Loading />;
  return (
    <div className="page discipline-page">
      <List header="违反会风会纪通报" mode="card" className="discipline-notices">
        {notices.data.length === 0 ? <List.Item>尚未印发违反会风会纪通报</List.Item> : null}
        {notices.data.map((n) => (
          <List.Item
            key={n.id}
            onClick={() => navigate(`/m/discipline-notice/${n.id}`)}
            description={`${n.year}年第${n.number}期 · 通报${n.entryCount}人次 · 印发于${formatInstant(n.issuedAt)}`}
          >
            {n.title}
          </List.Item>
        ))}
      </List>
    </div>
  );
}
