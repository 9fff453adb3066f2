import { Button, CapsuleTabs, List, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { useMe } from '@/lib/auth';
import { formatInstant, todayInShanghai } from '@/lib/dates';
import { getOrganisation, unitOptions } from '@/lib/organisation';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { getDutyFigures, getVisits, registerVisit, type Visit } from '../api/petitions';
import { VisitForm } from './petitions-form';
import './petitions.css';

const FILTERS = [
  { key: 'all', title: '全部' },
  { key: 'collective', title: '集体访' },
  { key: 'repeat', title: '重复访' },
  { key: 'open', title: '未转督办' },
] as const;
type FilterKey = (typeof FILTERS)[number]['key'];

/** A visit in the list: when, how many, the matter, its unit and what became of it. */
export function VisitItem({ visit, onClick }: { visit: Visit; onClick: () => void }) {
  return (
    <List.Item
      className="visit-item"
      onClick={onClick}
      description={`${formatInstant(visit.visitedAt)} · ${visit.representativeName}${visit.unit ? ` · ${visit.unit.name}` : ''}`}
      extra={visit.matter ? <Tag color="primary">{visit.matter.number}</Tag> : (visit.outcomeName ?? '待处理')}
    >
      <div className="visit-title">
        {visit.collective ? <Tag color="danger">集体访</Tag> : null}
        {visit.earlierVisit ? <Tag color="warning">重复访</Tag> : null}
        <span>
          {visit.content}（{visit.petitioners}人次）
        </span>
      </div>
    </List.Item>
  );
}

/**
 * 来访接待登记: this year's figures (起、人次、集体访), the visits newest first with their filters, and 登记来访 for
 * 督查室 and 会务. Each visit opens its page (修改, 重复访, 转为督办事项).
 */
export function PetitionsPage() {
  usePageTitle('来访接待');
  const { user } = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = (FILTERS.find((f) => f.key === params.get('filter'))?.key ?? 'all') as FilterKey;
  const today = todayInShanghai();
  const from = `${today.slice(0, 4)}-01-01`;
  const visits = useRequest(
    (signal) =>
      getVisits(
        {
          from,
          to: today,
          limit: 200,
          ...(filter === 'collective' ? { collective: true } : {}),
          ...(filter === 'repeat' ? { repeat: true } : {}),
        },
        signal,
      ),
    [filter, from, today],
  );
  const figures = useRequest((signal) => getDutyFigures(from, today, signal), [from, today]);
  const canRecord = hasRole(user, 'supervision_office', 'meeting_office');
  const org = useRequest((signal) => (canRecord ? getOrganisation(signal) : Promise.resolve(null)), [canRecord]);
  const [adding, setAdding] = useState(false);
  const shown = (visits.data?.visits ?? []).filter((v) => filter !== 'open' || v.matter === null);
  const value = (id: string) => figures.data?.figures.find((f) => f.id === id)?.value ?? 0;

  return (
    <div className="page petitions-page">
      {figures.data ? (
        <section className="duty-figures" aria-label="本年统计">
          <div>
            <strong>{value('duty.petitionVisits')}</strong>起<span className="muted">接待上访群众</span>
          </div>
          <div>
            <strong>{value('duty.petitioners')}</strong>人次<span className="muted">来访人数</span>
          </div>
          <div>
            <strong>{value('duty.collectiveVisits')}</strong>起<span className="muted">集体访</span>
          </div>
        </section>
      ) : null}
      <CapsuleTabs activeKey={filter} onChange={(key) => setParams({ filter: key }, { replace: true })}>
        {FILTERS.map((f) => (
          <CapsuleTabs.Tab key={f.key} title={f.title} />
        ))}
      </CapsuleTabs>
      {canRecord && org.data ? (
        <Button block color="primary" className="visit-add" onClick={() => setAdding(true)}>
          登记来访
        </Button>
      ) : null}
      {visits.error && !visits.data ? <LoadFailed error={visits.error} onRetry={visits.reload} /> : null}
      {!visits.data && !visits.error ? <Loading /> : null}
      {visits.data ? (
        <List mode="card" header={`本年来访（${shown.length}条）`} className="visit-list">
          {shown.length === 0 ? <List.Item>暂无来访登记</List.Item> : null}
          {shown.map((v) => (
            <VisitItem key={v.id} visit={v} onClick={() => navigate(`/m/petition/${v.id}`)} />
          ))}
        </List>
      ) : null}
      <List mode="card">
        <List.Item onClick={() => navigate('/m/calls')} description="值班电话记录与各月来电统计">
          电话记录
        </List.Item>
      </List>
      {org.data ? (
        <VisitForm
          visible={adding}
          visit={null}
          units={unitOptions(org.data)}
          onClose={() => setAdding(false)}
          save={registerVisit}
          onSaved={(visit) => navigate(`/m/petition/${visit.id}`)}
        />
      ) : null}
    </div>
  );
}
