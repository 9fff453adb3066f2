import { Button, Form, List, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useParams } from 'react-router';
import { FormPopup, requiredText } from '@/components/form-popup';
import { RecordState } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { dateOfInstant, formatClock, formatInstant } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import { addHandover, getShift } from '../api/roster';
import './roster.css';

/** One shift: its time, 带班领导 and 值班人员, and the 交接班记录 its people and the office write. */
export function RosterShiftPage() {
  usePageTitle('值班班次');
  const id = Number(useParams().id);
  const detail = useRequest((signal) => getShift(id, signal), [id]);
  const [writing, setWriting] = useState(false);
  return (
    <RecordState id={id} missing="没有这个值班班次" record={detail}>
      {({ shift, handovers, canWriteHandover }) => (
        <div className="page duty-shift-page">
          <List
            mode="card"
            header={`${Number(shift.date.slice(5, 7))}月${Number(shift.date.slice(8))}日 ${shift.label}`}
          >
            <List.Item
              extra={`${formatClock(shift.startsAt)} 至 ${dateOfInstant(shift.endsAt) === shift.date ? '' : '次日'}${formatClock(shift.endsAt)}`}
            >
              时间
            </List.Item>
            <List.Item extra={shift.leader.name} description={shift.leader.title ?? undefined}>
              带班领导
            </List.Item>
            <List.Item extra={shift.staff.map((p) => p.name).join('、')}>值班人员</List.Item>
          </List>
          <List mode="card" header="交接班记录" className="duty-handovers">
            {handovers.length === 0 ? <List.Item>暂无交接班记录</List.Item> : null}
            {handovers.map((h) => (
              <List.Item key={h.id} description={`${h.author.name} · ${formatInstant(h.at)}`}>
                <span className="duty-handover-text">{h.text}</span>
              </List.Item>
            ))}
          </List>
          {canWriteHandover ? (
            <div className="page-footer">
              <Button block color="primary" onClick={() => setWriting(true)}>
                填写交接班记录
              </Button>
            </div>
          ) : null}
          <FormPopup<{ text: string }>
            visible={writing}
            title="填写交接班记录"
            submitText="提交"
            onClose={() => setWriting(false)}
            onSubmit={async (v) => {
              await addHandover(shift.id, v.text.trim());
              Toast.show({ icon: 'success', content: '已记录' });
              detail.reload();
            }}
          >
            <Form.Item name="text" label="交接内容" rules={requiredText('请填写交接班记录')}>
              <TextArea
                maxLength={2000}
                rows={5}
                showCount
                placeholder="值班期间接报事项、处置情况及需下一班跟进的事项"
              />
            </Form.Item>
          </FormPopup>
        </div>
      )}
    </RecordState>
  );
}
