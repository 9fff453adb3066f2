import { Form, Input, NoticeBar, Selector, TextArea, Toast } from 'antd-mobile';
import { Navigate, useNavigate, useParams } from 'react-router';
import { FormFooter, scrollToFirstError, useSubmit } from '@/components/form-popup';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { PersonPicker } from '@/components/person-picker';
import { usePageTitle } from '@/hooks/use-page-title';
import { useMe } from '@/lib/auth';
import { fromLocalInput, toLocalInput } from '@/lib/dates';
import { getOrganisation, type Organisation, unitOptions } from '@/lib/organisation';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { createMeeting, getMeeting, getMeetingTypes, type MeetingDetail, updateMeeting } from '../api/meetings';

interface Values {
  type: string[];
  title: string;
  startsAt: string;
  endsAt?: string;
  place?: string;
  agenda?: string;
  confirmBy?: string;
  people?: string[];
  units?: string[];
  presider?: string[];
}

type Types = Awaited<ReturnType<typeof getMeetingTypes>>;

/** 新建会议 (/m/meetings/new), or a draft changed or adopted from DingTalk (/m/meeting/:id/edit). */
export function MeetingFormPage() {
  const params = useParams();
  const id = params.id ? Number(params.id) : null;
  const { user } = useMe();
  const data = useRequest(
    async (signal) => {
      const [types, org, meeting] = await Promise.all([
        getMeetingTypes(signal),
        getOrganisation(signal),
        id ? getMeeting(id, signal) : Promise.resolve(null),
      ]);
      return { types, org, meeting };
    },
    [id],
  );
  const adopting = !!data.data?.meeting && data.data.meeting.origin !== 'duban';
  // Official types (区政府常务会议…) are for 会务 and the 督查室; others see them only on a meeting that has one.
  const mayOfficial = hasRole(user, 'meeting_office', 'supervision_office');
  usePageTitle(id ? (adopting ? '认领会议' : '修改会议') : '新建会议');

  if (!id && !hasRole(user, 'meeting_office')) return <Navigate to="/m/meetings" replace />;
  if (data.error && !data.data) return <LoadFailed error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const { meeting } = data.data;
  if (meeting && (!meeting.canManage || meeting.status !== 'draft')) {
    return <Empty text="会议通知已发出或您无权修改该会议" />;
  }
  const types = data.data.types.filter((t) => mayOfficial || !t.official || t.code === meeting?.type);
  return <MeetingForm types={types} org={data.data.org} meeting={meeting} adopting={adopting} />;
}

const instantOf = (local: string) => Date.parse(fromLocalInput(local));
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function initialValues(meeting: MeetingDetail | null, types: Types): Partial<Values> {
  if (!meeting) return { type: types[0] ? [types[0].code] : [] };
  return {
    type: [meeting.type],
    title: meeting.title,
    startsAt: toLocalInput(meeting.startsAt),
    endsAt: meeting.endsAt ? toLocalInput(meeting.endsAt) : undefined,
    place: meeting.place ?? undefined,
    agenda: meeting.agenda ?? undefined,
    confirmBy: meeting.confirmBy ? toLocalInput(meeting.confirmBy) : undefined,
    people: meeting.attendees.filter((a) => a.userId && !a.substituteForId).map((a) => a.userId as string),
    units: meeting.attendees.filter((a) => !a.userId && a.departmentId).map((a) => a.departmentId as string),
    presider: meeting.presider ? [meeting.presider.id] : [],
  };
}

const TITLE_RULES = [
  { required: true, whitespace: true, message: '请填写会议名称' },
  {
    validator: async (_rule: unknown, value?: string) => {
      if (value?.trim() && value.trim().length < 2) throw new Error('会议名称至少2个字');
    },
  },
];

const STARTS_AT_RULES = [
  { required: true, message: '请选择会议开始时间' },
  {
    validator: async (_rule: unknown, value?: string) => {
      if (!value) return;
      if (!LOCAL.test(value)) throw new Error('请填写正确的时间');
      if (instantOf(value) <= Date.now()) throw new Error('会议开始时间不能早于当前时间');
    },
  },
];

