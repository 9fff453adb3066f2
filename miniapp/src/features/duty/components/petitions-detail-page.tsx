import { Button, Dialog, List, Popup, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { FormPopup } from '@/components/form-popup';
import { LoadFailed, Loading } from '@/components/page-state';
import { pickedUnits, UnitFields, type UnitValues } from '@/components/unit-fields';
import { usePageTitle } from '@/hooks/use-page-title';
import { errorText } from '@/lib/api-client';
import { useMe } from '@/lib/auth';
import { dateOfInstant, formatInstant } from '@/lib/dates';
import { getOrganisation, unitOptions } from '@/lib/organisation';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { editVisit, getVisit, getVisits, linkRepeat, turnIntoMatter, type Visit } from '../api/petitions';
import { VisitForm } from './petitions-form';
import { VisitItem } from './petitions-page';
import './petitions.css';

/** 标记重复访: the visits of the year before this one, to pick the earlier visit of the same petitioners. */
function RepeatPicker({ visit, onClose, onLinked }: { visit: Visit; onClose: () => void; onLinked: () => void }) {
  const to = dateOfInstant(visit.visitedAt);
  const from = `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`;
  const earlier = useRequest((signal) => getVisits({ from, to, limit: 200 }, signal), [from, to]);
  const candidates = (earlier.data?.visits ?? []).filter((v) => v.id !== visit.id && v.visitedAt < visit.visitedAt);
  return (
    <Popup visible onMaskClick={onClose} bodyClassName="form-popup">
      <div className="form-popup-title">选择同一来访人的前次来访</div>
      {earlier.error ? <LoadFailed error={earlier.error} onRetry={earlier.reload} /> : null}
      {!earlier.data && !earlier.error ? <Loading /> : null}
      <List className="repeat-candidates">
        {earlier.data && candidates.length === 0 ? <List.Item>一年内没有更早的来访登记</List.Item> : null}
        {candidates.map((v) => (
          <VisitItem
            key={v.id}
            visit={v}
            onClick={async () => {
              try {
                await linkRepeat(visit.id, v.id);
                Toast.show({ content: '已标记为重复访' });
                onLinked();
              } catch (err) {
                Toast.show({ content: errorText(err) });
              }
            }}
          />
        ))}
      </List>
    </Popup>
  );
}

/** The visit's facts, as the reader may see them. */
function VisitFacts({ visit }: { visit: Visit }) {
  const navigate = useNavigate();
  return (
    <List mode="card" header="来访登记">
      <List.Item extra={formatInstant(visit.visitedAt)}>接待时间</List.Item>
      <List.Item extra={`${visit.petitioners}人次`}>
        来访人数 {visit.collective ? <Tag color="danger">集体访</Tag> : null}
      </List.Item>
      <List.Item extra={visit.representativeName} description={visit.personalHidden ? '个人信息已隐去' : undefined}>
        来访人（代表）
      </List.Item>
      <List.Item extra={visit.representativeContact ?? '未登记'}>联系方式</List.Item>
      <List.Item description={visit.content}>反映事项</List.Item>
      <List.Item extra={visit.unit?.name ?? '未填写'}>涉及单位</List.Item>
      <List.Item description={visit.handling ?? '未填写'}>处理情况</List.Item>
      <List.Item extra={visit.outcomeName ?? '待处理'}>处理结果</List.Item>
      {visit.matter ? (
        <List.Item
          onClick={() => navigate(`/m/matter/${visit.matter?.id}`)}
          extra={visit.matter.statusName}
          description="已转为督办事项"
        >
          {visit.matter.number}
        </List.Item>
      ) : null}
      {visit.earlierVisit ? (
        <List.Item
          onClick={() => navigate(`/m/petition/${visit.earlierVisit?.id}`)}
          description={formatInstant(visit.earlierVisit.visitedAt)}
        >
          重复访：前次来访
        </List.Item>
      ) : null}
      {visit.laterVisitIds.map((id) => (
        <List.Item key={id} onClick={() => navigate(`/m/petition/${id}`)}>
          后续来访（登记第{id}号）
        </List.Item>
      ))}
      <List.Item extra={visit.recordedBy.name}>登记人</List.Item>
    </List>
  );
}

/**
 * One visit: its facts (the representative masked for leaders), its repeat link, and for 督查室 and 会务 修改 and 标记重复访;
 * for 督查室 转为督办事项 — the matter (信访, its deadline from the 信访 rule) made after a confirmation, once.
 */
export function PetitionPage() {
  const { id } = useParams();
  usePageTitle('来访登记');
  const { user } = useMe();
  const visit = useRequest((signal) => getVisit(Number(id), signal), [id]);
  const canRecord = hasRole(user, 'supervision_office', 'meeting_office');
  const org = useRequest((signal) => (canRecord ? getOrganisation(signal) : Promise.resolve(null)), [canRecord]);
  const [open, setOpen] = useState<'edit' | 'repeat' | 'turn' | null>(null);
  const close = () => setOpen(null);

  if (visit.error && !visit.data) return <LoadFailed error={visit.error} onRetry={visit.reload} />;
  if (!visit.data) return <Loading />;
  const v = visit.data;
  const units = org.data ? unitOptions(org.data) : [];

  return (
    <div className="page petition-page">
      <VisitFacts visit={v} />
      {canRecord && org.data ? (
        <div className="petition-actions">
          <Button color="primary" fill="outline" onClick={() => setOpen('edit')}>
            修改
          </Button>
          {v.earlierVisit ? (
            <Button
              fill="outline"
              onClick={async () => {
                if (!(await Dialog.confirm({ content: '取消与前次来访的关联？' }))) return;
                try {
                  await linkRepeat(v.id, null);
                  visit.reload();
                } catch (err) {
                  Toast.show({ content: errorText(err) });
                }
              }}
            >
              取消重复访
            </Button>
          ) : (
            <Button fill="outline" onClick={() => setOpen('repeat')}>
              标记重复访
            </Button>
          )}
          {v.canTurn ? (
            <Button color="primary" onClick={() => setOpen('turn')}>
              转为督办事项
            </Button>
          ) : null}
        </div>
      ) : null}
      {org.data ? (
        <VisitForm
          visible={open === 'edit'}
          visit={v}
          units={units}
          onClose={close}
          save={(body) => editVisit(v.id, body)}
          onSaved={() => visit.reload()}
        />
      ) : null}
      {open === 'repeat' ? (
        <RepeatPicker
          visit={v}
          onClose={close}
          onLinked={() => {
            close();
            visit.reload();
          }}
        />
      ) : null}
      <FormPopup<UnitValues>
        visible={open === 'turn'}
        title="转为督办事项（信访）"
        submitText="确认转办"
        onClose={close}
        initialValues={{ lead: v.unit ? [v.unit.id] : [] }}
        onSubmit={async (values) => {
          const confirmed = await Dialog.confirm({
            title: '确认转为督办事项',
            content: '将生成信访督办事项，办理期限按信访事项时限自动计算，转办后不能撤回。',
            confirmText: '确认转办',
          });
          if (!confirmed) return;
          await turnIntoMatter(v.id, pickedUnits(values));
          Toast.show({ content: '已转为督办事项' });
          visit.reload();
        }}
      >
        <p className="muted turn-hint">办理期限按信访事项时限自动计算（受理告知、办结）。</p>
        <UnitFields units={units} />
      </FormPopup>
    </div>
  );
}
