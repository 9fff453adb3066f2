import { Button, Dialog, List, Tag, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { errorText } from '@/lib/api-client';
import { useMe } from '@/lib/auth';
import { todayInShanghai } from '@/lib/dates';
import { openLink } from '@/lib/dingtalk';
import { getOrganisation, type Organisation } from '@/lib/organisation';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { type DutyShift, getRoster, publishRoster, type Roster, type RosterDay } from '../api/roster';
import { EditShiftForm, GenerateForm } from './roster-forms';
import './roster.css';

/** `2026-10` moved by whole months. */
function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const monthTitle = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月`;

/** Posts the month to the office's DingTalk group, after a confirmation. */
async function publish(month: string): Promise<void> {
  if (!(await Dialog.confirm({ content: `将${monthTitle(month)}值班表发布到钉钉工作群？` }))) return;
  try {
    const { published } = await publishRoster(month);
    Toast.show({
      icon: 'success',
      content: published ? '已发布，群机器人将发送到钉钉群' : '该值班表已发布过，未重复发送',
    });
  } catch (err) {
    Toast.show({ icon: 'fail', content: errorText(err) });
  }
}
const dayTitle = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8))}日`;
const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

type EditTarget = { date: string; kind: DutyShift['kind']; label: string; shift: DutyShift | null };

/**
 * 值班表: the month by day on a phone, holidays and 调休上班 days marked and today highlighted; each shift opens its
 * handover log. The office (会务, administrators) generates the rotation and adjusts single shifts.
 */
export function RosterPage() {
  usePageTitle('值班表');
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '')
    ? (params.get('month') as string)
    : todayInShanghai().slice(0, 7);
  const navigate = useNavigate();
  const roster = useRequest((signal) => getRoster(month, signal), [month]);
  const canEdit = roster.data?.canEdit ?? false;
  const org = useRequest((signal) => (canEdit ? getOrganisation(signal) : Promise.resolve(null)), [canEdit]);
  const [generating, setGenerating] = useState(false);
  const [editing, setEditing] = useState<EditTarget | null>(null);
  const go = (by: number) => setParams({ month: shiftMonth(month, by) }, { replace: true });
  const hasToday = roster.data?.days.some((d) => d.today) ?? false;
  // 值班工作月报 (.docx): for the office, 督查室 and leaders, of a month begun.
  const { user } = useMe();
  const canDownload =
    hasRole(user, 'meeting_office', 'supervision_office', 'leader') && month <= todayInShanghai().slice(0, 7);
  // The month opens on today, not on its first day.
  useEffect(() => {
    if (hasToday) document.querySelector('.duty-today')?.scrollIntoView({ block: 'start' });
  }, [hasToday]);

  return (
    <div className="page duty-roster">
      <div className="duty-month-bar">
        <Button size="small" fill="none" onClick={() => go(-1)}>
          ‹ 上月
        </Button>
        <strong>{monthTitle(month)}值班表</strong>
        <Button size="small" fill="none" onClick={() => go(1)}>
          下月 ›
        </Button>
      </div>
      <div className="duty-pattern">
        <Button size="small" color="primary" fill="outline" onClick={() => navigate('/m/duty/mine')}>
          我的班次 · 换班
        </Button>
      </div>
      {roster.error && !roster.data ? <LoadFailed error={roster.error} onRetry={roster.reload} /> : null}
      {!roster.data && !roster.error ? <Loading /> : null}
      {roster.data ? (
        <>
          <p className="muted duty-pattern">
            {roster.data.pattern.map((p) => `${p.label} ${p.start}–${p.end}`).join('；')}
          </p>
          {canEdit && org.data ? (
            <div className="duty-actions">
              <Button block color="primary" onClick={() => setGenerating(true)}>
                生成值班表
              </Button>
              <Button block color="primary" fill="outline" onClick={() => publish(month)}>
                发布到钉钉群
              </Button>
            </div>
          ) : null}
          {canDownload ? (
            <div className="duty-actions">
              <Button
                block
                color="primary"
                fill="outline"
                className="duty-summary-download"
                onClick={() =>
                  void openLink(new URL(`/api/duty/summary?month=${month}&format=docx`, window.location.href).href)
                }
              >
                下载{monthTitle(month)}值班工作月报（Word）
              </Button>
            </div>
          ) : null}
          {hasRole(user, 'leader', 'supervision_office', 'meeting_office', 'staff') ? (
            <List mode="card" className="duty-incidents-link">
              <List.Item onClick={() => navigate('/m/incidents')} description="值班期间报送突发事件，查看报送时限">
                应急值班信息
              </List.Item>
              <List.Item onClick={() => navigate('/m/calls')} description="值班期间登记来电">
                电话记录
              </List.Item>
            </List>
          ) : null}
          <List mode="card" className="duty-days">
            {roster.data.days.map((day) => (
              <DayRow key={day.date} day={day} canEdit={canEdit && !!org.data} onEdit={setEditing} />
            ))}
          </List>
          {org.data ? (
            <Forms
              roster={roster.data}
              org={org.data}
              generating={generating}
              editing={editing}
              close={() => {
                setGenerating(false);
                setEditing(null);
              }}
              reload={roster.reload}
            />
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function Forms(props: {
  roster: Roster;
  org: Organisation;
  generating: boolean;
  editing: EditTarget | null;
  close: () => void;
  reload: () => void;
}) {
  return (
    <>
      <GenerateForm
        roster={props.roster}
        org={props.org}
        visible={props.generating}
        onClose={props.close}
        onDone={props.reload}
      />
      <EditShiftForm target={props.editing} org={props.org} onClose={props.close} onDone={props.reload} />
    </>
  );
}

/** How the calendar marks a day: 法定节假日 by name, 调休上班, 周末; 预计 for a year without the notice. */
function DayTags({ day }: { day: RosterDay }) {
  return (
    <span className="tag-row">
      {day.today ? <Tag color="primary">今天</Tag> : null}
      {day.status === 'holiday' ? <Tag color="danger">{day.label}</Tag> : null}
      {day.status === 'makeup' ? <Tag color="warning">调休上班</Tag> : null}
      {day.status === 'weekend' ? <Tag fill="outline">休息日</Tag> : null}
      {day.approximate && day.status === 'holiday' ? <Tag fill="outline">预计</Tag> : null}
    </span>
  );
}

function DayRow({ day, canEdit, onEdit }: { day: RosterDay; canEdit: boolean; onEdit: (t: EditTarget) => void }) {
  const navigate = useNavigate();
  const kinds: { kind: DutyShift['kind']; label: string }[] = [
    { kind: 'day', label: '白班' },
    { kind: 'night', label: '夜班' },
  ];
  return (
    <List.Item className={`duty-day${day.today ? ' duty-today' : ''}${day.dayOff ? ' duty-day-off' : ''}`}>
      <div className="duty-day-head">
        <span className="duty-date">
          {dayTitle(day.date)} {WEEKDAYS[day.weekday]}
        </span>
        <DayTags day={day} />
      </div>
      {kinds.map(({ kind, label }) => {
        const shift = day.shifts.find((s) => s.kind === kind) ?? null;
        return (
          <div key={kind} className="duty-shift">
            <button
              type="button"
              className="duty-shift-main"
              disabled={!shift}
              onClick={() => shift && navigate(`/m/duty_shift/${shift.id}`)}
            >
              <span className="duty-shift-label">{label}</span>
              {shift ? (
                <span>
                  带班 {shift.leader.name} · 值班 {shift.staff.map((p) => p.name).join('、')}
                  {shift.manual ? <span className="muted">（已调整）</span> : null}
                </span>
              ) : (
                <span className="muted">未排班</span>
              )}
            </button>
            {canEdit ? (
              <Button size="mini" fill="outline" onClick={() => onEdit({ date: day.date, kind, label, shift })}>
                调整
              </Button>
            ) : null}
          </div>
        );
      })}
    </List.Item>
  );
}
