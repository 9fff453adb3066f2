import { Button, Card, Checkbox, Dialog, Form, List, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { CardList } from '@/components/card-list';
import { FormPopup, requiredText } from '@/components/form-popup';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { errorText } from '@/lib/api-client';
import { useMe } from '@/lib/auth';
import { addDays, formatDate, formatInstant, todayInShanghai } from '@/lib/dates';
import { openLink } from '@/lib/dingtalk';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import {
  type DisciplineEntry,
  type DisciplinePeriod,
  disciplineDocxUrl,
  getDisciplineNotice,
  getDisciplineNotices,
  issueDiscipline,
  previewDiscipline,
  withdrawDiscipline,
} from '../api/discipline';
import './discipline.css';

const SITUATION: ReadonlyMap<string, string> = new Map([
  ['late', '迟到'],
  ['absent', '无故缺席'],
  ['unit_absent', '单位未派员参会'],
]);

/** As the issued notice words it: 迟到N分钟, 无故缺席, 单位未派员参会. */
const situationOf = (e: DisciplineEntry) =>
  e.kind === 'late' && e.minutesLate != null ? `迟到${e.minutesLate}分钟` : (SITUATION.get(e.kind) ?? e.kind);

/** The entries as the notice lists them: meeting, time, unit, name and what happened. */
function EntriesTable({ entries }: { entries: DisciplineEntry[] }) {
  return (
    <div className="discipline-table-wrap">
      <table className="discipline-table">
        <thead>
          <tr>
            <th>序号</th>
            <th>会议名称</th>
            <th>会议时间</th>
            <th>单位</th>
            <th>姓名</th>
            <th>情况</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => (
            <tr key={e.attendeeId}>
              <td>{i + 1}</td>
              <td>{e.meetingTitle}</td>
              <td>{formatInstant(e.startsAt).replace(' ', '\n')}</td>
              <td>{e.unit ?? ''}</td>
              <td>{e.name ?? '—'}</td>
              <td>{situationOf(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 违反会风会纪通报: one issued notice, its entries as published, and the Word file. */
export function DisciplineNoticePage() {
  const id = Number(useParams().id);
  const me = useMe();
  const [withdrawing, setWithdrawing] = useState(false);
  const notice = useRequest((signal) => getDisciplineNotice(id, signal), [id]);
  usePageTitle('违反会风会纪通报');
  if (!Number.isInteger(id) || id <= 0) return <Empty text="没有这期通报" />;
  if (notice.error) return <LoadFailed error={notice.error} onRetry={notice.reload} />;
  if (!notice.data) return <Loading />;
  const n = notice.data;
  return (
    <div className="page discipline-page">
      <Card className="discipline-head">
        <div className="muted">{n.documentNumber ?? `${n.year}年第${n.number}期`}</div>
        <h1 className="discipline-title">{n.title}</h1>
        <p className="muted">
          通报期间：{formatDate(n.periodStart)}至{formatDate(n.periodEnd)}；印发于{formatInstant(n.issuedAt)}
        </p>
        {n.withdrawnAt ? (
          <p className="text-danger">
            已于{formatInstant(n.withdrawnAt)}撤回{n.withdrawReason ? `，原因：${n.withdrawReason}` : ''}
          </p>
        ) : null}
        <Button
          size="small"
          color="primary"
          onClick={() => void openLink(new URL(disciplineDocxUrl(id), window.location.href).href)}
        >
          下载通报（Word）
        </Button>
        {hasRole(me.user, 'meeting_office') && !n.withdrawnAt ? (
          <Button size="small" color="danger" fill="outline" onClick={() => setWithdrawing(true)}>
            撤回通报
          </Button>
        ) : null}
      </Card>
      <FormPopup<{ reason: string }>
        visible={withdrawing}
        title={`撤回${n.year}年第${n.number}期通报`}
        submitText="确定撤回"
        onClose={() => setWithdrawing(false)}
        onSubmit={async ({ reason }) => {
          await withdrawDiscipline(id, reason.trim());
          setWithdrawing(false);
          Toast.show({ icon: 'success', content: '通报已撤回，已通知被通报人员' });
          notice.reload();
        }}
      >
        <Form.Item name="reason" label="撤回原因" rules={requiredText('请填写撤回原因')}>
          <TextArea rows={3} maxLength={200} placeholder="如：经核实，相关人员已履行请假手续" />
        </Form.Item>
      </FormPopup>
      <Card title={`通报情况（${n.entries.length}人次）`} className="discipline-head">
        {n.entries.length === 0 ? <Empty text="本期无通报情况" /> : <EntriesTable entries={n.entries} />}
      </Card>
    </div>
  );
}

/** Every 违反会风会纪通报 issued, newest first. */
export function DisciplineNoticesPage() {
  usePageTitle('违反会风会纪通报');
  const navigate = useNavigate();
  const me = useMe();
  const notices = useRequest((signal) => getDisciplineNotices(signal), []);
  if (notices.error) return <LoadFailed error={notices.error} onRetry={notices.reload} />;
  if (!notices.data) return <Loading />;
  return (
    <div className="page discipline-page">
      {hasRole(me.user, 'meeting_office') ? (
        <IssueCard onIssued={(id) => navigate(`/m/discipline-notice/${id}`)} />
      ) : null}
      <CardList
        header="违反会风会纪通报"
        className="discipline-notices"
        count={notices.data.length}
        empty="尚未印发违反会风会纪通报"
      >
        {notices.data.map((n) => (
          <List.Item
            key={n.id}
            onClick={() => navigate(`/m/discipline-notice/${n.id}`)}
            description={`${n.documentNumber ?? `${n.year}年第${n.number}期`} · 通报${n.entryCount}人次 · 印发于${formatInstant(n.issuedAt)}${
              n.withdrawnAt ? ' · 已撤回' : ''
            }`}
          >
            {n.title}
          </List.Item>
        ))}
      </CardList>
    </div>
  );
}

/** The first and last day of last month, in Shanghai: the period a monthly notice usually covers. */
function lastMonth(): { from: string; to: string } {
  const firstOfThisMonth = `${todayInShanghai().slice(0, 8)}01`;
  const to = addDays(firstOfThisMonth, -1);
  return { from: `${to.slice(0, 8)}01`, to };
}

/** 会务: choose a period, look at who would be listed, then issue the numbered notice. */
function IssueCard({ onIssued }: { onIssued: (id: number) => void }) {
  const [period, setPeriod] = useState<DisciplinePeriod>(() => ({ ...lastMonth(), includeLeaders: false }));
  const [shown, setShown] = useState<DisciplinePeriod | null>(null);
  const [issuing, setIssuing] = useState(false);
  const preview = useRequest(
    (signal) => (shown ? previewDiscipline(shown, signal) : Promise.resolve(null)),
    [shown?.from, shown?.to, shown?.includeLeaders],
  );
  const invalid =
    !period.from || !period.to ? '请选择通报期间' : period.from > period.to ? '开始日期不能晚于结束日期' : null;
  const issue = async () => {
    if (!shown || !preview.data) return;
    // Issuing publishes a numbered notice naming people: asked once more, with what it will say.
    const confirmed = await Dialog.confirm({
      title: '确认印发通报',
      content: `将印发《${preview.data.title}》，通报${preview.data.violations.length}人次。印发后将编入本年度期号。`,
      confirmText: '确认印发',
    });
    if (!confirmed) return;
    setIssuing(true);
    try {
      const notice = await issueDiscipline(shown);
      Toast.show({ icon: 'success', content: `已印发${notice.year}年第${notice.number}期通报` });
      onIssued(notice.id);
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorText(err) });
    } finally {
      setIssuing(false);
    }
  };
  return (
    <Card title="印发通报" className="discipline-head discipline-issue">
      <div className="discipline-period">
        <label>
          自
          <input type="date" value={period.from} onChange={(e) => setPeriod((p) => ({ ...p, from: e.target.value }))} />
        </label>
        <label>
          至
          <input type="date" value={period.to} onChange={(e) => setPeriod((p) => ({ ...p, to: e.target.value }))} />
        </label>
      </div>
      <Checkbox
        checked={period.includeLeaders}
        onChange={(includeLeaders) => setPeriod((p) => ({ ...p, includeLeaders }))}
      >
        将区领导列入通报（默认不列入）
      </Checkbox>
      {invalid ? <div className="form-error">{invalid}</div> : null}
      <Button size="small" disabled={!!invalid} onClick={() => setShown({ ...period })}>
        预览
      </Button>
      {shown && preview.error ? <LoadFailed error={preview.error} onRetry={preview.reload} /> : null}
      {shown && preview.data ? (
        <div className="discipline-preview">
          <p className="muted">
            {preview.data.title}：期间共召开{preview.data.meetings}次会议，通报{preview.data.violations.length}人次。
          </p>
          {preview.data.overlaps.length ? (
            <div className="form-error">
              该期间与已印发的
              {preview.data.overlaps.map((o) => `${o.year}年第${o.number}期`).join('、')}
              通报重叠，同一会议不能重复通报；请调整期间，或先撤回该期通报。
            </div>
          ) : null}
          {preview.data.violations.length && preview.data.overlaps.length === 0 ? (
            <>
              <EntriesTable entries={preview.data.violations} />
              <Button color="primary" loading={issuing} onClick={() => void issue()}>
                印发通报
              </Button>
            </>
          ) : preview.data.violations.length === 0 ? (
            <Empty text="该期间没有迟到或无故缺席的情况，无需印发通报" />
          ) : null}
          <p className="muted">说明：{preview.data.definitions}</p>
        </div>
      ) : null}
    </Card>
  );
}
