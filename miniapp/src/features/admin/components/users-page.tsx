import { Button, CapsuleTabs, List, SearchBar, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { ROLE_NAMES, ROLES, type Role } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { listUsers, PAGE_SIZE, type UserRow } from '../api/admin';
import { roleText } from './format';
import { SplitView } from './split-view';
import { UserDetailPane } from './user-detail';

/** 用户与角色: search the organisation, open a person, grant and revoke their roles. */
export function UsersPage() {
  usePageTitle('用户与角色');
  const { id } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const role = (params.get('role') ?? 'any') as Role | 'any';
  const [typed, setTyped] = useState(q);
  const [pages, setPages] = useState(1);
  const [changes, setChanges] = useState(0);
  const list = useRequest(
    async (signal) => {
      const answers = await Promise.all(
        Array.from({ length: pages }, (_, i) =>
          listUsers({ q: q || undefined, role: role === 'any' ? undefined : role, offset: i * PAGE_SIZE }, signal),
        ),
      );
      return { total: answers[0]?.total ?? 0, users: answers.flatMap((a) => a.users) };
    },
    [q, role, pages, changes],
  );
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value && value !== 'any') next.set(key, value);
    else next.delete(key);
    setPages(1);
    setParams(next, { replace: true });
  };
  const open = (userId: string) => navigate({ pathname: `/m/admin/users/${userId}`, search: params.toString() });

  return (
    <SplitView
      className="admin-users"
      placeholder="请在左侧选择用户"
      onBack={() => navigate({ pathname: '/m/admin/users', search: params.toString() })}
      detail={id ? <UserDetailPane key={id} userId={id} onChanged={() => setChanges((c) => c + 1)} /> : null}
      list={
        <>
          <div className="page-toolbar">
            <SearchBar
              placeholder="姓名、账号或职务"
              value={typed}
              onChange={setTyped}
              onSearch={(value) => setFilter('q', value.trim())}
              onClear={() => setFilter('q', '')}
            />
          </div>
          <CapsuleTabs activeKey={role} onChange={(key) => setFilter('role', key)}>
            <CapsuleTabs.Tab key="any" title="全部" />
            {ROLES.map((r) => (
              <CapsuleTabs.Tab key={r} title={ROLE_NAMES[r]} />
            ))}
          </CapsuleTabs>
          <UserList state={list} selected={id} onOpen={open} onMore={() => setPages((p) => p + 1)} />
        </>
      }
    />
  );
}

function UserList({
  state,
  selected,
  onOpen,
  onMore,
}: {
  state: ReturnType<typeof useRequest<{ total: number; users: UserRow[] }>>;
  selected: string | undefined;
  onOpen: (id: string) => void;
  onMore: () => void;
}) {
  if (state.error && !state.data) return <LoadFailed error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading />;
  const { users, total } = state.data;
  if (users.length === 0) return <Empty text="没有符合条件的用户" />;
  return (
    <>
      <List mode="card" header={`共${total}人`}>
        {users.map((u) => (
          <List.Item
            key={u.id}
            className={`admin-user${u.id === selected ? ' selected' : ''}`}
            data-user={u.id}
            onClick={() => onOpen(u.id)}
            description={
              <div className="tag-row">
                {u.roles.map((r) => (
                  <Tag key={`${r.role}/${r.scope}`} color="primary" fill="outline">
                    {roleText(r)}
                  </Tag>
                ))}
                {u.active ? null : <Tag color="default">已停用</Tag>}
              </div>
            }
            extra={u.departmentName ?? ''}
          >
            {u.name}
            {u.title ? <span className="muted">　{u.title}</span> : null}
          </List.Item>
        ))}
      </List>
      {users.length < total ? (
        <Button className="admin-more" block loading={state.loading} onClick={onMore}>
          加载更多
        </Button>
      ) : null}
    </>
  );
}
