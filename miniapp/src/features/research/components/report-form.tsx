import { Form, Input, TextArea } from 'antd-mobile';
import { FormPopup, requiredText } from '@/components/form-popup';
import { PersonPicker } from '@/components/person-picker';
import { todayInShanghai } from '@/lib/dates';
import type { Organisation } from '@/lib/organisation';
import type { Report, ReportBody } from '../api/research';

interface ReportValues {
  title: string;
  topic: string;
  authors: string[];
  places?: string;
  finishedOn: string;
  summary?: string;
}

/** Places and units are typed in one line, separated as people write lists: 、，,；; or a new line. */
const PLACE_SEPARATORS = /[、，,；;\n]+/;

export const placesOf = (text: string | undefined): string[] => [
  ...new Set(
    (text ?? '')
      .split(PLACE_SEPARATORS)
      .map((p) => p.trim())
      .filter(Boolean),
  ),
];

/**
 * The people a report's authors are picked from: the office (the unit of kind `office` under the government) and
 * its sections. An address book without such an office offers everyone; authors already named always stay pickable.
 */
export function outsideOffice(org: Organisation, keep: string[]): string[] {
  const office = org.departments.find((d) => d.kind === 'office' && d.parentId !== null);
  if (!office) return [];
  const units = new Set(org.departments.filter((d) => d.id === office.id || d.parentId === office.id).map((d) => d.id));
  return org.users
    .filter((u) => !(u.departmentId && units.has(u.departmentId)) && !keep.includes(u.id))
    .map((u) => u.id);
}

function initialOf(report: Report | null, userId: string): Partial<ReportValues> {
  if (!report) return { authors: [userId], finishedOn: todayInShanghai() };
  return {
    title: report.title,
    topic: report.topic,
    authors: report.authors.map((a) => a.id),
    places: report.places.join('、'),
    finishedOn: report.finishedOn,
    summary: report.summary ?? '',
  };
}

const bodyOf = (v: ReportValues): ReportBody => ({
  title: v.title.trim(),
  topic: v.topic.trim(),
  authorIds: v.authors,
  places: placesOf(v.places),
  finishedOn: v.finishedOn,
  summary: v.summary?.trim() || null,
});

const FINISHED_ON_RULES = [
  { required: true, message: '请填写调研完成日期' },
  {
    validator: async (_rule: unknown, value?: string) => {
      if (value && value > todayInShanghai()) throw new Error('调研完成日期不能晚于今天');
    },
  },
];

/**
 * 新建调研报告 (kept as a draft) or its correction, in a sheet: title, topic, the authors from the office's people,
 * the places and units visited, the date it was finished (today by default, never later), the summary.
 */
export function ReportForm({
  visible,
  report,
  org,
  userId,
  onClose,
  save,
  onSaved,
}: {
  visible: boolean;
  report: Report | null;
  org: Organisation;
  userId: string;
  onClose: () => void;
  save: (body: ReportBody) => Promise<Report>;
  onSaved: (report: Report) => void;
}) {
  const named = report?.authors.map((a) => a.id) ?? [userId];
  return (
    <FormPopup<ReportValues>
      visible={visible}
      title={report ? '修改调研报告' : '新建调研报告'}
      submitText={report ? '保存' : '保存草稿'}
      onClose={onClose}
      initialValues={initialOf(report, userId)}
      onSubmit={async (values) => onSaved(await save(bodyOf(values)))}
    >
      <Form.Item name="title" label="报告标题" rules={requiredText('请填写调研报告标题')}>
        <Input placeholder="如：关于全区营商环境优化情况的调研报告" maxLength={200} clearable />
      </Form.Item>
      <Form.Item name="topic" label="调研主题" rules={requiredText('请填写调研主题')}>
        <Input placeholder="如：营商环境" maxLength={200} clearable />
      </Form.Item>
      <Form.Item
        name="authors"
        label="执笔人"
        rules={[{ required: true, type: 'array', message: '请至少选择一位调研报告执笔人' }]}
      >
        <PersonPicker
          org={org}
          multiple
          pickRequired
          title="选择执笔人"
          placeholder="点击选择执笔人（可多选）"
          exclude={outsideOffice(org, named)}
        />
      </Form.Item>
      <Form.Item name="places" label="调研地点、单位（选填，用顿号分隔）">
        <Input placeholder="如：区行政服务中心、经济开发区" maxLength={1000} clearable />
      </Form.Item>
      <Form.Item name="finishedOn" label="调研完成日期" rules={FINISHED_ON_RULES}>
        <Input type="date" />
      </Form.Item>
      <Form.Item name="summary" label="报告摘要（选填）">
        <TextArea placeholder="调研的主要情况和建议" rows={4} maxLength={20000} />
      </Form.Item>
    </FormPopup>
  );
}
