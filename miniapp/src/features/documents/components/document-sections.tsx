import { Card, List, Steps, Tag } from 'antd-mobile';
import { DeadlineTag } from '@/components/deadline-tag';
import { EstimateMark } from '@/components/estimate-mark';
import { formatDate, formatInstant } from '@/lib/dates';
import type { DocumentDetail, TimelineStep } from '../api/documents';
import { deadlineStateOf } from './timing';

type Timeline = DocumentDetail['timeline'];

/** 办理时限: each deadline the document runs against, still running or met. */
export function DeadlineList({ limits }: { limits: DocumentDetail['limits'] }) {
  return (
    <List header="办理时限" mode="card" className="limits">
      {limits.map((l) => {
        const state = deadlineStateOf(l);
        return (
          <List.Item
            key={`${l.label}-${l.dueAt}`}
            description={
              <>
                {`时限：${formatDate(l.dueDate)}`}
                {l.estimated ? <EstimateMark date={l.dueDate} /> : null}
                {l.status === 'closed' ? ` · 用时${l.workdays}个工作日` : ''}
              </>
            }
            extra={
              state ? (
                <DeadlineTag state={state} />
              ) : (
                <Tag color={l.metOnTime === false ? 'danger' : l.metOnTime ? 'success' : 'default'} fill="outline">
                  {l.outcomeLabel}
                </Tag>
              )
            }
          >
            {l.label}
          </List.Item>
        );
      })}
    </List>
  );
}

/** 办理流程: start, each step with its outcome and deadline, and end; the linked step (`?step=`) is highlighted. */
export function DocumentTimeline({ timeline, highlighted }: { timeline: Timeline; highlighted: number }) {
  const current = timeline.findIndex((t) => t.type === 'step' && t.status === 'open');
  return (
    <Card title="办理流程" className="history">
      <Steps direction="vertical" current={current >= 0 ? current : timeline.length - 1}>
        {timeline.map((t) => {
          if (t.type === 'start') {
            return (
              <Steps.Step
                key="start"
                status="finish"
                title={`${t.stageLabel}${t.userName ? ` · ${t.userName}` : ''}`}
                description={formatInstant(t.at)}
              />
            );
          }
          if (t.type === 'end') {
            return (
              <Steps.Step
                key="end"
                status="finish"
                title={t.stageLabel}
                description={t.at ? formatInstant(t.at) : ''}
              />
            );
          }
          return stepOf(t, highlighted);
        })}
      </Steps>
    </Card>
  );
}

/** A step as an element, not a component: `Steps` gives its direct children their status and icon. */
function stepOf(t: TimelineStep, highlighted: number) {
  const state = deadlineStateOf(t.deadline);
  return (
    <Steps.Step
      key={t.stepId}
      status={t.status === 'open' ? 'process' : t.result === 'refuse' ? 'error' : 'finish'}
      className={t.stepId === highlighted ? 'step-highlighted' : undefined}
      title={
        <span>
          {t.stageLabel ?? t.nodeName ?? '审批'}
          {t.assigneeName ? ` · ${t.assigneeName}` : ''}
          {t.departmentName ? `（${t.departmentName}）` : ''}
        </span>
      }
      description={
        <div className="step-description">
          <div>
            {t.statusLabel}
            {t.result ? ` · ${t.result === 'refuse' ? '拒绝' : '同意'}` : ''} · {formatInstant(t.startedAt)}
            {t.finishedAt ? ` 至 ${formatInstant(t.finishedAt)}` : ''}（{t.workdays}个工作日）
          </div>
          {t.comment ? <div>意见：{t.comment}</div> : null}
          {t.deadline ? <div>时限：{formatDate(t.deadline.dueDate)}</div> : null}
          {t.deadlineNote ? <div>{t.deadlineNote}</div> : null}
          {state ? <DeadlineTag state={state} /> : null}
          {t.outcomeLabel ? (
            <Tag
              color={t.outcome === 'late' ? 'danger' : t.outcome === 'on_time' ? 'success' : 'default'}
              fill="outline"
            >
              {t.outcomeLabel}
            </Tag>
          ) : null}
        </div>
      }
    />
  );
}
