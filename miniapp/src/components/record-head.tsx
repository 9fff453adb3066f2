import { Card } from 'antd-mobile';
import type { ReactNode } from 'react';

/** The head of a record's page: its title, and its tags (kind, status, deadline) under it. */
export function RecordHead({
  title,
  titleClassName = 'matter-title',
  children,
}: {
  title: string;
  titleClassName?: string;
  children: ReactNode;
}) {
  return (
    <Card className="matter-head">
      <h1 className={titleClassName}>{title}</h1>
      <div className="tag-row">{children}</div>
    </Card>
  );
}
