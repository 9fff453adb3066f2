import { Button } from 'antd-mobile';

/** The foot of an edit pane: the server's refusal, if any, above the button that saves. */
export function SaveFooter({
  failure,
  busy,
  text,
  onSave,
  danger = false,
}: {
  failure: string | null;
  busy: boolean;
  text: string;
  onSave: () => void;
  danger?: boolean;
}) {
  return (
    <div className="page-footer">
      {failure ? (
        <div className="form-failure" role="alert">
          {failure}
        </div>
      ) : null}
      <Button block color={danger ? 'danger' : 'primary'} size="large" loading={busy} onClick={onSave}>
        {text}
      </Button>
    </div>
  );
}
