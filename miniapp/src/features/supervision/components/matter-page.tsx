import { Card, List, Tag } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useLocation, useParams } from 'react-router';
import { DeadlineTag } from '@/components/deadline-tag';
import { RecordState } from '@/components/page-state';
import { RecordHead } from '@/components/record-head';
import { usePageTitle } from '@/hooks/use-page-title';
import { useMe } from '@/lib/auth';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { getMatter, type MatterDetail } from '../api/matters';
import { ExtensionDecisionForm, MatterActions } from './matter-actions';
import { deadlineStateOf, LIGHT_COLORS } from './matter-deadline';
import { ExtensionList, MatterBasics, MatterHistory, PeriodList, ReportList } from './matter-sections';

/** One matter: what, who, by when; its progress, extensions and history; and what the user may do now. */
export function MatterPage() {
  const id = Number(useParams().id);
  const me = useMe();
  const matter = useRequest((signal) => getMatter(id, signal), [id]);
  usePageTitle(matter.data ? matter.data.number : '督办事项');

  return (
    <RecordState id={id} missing="没有这个督办事项" record={matter}>
      {(data) => (
        <MatterView
          matter={data}
          onChanged={matter.reload}
          canDecide={hasRole(me.user, 'supervision_office', 'leader')}
        />
      )}
    </RecordState>
  );
}

function MatterView({
  matter,
  onChanged,
  canDecide,
}: {
  matter: MatterDetail;
  onChanged: () => void;
  canDecide: boolean;
}) {
  const me = useMe();
  const [deciding, setDeciding] = useState<number | null>(null);
  const deadline = deadlineStateOf(matter);
  // A link to one report period or extension request (#period-12, #extension-3) scrolls to it and marks it.
  const anchor = useLocation().hash.slice(1);
  useEffect(() => {
    if (anchor) document.querySelector(`[data-anchor="${anchor}"]`)?.scrollIntoView({ block: 'center' });
  }, [anchor]);
  const marked = (key: string) => (key === anchor ? 'anchored' : undefined);
  return (
    <div className="page matter-page">
      <RecordHead title={matter.title}>
        <Tag fill="outline">{matter.sourceName}</Tag>
        <Tag color="primary">{matter.statusName}</Tag>
        <Tag color={LIGHT_COLORS[matter.light]} fill="outline">
          {matter.timelinessName}
        </Tag>
        {deadline ? <DeadlineTag state={deadline} /> : null}
      </RecordHead>

      <MatterActions matter={matter} me={me} onChanged={onChanged} />

      <MatterBasics matter={matter} />

      {matter.content ? (
        <Card title="交办内容" className="text-card">
          <p className="pre-wrap">{matter.content}</p>
        </Card>
      ) : null}

      {matter.periodic && matter.periods.length ? <PeriodList matter={matter} marked={marked} /> : null}

      <ReportList matter={matter} />

      {matter.extensions.length ? (
        <ExtensionList matter={matter} marked={marked} canDecide={canDecide} onDecide={setDeciding} />
      ) : null}

      {matter.reply ? (
        <Card title="办理结果" className="text-card">
          <p className="pre-wrap">{matter.reply}</p>
          {matter.outcomeName ? <p className="muted">办理类别：{matter.outcomeName}</p> : null}
          {matter.satisfactionName ? <p className="muted">代表委员意见：{matter.satisfactionName}</p> : null}
        </Card>
      ) : null}

      {matter.evaluations.length ? (
        <List header="评价" mode="card">
          {matter.evaluations.map((e) => (
            <List.Item key={e.id} extra={e.gradeName} description={e.comment ?? undefined}>
              {e.evaluator.name}
            </List.Item>
          ))}
        </List>
      ) : null}

      <MatterHistory matter={matter} />

      {deciding !== null ? (
        <ExtensionDecisionForm
          matterId={matter.id}
          requestId={deciding}
          onClose={() => setDeciding(null)}
          onChanged={onChanged}
        />
      ) : null}
    </div>
  );
}
