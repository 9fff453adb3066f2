import { Button, Card, List, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { RecordState } from '@/components/page-state';
import { KindTag } from '@/components/record-item';
import { usePageTitle } from '@/hooks/use-page-title';
import { formatDate } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import { type Entry, getLedger, type Ledger, removeEntry, removeLedger, renameLedger } from '../api/ledgers';
import { totalsOf } from './books-tab';
import { confirmRemove, RowActions, useCanEdit, useEditing } from './common';
import { EntryForm } from './entry-form';
import { RenameForm } from './rename-form';
import './ledgers.css';

/** An entry: what was done; its category, date, amount, and for a 问题 whether it was rectified. */
function EntryItem({ entry, actions }: { entry: Entry; actions: React.ReactNode }) {
  return (
    <List.Item
      className="entry-item"
      data-entry={entry.id}
      description={
        <>
          <div className="item-meta">
            <span>{formatDate(entry.enteredOn)}</span>
            {entry.amount !== null ? <span className="entry-amount">{entry.amount}万元</span> : null}
            {entry.rectified === true ? (
              <span>已整改{entry.rectifiedOn ? `（${formatDate(entry.rectifiedOn)}）` : ''}</span>
            ) : null}
            {entry.rectified === false ? <span className="text-warning">未整改</span> : null}
          </div>
          {actions}
        </>
      }
    >
      <div className="item-title">
        <Tag color="primary" fill="outline" className="source-tag">
          {entry.categoryName}
        </Tag>
        {entry.title}
      </div>
    </List.Item>
  );
}

/** The ledger, its totals, and its entries newest first; 督查室 and 会务 add, correct and delete. */
function LedgerView({ ledger, entries, reload }: { ledger: Ledger; entries: Entry[]; reload: () => void }) {
  const canEdit = useCanEdit();
  const navigate = useNavigate();
  const editing = useEditing<Entry>();
  const [renaming, setRenaming] = useState(false);
  const rows = [...entries].reverse();
  return (
    <div className="page ledgers-page">
      <Card className="matter-head">
        <h1 className="matter-title book-title">{ledger.name}</h1>
        <div className="tag-row">
          <KindTag>{ledger.kindName}</KindTag>
          <span className="muted">{ledger.year}年</span>
        </div>
        <div className="book-totals book-page-totals">
          {totalsOf(ledger).map((t) => (
            <span key={t.category} data-category={t.category}>
              {t.text}
            </span>
          ))}
        </div>
      </Card>
      {canEdit ? (
        <Button block color="primary" className="ledger-add" onClick={editing.add}>
          新增记录
        </Button>
      ) : null}
      <List mode="card" header={`台账记录（${entries.length}条）`} className="entry-list">
        {rows.length === 0 ? <List.Item>尚无记录</List.Item> : null}
        {rows.map((e) => (
          <EntryItem
            key={e.id}
            entry={e}
            actions={
              canEdit ? (
                <RowActions
                  onEdit={() => editing.edit(e)}
                  onRemove={() => confirmRemove(`记录“${e.title}”`, () => removeEntry(e.id), reload)}
                />
              ) : null
            }
          />
        ))}
      </List>
      {canEdit ? (
        <div className="ledger-actions">
          <Button fill="outline" onClick={() => setRenaming(true)}>
            修改台账名称
          </Button>
          <Button
            fill="outline"
            color="danger"
            onClick={() =>
              confirmRemove(
                `台账“${ledger.name}”`,
                () => removeLedger(ledger.id),
                () => navigate(-1),
              )
            }
          >
            删除台账
          </Button>
        </div>
      ) : null}
      {editing.open ? <EntryForm ledger={ledger} entry={editing.row} onClose={editing.close} onSaved={reload} /> : null}
      {renaming ? (
        <RenameForm
          name={ledger.name}
          onClose={() => setRenaming(false)}
          save={(name) => renameLedger(ledger.id, name)}
          onSaved={reload}
        />
      ) : null}
    </div>
  );
}

/** `/m/ledgers/books/:id`: one 台账 and its entries. */
export function BookPage() {
  usePageTitle('台账记录');
  const id = Number(useParams().id);
  const book = useRequest((signal) => getLedger(id, signal), [id]);
  return (
    <RecordState id={id} missing="没有这本台账" record={book}>
      {(data) => <LedgerView ledger={data.ledger} entries={data.entries} reload={book.reload} />}
    </RecordState>
  );
}
