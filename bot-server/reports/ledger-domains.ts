/**
 * The drill-down domains of the office's registers and ledgers (ledgers/, reports/ledger-figures.ts), part of the
 * engine's `DOMAINS`. Kept apart only so that engine.ts stays within its size; they import nothing.
 *
 * Their records are dated by Shanghai civil dates (`YYYY-MM-DD` text), not instants. Such a date D lies in the
 * engine's [start, end) exactly when the Shanghai day D does: the bounds are Shanghai midnights, passed as UTC
 * `YYYY-MM-DD 16:00:00.000` of the day before (a Date that mysql2 writes in that form), and D compares as text on both
 * dialects (a shorter prefix sorts first, also under MariaDB's PAD SPACE collations); `shanghaiDateSql` of D is D.
 * `ledger-figures.test.ts` holds the figures to a hand count at the edges of a year on SQLite and MariaDB.
 */
const none = () => [];

export const LEDGER_DOMAINS = {
  honours: {
    from: 'office_honour oh',
    key: 'oh.id',
    at: 'oh.received_on',
    unit: null,
    type: 'oh.level',
    always: none,
    item: {
      id: 'oh.id',
      number: 'NULL',
      title: 'oh.name',
      at: 'oh.received_on',
      link: 'honour',
      opens: { prefix: 'ledgers?tab=honours&year=', value: 'SUBSTR(oh.received_on, 1, 4)' },
    },
    order: 'oh.received_on, oh.id',
  },
  receptions: {
    from: 'office_reception orc',
    key: 'orc.id',
    at: 'orc.received_on',
    unit: null,
    type: 'orc.kind',
    always: none,
    item: {
      id: 'orc.id',
      number: 'NULL',
      title: 'orc.topic',
      at: 'orc.received_on',
      link: 'reception',
      opens: { prefix: 'ledgers?tab=receptions&year=', value: 'SUBSTR(orc.received_on, 1, 4)' },
    },
    order: 'orc.received_on, orc.id',
  },
  briefs: {
    // Typed by the series (五型政府简报 …); listed by 期数.
    from: 'office_brief ob',
    key: 'ob.id',
    at: 'ob.issued_on',
    unit: null,
    type: 'ob.series',
    always: none,
    item: {
      id: 'ob.id',
      number: 'ob.issue_no',
      title: 'ob.title',
      at: 'ob.issued_on',
      link: 'brief',
      opens: { prefix: 'ledgers?tab=briefs&year=', value: 'SUBSTR(ob.issued_on, 1, 4)' },
    },
    order: 'ob.issued_on, ob.id',
  },
  ledgerEntries: {
    // Typed by the category; a category belongs to one kind of ledger, so the entry alone says what it counts.
    from: 'office_ledger_entry le',
    key: 'le.id',
    at: 'le.entered_on',
    unit: null,
    type: 'le.category',
    always: none,
    item: {
      id: 'le.id',
      number: 'NULL',
      title: 'le.title',
      at: 'le.entered_on',
      link: 'ledger-entry',
      opens: { prefix: 'ledgers/books/', value: 'le.ledger_id' },
    },
    order: 'le.entered_on, le.id',
  },
};
