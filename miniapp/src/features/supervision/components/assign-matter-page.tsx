import { Form, Input, Selector, Switch, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { FormFooter, requiredText, scrollToFirstError, useSubmit } from '@/components/form-popup';
import { LoadFailed, Loading } from '@/components/page-state';
import { pickedUnits, UnitFields, type UnitValues } from '@/components/unit-fields';
import { usePageTitle } from '@/hooks/use-page-title';
import { useMe } from '@/lib/auth';
import { todayInShanghai } from '@/lib/dates';
import { getOrganisation, unitOptions } from '@/lib/organisation';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { assignMatter, type MatterSource, SOURCES } from '../api/matters';

interface AssignValues extends UnitValues {
  source: MatterSource[];
  title: string;
  content?: string;
  leader?: string[];
  dueDate?: string;
  urgent?: boolean;
  proposer?: string;
}

/** 交办督办事项, for the supervision office: what, to which unit, from which leader, by when. */
export function AssignMatterPage() {
  usePageTitle('交办督办事项');
  const { user } = useMe();
  const navigate = useNavigate();
  const [form] = Form.useForm<AssignValues>();
  const { busy, failure, run } = useSubmit();
  const [source, setSource] = useState<MatterSource>('leader_instruction');
  const org = useRequest((signal) => getOrganisation(signal), []);

  if (!hasRole(user, 'supervision_office')) return <Navigate to="/m/matters" replace />;
  if (org.error) return <LoadFailed error={org.error} onRetry={org.reload} />;
  if (!org.data) return <Loading />;

  const units = unitOptions(org.data);
  const leaders = org.data.users
    .filter((u) => u.roles.includes('leader'))
    .map((u) => ({ label: `${u.name}${u.title ? `（${u.title}）` : ''}`, value: u.id }));

  const submit = (v: AssignValues) =>
    run(async () => {
      const matter = await assignMatter({
        source: v.source[0] ?? 'leader_instruction',
        title: v.title.trim(),
        content: v.content?.trim() || null,
        ...pickedUnits(v),
        assignedByUserId: v.leader?.[0] ?? null,
        dueDate: v.dueDate || null,
        urgent: v.urgent ?? false,
        proposer: v.proposer?.trim() || null,
      });
      Toast.show({ icon: 'success', content: `已交办：${matter.number}` });
      navigate(`/m/matter/${matter.id}`, { replace: true });
    });

  return (
    <div className="page assign-page">
      <Form
        form={form}
        layout="vertical"
        mode="card"
        initialValues={{ source: ['leader_instruction'], urgent: false }}
        onValuesChange={(changed) => {
          if (changed.source?.[0]) setSource(changed.source[0]);
        }}
        onFinish={submit}
        onFinishFailed={scrollToFirstError}
        footer={<FormFooter failure={failure} busy={busy} submitText="交办" />}
      >
        <Form.Item name="source" label="事项来源" rules={[{ required: true, message: '请选择事项来源' }]}>
          <Selector columns={3} options={SOURCES.map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="title" label="事项标题" rules={requiredText('请填写事项标题')}>
          <Input placeholder="如：推进老旧小区改造项目" maxLength={300} clearable />
        </Form.Item>
        <Form.Item name="content" label="交办内容">
          <TextArea placeholder="领导批示原文或交办要求" rows={4} maxLength={5000} />
        </Form.Item>
        <UnitFields units={units} />
        {leaders.length ? (
          <Form.Item name="leader" label="交办领导">
            <Selector columns={2} options={leaders} />
          </Form.Item>
        ) : null}
        {source === 'leader_instruction' ? (
          <Form.Item name="urgent" label="急件（5个工作日内办结）" valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : null}
        {source === 'npc_suggestion' || source === 'cppcc_proposal' ? (
          <Form.Item name="proposer" label={source === 'npc_suggestion' ? '提出代表' : '提案委员'}>
            <Input maxLength={64} clearable />
          </Form.Item>
        ) : null}
        <Form.Item
          name="dueDate"
          label={source === 'key_work' ? '办理时限' : '办理时限（不填则按规定时限自动计算）'}
          rules={[
            {
              validator: async (_rule, value?: string) => {
                if (!value) {
                  if (source === 'key_work') throw new Error('重点工作请填写办理时限');
                  return;
                }
                if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error('请填写正确的日期');
                if (value < todayInShanghai()) throw new Error('办理时限不能早于今天');
              },
            },
          ]}
        >
          <Input type="date" />
        </Form.Item>
      </Form>
    </div>
  );
}
