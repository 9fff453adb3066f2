import { Button, Dialog, Form, Input, List, Selector, Switch, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { FormPopup, requiredText } from '@/components/form-popup';
import { ItemButton } from '@/components/record-item';
import { toastAction } from '@/components/toast-action';
import { pickedUnits, UnitFields, type UnitValues } from '@/components/unit-fields';
import { type Organisation, unitOptions } from '@/lib/organisation';
import { addProblem, editProblem, type Problem, type Report, removeProblem, turnIntoMatter } from '../api/research';

interface ProblemValues {
  text: string;
  unit?: string[];
}

interface TurnValues extends UnitValues {
  title?: string;
  leader?: string[];
  urgent?: boolean;
}

type Units = { label: string; value: string }[];

/** 新增 or 修改 a problem, in a sheet: what was found, and the unit it concerns. */
function ProblemForm({
  report,
  problem,
  units,
  onClose,
  onSaved,
}: {
  report: Report;
  problem: Problem | null;
  units: Units;
  onClose: () => void;
  onSaved: () => void;
}) {
  return (
    <FormPopup<ProblemValues>
      visible
      title={problem ? '修改存在问题' : '新增存在问题'}
      submitText="保存"
      onClose={onClose}
      initialValues={problem ? { text: problem.text, unit: problem.unit ? [problem.unit.id] : [] } : {}}
      onSubmit={async (values) => {
        const body = { text: values.text.trim(), departmentId: values.unit?.[0] ?? null };
        await (problem ? editProblem(report.id, problem.id, body) : addProblem(report.id, body));
        Toast.show({ icon: 'success', content: problem ? '已修改' : '已新增' });
        onSaved();
      }}
    >
      <Form.Item name="text" label="问题内容" rules={requiredText('请填写问题内容')}>
        <TextArea placeholder="调研中发现的问题" rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="unit" label="涉及单位（选填，转为督办事项时默认作牵头单位）">
        <Selector columns={2} options={units} />
      </Form.Item>
    </FormPopup>
  );
}

/**
 * 转为督办事项, for 督查室: the lead unit (the problem's own by default), co-units, 急件, the leader who assigns it;
 * confirmed once more, as it cannot be undone. The matter is 领导批示 (督〔年〕N号), its deadline from that rule.
 */
function TurnForm({
  report,
  problem,
  units,
  leaders,
  onClose,
  onTurned,
}: {
  report: Report;
  problem: Problem;
  units: Units;
  leaders: Units;
  onClose: () => void;
  onTurned: () => void;
}) {
  return (
    <FormPopup<TurnValues>
      visible
      title="转为督办事项（领导批示）"
      submitText="确认转办"
      onClose={onClose}
      initialValues={{ lead: problem.unit ? [problem.unit.id] : [], urgent: false }}
      onSubmit={async (values) => {
        const confirmed = await Dialog.confirm({
          title: '确认转为督办事项',
          content: '将生成领导批示类督办事项（督〔年〕N号），办理时限按领导批示事项规定自动计算，转办后不能撤回。',
          confirmText: '确认转办',
        });
        if (!confirmed) return;
        const updated = await turnIntoMatter(report.id, problem.id, {
          ...pickedUnits(values),
          urgent: values.urgent ?? false,
          assignedByUserId: values.leader?.[0] ?? null,
          ...(values.title?.trim() ? { title: values.title.trim() } : {}),
        });
        const matter = updated.problems.find((p) => p.id === problem.id)?.matter;
        Toast.show({ icon: 'success', content: matter ? `已转为督办事项：${matter.number}` : '已转为督办事项' });
        onTurned();
      }}
    >
      <p className="muted research-hint">问题：{problem.text}</p>
      <p className="muted research-hint">办理时限按领导批示事项的规定时限自动计算（急件、非急件分别计算）。</p>
      <Form.Item name="title" label="事项标题（选填，不填则按问题内容生成）">
        <Input placeholder="调研发现问题：……" maxLength={300} clearable />
      </Form.Item>
      <UnitFields units={units} />
      {leaders.length ? (
        <Form.Item name="leader" label="交办领导（选填）">
          <Selector columns={2} options={leaders} />
        </Form.Item>
      ) : null}
      <Form.Item name="urgent" label="急件" valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormPopup>
  );
}

/** One problem: its text and unit, the matter it became (a tap opens it), and what the reader may do with it. */
function ProblemItem({
  problem,
  index,
  canRecord,
  onEdit,
  onRemove,
  onTurn,
}: {
  problem: Problem;
  index: number;
  canRecord: boolean;
  onEdit: () => void;
  onRemove: () => void;
  onTurn: () => void;
}) {
  const navigate = useNavigate();
  const matter = problem.matter;
  return (
    <List.Item
      className="problem-item"
      data-problem={problem.id}
      onClick={matter ? () => navigate(`/m/matter/${matter.id}`) : undefined}
      description={
        <div className="problem-meta">
          <span>涉及单位：{problem.unit?.name ?? '未填写'}</span>
          {matter ? (
            <span className="problem-matter">
              已转为督办事项 <Tag color="primary">{matter.number}</Tag> {matter.statusName}
            </span>
          ) : null}
          {canRecord || problem.canTurn ? (
            <div className="problem-actions">
              {canRecord ? <ItemButton onClick={onEdit}>修改</ItemButton> : null}
              {canRecord && !matter ? (
                <ItemButton color="danger" onClick={onRemove}>
                  删除
                </ItemButton>
              ) : null}
              {problem.canTurn ? (
                <ItemButton color="primary" onClick={onTurn}>
                  转为督办事项
                </ItemButton>
              ) : null}
            </div>
          ) : null}
        </div>
      }
    >
      <div className="item-title">
        {index + 1}. {problem.text}
      </div>
    </List.Item>
  );
}

/**
 * 存在问题 of a report: listed in order, added, corrected and removed by 督查室 and 会务 (a problem that became a
 * matter stays); each turned into a 督办事项 by 督查室 once the report is final.
 */
export function ProblemsSection({
  report,
  org,
  canRecord,
  mayTurn,
  onChanged,
}: {
  report: Report;
  org: Organisation | null;
  canRecord: boolean;
  /** 督查室: told that the report must be final first. */
  mayTurn: boolean;
  onChanged: () => void;
}) {
  const [open, setOpen] = useState<{ kind: 'add' | 'edit' | 'turn'; problem: Problem | null } | null>(null);
  const close = () => setOpen(null);
  const done = () => {
    close();
    onChanged();
  };
  const units = org ? unitOptions(org) : [];
  const leaders = (org?.users ?? [])
    .filter((u) => u.roles.includes('leader'))
    .map((u) => ({ label: `${u.name}${u.title ? `（${u.title}）` : ''}`, value: u.id }));
  const remove = async (problem: Problem) => {
    if (!(await Dialog.confirm({ content: `删除存在问题“${problem.text}”？`, confirmText: '删除' }))) return;
    await toastAction(() => removeProblem(report.id, problem.id), '已删除', onChanged);
  };

  return (
    <>
      <List mode="card" header={`存在问题（${report.problems.length}个）`} className="problem-list">
        {report.problems.length === 0 ? <List.Item>尚未登记存在问题</List.Item> : null}
        {report.problems.map((p, index) => (
          <ProblemItem
            key={p.id}
            problem={p}
            index={index}
            canRecord={canRecord && !!org}
            onEdit={() => setOpen({ kind: 'edit', problem: p })}
            onRemove={() => remove(p)}
            onTurn={() => setOpen({ kind: 'turn', problem: p })}
          />
        ))}
      </List>
      {mayTurn && report.status === 'draft' && report.problems.length ? (
        <p className="muted research-hint">报告定稿后，可将存在问题转为督办事项。</p>
      ) : null}
      {canRecord && org ? (
        <div className="report-actions">
          <Button block fill="outline" color="primary" onClick={() => setOpen({ kind: 'add', problem: null })}>
            新增存在问题
          </Button>
        </div>
      ) : null}
      {open && open.kind !== 'turn' ? (
        <ProblemForm report={report} problem={open.problem} units={units} onClose={close} onSaved={done} />
      ) : null}
      {open?.kind === 'turn' && open.problem ? (
        <TurnForm
          report={report}
          problem={open.problem}
          units={units}
          leaders={leaders}
          onClose={close}
          onTurned={onChanged}
        />
      ) : null}
    </>
  );
}
