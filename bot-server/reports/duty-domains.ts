/**
 * The records the 值班信访 figures (duty-figures.ts) count, as the engine's domains (engine.ts spreads them into
 * DOMAINS). Kept apart from the figures so that the engine imports this file and nothing imports back.
 */

const none = () => [];

export const DUTY_DOMAINS = {
  visits: {
    // 信访接待登记 (duty/petitions.ts), by the unit the matter concerns; listed by the first words of the matter.
    from: 'petition_visit pv',
    key: 'pv.id',
    at: 'pv.visited_at',
    unit: 'pv.department_id',
    type: null,
    always: none,
    item: { id: 'pv.id', number: 'NULL', title: 'SUBSTR(pv.content, 1, 60)', at: 'pv.visited_at', link: 'petition' },
    order: 'pv.visited_at, pv.id',
  },
  calls: {
    // 电话记录 (duty/phone-log.ts), typed by the caller; a call belongs to the office as a whole.
    from: 'phone_call pc',
    key: 'pc.id',
    at: 'pc.called_at',
    unit: null,
    type: 'pc.caller_type',
    always: none,
    item: { id: 'pc.id', number: 'NULL', title: 'pc.topic', at: 'pc.called_at', link: 'phone-call' },
    order: 'pc.called_at, pc.id',
  },
  incidentReports: {
    // 报送记录 of 应急值班信息 (duty/incidents.ts), typed by the report's kind, listed by their incident.
    from: 'duty_incident_report ir JOIN duty_incident di ON di.id = ir.incident_id',
    key: 'ir.id',
    at: 'ir.reported_at',
    unit: null,
    type: 'ir.kind',
    always: none,
    item: { id: 'di.id', number: 'NULL', title: 'SUBSTR(di.summary, 1, 60)', at: 'ir.reported_at', link: 'incident' },
    order: 'ir.reported_at, ir.id',
  },
};
