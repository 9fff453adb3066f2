import { Button, Form, List, Space, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { FormPopup } from '@/components/form-popup';
import { RecordState } from '@/components/page-state';
import { RecordHead } from '@/components/record-head';
import { usePageTitle } from '@/hooks/use-page-title';
import { formatInstant } from '@/lib/dates';
import { openLink } from '@/lib/dingtalk';
import { useRequest } from '@/lib/use-request';
import { type DocumentDetail, executeStep, getDocument, type TimelineStep } from '../api/documents';
import { DeadlineList, DocumentTimeline } from './document-sections';
import { CloseDocumentButton, SendOnButton } from './paper-forms';

/** One document: its deadlines, the timeline of its steps, and what the signed-in user may do at their step. */
export function DocumentPage() {
  const id = Number(useParams().id);
  const doc = useRequest((signal) => getDocument(id, signal), [id]);
  usePageTitle(doc.data ? `${doc.data.document.kindLabel}办理` : '公文');

  return (
    <RecordState id={id} missing="没有这件公文" record={doc}>
      {(data) => <DocumentView detail={data} onChanged={doc.reload} />}
    </RecordState>
  );
}

function DocumentView({ detail, onChanged }: { detail: DocumentDetail; onChanged: () => void }) {
  const [params] = useSearchParams();
  const highlighted = Number(params.get('step'));
  const { document: doc, limits, timeline } = detail;
  const steps = timeline.filter((t): t is TimelineStep => t.type === 'step');
  const mine = steps.find((s) => s.canExecute || s.canComplete);

  return (
    <div className="page document-page">
      <RecordHead title={doc.title}>
        <Tag fill="outline">{doc.kindLabel}</Tag>
        {doc.urgency !== 'normal' ? <Tag color="danger">{doc.urgencyLabel}</Tag> : null}
        <Tag color="primary">{doc.statusLabel}</Tag>
      </RecordHead>

      {mine?.canComplete || detail.canRoute ? (
        <div className="action-bar">
          <Space wrap>
            {mine?.canComplete ? <SendOnButton step={mine} onChanged={onChanged} /> : null}
            {detail.canRoute ? <CloseDocumentButton documentId={doc.id} onChanged={onChanged} /> : null}
          </Space>
        </div>
      ) : mine ? (
        <StepActions step={mine} onChanged={onChanged} />
      ) : null}
      {doc.link && !mine ? (
        <div className="action-bar">
          <Button color="primary" fill="outline" onClick={() => void openLink(doc.link?.url ?? '')}>
            在钉钉中查看审批
          </Button>
        </div>
      ) : null}

      <List header="基本信息" mode="card">
        {doc.docNumber ? <List.Item extra={doc.docNumber}>文号</List.Item> : null}
        {doc.issuingOrg ? <List.Item extra={doc.issuingOrg}>来文单位</List.Item> : null}
        {doc.departmentName ? <List.Item extra={doc.departmentName}>主办单位</List.Item> : null}
        {doc.originatorName ? (
          <List.Item extra={doc.originatorName}>{doc.kind === 'incoming' ? '登记人' : '拟稿人'}</List.Item>
        ) : null}
        <List.Item extra={formatInstant(doc.receivedAt)}>{doc.kind === 'incoming' ? '收文时间' : '提交时间'}</List.Item>
        {doc.closedAt ? <List.Item extra={formatInstant(doc.closedAt)}>办结时间</List.Item> : null}
      </List>

      {limits.length ? <DeadlineList limits={limits} /> : null}

      <DocumentTimeline timeline={timeline} highlighted={highlighted} />
    </div>
  );
}

/** At the user's own open DingTalk step: open the approval in DingTalk, or approve or refuse it here. */
function StepActions({ step, onChanged }: { step: TimelineStep; onChanged: () => void }) {
  const [open, setOpen] = useState<'agree' | 'refuse' | null>(null);
  const [form] = Form.useForm();
  const close = () => setOpen(null);
  const submit = async ({ comment }: { comment?: string }) => {
    const text = comment?.trim() ?? '';
    if (open) {
      await executeStep(step.stepId, open, text);
      Toast.show({ icon: 'success', content: '已提交，钉钉审批状态更新后刷新' });
    }
    onChanged();
  };
  return (
    <div className="action-bar">
      <Space wrap>
        {step.link ? (
          <Button color="primary" fill="outline" onClick={() => openLink(step.link?.url ?? '').catch(() => undefined)}>
            在钉钉中打开审批
          </Button>
        ) : null}
        {step.canExecute ? (
          <>
            <Button color="primary" onClick={() => setOpen('agree')}>
              同意
            </Button>
            <Button color="danger" fill="outline" onClick={() => setOpen('refuse')}>
              拒绝
            </Button>
          </>
        ) : null}
      </Space>
      <FormPopup<{ comment?: string }>
        visible={open !== null}
        form={form}
        title={open === 'refuse' ? '拒绝（退回）' : '同意'}
        submitText={open === 'refuse' ? '确认拒绝' : '确认提交'}
        onClose={close}
        onSubmit={submit}
      >
        <Form.Item
          name="comment"
          label={open === 'refuse' ? '拒绝理由' : '办理意见（选填）'}
          rules={open === 'refuse' ? [{ required: true, whitespace: true, message: '请填写拒绝理由' }] : []}
        >
          <TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
      </FormPopup>
    </div>
  );
}
