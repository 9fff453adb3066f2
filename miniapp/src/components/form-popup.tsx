import { Button, type ButtonProps, Form, Popup } from 'antd-mobile';
import { type ReactNode, useState } from 'react';
import { errorText } from '@/lib/api-client';

type FormInstance = ReturnType<typeof Form.useForm>[0];

interface FormPopupProps<T> {
  visible: boolean;
  title: string;
  submitText: string;
  onClose: () => void;
  /** Runs once the fields are valid; a refusal from the server stays in the popup, shown above the button. */
  onSubmit: (values: T) => Promise<unknown>;
  children: ReactNode;
  form?: FormInstance;
  initialValues?: Partial<T>;
}

/**
 * A form's sending: busy while `send` runs, and the server's refusal kept to show (cleared when it is sent again).
 * `run` says whether it went through.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const run = async (send: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setFailure(null);
    try {
      await send();
      return true;
    } catch (err) {
      setFailure(errorText(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, failure, setFailure, run };
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
  const { busy, failure, setFailure, run } = useSubmit();

  const finish = async (values: T) => {
    if (await run(() => onSubmit(values))) onClose();
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

type FormButtonProps<T> = Omit<FormPopupProps<T>, 'visible' | 'onClose'> & {
  /** The button's text; it is in the primary colour, of this size and fill. */
  label: string;
  size?: ButtonProps['size'];
  fill?: ButtonProps['fill'];
};

/** A button opening its form in a popup. */
export function FormButton<T>({ label, size, fill, ...popup }: FormButtonProps<T>) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button color="primary" size={size} fill={fill} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <FormPopup<T> {...popup} visible={open} onClose={() => setOpen(false)} />
    </>
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

/** A reason (2 characters at least) that must be given when the field `field` is `value`, as for a refusal. */
export const reasonWhen = (form: FormInstance, field: string, value: string, message: string) => [
  {
    validator: async (_rule: unknown, text?: string) => {
      if (form.getFieldValue(field) === value && (text?.trim().length ?? 0) < 2) throw new Error(message);
    },
  },
];
