import { Button, Form, Input, List, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { CardList } from '@/components/card-list';
import { FormPopup, requiredText } from '@/components/form-popup';
import { pickedUnits, UnitFields, type UnitValues } from '@/components/unit-fields';
import { useMe } from '@/lib/auth';
import { formatDate, todayInShanghai } from '@/lib/dates';
import { type Organisation, unitOptions } from '@/lib/organisation';
import { hasRole } from '@/lib/roles';
import { addDecision, type MeetingDetail } from '../api/meetings';

interface DecisionValues extends UnitValues {
  content: string;
  dueDate?: string;
}

/** 议定事项: each becomes a supervised matter (会议议定事项) with its lead unit and due date. */
export function DecisionsSection({
  meeting,
  org,
  canAdd,
  onChanged,
}: {
  meeting: MeetingDetail;
  org: Organisation | undefined;
  canAdd: boolean;
  onChanged: () => void;
}) {
  const navigate = useNavigate();
  const me = useMe();
  const [adding, setAdding] = useState(false);
  // A matter is open to the supervision office, leaders, 会务 (for matters from meetings) and its lead unit.
  const mayOpen = (unit: string | null) =>
    hasRole(me.user, 'supervision_office', 'leader', 'meeting_office') ||
    me.departments.some((d) => d.id === unit) ||
    me.user.roles.some((r) => r.role === 'unit_head' && r.scope === unit);
  if (meeting.decisions.length === 0 && !canAdd) return null;
  const units = org ? unitOptions(org) : [];
  return (
    <>
      <CardList header="议定事项" className="decisions" count={meeting.decisions.length} empty="尚未登记议定事项">
        {meeting.decisions.map((d) => (
          <List.Item
            key={d.id}
            className="decision-item"
            onClick={d.matterId && mayOpen(d.leadDepartmentId) ? () => navigate(`/m/matter/${d.matterId}`) : undefined}
            description={
              <div className="item-meta">
                {d.leadDepartmentName ? <span>牵头：{d.leadDepartmentName}</span> : null}
                {d.dueDate ? <span>时限：{formatDate(d.dueDate)}</span> : null}
              </div>
            }
            extra={d.matterNumber ?? undefined}
          >
            <span className="pre-wrap">{d.content}</span>
          </List.Item>
        ))}
        {canAdd ? (
          <List.Item>
            <Button block color="primary" fill="outline" disabled={!org} onClick={() => setAdding(true)}>
              登记议定事项
            </Button>
          </List.Item>
        ) : null}
      </CardList>
      <FormPopup<DecisionValues>
        visible={adding}
        title="登记议定事项"
        submitText="登记并交办督办"
        onClose={() => setAdding(false)}
        onSubmit={async (v) => {
          await addDecision(meeting.id, {
            content: v.content.trim(),
            ...pickedUnits(v),
            dueDate: v.dueDate || null,
          });
          Toast.show({ icon: 'success', content: '已登记，并作为督办事项交办' });
          onChanged();
        }}
      >
        <Form.Item
          name="content"
          label="议定事项"
          rules={[
            ...requiredText('请填写议定事项内容'),
            {
              validator: async (_rule, value?: string) => {
                if (value?.trim() && value.trim().length < 4) throw new Error('议定事项内容至少4个字');
              },
            },
          ]}
        >
          <TextArea placeholder="会议议定的具体事项和要求" rows={4} maxLength={5000} showCount />
        </Form.Item>
        <UnitFields units={units} />
        <Form.Item
          name="dueDate"
          label="办理时限（不填则按规定时限自动计算）"
          rules={[
            {
              validator: async (_rule, value?: string) => {
                if (!value) return;
                if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error('请填写正确的日期');
                if (value < todayInShanghai()) throw new Error('办理时限不能早于今天');
              },
            },
          ]}
        >
          <Input type="date" />
        </Form.Item>
      </FormPopup>
    </>
  );
}
