import { Button, Form, Input, List, Selector, Stepper, Toast } from 'antd-mobile';
import { FormPopup, requiredText } from '@/components/form-popup';
import { LoadFailed, Loading } from '@/components/page-state';
import { formatDate, todayInShanghai } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import { type Brief, briefs } from '../api/ledgers';
import { confirmRemove, pastDateRules, RowActions, sendOrToast, useCanEdit, useEditing } from './common';

interface BriefValues {
  series: string;
  issueNo: number;
  issuedOn: string;
  title: string;
}

/** The next 期数 of a series in the year's list. */
const nextIssue = (rows: Brief[], series: string) =>
  Math.max(0, ...rows.filter((b) => b.series === series).map((b) => b.issueNo)) + 1;

/**
 * 登记简报 or its correction: the series (one of the year's series picked with a tap, or typed), 期数 (the
 * series' next by default), the date issued, the title. A 期数 already taken is refused by the server (409).
 */
function BriefForm({
  brief,
  rows,
  onClose,
  onSaved,
}: {
  brief: Brief | null;
  rows: Brief[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<BriefValues>();
  const series = [...new Set(rows.map((b) => b.series))];
  const first = series[0] ?? '';
  const initial: Partial<BriefValues> = brief
    ? brief
    : { series: first, issueNo: nextIssue(rows, first), issuedOn: todayInShanghai() };
  return (
    <FormPopup<BriefValues>
      visible
      form={form}
      title={brief ? '修改简报登记' : '登记简报'}
      submitText="保存"
      onClose={onClose}
      initialValues={initial}
      onSubmit={async (v) => {
        const body = { series: v.series.trim(), issueNo: v.issueNo, issuedOn: v.issuedOn, title: v.title.trim() };
        await sendOrToast(() => (brief ? briefs.edit(brief.id, body) : briefs.create(body)));
        Toast.show({ icon: 'success', content: '已保存' });
        onSaved();
      }}
    >
      {series.length && !brief ? (
        <Form.Item label="本年已有简报（点选填入）">
          <Selector
            columns={2}
            options={series.map((s) => ({ label: s, value: s }))}
            onChange={(v) => {
              if (v[0]) form.setFieldsValue({ series: v[0], issueNo: nextIssue(rows, v[0]) });
            }}
          />
        </Form.Item>
      ) : null}
      <Form.Item name="series" label="简报名称" rules={requiredText('请填写简报名称')}>
        <Input placeholder="如：五型政府简报" maxLength={100} clearable />
      </Form.Item>
      <Form.Item name="issueNo" label="期数" rules={[{ required: true, message: '请填写期数' }]}>
        <Stepper min={1} max={10000} digits={0} />
      </Form.Item>
      <Form.Item name="issuedOn" label="印发日期" rules={pastDateRules('印发日期')}>
        <Input type="date" />
      </Form.Item>
      <Form.Item name="title" label="简报标题" rules={requiredText('请填写简报标题')}>
        <Input placeholder="如：11月全区“五型”政府建设工作动态" maxLength={200} clearable />
      </Form.Item>
    </FormPopup>
  );
}

/** 简报 of the year by series, each by 期数 (latest first); 督查室 and 会务 add, correct and delete. */
export function BriefsTab({ year }: { year: number }) {
  const canEdit = useCanEdit();
  const list = useRequest((signal) => briefs.list(year, signal), [year]);
  const editing = useEditing<Brief>();
  if (list.error && !list.data) return <LoadFailed error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  const rows = list.data;
  const series = [...new Set(rows.map((b) => b.series))];
  return (
    <>
      {canEdit ? (
        <Button block color="primary" className="ledger-add" onClick={editing.add}>
          登记简报
        </Button>
      ) : null}
      {rows.length === 0 ? (
        <List mode="card" header={`${year}年简报`} className="brief-list">
          <List.Item>本年度暂无简报登记</List.Item>
        </List>
      ) : null}
      {series.map((s) => {
        const issues = rows.filter((b) => b.series === s).sort((a, b) => b.issueNo - a.issueNo);
        return (
          <List key={s} mode="card" header={`《${s}》${year}年（${issues.length}期）`} className="brief-list">
            {issues.map((b) => (
              <List.Item
                key={b.id}
                className="brief-item"
                data-brief={b.id}
                prefix={<span className="brief-issue">第{b.issueNo}期</span>}
                description={
                  <>
                    <div className="item-meta">
                      <span>{formatDate(b.issuedOn)}印发</span>
                    </div>
                    {canEdit ? (
                      <RowActions
                        onEdit={() => editing.edit(b)}
                        onRemove={() =>
                          confirmRemove(`《${b.series}》第${b.issueNo}期`, () => briefs.remove(b.id), list.reload)
                        }
                      />
                    ) : null}
                  </>
                }
              >
                <div className="item-title">{b.title}</div>
              </List.Item>
            ))}
          </List>
        );
      })}
      {editing.open ? (
        <BriefForm brief={editing.row} rows={rows} onClose={editing.close} onSaved={list.reload} />
      ) : null}
    </>
  );
}
