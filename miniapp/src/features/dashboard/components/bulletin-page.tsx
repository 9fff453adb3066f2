import { Button, Card, List, Space, Tag } from 'antd-mobile';
import { useParams } from 'react-router';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { formatDate } from '@/lib/dates';
import { openLink } from '@/lib/dingtalk';
import { useRequest } from '@/lib/use-request';
import { bulletinFileUrl, getBulletin } from '../api/dashboard';
import { percent } from './format';

const LIGHT_COLORS = { blue: 'primary', yellow: 'warning', red: 'danger' } as const;

/** One monthly 督查通报: the units ranked, the overdue matters, and the files to download. */
export function BulletinPage() {
  const id = Number(useParams().id);
  const bulletin = useRequest((signal) => getBulletin(id, signal), [id]);
  usePageTitle(bulletin.data?.title ?? '督查通报');
  if (!Number.isInteger(id) || id <= 0) return <Empty text="没有这期通报" />;
  if (bulletin.error) return <LoadFailed error={bulletin.error} onRetry={bulletin.reload} />;
  if (!bulletin.data) return <Loading />;
  const { figures } = bulletin.data;
  const download = (type: 'docx' | 'xlsx') => openLink(new URL(bulletinFileUrl(id, type), window.location.href).href);
  return (
    <div className="page bulletin-page">
      <Card className="matter-head">
        <h1 className="matter-title">{bulletin.data.title}</h1>
        <p className="muted">
          本年累计交办{figures.yearToDate.assigned}项，办结{figures.yearToDate.completed}项，其中按期办结
          {figures.yearToDate.completedOnTime}项；催办{figures.yearToDate.urged}次。
        </p>
        <Space>
          <Button size="small" color="primary" onClick={() => void download('docx')}>
            下载通报（Word）
          </Button>
          <Button size="small" color="primary" fill="outline" onClick={() => void download('xlsx')}>
            下载报表（Excel）
          </Button>
        </Space>
      </Card>

      <List header="各单位办理情况（按排名）" mode="card" className="bulletin-units">
        {[...figures.units]
          .sort((a, b) => (a.rank ?? 999) - (b.rank ?? 999))
          .map((u) => (
            <List.Item
              key={u.departmentId}
              prefix={<span className="rank">{u.rank ?? '—'}</span>}
              description={`新交办${u.newlyAssigned} · 按期${u.completedOnTime} · 逾期办结${u.completedLate} · 逾期未办结${u.overdueOpen}`}
              extra={
                <Space direction="vertical" align="end">
                  <span>{percent(u.onTimeRate)}</span>
                  <Tag color={LIGHT_COLORS[u.light]}>{u.lightName}</Tag>
                </Space>
              }
            >
              {u.name}
            </List.Item>
          ))}
      </List>

      {figures.overdue.length ? (
        <List header="逾期未办结事项" mode="card">
          {figures.overdue.map((o) => (
            <List.Item
              key={o.matterId}
              description={`${o.number} · ${o.unitName} · 时限${formatDate(o.dueDate)} · 催办${o.urged}次`}
              extra={<span className="text-danger">逾期{o.workdaysOverdue}个工作日</span>}
            >
              {o.title}
            </List.Item>
          ))}
        </List>
      ) : null}
    </div>
  );
}
