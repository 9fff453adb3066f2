import { Button, Dialog, Picker, Toast } from 'antd-mobile';
import { DownOutline } from 'antd-mobile-icons';
import { useState } from 'react';
import { toastAction } from '@/components/toast-action';
import { errorText } from '@/lib/api-client';
import { useMe } from '@/lib/auth';
import { todayInShanghai } from '@/lib/dates';
import { hasRole } from '@/lib/roles';

/** The registers start in 2000, as the server's plausible years do. */
const FIRST_YEAR = 2000;

export const thisYear = () => Number(todayInShanghai().slice(0, 4));

/** 督查室 and 会务 keep the registers (administrators hold every role); the leaders only read them. */
export function useCanEdit(): boolean {
  const { user } = useMe();
  return hasRole(user, 'supervision_office', 'meeting_office');
}

/**
 * Sends a form; a refusal (400, 409) shows as a toast with the server's message, and is thrown on so the sheet
 * stays open with what was typed (FormPopup also keeps the message above its button).
 */
export async function sendOrToast<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    Toast.show({ icon: 'fail', content: errorText(err) });
    throw err;
  }
}

/** 删除: asked once more, then done with a toast (the server's message if it refuses). */
export async function confirmRemove(what: string, remove: () => Promise<unknown>, then: () => void): Promise<void> {
  if (!(await Dialog.confirm({ content: `删除${what}？删除后不能恢复。`, confirmText: '删除' }))) return;
  await toastAction(remove, '已删除', then);
}

/** A date something happened on: required, and not after today (the server refuses it too). */
export const pastDateRules = (what: string) => [
  { required: true, message: `请选择${what}` },
  {
    validator: async (_rule: unknown, value?: string) => {
      if (value && value > todayInShanghai()) throw new Error(`${what}不能晚于今天`);
    },
  },
];

const yearColumns = () => {
  const years = [];
  for (let y = thisYear(); y >= FIRST_YEAR; y--) years.push({ label: `${y}年`, value: y });
  return [years];
};

/** A year chosen from a wheel (2000 … this year), shown as “2026年”; usable as a form field (`value`, `onChange`). */
export function YearPicker({
  value,
  onChange,
  title = '选择年度',
  className,
}: {
  value?: number;
  onChange?: (year: number) => void;
  title?: string;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" fill="outline" className={className} onClick={() => setOpen(true)}>
        {value ? `${value}年` : '请选择'} <DownOutline />
      </Button>
      <Picker
        title={title}
        columns={yearColumns()}
        visible={open}
        value={value ? [value] : []}
        onClose={() => setOpen(false)}
        onConfirm={(v) => {
          if (typeof v[0] === 'number') onChange?.(v[0]);
        }}
      />
    </>
  );
}

/** The 修改 and 删除 buttons under a row, for the editors only. */
export function RowActions({ onEdit, onRemove }: { onEdit: () => void; onRemove: () => void }) {
  return (
    <div className="ledger-row-actions">
      <Button size="mini" fill="outline" color="primary" onClick={onEdit}>
        修改
      </Button>
      <Button size="mini" fill="outline" color="danger" onClick={onRemove}>
        删除
      </Button>
    </div>
  );
}

/** Which row's form is open: a new one (`null`) or a row to correct; closed when undefined. */
export function useEditing<T>() {
  const [editing, setEditing] = useState<{ row: T | null } | undefined>(undefined);
  return {
    open: editing !== undefined,
    row: editing?.row ?? null,
    add: () => setEditing({ row: null }),
    edit: (row: T) => setEditing({ row }),
    close: () => setEditing(undefined),
  };
}
