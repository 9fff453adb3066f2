import { getENV } from 'dingtalk-jsapi/lib/env';

/**
 * DingTalk's JSAPI, only where the mini-app runs inside DingTalk. The environment check is small and static; each
 * JSAPI module is loaded on first use, so a browser outside DingTalk never downloads the bridge.
 */
let inside: boolean | undefined;

export function inDingTalk(): boolean {
  if (inside === undefined) inside = getENV().platform !== 'notInDingTalk';
  return inside;
}

/** The free-login code (免登授权码, five minutes, single use) for this corporation's signed-in DingTalk user. */
export async function requestAuthCode(corpId: string): Promise<string> {
  const { default: request } = await import('dingtalk-jsapi/api/runtime/permission/requestAuthCode');
  const { code } = await request({ corpId });
  return code;
}

/** The page title: DingTalk's navigation bar inside DingTalk, the document title everywhere. */
export function setPageTitle(title: string): void {
  document.title = title;
  if (!inDingTalk()) return;
  import('dingtalk-jsapi/api/biz/navigation/setTitle')
    .then(({ default: setTitle }) => setTitle({ title }))
    .catch(() => {
      // An old client without setTitle keeps the document title, which it shows instead.
    });
}

/** Opens a link in a new DingTalk page (an approval, a download), or in a new browser tab outside DingTalk. */
export async function openLink(url: string): Promise<void> {
  if (inDingTalk()) {
    const { default: open } = await import('dingtalk-jsapi/api/biz/util/openLink');
    await open({ url });
    return;
  }
  window.open(url, '_blank', 'noopener');
}
