import { Button } from 'antd-mobile';
import type { ReactNode } from 'react';
import { Empty } from '@/components/page-state';
import './admin.css';

interface SplitViewProps {
  className: string;
  list: ReactNode;
  /** What is chosen; null when nothing is. */
  detail: ReactNode | null;
  /** Shown beside the list on a wide screen while nothing is chosen. */
  placeholder: string;
  /** Back to the list (the phone's button; on a wide screen the list stays beside). */
  onBack: () => void;
}

/**
 * A list and what is chosen in it: side by side at 1024 px and wider (a PC window), one after the other on a
 * phone, where choosing opens the detail and 返回列表 goes back.
 */
export function SplitView({ className, list, detail, placeholder, onBack }: SplitViewProps) {
  return (
    <div className={`page admin-split ${className}${detail ? ' has-detail' : ''}`}>
      <section className="admin-list">{list}</section>
      <section className="admin-detail">
        {detail ? (
          <>
            <Button className="admin-detail-back" size="small" fill="none" onClick={onBack}>
              ‹ 返回列表
            </Button>
            {detail}
          </>
        ) : (
          <Empty text={placeholder} />
        )}
      </section>
    </div>
  );
}
