import { DEFAULT_RULES } from './default-rules';
import { RuleBook } from './RuleBook';
import { parseRule } from './rule';

describe('default rules', () => {
  const book = new RuleBook();

  it('all validate, with unique codes', () => {
    expect(book.list()).toHaveLength(DEFAULT_RULES.length);
  });

  it('cover every kind of work the office times', () => {
    expect(book.list().map((rule) => rule.code)).toEqual(
      expect.arrayContaining([
        'doc.incoming.submit.extra_urgent',
        'doc.incoming.submit.urgent',
        'doc.incoming.submit.routine',
        'doc.incoming.complete',
        'doc.outgoing.sign.extra_urgent',
        'doc.outgoing.sign.urgent',
        'doc.outgoing.sign.routine',
        'supervision.leader_instruction.urgent',
        'supervision.leader_instruction.routine',
        'supervision.meeting_decision',
        'supervision.key_work.monthly_report',
        'supervision.npc_suggestion.reply',
        'supervision.cppcc_proposal.reply',
        'supervision.petition.acceptance_notice',
        'supervision.petition.complete',
        'supervision.online_message.reply',
        'supervision.commissioned_article.submit',
      ]),
    );
  });

  it('cite a source for each, and mark statutory ones', () => {
    for (const rule of book.list()) expect(rule.source.citation.length).toBeGreaterThan(5);
    const statutes = book.list().filter((rule) => rule.source.basis === 'statute');
    expect(statutes.map((rule) => rule.code).sort()).toEqual([
      'supervision.npc_suggestion.reply',
      'supervision.petition.acceptance_notice',
      'supervision.petition.complete',
    ]);
    expect(book.get('supervision.npc_suggestion.reply').source.citation).toMatch(/代表法.*第五十一条/);
  });

  it('encode the statutory numbers', () => {
    expect(book.get('supervision.npc_suggestion.reply')).toMatchObject({
      amount: 3,
      unit: 'month',
      extension: { totalCap: { amount: 6, unit: 'month' } },
    });
    expect(book.get('supervision.petition.acceptance_notice')).toMatchObject({ amount: 15, unit: 'day' });
    expect(book.get('supervision.petition.complete')).toMatchObject({
      amount: 60,
      unit: 'day',
      extension: { maxAmount: 30, unit: 'day', maxTimes: 1, requestBeforeExpiry: true },
    });
  });
});

describe('RuleBook', () => {
  const book = new RuleBook();

  it('refuses an unknown code', () => {
    expect(() => book.get('doc.unknown')).toThrow(expect.objectContaining({ code: 'unknown_rule' }));
    expect(book.has('doc.unknown')).toBe(false);
  });

  it('applies administrator overrides, marking a changed statutory limit as the office’s own', () => {
    const changed = book.withOverrides([
      { code: 'supervision.petition.acceptance_notice', amount: 10 },
      { code: 'doc.incoming.submit.routine', endOfDay: '17:30' },
    ]);
    expect(changed.get('supervision.petition.acceptance_notice')).toMatchObject({
      amount: 10,
      source: { basis: 'office_default', citation: expect.stringMatching(/^本办调整（原规定：《信访工作条例》/) },
    });
    expect(changed.get('doc.incoming.submit.routine')).toMatchObject({ endOfDay: '17:30', amount: 2 });
    expect(changed.get('doc.incoming.submit.routine').source).toEqual(book.get('doc.incoming.submit.routine').source);
    expect(book.get('supervision.petition.acceptance_notice').amount).toBe(15);
  });

  it('adds whole new rules and rejects incomplete ones', () => {
    const added = book.withOverrides([
      {
        code: 'doc.incoming.circulate',
        name: '领导传阅',
        amount: 2,
        unit: 'workday',
        anchor: '呈送之日',
        source: { basis: 'office_default', citation: '参照甬政办发〔2007〕169号：领导2个工作日内完成轮阅' },
      },
    ]);
    expect(added.get('doc.incoming.circulate').amount).toBe(2);
    expect(() => book.withOverrides([{ code: 'doc.new', amount: 2 }])).toThrow(
      expect.objectContaining({ code: 'invalid_rule' }),
    );
  });

  it('rejects duplicate codes', () => {
    expect(() => new RuleBook([DEFAULT_RULES[0], DEFAULT_RULES[0]])).toThrow(/defined twice/);
  });
});

describe('parseRule', () => {
  const valid = {
    code: 'a.b',
    name: '测试',
    amount: 1,
    unit: 'workday',
    anchor: '收文之日',
    source: { basis: 'statute', citation: 'x' },
  };

  it.each([
    [{ amount: 0 }, /amount/],
    [{ amount: 1.5 }, /amount/],
    [{ unit: 'week' }, /unit/],
    [{ code: 'NoDots' }, /code/],
    [{ endOfDay: '00:00' }, /24:00/],
    [{ endOfDay: '25:00' }, /HH:mm/],
    [{ unit: 'month', countReceiptDay: true }, /countReceiptDay/],
    [{ dayOfMonth: 5 }, /dayOfMonth/],
    [{ warnings: [{ kind: 'span_fraction', fraction: 1.5 }] }, /fraction/],
  ])('rejects %j', (change, message) => {
    expect(() => parseRule({ ...valid, ...change })).toThrow(message);
  });

  it('accepts a minimal rule', () => {
    expect(parseRule(valid).code).toBe('a.b');
  });
});
