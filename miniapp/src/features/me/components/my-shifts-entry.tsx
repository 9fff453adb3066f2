import { List } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { useRequest } from '@/lib/use-request';

/** What the entry reads of 我的班次 (`GET /api/duty/my-shifts`): whether there are shifts, and the next one's title. */
const myShiftsSchema = z.object({
  upcoming: z.array(z.object({ title: z.string(), started: z.boolean() })),
  past: z.array(z.object({ id: z.number() })),
});

/** 我的班次 beside 值班表, for those who have shifts (upcoming or past): the shift under way or the next one named. */
export function MyShiftsEntry() {
  const navigate = useNavigate();
  const shifts = useRequest((signal) => apiRequest('/duty/my-shifts', myShiftsSchema, { signal }), []);
  const { upcoming = [], past = [] } = shifts.data ?? {};
  if (upcoming.length === 0 && past.length === 0) return null;
  const next = upcoming[0];
  return (
    <List.Item
      className="my-shifts-entry"
      onClick={() => navigate('/m/duty/mine')}
      description={next ? `${next.started ? '正在值班' : '下一班'}：${next.title}` : '我的值班安排与换班申请'}
    >
      我的班次
    </List.Item>
  );
}
