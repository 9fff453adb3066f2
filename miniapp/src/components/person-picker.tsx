import { Button, CheckList, Popup, SearchBar } from 'antd-mobile';
import { useState } from 'react';
import type { Organisation } from '@/lib/organisation';

interface PersonPickerProps {
  org: Organisation;
  /** Set by Form.Item. */
  value?: string[];
  onChange?: (ids: string[]) => void;
  multiple?: boolean;
  title: string;
  placeholder: string;
  /** People who cannot be picked (already invited, or the user). */
  exclude?: string[];
  /** A unit whose people come first (a unit head naming the unit's attendees). */
  unitFirst?: string | null;
  /** 确定 stays disabled until someone is picked. */
  pickRequired?: boolean;
}

/** Picks people from the address book, searchable by name, title or unit, in a sheet as DingTalk's own picker. */
export function PersonPicker({
  org,
  value = [],
  onChange,
  multiple = false,
  title,
  placeholder,
  exclude = [],
  unitFirst = null,
  pickRequired = false,
}: PersonPickerProps) {
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<string[]>(value);
  const [q, setQ] = useState('');
  const units = new Map(org.departments.map((d) => [d.id, d.name]));
  const unitOf = (departmentId: string | null) => (departmentId ? (units.get(departmentId) ?? '') : '');
  const names = new Map(org.users.map((u) => [u.id, u.name]));
  const people = org.users
    .filter((u) => !exclude.includes(u.id))
    .filter((u) => !q || `${u.name}${u.title ?? ''}${unitOf(u.departmentId)}`.includes(q.trim()))
    .sort((a, b) => Number(b.departmentId === unitFirst) - Number(a.departmentId === unitFirst));

  return (
    <>
      <button
        type="button"
        className="picker-field"
        onClick={() => {
          setPicked(value);
          setOpen(true);
        }}
      >
        {value.length ? (
          value.map((id) => names.get(id) ?? id).join('、')
        ) : (
          <span className="picker-placeholder">{placeholder}</span>
        )}
      </button>
      <Popup visible={open} onMaskClick={() => setOpen(false)} destroyOnClose bodyClassName="picker-popup">
        <div className="form-popup-title">{title}</div>
        <SearchBar placeholder="搜索姓名、职务或单位" onChange={setQ} className="picker-search" />
        <div className="picker-list">
          <CheckList multiple={multiple} value={picked} onChange={(ids) => setPicked(ids.map(String))}>
            {people.map((u) => (
              <CheckList.Item
                key={u.id}
                value={u.id}
                description={[u.title, unitOf(u.departmentId)].filter(Boolean).join(' · ')}
              >
                {u.name}
              </CheckList.Item>
            ))}
          </CheckList>
        </div>
        <div className="picker-footer">
          <Button
            block
            color="primary"
            disabled={pickRequired && !picked.length}
            onClick={() => {
              onChange?.(picked);
              setOpen(false);
            }}
          >
            确定{multiple && picked.length ? `（${picked.length}人）` : ''}
          </Button>
        </div>
      </Popup>
    </>
  );
}

/** One person, for a form field that holds a single user id. */
export function PersonField({
  value,
  onChange,
  ...props
}: Pick<PersonPickerProps, 'org' | 'title' | 'placeholder'> & { value?: string; onChange?: (id: string) => void }) {
  return (
    <PersonPicker
      {...props}
      value={value ? [value] : []}
      onChange={(ids) => {
        if (ids[0]) onChange?.(ids[0]);
      }}
      pickRequired
    />
  );
}
