import { Button, CheckList, Popup, SearchBar } from 'antd-mobile';
import { useState } from 'react';
import type { Organisation } from '@/lib/organisation';

interface PersonFieldProps {
  org: Organisation;
  /** Set by Form.Item. */
  value?: string;
  onChange?: (id: string) => void;
  title: string;
  placeholder: string;
}

/** Picks one person from the address book, searchable by name, title or unit. */
export function PersonField({ org, value, onChange, title, placeholder }: PersonFieldProps) {
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<string | undefined>(value);
  const [q, setQ] = useState('');
  const units = new Map(org.departments.map((d) => [d.id, d.name]));
  const unitOf = (id: string | null) => (id ? (units.get(id) ?? '') : '');
  const chosen = org.users.find((u) => u.id === value);
  const people = org.users.filter(
    (u) => !q.trim() || `${u.name}${u.title ?? ''}${unitOf(u.departmentId)}`.includes(q.trim()),
  );
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
        {chosen ? chosen.name : <span className="picker-placeholder">{placeholder}</span>}
      </button>
      <Popup visible={open} onMaskClick={() => setOpen(false)} destroyOnClose bodyClassName="picker-popup">
        <div className="form-popup-title">{title}</div>
        <SearchBar placeholder="搜索姓名、职务或单位" onChange={setQ} className="picker-search" />
        <div className="picker-list">
          <CheckList value={picked ? [picked] : []} onChange={(ids) => setPicked(ids.map(String)[0])}>
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
            disabled={!picked}
            onClick={() => {
              if (picked) onChange?.(picked);
              setOpen(false);
            }}
          >
            确定
          </Button>
        </div>
      </Popup>
    </>
  );
}
