import { Tag } from 'antd-mobile';
import type { InformationItem, InformationStatus } from '../api/information';

const STATUS_COLORS: Record<InformationStatus, string> = {
  draft: 'default',
  submitted: 'primary',
  edited: 'primary',
  reported: 'success',
  returned: 'danger',
};

/** An item's status, coloured: returned in red, reported in green. */
export function StatusTag({ item }: { item: InformationItem }) {
  return (
    <Tag color={STATUS_COLORS[item.status]} fill="outline">
      {item.statusName}
    </Tag>
  );
}
