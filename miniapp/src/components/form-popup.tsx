import { Button, Form, Popup } from 'antd-mobile';
import { type ReactNode, useState } from 'react';
import { errorText } from '@/lib/api-client';

interface FormPopupProps<T> {
  visible: boolean;
  title: string;
  submitText: string;
  onClose: () => void;
  /** Runs once the fields are valid; a refusal from the server stays in the popup, shown above the button. */
  onSubmit: (values: T) => Promise<unknown>;
  children: ReactNode;
  form?: ReturnType<typeof Form.useForm>[0];
  initialValues?: Partial<T>;
}

/** The foot of a form: the server's refusal, if any, above the submit button. */
export function FormFooter({
  failure,
  busy,
  submitText,
}: {
  failure: string | null;
  busy: boolean;
  submitText: string;
}) {
  return (
    <>
      {failure ? (
        <div className="form-failure" role="alert">
          {failure}
        </div>
      ) : null}
      <Button block type="submit" color="primary" size="large" loading={busy}>
        {submitText}
      </Button>
    </>
  );
}

/** An action's form, sliding up from the bottom as DingTalk's own sheets do. Nothing is sent until it is valid. */
export function FormPopup<T>({
  visible,
  title,
  submitText,
  onClose,
  onSubmit,
  children,
  form,
  initialValues,
}: FormPopupProps<T>) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const finish = async (values: T) => {
    setBusy(true);
    setFailure(null);
    try {
      await onSubmit(values);
      onClose();
    } catch (err) {
      setFailure(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popup
      visible={visible}
      onMaskClick={busy ? undefined : onClose}
      onClose={() => setFailure(null)}
      destroyOnClose
      bodyClassName="form-popup"
    >
      <div className="form-popup-title">{title}</div>
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={finish}
        onFinishFailed={scrollToFirstError}
        footer={<FormFooter failure={failure} busy={busy} submitText={submitText} />}
      >
        {children}
      </Form>
    </Popup>
  );
}

/**
 * antd-mobile's Form has no `scrollToFirstError` (antd's has): after a refused submit, bring the first field in error
 * into view, so on a phone the reason is seen, not below the fold. Pass as `onFinishFailed`.
 */
export function scrollToFirstError(): void {
  requestAnimationFrame(() =>
    document.querySelector('.adm-form-item-has-error')?.scrollIntoView({ block: 'center', behavior: 'smooth' }),
  );
}

/** A required text: empty or only spaces is refused with `message`. */
export const requiredText = (message: string) => [{ required: true, whitespace: true, message }];
