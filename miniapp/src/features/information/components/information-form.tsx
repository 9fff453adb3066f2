import { Button, Form, Input, Popup, Selector, TextArea } from 'antd-mobile';
import { requiredText, scrollToFirstError, useSubmit } from '@/components/form-popup';
import { createItem, editItem, type InformationItem, type ItemBody } from '../api/information';

interface ItemValues {
  title: string;
  content: string;
  unit?: string[];
  matter?: string[];
}

export interface Option {
  label: string;
  value: string;
}

/** What the server takes from the form: the unit only when there is a choice, the 约稿 when one is offered. */
function bodyOf(values: ItemValues, units: Option[], matters: Option[]): Omit<ItemBody, 'submit'> {
  const unit = values.unit?.[0];
  const matter = values.matter?.[0];
  return {
    title: values.title.trim(),
    content: values.content.trim(),
    ...(units.length > 1 && unit ? { departmentId: unit } : {}),
    ...(matters.length > 0 ? { matterId: matter ? Number(matter) : null } : {}),
  };
}

function initialOf(item: InformationItem | null, units: Option[], defaultUnit: string | null): Partial<ItemValues> {
  if (item) {
    return {
      title: item.title,
      content: item.content,
      unit: [item.unit.id],
      matter: item.matter ? [String(item.matter.id)] : [],
    };
  }
  const unit = units.find((u) => u.value === defaultUnit) ?? (units.length === 1 ? units[0] : undefined);
  return { unit: unit ? [unit.value] : [] };
}

interface FormProps {
  item: InformationItem | null;
  /** The units the writer may write for; the choice is shown when there are several. */
  units: Option[];
  defaultUnit: string | null;
  /** The 约稿 the item may answer; no field when there are none. */
  matters: Option[];
  onClose: () => void;
  onSaved: (item: InformationItem) => void;
}

function ItemFormBody({ item, units, defaultUnit, matters, onClose, onSaved }: FormProps) {
  const [form] = Form.useForm<ItemValues>();
  const { busy, failure, run } = useSubmit();
  const send = async (submit: boolean) => {
    let values: ItemValues;
    try {
      values = await form.validateFields();
    } catch {
      scrollToFirstError();
      return;
    }
    const body = bodyOf(values, units, matters);
    const saved = await run(async () =>
      onSaved(item ? await editItem(item.id, body) : await createItem({ ...body, submit })),
    );
    if (saved) onClose();
  };
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initialOf(item, units, defaultUnit)}
      footer={
        <>
          {failure ? (
            <div className="form-failure" role="alert">
              {failure}
            </div>
          ) : null}
          <div className="information-form-buttons">
            {item ? (
              <Button block color="primary" size="large" loading={busy} onClick={() => send(false)}>
                保存
              </Button>
            ) : (
              <>
                <Button block size="large" disabled={busy} onClick={() => send(false)}>
                  保存草稿
                </Button>
                <Button block color="primary" size="large" loading={busy} onClick={() => send(true)}>
                  提交
                </Button>
              </>
            )}
          </div>
        </>
      }
    >
      <Form.Item name="title" label="信息标题" rules={requiredText('请填写信息标题')}>
        <Input placeholder="信息标题" maxLength={200} clearable />
      </Form.Item>
      <Form.Item name="content" label="信息正文" rules={requiredText('请填写信息正文')}>
        <TextArea placeholder="信息正文" rows={4} maxLength={20000} showCount />
      </Form.Item>
      {units.length > 1 ? (
        <Form.Item name="unit" label="报送单位" rules={[{ required: true, message: '请选择报送单位' }]}>
          <Selector columns={2} options={units} />
        </Form.Item>
      ) : null}
      {matters.length > 0 ? (
        <Form.Item name="matter" label="对应约稿（选填）">
          <Selector className="information-matters" columns={1} options={matters} />
        </Form.Item>
      ) : null}
    </Form>
  );
}

/**
 * 撰写政务信息 or its correction, in a sheet: title, text, the unit when the writer has several, and the 约稿 it
 * answers when there are any. A new item is kept as a draft (保存草稿) or sent to the office at once (提交).
 */
export function ItemForm({ visible, ...props }: FormProps & { visible: boolean }) {
  return (
    <Popup visible={visible} onMaskClick={props.onClose} destroyOnClose bodyClassName="form-popup">
      <div className="form-popup-title">{props.item ? '修改政务信息' : '撰写政务信息'}</div>
      {visible ? <ItemFormBody {...props} /> : null}
    </Popup>
  );
}