/** `start` reads the start time the form holds when the rule runs. */
const endsAtRules = (start: () => string | undefined) => [
  {
    validator: async (_rule: unknown, value?: string) => {
      const from = start();
      if (value && from && instantOf(value) <= instantOf(from)) throw new Error('结束时间应晚于开始时间');
    },
  },
];

const confirmByRules = (start: () => string | undefined) => [
  {
    validator: async (_rule: unknown, value?: string) => {
      if (!value) return;
      const from = start();
      if (from && instantOf(value) >= instantOf(from)) throw new Error('回执截止时间应早于会议开始时间');
      if (instantOf(value) <= Date.now()) throw new Error('回执截止时间不能早于当前时间');
    },
  },
];

/** Saves the form as a new meeting or onto the draft, then opens the meeting; a refusal stays on the form. */
function useSaveMeeting(meeting: MeetingDetail | null) {
  const navigate = useNavigate();
  const { busy, failure, run } = useSubmit();

  const submit = async (v: Values) => {
    const input = {
      type: v.type[0] as string,
      title: v.title.trim(),
      startsAt: fromLocalInput(v.startsAt),
      endsAt: v.endsAt ? fromLocalInput(v.endsAt) : null,
      place: v.place?.trim() || null,
      agenda: v.agenda?.trim() || null,
      confirmBy: v.confirmBy ? fromLocalInput(v.confirmBy) : null,
      attendeeUserIds: v.people ?? [],
      attendeeDepartmentIds: v.units ?? [],
      presiderUserId: v.presider?.[0] ?? null,
    };
    await run(async () => {
      const saved = meeting ? await updateMeeting(meeting.id, input) : await createMeeting(input);
      Toast.show({ icon: 'success', content: '会议已保存，请核对后发送通知' });
      navigate(`/m/meeting/${saved.id}`, { replace: true });
    });
  };
  return { busy, failure, submit };
}

function MeetingForm({
  types,
  org,
  meeting,
  adopting,
}: {
  types: Types;
  org: Organisation;
  meeting: MeetingDetail | null;
  adopting: boolean;
}) {
  const [form] = Form.useForm<Values>();
  const { busy, failure, submit } = useSaveMeeting(meeting);
  const start = () => form.getFieldValue('startsAt') as string | undefined;

  return (
    <div className="page meeting-form-page">
      {adopting ? <NoticeBar content="该会议来自钉钉日程，请补充会议类型和参会人员后保存，再发送通知" /> : null}
      <Form
        form={form}
        layout="vertical"
        mode="card"
        initialValues={initialValues(meeting, types)}
        onFinish={submit}
        onFinishFailed={scrollToFirstError}
        footer={<FormFooter failure={failure} busy={busy} submitText="保存" />}
      >
        <Form.Item name="type" label="会议类型" rules={[{ required: true, message: '请选择会议类型' }]}>
          <Selector columns={2} options={types.map((t) => ({ label: t.name, value: t.code }))} />
        </Form.Item>
        <Form.Item name="title" label="会议名称" rules={TITLE_RULES}>
          <Input placeholder="如：区政府第12次常务会议" maxLength={200} clearable />
        </Form.Item>
        <Form.Item name="startsAt" label="开始时间" rules={STARTS_AT_RULES}>
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item name="endsAt" label="结束时间（选填）" dependencies={['startsAt']} rules={endsAtRules(start)}>
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item name="place" label="会议地点">
          <Input placeholder="如：区政府第一会议室" maxLength={200} clearable />
        </Form.Item>
        <Form.Item name="agenda" label="会议议程">
          <TextArea placeholder="议题及汇报单位" rows={4} maxLength={5000} />
        </Form.Item>
        <Form.Item
          name="confirmBy"
          label="回执截止时间（不填则为会前2小时）"
          dependencies={['startsAt']}
          rules={confirmByRules(start)}
        >
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item name="presider" label="主持人（选填）">
          <PersonPicker org={org} title="选择主持人" placeholder="点击选择主持人" />
        </Form.Item>
        <Form.Item name="people" label="参会人员">
          <PersonPicker org={org} multiple title="选择参会人员" placeholder="点击选择参会人员（可多选）" />
        </Form.Item>
        <Form.Item name="units" label="参会单位（由单位负责人确定参会人员）">
          <Selector columns={2} multiple options={unitOptions(org)} />
        </Form.Item>
      </Form>
    </div>
  );
}
