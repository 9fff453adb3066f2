import { Form, Input, Toast } from 'antd-mobile';
import { FormPopup, requiredText } from '@/components/form-popup';
import { sendOrToast } from './common';

/** 修改台账名称: the name stays unique in its year (409 otherwise, the server's message shown). */
export function RenameForm({
  name,
  onClose,
  save,
  onSaved,
}: {
  name: string;
  onClose: () => void;
  save: (name: string) => Promise<unknown>;
  onSaved: () => void;
}) {
  return (
    <FormPopup<{ name: string }>
      visible
      title="修改台账名称"
      submitText="保存"
      onClose={onClose}
      initialValues={{ name }}
      onSubmit={async (v) => {
        await sendOrToast(() => save(v.name.trim()));
        Toast.show({ icon: 'success', content: '已保存' });
        onSaved();
      }}
    >
      <Form.Item name="name" label="台账名称" rules={requiredText('请填写台账名称')}>
        <Input maxLength={100} clearable />
      </Form.Item>
    </FormPopup>
  );
}
