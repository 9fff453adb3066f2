import { Form, Input, Selector, Stepper, TextArea } from 'antd-mobile';
import { FormPopup, requiredText } from '@/components/form-popup';
import { fromLocalInput, toLocalInput } from '@/lib/dates';
import type { Visit, VisitBody } from '../api/petitions';

/** The form's values: the time as a `datetime-local` value, the unit and outcome as one-item selections. */
interface VisitValues {
  visitedAt?: string;
  petitioners: number;
  representativeName: string;
  representativeContact?: string;
  content: string;
  unit?: string[];
  handling?: string;
  outcome?: string[];
}

const OUTCOMES = [
  { label: '当场答复', value: 'answered' },
  { label: '转交办理', value: 'referred' },
];

/** What the server takes from the form; an empty time means now (a new visit) or unchanged (an edit). */
function bodyOf(values: VisitValues): VisitBody {
  return {
    ...(values.visitedAt ? { visitedAt: fromLocalInput(values.visitedAt) } : {}),
    petitioners: values.petitioners,
    representativeName: values.representativeName.trim(),
    representativeContact: values.representativeContact?.trim() || null,
    content: values.content.trim(),
    departmentId: values.unit?.[0] ?? null,
    handling: values.handling?.trim() || null,
    outcome: (values.outcome?.[0] as VisitBody['outcome']) ?? null,
  };
}

function initialOf(visit: Visit | null): Partial<VisitValues> {
  if (!visit) return { petitioners: 1 };
  return {
    visitedAt: toLocalInput(visit.visitedAt),
    petitioners: visit.petitioners,
    representativeName: visit.representativeName,
    representativeContact: visit.representativeContact ?? '',
    content: visit.content,
    unit: visit.unit ? [visit.unit.id] : [],
    handling: visit.handling ?? '',
    outcome: visit.outcome && visit.outcome !== 'supervised' ? [visit.outcome] : [],
  };
}

/**
 * 来访登记 or its correction, in a sheet: the time (now when left empty), 人次 (five or more is a 集体访), the
 * representative, the matter, the unit it concerns, how it was handled. A visit already turned into a matter keeps
 * its outcome 交办督办, so the choice is not offered.
 */
export function VisitForm({
  visible,
  visit,
  units,
  onClose,
  onSaved,
  save,
}: {
  visible: boolean;
  visit: Visit | null;
  units: { label: string; value: string }[];
  onClose: () => void;
  onSaved: (visit: Visit) => void;
  save: (body: VisitBody) => Promise<Visit>;
}) {
  return (
    <FormPopup<VisitValues>
      visible={visible}
      title={visit ? '修改来访登记' : '登记来访'}
      submitText="保存"
      onClose={onClose}
      initialValues={initialOf(visit)}
      onSubmit={async (values) => {
        const body = bodyOf(values);
        if (visit?.matter) delete body.outcome;
        onSaved(await save(body));
      }}
    >
      <Form.Item name="visitedAt" label={visit ? '接待时间' : '接待时间（不填为当前时间）'}>
        <Input type="datetime-local" />
      </Form.Item>
      <Form.Item
        name="petitioners"
        label="来访人次（5人及以上为集体访）"
        rules={[{ required: true, message: '请填写来访人次' }]}
      >
        <Stepper min={1} max={10000} digits={0} />
      </Form.Item>
      <Form.Item name="representativeName" label="来访人（代表）姓名" rules={requiredText('请填写来访人姓名')}>
        <Input placeholder="来访人姓名" maxLength={50} clearable />
      </Form.Item>
      <Form.Item name="representativeContact" label="联系方式（选填）">
        <Input type="tel" placeholder="手机或固定电话" maxLength={50} clearable />
      </Form.Item>
      <Form.Item name="content" label="反映事项" rules={requiredText('请填写反映事项')}>
        <TextArea placeholder="来访反映的问题和诉求" rows={3} maxLength={5000} />
      </Form.Item>
      <Form.Item name="unit" label="涉及单位（选填）">
        <Selector columns={2} options={units} />
      </Form.Item>
      <Form.Item name="handling" label="处理情况（选填）">
        <TextArea rows={2} maxLength={5000} />
      </Form.Item>
      {visit?.matter ? null : (
        <Form.Item name="outcome" label="处理结果（选填）">
          <Selector columns={2} options={OUTCOMES} />
        </Form.Item>
      )}
    </FormPopup>
  );
}
