import { Card, Input, List, Switch, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useSubmit } from '@/components/form-popup';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { useRequest } from '@/lib/use-request';
import { listMeetingTypes, type MeetingTypeRow, saveMeetingType } from '../api/settings';
import { SaveFooter } from './save-footer';
import { SplitView } from './split-view';

/** A new type's code, which nobody has to type: the office's own, by when it was made. */
const newCode = () => `office_${Date.now().toString(36)}`;

/** 会议类型: the shipped types renamed or retired, and the office's own added. */
export function MeetingTypesPage() {
  usePageTitle('会议类型');
  const { code } = useParams();
  const navigate = useNavigate();
  const types = useRequest((signal) => listMeetingTypes(signal), []);
  const selected = types.data?.types.find((t) => t.code === code);
  const changed = () => types.reload();
  return (
    <SplitView
      className="admin-meeting-types"
      placeholder="请在左侧选择会议类型"
      onBack={() => navigate('/m/admin/meeting-types')}
      detail={
        code === 'new' ? (
          <TypeForm key="new" onSaved={changed} />
        ) : selected ? (
          <TypeForm key={selected.code} type={selected} onSaved={changed} />
        ) : null
      }
      list={
        types.error && !types.data ? (
          <LoadFailed error={types.error} onRetry={types.reload} />
        ) : !types.data ? (
          <Loading />
        ) : (
          <List mode="card" header="会议类型">
            {types.data.types.map((t) => (
              <List.Item
                key={t.code}
                onClick={() => navigate(`/m/admin/meeting-types/${t.code}`)}
                description={t.builtIn ? '系统内置' : '本办自设'}
                extra={t.active ? undefined : <Tag color="default">已停用</Tag>}
              >
                {t.name}
              </List.Item>
            ))}
            <List.Item onClick={() => navigate('/m/admin/meeting-types/new')}>＋ 新增会议类型</List.Item>
          </List>
        )
      }
    />
  );
}

function TypeForm({ type, onSaved }: { type?: MeetingTypeRow; onSaved: () => void }) {
  const [name, setName] = useState(type?.name ?? '');
  const [sortOrder, setSortOrder] = useState(String(type?.sortOrder ?? 100));
  const [active, setActive] = useState(type?.active ?? true);
  const { busy, failure, setFailure, run } = useSubmit();
  const save = async () => {
    if (name.trim().length < 2) return setFailure('请填写类型名称');
    const order = Number(sortOrder);
    if (!Number.isInteger(order) || order < 0 || order > 10000) return setFailure('排序应为0至10000之间的整数');
    const ok = await run(() =>
      saveMeetingType(type?.code ?? newCode(), { name: name.trim(), sortOrder: order, active }),
    );
    if (ok) {
      Toast.show({ icon: 'success', content: '已保存' });
      onSaved();
    }
  };
  return (
    <div className="admin-meeting-type-form">
      <Card title={type ? type.name : '新增会议类型'}>
        {type?.builtIn ? <p className="muted">系统内置类型可改名或停用，不可删除。</p> : null}
      </Card>
      <List mode="card">
        <List.Item title="名称">
          <Input value={name} onChange={setName} placeholder="如 办公室主任办公会" maxLength={50} />
        </List.Item>
        <List.Item title="排序">
          <Input type="number" value={sortOrder} onChange={setSortOrder} />
        </List.Item>
        <List.Item extra={<Switch checked={active} onChange={setActive} />}>启用</List.Item>
      </List>
      <SaveFooter failure={failure} busy={busy} text="保存" onSave={save} />
    </div>
  );
}
