import { Form, Selector, Stepper, Switch, TextArea, Toast } from 'antd-mobile';
import { FormPopup } from '@/components/form-popup';
import { PersonField, PersonPicker } from '@/components/person-picker';
import type { Organisation } from '@/lib/organisation';
import { type DutyShift, editShift, generateRoster, type Roster } from '../api/roster';

interface GenerateValues {
  period: string[];
  leaderUserIds: string[];
  staffUserIds: string[];
  staffPerShift: number;
  overwrite: boolean;
}

/** The holiday periods within the month (consecutive 法定节假日 days of one name), to generate apart from the month. */
export function holidayPeriods(roster: Roster): { label: string; from: string; to: string }[] {
  const runs: { label: string; from: string; to: string }[] = [];
  roster.days.forEach((day, i) => {
    if (day.status !== 'holiday') return;
    const last = runs[runs.length - 1];
    if (last && last.label === day.label && last.to === roster.days[i - 1]?.date) last.to = day.date;
    else runs.push({ label: day.label, from: day.date, to: day.date });
  });
  return runs;
}

const periodText = (p: { label: string; from: string; to: string }) =>
  `${p.label}（${Number(p.from.slice(5, 7))}月${Number(p.from.slice(8))}日至${Number(p.to.slice(8))}日）`;

/** 生成值班表: the fair rotation for the month or one of its holiday periods. */
export function GenerateForm({
  roster,
  org,
  visible,
  onClose,
  onDone,
}: {
  roster: Roster;
  org: Organisation;
  visible: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const periods = holidayPeriods(roster);
  const options = [
    { label: '整月', value: 'month' },
    ...periods.map((p) => ({ label: periodText(p), value: `${p.from}/${p.to}` })),
  ];
  return (
    <FormPopup<GenerateValues>
      visible={visible}
      title={`生成${Number(roster.month.slice(5))}月值班表`}
      submitText="生成"
      onClose={onClose}
      initialValues={{ period: ['month'], leaderUserIds: [], staffUserIds: [], staffPerShift: 1, overwrite: false }}
      onSubmit={async (v) => {
        const [from, to] = (v.period[0] ?? 'month').split('/');
        const result = await generateRoster({
          ...(to ? { from, to } : { month: roster.month }),
          leaderUserIds: v.leaderUserIds,
          staffUserIds: v.staffUserIds,
          staffPerShift: v.staffPerShift,
          overwrite: v.overwrite,
        });
        Toast.show({
          icon: 'success',
          content: `已排${result.created}个班次${result.kept ? `，保留手工调整${result.kept}个` : ''}`,
        });
        onDone();
      }}
    >
      <Form.Item name="period" label="排班范围" rules={[{ required: true, message: '请选择排班范围' }]}>
        <Selector options={options} />
      </Form.Item>
      <Form.Item
        name="leaderUserIds"
        label="带班领导（轮流）"
        rules={[{ type: 'array', min: 2, message: '带班领导至少需要2人' }]}
      >
        <PersonPicker org={org} multiple title="选择带班领导" placeholder="点击选择带班领导（可多选）" />
      </Form.Item>
      <Form.Item
        name="staffUserIds"
        label="值班人员（轮流）"
        rules={[{ type: 'array', min: 2, message: '值班人员至少需要2人' }]}
      >
        <PersonPicker org={org} multiple title="选择值班人员" placeholder="点击选择值班人员（可多选）" />
      </Form.Item>
      <Form.Item name="staffPerShift" label="每班值班人数">
        <Stepper min={1} max={5} digits={0} />
      </Form.Item>
      <Form.Item
        name="overwrite"
        label="覆盖已手工调整的班次"
        valuePropName="checked"
        description="默认保留手工调整过的班次，其余班次重新轮排"
      >
        <Switch />
      </Form.Item>
    </FormPopup>
  );
}

interface EditValues {
  leaderUserId: string;
  staffUserIds: string[];
  reason?: string;
}

/** 调整班次: the people of one shift, set by hand (kept when the month is generated again). */
export function EditShiftForm({
  target,
  org,
  onClose,
  onDone,
}: {
  target: { date: string; kind: DutyShift['kind']; label: string; shift: DutyShift | null } | null;
  org: Organisation;
  onClose: () => void;
  onDone: () => void;
}) {
  return (
    <FormPopup<EditValues>
      visible={target !== null}
      title={target ? `调整 ${Number(target.date.slice(5, 7))}月${Number(target.date.slice(8))}日 ${target.label}` : ''}
      submitText="保存"
      onClose={onClose}
      initialValues={{
        leaderUserId: target?.shift?.leader.id,
        staffUserIds: target?.shift?.staff.map((p) => p.id) ?? [],
      }}
      onSubmit={async (v) => {
        if (!target) return;
        await editShift(target.date, target.kind, {
          leaderUserId: v.leaderUserId,
          staffUserIds: v.staffUserIds,
          ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
        });
        Toast.show({ icon: 'success', content: '班次已调整' });
        onDone();
      }}
    >
      <Form.Item name="leaderUserId" label="带班领导" rules={[{ required: true, message: '请选择带班领导' }]}>
        <PersonField org={org} title="选择带班领导" placeholder="点击选择带班领导" />
      </Form.Item>
      <Form.Item
        name="staffUserIds"
        label="值班人员"
        rules={[{ type: 'array', min: 1, message: '请至少安排一名值班人员' }]}
      >
        <PersonPicker org={org} multiple title="选择值班人员" placeholder="点击选择值班人员（可多选）" />
      </Form.Item>
      <Form.Item name="reason" label="调整说明（选填）">
        <TextArea maxLength={200} rows={2} placeholder="如：换班、请假、节日期间加强值守" />
      </Form.Item>
    </FormPopup>
  );
}
