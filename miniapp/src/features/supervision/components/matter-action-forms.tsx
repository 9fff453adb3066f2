import { Dialog, Form, Input, Radio, Space, Switch, TextArea } from 'antd-mobile';
import { FormPopup, reasonWhen, requiredText } from '@/components/form-popup';
import {
  completeMatter,
  evaluateMatter,
  type MatterDetail,
  redoMatter,
  reportCoOpinion,
  reportProgress,
  requestExtension,
  urgeMatter,
} from '../api/matters';

const UNIT_NAMES: Record<string, string> = { day: '日', workday: '个工作日', month: '个月' };
const DEPUTY_SOURCES = ['npc_suggestion', 'cppcc_proposal'];

/** An action's popup on one matter; `onDone` tells the user what happened and reloads the matter. */
interface ActionFormProps {
  matter: MatterDetail;
  visible: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
}

/** 报送进展: the lead unit's account of this stage. */
export function ProgressForm({ matter, visible, onClose, onDone }: ActionFormProps) {
  return (
    <FormPopup<{ content: string }>
      visible={visible}
      title="报送进展情况"
      submitText="提交进展"
      onClose={onClose}
      onSubmit={async ({ content }) => {
        await reportProgress(matter.id, content.trim());
        onDone('进展已报送');
      }}
    >
      <Form.Item name="content" label="进展情况" rules={requiredText('请填写进展情况')}>
        <TextArea placeholder="本阶段工作进展、存在问题及下步打算" rows={5} maxLength={2000} showCount />
      </Form.Item>
    </FormPopup>
  );
}

/** 报送协办意见: a co-unit's opinion, which the lead unit is told of. */
export function CoOpinionForm({ matter, visible, onClose, onDone }: ActionFormProps) {
  return (
    <FormPopup<{ content: string }>
      visible={visible}
      title="报送协办意见"
      submitText="提交协办意见"
      onClose={onClose}
      onSubmit={async ({ content }) => {
        await reportCoOpinion(matter.id, content.trim());
        onDone(`协办意见已报送，将告知牵头单位${matter.leadDepartment.name}`);
      }}
    >
      <Form.Item name="content" label="协办意见" rules={requiredText('请填写协办意见')}>
        <TextArea placeholder="本单位承担部分的办理情况及意见建议" rows={5} maxLength={2000} showCount />
      </Form.Item>
    </FormPopup>
  );
}

/** 申请延期: how much longer, in the unit of the matter's rule, and why. */
export function ExtensionForm({ matter, visible, onClose, onDone }: ActionFormProps) {
  const unit = UNIT_NAMES[matter.extensionPolicy?.unit ?? 'day'] ?? '日';
  const max = matter.extensionPolicy?.maxAmount ?? 366;
  return (
    <FormPopup<{ amount: string; reason: string }>
      visible={visible}
      title="申请延期"
      submitText="提交延期申请"
      onClose={onClose}
      onSubmit={async ({ amount, reason }) => {
        await requestExtension(matter.id, Number(amount), reason.trim());
        onDone('延期申请已提交，待督查室审批');
      }}
    >
      <Form.Item
        name="amount"
        label={`延长时限（${unit}，最多${max}）`}
        rules={[
          { required: true, message: '请填写延长时限' },
          {
            validator: async (_rule, value: string) => {
              const n = Number(value);
              if (!Number.isInteger(n) || n < 1) throw new Error('延长时限应为正整数');
              if (n > max) throw new Error(`延长时限不能超过${max}${unit}`);
            },
          },
        ]}
      >
        <Input type="number" inputMode="numeric" placeholder={`如：5（${unit}）`} />
      </Form.Item>
      <Form.Item name="reason" label="延期理由" rules={requiredText('请说明延期理由')}>
        <TextArea placeholder="说明无法按期办结的原因及预计完成时间" rows={4} maxLength={2000} showCount />
      </Form.Item>
    </FormPopup>
  );
}

