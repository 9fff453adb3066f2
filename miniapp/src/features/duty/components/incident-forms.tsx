import { Form, Input, Selector, TextArea } from 'antd-mobile';
import { FormPopup, requiredText } from '@/components/form-popup';
import { fromLocalInput, toLocalInput } from '@/lib/dates';
import {
  addIncidentReport,
  INCIDENT_CATEGORIES,
  INCIDENT_LEVELS,
  type Incident,
  type IncidentCategory,
  type IncidentLevel,
  REPORT_CHANNELS,
  REPORT_KINDS,
  type ReportChannel,
  type ReportKind,
  recordIncident,
} from '../api/incidents';

interface IncidentValues {
  level: string[];
  category: string[];
  place: string;
  summary: string;
  source: string;
  occurredAt: string;
  knownAt?: string;
  measures?: string;
}

const picked = [{ required: true, type: 'array' as const, min: 1, message: '请选择' }];

/**
 * 报送突发事件: the few fields a person on duty types on a phone at night — level and class in one tap each, where,
 * what happened, who told us, when it happened (now, unless changed); 接报时间 is now when left empty.
 */
export function IncidentForm({
  visible,
  onClose,
  onSaved,
}: {
  visible: boolean;
  onClose: () => void;
  onSaved: (incident: Incident) => void;
}) {
  return (
    <FormPopup<IncidentValues>
      visible={visible}
      title="报送突发事件"
      submitText="登记并开始计时"
      onClose={onClose}
      initialValues={{ level: [], category: [], occurredAt: toLocalInput(new Date().toISOString()) }}
      onSubmit={async (values) => {
        onSaved(
          await recordIncident({
            level: values.level[0] as IncidentLevel,
            category: values.category[0] as IncidentCategory,
            place: values.place.trim(),
            summary: values.summary.trim(),
            source: values.source.trim(),
            occurredAt: fromLocalInput(values.occurredAt),
            ...(values.knownAt ? { knownAt: fromLocalInput(values.knownAt) } : {}),
            measures: values.measures?.trim() || null,
          }),
        );
      }}
    >
      <Form.Item name="level" label="事件等级" rules={picked}>
        <Selector columns={4} options={INCIDENT_LEVELS.map((l) => ({ ...l }))} />
      </Form.Item>
      <Form.Item name="category" label="事件类别" rules={picked}>
        <Selector columns={2} options={INCIDENT_CATEGORIES.map((c) => ({ ...c }))} />
      </Form.Item>
      <Form.Item name="place" label="事发地点" rules={requiredText('请填写事发地点')}>
        <Input placeholder="如：南山林场" maxLength={200} clearable />
      </Form.Item>
      <Form.Item name="summary" label="事件概要" rules={requiredText('请填写事件概要')}>
        <TextArea placeholder="发生了什么，伤亡和影响范围" rows={3} maxLength={5000} />
      </Form.Item>
      <Form.Item name="source" label="信息来源" rules={requiredText('请填写信息来源')}>
        <Input placeholder="如：区应急管理局值班室" maxLength={200} clearable />
      </Form.Item>
      <Form.Item name="occurredAt" label="事发时间" rules={requiredText('请填写事发时间')}>
        <Input type="datetime-local" />
      </Form.Item>
      <Form.Item name="knownAt" label="接报时间（不填为当前时间）">
        <Input type="datetime-local" />
      </Form.Item>
      <Form.Item name="measures" label="已采取的措施（选填）">
        <TextArea rows={2} maxLength={5000} />
      </Form.Item>
    </FormPopup>
  );
}

interface ReportValues {
  kind: string[];
  recipient: string;
  channel: string[];
  reportedAt?: string;
  content?: string;
}

/** 登记报送: the kind (the next one due chosen), to whom (a suggestion in one tap, or typed), how, when, what. */
export function ReportForm({
  visible,
  incident,
  recipients,
  onClose,
  onSaved,
}: {
  visible: boolean;
  incident: Incident;
  recipients: string[];
  onClose: () => void;
  onSaved: (incident: Incident) => void;
}) {
  const next = incident.limits.find((l) => l.status === 'open')?.kind ?? 'follow_up';
  const [form] = Form.useForm<ReportValues>();
  return (
    <FormPopup<ReportValues>
      visible={visible}
      form={form}
      title="登记报送"
      submitText="保存"
      onClose={onClose}
      initialValues={{ kind: [next], channel: [next === 'phone' ? 'phone' : 'intranet'], recipient: '' }}
      onSubmit={async (values) => {
        onSaved(
          await addIncidentReport(incident.id, {
            kind: values.kind[0] as ReportKind,
            recipient: values.recipient.trim(),
            channel: values.channel[0] as ReportChannel,
            ...(values.reportedAt ? { reportedAt: fromLocalInput(values.reportedAt) } : {}),
            content: values.content?.trim() || null,
          }),
        );
      }}
    >
      <Form.Item name="kind" label="报送类型" rules={picked}>
        <Selector columns={4} options={REPORT_KINDS.map((k) => ({ ...k }))} />
      </Form.Item>
      <Form.Item name="recipient" label="报送对象" rules={requiredText('请填写报送对象')}>
        <Input placeholder="如：区委总值班室" maxLength={100} clearable />
      </Form.Item>
      <div className="incident-suggestions">
        {recipients.map((r) => (
          <button key={r} type="button" onClick={() => form.setFieldValue('recipient', r)}>
            {r}
          </button>
        ))}
      </div>
      <Form.Item name="channel" label="报送方式" rules={picked}>
        <Selector columns={3} options={REPORT_CHANNELS.map((c) => ({ ...c }))} />
      </Form.Item>
      <Form.Item name="reportedAt" label="报送时间（不填为当前时间）">
        <Input type="datetime-local" />
      </Form.Item>
      <Form.Item name="content" label="报送内容（选填）">
        <TextArea rows={2} maxLength={5000} />
      </Form.Item>
    </FormPopup>
  );
}
