import { Toast } from 'antd-mobile';
import { errorText } from '@/lib/api-client';

/**
 * A one-tap action, with no form to show a refusal in: what it did, or why the server refused, shows as a toast.
 * `then` follows a success (a reload, or the page it made); a refusal stays `failFor` ms (the toast's default if unset).
 */
export async function toastAction(
  send: () => Promise<unknown>,
  done: string,
  then: () => void,
  failFor?: number,
): Promise<void> {
  try {
    await send();
    Toast.show({ icon: 'success', content: done });
    then();
  } catch (err) {
    Toast.show({ icon: 'fail', content: errorText(err), duration: failFor });
  }
}
