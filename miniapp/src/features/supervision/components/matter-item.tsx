import { Tag } from 'antd-mobile';
import { DeadlineTag } from '@/components/deadline-tag';
import { EstimateMark } from '@/components/estimate-mark';
import { KindTag, RecordItem } from '@/components/record-item';
import { formatDate } from '@/lib/dates';
import type { Matter } from '../api/matters';
import { deadlineStateOf } from './matter-deadline';

export function MatterItem({ matter }: { matter: Matter }) {
  const deadline = deadlineStateOf(matter);
  return (
    <RecordItem
      className="matter-item"
      data-matter={matter.id}
      path={`/m/matter/${matter.id}`}
      tags={<KindTag>{matter.sourceName}</KindTag>}
      title={matter.title}
      meta={
        <>
          <span>{matter.number}</span>
          <span>牵头：{matter.leadDepartment.name}</span>
          {matter.deadline ? (
            <span>
              时限：{formatDate(matter.deadline.dueDate)}
              {matter.deadline.estimated ? <EstimateMark date={matter.deadline.dueDate} /> : null}
            </span>
          ) : null}
        </>
      }
      extra={deadline ? <DeadlineTag state={deadline} /> : <Tag fill="outline">{matter.timelinessName}</Tag>}
    />
  );
}
