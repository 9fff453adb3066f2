import { CalendarRegistry } from './CalendarRegistry';
import type { CalendarWarning } from './coverage-warnings';
import shippedJson from './data/cn-holidays.json';
import { type HolidayData, resolveHolidayData, shippedHolidayData } from './holiday-data';
import type { CalendarOverride } from './overrides';
import { isAffectedByChange, type RecomputeCandidate } from './recompute';

const closure: CalendarOverride = { date: '2026-03-02', kind: 'off', reason: '办公楼停电检修' };

function quietRegistry(overrides: CalendarOverride[] = []) {
  const warnings: CalendarWarning[] = [];
  const registry = new CalendarRegistry({ overrides, onWarning: (warning) => warnings.push(warning) });
  return { registry, warnings };
}

/** 2027 as a hypothetical notice might give it, to exercise a data update (not real data). */
function dataWithHypothetical2027(): HolidayData {
  const data: HolidayData = JSON.parse(JSON.stringify(shippedJson));
  data.years.push({
    year: 2027,
    sources: [{ number: '国办发明电〔2026〕0号', title: '测试用', date: '2026-11-01', url: 'https://www.gov.cn/test' }],
    holidays: [{ name: '元旦', off: ['2027-01-01', '2027-01-02', '2027-01-03'], work: [] }],
  });
  return data;
}

describe('CalendarRegistry', () => {
  it('builds one calendar per scope lazily and hands out the cached instance', () => {
    const { registry } = quietRegistry([closure]);
    const office = registry.calendar();
    expect(registry.calendar('office')).toBe(office);
    const unit = registry.calendar('unit-42');
    expect(registry.calendar('unit-42')).toBe(unit);
    expect(unit.addWorkdays('2026-02-27', 3).date).toBe('2026-03-04');
    expect(unit.scope).toBe('unit-42');
  });

  it('swaps calendars on an override change, leaves handed-out ones untouched and reports the changed dates', () => {
    const { registry } = quietRegistry();
    const before = registry.calendar('unit-42');
    const changes = registry.setOverrides([
      closure,
      { date: '2026-03-07', kind: 'workday', reason: '补班', scope: 'unit-42' },
    ]);
    expect(changes).toEqual([
      { scope: 'office', dates: ['2026-03-02'], coverageChanged: false },
      { scope: 'unit-42', dates: ['2026-03-07'], coverageChanged: false },
    ]);
    const after = registry.calendar('unit-42');
    expect(after).not.toBe(before);
    expect(before.addWorkdays('2026-02-27', 3).date).toBe('2026-03-03');
    expect(after.addWorkdays('2026-02-27', 3).date).toBe('2026-03-04');
    expect(after.version).not.toBe(before.version);
    expect(registry.listOverrides()).toHaveLength(2);
  });

  it('keeps other units cached when only one unit changes', () => {
    const { registry } = quietRegistry();
    const office = registry.calendar();
    const unit7 = registry.calendar('unit-7');
    registry.setOverrides([{ date: '2026-03-07', kind: 'workday', reason: '补班', scope: 'unit-42' }]);
    expect(registry.calendar()).toBe(office);
    expect(registry.calendar('unit-7')).toBe(unit7);
  });

  it('reports no dates for a reason-only edit but shows the new reason', () => {
    const { registry } = quietRegistry([closure]);
    expect(registry.setOverrides([{ ...closure, reason: '线路改造' }])).toEqual([]);
    expect(registry.calendar().describe('2026-03-02').label).toBe('调整休息 线路改造');
  });

  it('changes nothing when the new list is invalid', () => {
    const { registry } = quietRegistry([closure]);
    const office = registry.calendar();
    expect(() => registry.setOverrides([{ date: '2026-03-32', kind: 'off', reason: 'x' }])).toThrow(
      expect.objectContaining({ code: 'invalid_override' }),
    );
    expect(registry.calendar()).toBe(office);
    expect(registry.listOverrides()).toEqual([{ ...closure, scope: 'office' }]);
  });

  it('fails at construction on bad overrides', () => {
    expect(() => quietRegistry([closure, closure])).toThrow(expect.objectContaining({ code: 'invalid_override' }));
  });

  it('reports a data update for every scope, with the days that changed and the coverage change', () => {
    const { registry } = quietRegistry();
    const changes = registry.setHolidayData(resolveHolidayData(dataWithHypothetical2027()));
    expect(changes).toEqual([
      // 元旦 was already off by rule; the statutory weekdays this partial notice leaves out become working days.
      {
        scope: null,
        dates: ['2027-02-05', '2027-02-08', '2027-04-05', '2027-06-09', '2027-09-15', '2027-10-01'],
        coverageChanged: true,
      },
    ]);
    expect(registry.calendar().coverage).toEqual({ firstYear: 2020, lastYear: 2027 });
    expect(registry.calendar().addWorkdays('2026-12-31', 1)).toEqual({ date: '2027-01-04', approximate: false });
    expect(registry.setHolidayData(resolveHolidayData(dataWithHypothetical2027()))).toEqual([]);
    expect(registry.setHolidayData(shippedHolidayData())[0]?.coverageChanged).toBe(true);
  });

  it('warns once per uncovered year across rebuilt calendars', () => {
    const { registry, warnings } = quietRegistry();
    registry.calendar().addWorkdays('2027-03-01', 1);
    registry.setOverrides([closure]);
    registry.calendar().addWorkdays('2027-03-01', 1);
    registry.calendar('unit-1').isWorkday('2027-05-05');
    expect(warnings.map((warning) => warning.year)).toEqual([2027]);
  });
});

describe('isAffectedByChange', () => {
  const deadline: RecomputeCandidate = {
    scope: 'unit-42',
    approximate: false,
    fromDate: '2026-02-27',
    toDate: '2026-03-03',
  };

  it('selects deadlines whose span [received, due] holds a changed day of their scope chain', () => {
    expect(isAffectedByChange(deadline, [{ scope: 'office', dates: ['2026-03-02'], coverageChanged: false }])).toBe(
      true,
    );
    expect(isAffectedByChange(deadline, [{ scope: 'unit-42', dates: ['2026-03-03'], coverageChanged: false }])).toBe(
      true,
    );
    expect(isAffectedByChange(deadline, [{ scope: null, dates: ['2026-02-27'], coverageChanged: false }])).toBe(true);
  });

  it('ignores other units and days outside the span', () => {
    expect(isAffectedByChange(deadline, [{ scope: 'unit-7', dates: ['2026-03-02'], coverageChanged: false }])).toBe(
      false,
    );
    expect(isAffectedByChange(deadline, [{ scope: 'office', dates: ['2026-03-04'], coverageChanged: false }])).toBe(
      false,
    );
    expect(isAffectedByChange(deadline, [{ scope: null, dates: [], coverageChanged: true }])).toBe(false);
  });

  it('selects approximate deadlines when the coverage changes', () => {
    const approximate = { ...deadline, approximate: true };
    expect(isAffectedByChange(approximate, [{ scope: null, dates: [], coverageChanged: true }])).toBe(true);
  });
});
