import { List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { DeadlineTag } from '@/components/deadline-tag';
import { EstimateMark } from '@/components/estimate-mark';
import { formatDate } from '@/lib/dates';
import type { Matter } from '../api/matters';
import { deadlineStateOf } from './matter-deadline';

export function MatterItem({ matter }: { matter: Matter }) {
  const navigate = useNavigate();
  const deadline = deadlineStateOf(matter);
  return (
    <List.Item
      className="matter-item"
      data-matter={matter.id}
      onClick={() => navigate(`/m/matter/${matter.id}`)}
      description={
        <div className="item-meta">
          <span>{matter.number}</span>
          <span>牵头：{matter.leadDepartment.name}</span>
          {matter.deadline ? (
            <span>
              时限：{formatDate(matter.deadline.dueDate)}
              {matter.deadline.estimated ? <EstimateMark date={matter.deadline.dueDate} /> : null}
            </span>
          ) : null}
        </div>
      }
      extra={deadline ? <DeadlineTag state={deadline} /> : <Tag fill="outline">{matter.timelinessName}</Tag>}
    >
      <div className="item-title">
        <Tag color="default" fill="outline" className="source-tag">
          {matter.sourceName}
        </Tag>
        {matter.title}
      </div>
    </List.Item>
  );
}
