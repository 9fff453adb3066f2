import { Form, Input, Selector, TextArea, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { FormButton } from '@/components/form-popup';
import { PersonField } from '@/components/person-picker';
import { getOrganisation } from '@/lib/organisation';
import { useRequest } from '@/lib/use-request';
import {
  closeDocument,
  completeStep,
  type PaperRegistration,
  registerPaper,
  type TimelineStep,
} from '../api/documents';

const URGENCIES = [
  { value: 'normal', label: '平件' },
  { value: 'urgent', label: '加急' },
  { value: 'extra_urgent', label: '特急' },
] as const;

/** Where a finished paper step can go: a stage and a person, or back to the office to send on or file. */
const NEXT_STAGES = [
  { value: 'instruct', label: '批办' },
  { value: 'handle', label: '承办' },
  { value: 'propose', label: '拟办' },
  { value: 'office', label: '交办公室' },
] as const;
type NextChoice = (typeof NEXT_STAGES)[number]['value'];

interface RegisterValues {
  title: string;
  docNumber?: string;
  issuingOrg?: string;
  urgency: PaperRegistration['urgency'][];
  proposerUserId?: string;
}

/** 收文登记 (the office): a paper document received, handed to the person who proposes its handling (拟办). */
export function RegisterPaperButton() {
  const navigate = useNavigate();
  const org = useRequest((signal) => getOrganisation(signal), []);
  const submit = async (v: RegisterValues) => {
    const created = await registerPaper({
      title: v.title.trim(),
      ...(v.docNumber?.trim() ? { docNumber: v.docNumber.trim() } : {}),
      ...(v.issuingOrg?.trim() ? { issuingOrg: v.issuingOrg.trim() } : {}),
      urgency: v.urgency[0] ?? 'normal',
      ...(v.proposerUserId ? { proposerUserId: v.proposerUserId } : {}),
    });
    Toast.show({ icon: 'success', content: '已登记' });
    navigate(`/m/document/${created.document.id}`);
  };
  return (
    <FormButton<RegisterValues>
      label="收文登记"
      size="small"
      title="收文登记（纸质来文）"
      submitText="登记"
      initialValues={{ urgency: ['normal'] }}
      onSubmit={submit}
    >
      <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写公文标题' }]}>
        <Input maxLength={300} placeholder="来文标题" />
      </Form.Item>
      <Form.Item name="docNumber" label="文号">
        <Input maxLength={100} placeholder="如 市应急发〔2026〕40号" />
      </Form.Item>
      <Form.Item name="issuingOrg" label="来文单位">
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="urgency" label="紧急程度" rules={[{ required: true, message: '请选择紧急程度' }]}>
        <Selector columns={3} options={[...URGENCIES]} />
      </Form.Item>
      {org.data ? (
        <Form.Item name="proposerUserId" label="拟办人（不选则由登记人分送）">
          <PersonField org={org.data} title="选择拟办人" placeholder="选择拟办人" />
        </Form.Item>
      ) : null}
    </FormButton>
  );
}

interface SendOnValues {
  comment?: string;
  next: NextChoice[];
  assigneeUserId?: string;
}

/** 办理完毕，送…: the holder's step done and the document sent on in one action, so it always has a handler. */
export function SendOnButton({ step, onChanged }: { step: TimelineStep; onChanged: () => void }) {
  const [form] = Form.useForm();
  const org = useRequest((signal) => getOrganisation(signal), []);
  const toOffice = (Form.useWatch('next', form) as NextChoice[] | undefined)?.[0] === 'office';
  const submit = async (v: SendOnValues) => {
    const stage = v.next[0];
    const next = stage && stage !== 'office' && v.assigneeUserId ? { stage, assigneeUserId: v.assigneeUserId } : null;
    await completeStep(step.stepId, v.comment?.trim() ?? '', next);
    Toast.show({ icon: 'success', content: next ? '已办理完毕并送出' : '已办理完毕，交办公室' });
    onChanged();
  };
  return (
    <FormButton<SendOnValues>
      label="办理完毕，送…"
      form={form}
      title="办理完毕，送下一环节"
      submitText="确认送出"
      onSubmit={submit}
    >
      <Form.Item name="comment" label="办理意见（选填）">
        <TextArea rows={3} maxLength={1000} showCount />
      </Form.Item>
      <Form.Item name="next" label="送" rules={[{ required: true, message: '请选择下一环节' }]}>
        <Selector columns={4} options={NEXT_STAGES.filter((s) => s.value !== 'office' || step.stage !== 'register')} />
      </Form.Item>
      {org.data && !toOffice ? (
        <Form.Item name="assigneeUserId" label="办理人" rules={[{ required: true, message: '请选择办理人' }]}>
          <PersonField org={org.data} title="选择办理人" placeholder="选择办理人" />
        </Form.Item>
      ) : null}
    </FormButton>
  );
}

/** 办结归档 (the office): the paper document is done; whatever step is still open closes with it. */
export function CloseDocumentButton({ documentId, onChanged }: { documentId: number; onChanged: () => void }) {
  const submit = async ({ comment }: { comment?: string }) => {
    await closeDocument(documentId, comment?.trim() ?? '');
    Toast.show({ icon: 'success', content: '已办结归档' });
    onChanged();
  };
  return (
    <FormButton<{ comment?: string }>
      label="办结归档"
      fill="outline"
      title="办结归档"
      submitText="确认办结"
      onSubmit={submit}
    >
      <Form.Item name="comment" label="办结说明（选填）">
        <TextArea rows={3} maxLength={1000} showCount />
      </Form.Item>
    </FormButton>
  );
}
