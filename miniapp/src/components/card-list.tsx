import { List } from 'antd-mobile';
import type { ReactNode } from 'react';

interface CardListProps {
  header: string;
  className: string;
  /** How many rows there are: with none, the `empty` line stands in their place. */
  count: number;
  empty: string;
  /** The rows, and what may follow them (an action's button). */
  children: ReactNode;
}

/** A card of rows under a header, saying so when there is none. */
export function CardList({ header, className, count, empty, children }: CardListProps) {
  return (
    <List header={header} mode="card" className={className}>
      {count === 0 ? <List.Item>{empty}</List.Item> : null}
      {children}
    </List>
  );
}