/** 办结: the reply, and for a deputy's suggestion or proposal its outcome class and whether the deputy was met. */
export function CompleteForm({ matter, visible, onClose, onDone }: ActionFormProps) {
  const deputy = DEPUTY_SOURCES.includes(matter.source);
  return (
    <FormPopup<{ reply: string; outcomeClass?: 'A' | 'B' | 'C' | 'D'; metDeputy?: boolean }>
      visible={visible}
      title="办结并答复"
      submitText="确认办结"
      onClose={onClose}
      initialValues={{ metDeputy: false }}
      onSubmit={async ({ reply, outcomeClass, metDeputy }) => {
        await completeMatter(matter.id, {
          reply: reply.trim(),
          ...(deputy ? { outcomeClass, metDeputy: metDeputy ?? false } : {}),
        });
        onDone('已办结');
      }}
    >
      <Form.Item name="reply" label="办理结果" rules={requiredText('请填写办理结果')}>
        <TextArea placeholder="办理情况及结果，将报督查室审核" rows={5} maxLength={5000} showCount />
      </Form.Item>
      {deputy ? (
        <>
          <Form.Item name="outcomeClass" label="办理类别" rules={[{ required: true, message: '请选择办理类别' }]}>
            <Radio.Group>
              <Space direction="vertical">
                <Radio value="A">A类 已解决或基本解决</Radio>
                <Radio value="B">B类 正在解决或列入计划解决</Radio>
                <Radio value="C">C类 因条件限制以后解决</Radio>
                <Radio value="D">D类 留作参考</Radio>
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="metDeputy" label="已与代表（委员）见面沟通" valuePropName="checked">
            <Switch />
          </Form.Item>
        </>
      ) : null}
    </FormPopup>
  );
}

/** 催办: the supervision office chases the lead unit, with an optional note. */
export function UrgeForm({ matter, visible, onClose, onDone }: ActionFormProps) {
  return (
    <FormPopup<{ note?: string }>
      visible={visible}
      title={`催办：${matter.leadDepartment.name}`}
      submitText="发送催办"
      onClose={onClose}
      onSubmit={async ({ note }) => {
        const sure = await Dialog.confirm({
          title: '确认催办',
          content: `将以钉钉工作通知向${matter.leadDepartment.name}发出第${matter.urgeCount + 1}次催办，计入督查通报，发出后不能撤回。`,
          confirmText: '确认发送',
        });
        if (!sure) return;
        await urgeMatter(matter.id, note?.trim() ?? '');
        onDone('已催办，将以钉钉工作通知提醒承办单位');
      }}
    >
      <Form.Item name="note" label="催办意见（选填）">
        <TextArea placeholder="如：请于本周五前报送办理结果" rows={3} maxLength={500} showCount />
      </Form.Item>
    </FormPopup>
  );
}

/** 退回重办: the supervision office sends a completed matter back, saying why. */
export function RedoForm({ matter, visible, onClose, onDone }: ActionFormProps) {
  return (
    <FormPopup<{ reason: string }>
      visible={visible}
      title={`退回重办：${matter.leadDepartment.name}`}
      submitText="退回重办"
      onClose={onClose}
      onSubmit={async ({ reason }) => {
        await redoMatter(matter.id, reason.trim());
        onDone('已退回重办，将以钉钉工作通知告知承办单位');
      }}
    >
      <Form.Item name="reason" label="退回理由" rules={requiredText('请说明退回重办的理由')}>
        <TextArea placeholder="如：现场核查仍有问题未整改到位" rows={3} maxLength={2000} showCount />
      </Form.Item>
    </FormPopup>
  );
}

/**
 * 评价: the supervision office grades how well a completed matter was handled, or revises its grade (the latest
 * counts). 较差 needs a reason and a confirmation; the unit is told either way.
 */
export function EvaluateForm({ matter, visible, onClose, onDone }: ActionFormProps) {
  const [form] = Form.useForm();
  const revising = matter.status === 'evaluated';
  return (
    <FormPopup<{ grade: 'excellent' | 'good' | 'fair' | 'poor'; comment?: string }>
      visible={visible}
      form={form}
      title={revising ? '修改评价' : '评价办理质量'}
      submitText={revising ? '提交修改' : '提交评价'}
      onClose={onClose}
      onSubmit={async ({ grade, comment }) => {
        if (grade === 'poor') {
          const sure = await Dialog.confirm({
            title: '确认评价为“较差”',
            content: `评价结果将告知${matter.leadDepartment.name}，并记入办理记录。`,
            confirmText: '确认评价',
          });
          if (!sure) return;
        }
        await evaluateMatter(matter.id, grade, comment?.trim() ?? '');
        onDone(revising ? '评价已修改，已告知承办单位' : '评价已提交，已告知承办单位');
      }}
    >
      <Form.Item name="grade" label="评价等次" rules={[{ required: true, message: '请选择评价等次' }]}>
        <Radio.Group>
          <Space wrap>
            <Radio value="excellent">优秀</Radio>
            <Radio value="good">良好</Radio>
            <Radio value="fair">一般</Radio>
            <Radio value="poor">较差</Radio>
          </Space>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="comment"
        label="评价意见（较差须填写）"
        dependencies={['grade']}
        rules={reasonWhen(form, 'grade', 'poor', '评价为“较差”须说明理由')}
      >
        <TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </FormPopup>
  );
}
