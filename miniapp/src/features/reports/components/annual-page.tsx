import { Button, Card, Tag } from 'antd-mobile';
import { useNavigate, useSearchParams } from 'react-router';
import { Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { todayInShanghai } from '@/lib/dates';
import { openLink } from '@/lib/dingtalk';
import { useRequest } from '@/lib/use-request';
import { type AnnualItem, type AnnualReport, annualDocxUrl, drillPath, getAnnual } from '../api/reports';
import { FigureRow } from './figure-row';
import { Forbidden, isForbidden, ReportFailed } from './report-state';
import './reports.css';

const YEARS_SHOWN = 6;

/** `?year=` when it is a year the server answers for, else the current year in Shanghai. */
function yearOf(param: string | null, current: number): number {
  const year = Number(param);
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : current;
}

/** 年度数据: the summary's figures that the records back, section by section, with what a person must still write. */
export function AnnualPage() {
  usePageTitle('年度数据');
  const [params, setParams] = useSearchParams();
  const current = Number(todayInShanghai().slice(0, 4));
  const year = yearOf(params.get('year'), current);
  const report = useRequest((signal) => getAnnual(year, signal), [year]);
  const years = Array.from({ length: YEARS_SHOWN }, (_, i) => current - i);
  if (!years.includes(year)) years.push(year);
  if (isForbidden(report.error)) return <Forbidden />;

  return (
    <div className="page report-page">
      <Card className="report-head">
        <div className="report-head-row">
          <label className="report-select">
            <span>年度</span>
            <select value={year} onChange={(e) => setParams({ year: e.target.value }, { replace: true })}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}年
                </option>
              ))}
            </select>
          </label>
          <Button
            size="small"
            color="primary"
            onClick={() => void openLink(new URL(annualDocxUrl(year), window.location.href).href)}
          >
            下载年度总结（Word）
          </Button>
        </div>
        <p className="muted">
          统计期间为{year}年1月1日至12月31日（北京时间）。系统记录可支撑的数据已自动生成，点击数据可查看所统计的记录；
          <span className="report-gap-inline">待填写</span>的内容系统未记录，需由承办人员核实填写。
        </p>
      </Card>
      {report.error ? (
        <ReportFailed error={report.error} onRetry={report.reload} />
      ) : !report.data ? (
        <Loading />
      ) : (
        <AnnualSections report={report.data} />
      )}
    </div>
  );
}

/**
 * The summary's sections as the server lays them out (its gaps come from the same template, so each has its item); a
 * figure the summary does not write is shown under 其他.
 */
function AnnualSections({ report }: { report: AnnualReport }) {
  const placed = new Set(report.layout.flatMap((s) => s.items.flatMap((i) => i.figures)));
  const others: AnnualItem = {
    title: '其他数据',
    figures: [...report.figures, ...report.changes].map((f) => f.name).filter((n) => !placed.has(n)),
    units: {},
    gaps: null,
  };
  const sections = [...report.layout, ...(others.figures.length ? [{ title: '其他', items: [others] }] : [])];
  return (
    <>
      {sections.map((section) => (
        <section key={section.title} className="report-section">
          <h2 className="report-section-title">{section.title}</h2>
          {section.items.map((item) => (
            <Card key={item.title} title={item.title} className="report-card">
              <ItemFigures report={report} item={item} />
            </Card>
          ))}
        </section>
      ))}
    </>
  );
}

function ItemFigures({ report, item }: { report: AnnualReport; item: AnnualItem }) {
  const navigate = useNavigate();
  const year = { from: report.from, to: report.to };
  const lastYear = { from: `${report.year - 1}-01-01`, to: `${report.year - 1}-12-31` };
  return (
    <>
      {item.figures.map((name) => {
        const figure = report.figures.find((f) => f.name === name);
        if (figure) {
          return (
            <FigureRow
              key={name}
              name={name}
              label={figure.label}
              value={figure.text}
              unit={item.units[name]}
              definition={`${figure.definition}。依据${figure.records}条记录。`}
              onOpen={figure.records > 0 ? () => navigate(drillPath(figure.figure, year)) : undefined}
            >
              {name === 'disciplineNotices' ? (
                <Button size="mini" fill="none" color="primary" onClick={() => navigate('/m/discipline-notices')}>
                  查看历期违反会风会纪通报
                </Button>
              ) : null}
            </FigureRow>
          );
        }
        const statement = report.statements.find((s) => s.name === name);
        if (statement) {
          // Words, not a number: shown as the summary writes them; a gap (【…】) is listed below as 待填写.
          const words = statement.text.replace(/【[^】]*】/g, '').replace(/^[（，、]+|[）。，、]+$/g, '');
          return words ? (
            <div key={name} className="report-statement" data-figure={name}>
              <div>{statement.label}</div>
              <div className="report-statement-words">{words}</div>
              <div className="muted">{`${statement.definition}。依据${statement.records}条记录。`}</div>
            </div>
          ) : null;
        }
        const change = report.changes.find((c) => c.name === name);
        if (!change) return null;
        return (
          <FigureRow
            key={name}
            name={name}
            label={`${change.label}同比`}
            value={change.text}
            note={`本年${change.thisYear}，上年${change.lastYear}`}
            definition={change.definition}
            onOpen={() => navigate(drillPath(change.figure, year))}
          >
            <Button
              size="mini"
              fill="none"
              color="primary"
              onClick={() => navigate(drillPath(change.figure, lastYear))}
            >
              查看上年记录
            </Button>
          </FigureRow>
        );
      })}
      {report.needsPerson
        .filter((n) => n.section === item.gaps)
        .map((n) => (
          <div key={n.section} className="report-needs-person" data-gap={n.section}>
            <Tag color="warning" fill="outline">
              待填写
            </Tag>
            <span>{n.what}</span>
            <div className="muted">系统未记录，需人工核实填写</div>
          </div>
        ))}
    </>
  );
}
