import { useEffect } from 'react';
import { setPageTitle } from '@/lib/dingtalk';

/** Sets the page title on DingTalk's navigation bar (and the document title) while the page is shown. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    setPageTitle(title);
  }, [title]);
}
