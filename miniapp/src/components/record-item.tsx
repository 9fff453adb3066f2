import { Button, type ButtonProps, List, type ListItemProps, Tag } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';

type RecordItemProps = Omit<ListItemProps, 'children' | 'description' | 'onClick'> & {
  /** The record's own page, opened by a tap. */
  path: string;
  /** The tags before the title. */
  tags: ReactNode;
  title: string;
  /** The facts on the line under the title. */
  meta: ReactNode;
};

/** A record in a list (a document, a matter, a meeting): tags and title, its facts below; a tap opens its page. */
export function RecordItem({ path, tags, title, meta, ...item }: RecordItemProps) {
  const navigate = useNavigate();
  return (
    <List.Item {...item} onClick={() => navigate(path)} description={<div className="item-meta">{meta}</div>}>
      <div className="item-title">
        {tags}
        {title}
      </div>
    </List.Item>
  );
}

/** The plain tag before a record's title, naming its kind (a matter's source, a meeting's type). */
export function KindTag({ children }: { children: string }) {
  return (
    <Tag color="default" fill="outline" className="source-tag">
      {children}
    </Tag>
  );
}

/** A small button inside a list item: its tap does its own thing, without also opening the item. */
export function ItemButton({
  color,
  onClick,
  children,
}: Pick<ButtonProps, 'color' | 'children'> & { onClick: () => void }) {
  return (
    <Button
      size="mini"
      color={color}
      fill="outline"
      onClick={(event) => {
        event.stopPropagation();
        onClick();
      }}
    >
      {children}
    </Button>
  );
}
