import { Button, Card, Dialog, Form, List, Selector, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { FormFooter, useSubmit } from '@/components/form-popup';
import { LoadFailed, Loading } from '@/components/page-state';
import { errorText } from '@/lib/api-client';
import { getOrganisation, unitOptions } from '@/lib/organisation';
import { ROLE_NAMES, ROLES, type Role } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { getUser, grantRole, revokeRole, type UserDetail, type UserRoleView } from '../api/admin';
import { AuditEntryItem } from './audit-entry';
import { roleText } from './format';

/** Roles held in one unit: granting one asks which. */
const UNIT_ROLES: Role[] = ['unit_head'];

/** One person: units, roles (each revocable), a role to grant, and what was changed about them lately. */
export function UserDetailPane({ userId, onChanged }: { userId: string; onChanged: () => void }) {
  const detail = useRequest((signal) => getUser(userId, signal), [userId]);
  if (detail.error && !detail.data) return <LoadFailed error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <Loading />;
  const changed = () => {
    detail.reload();
    onChanged();
  };
  const { user, departments, roles, history } = detail.data;
  return (
    <div className="admin-user-detail">
      <Card className="profile">
        <div className="profile-name">{user.name}</div>
        <div className="muted">
          {user.title ?? ''}　账号：{user.id}
          {user.active ? '' : '（已停用）'}
        </div>
        <div className="tag-row">
          {departments.map((d) => (
            <Tag key={d.id} fill="outline">
              {d.name}
              {d.isHead ? '·负责人' : ''}
            </Tag>
          ))}
        </div>
      </Card>
      <List header="角色" mode="card" className="admin-roles">
        {roles.length === 0 ? <List.Item>未授予角色</List.Item> : null}
        {roles.map((r) => (
          <List.Item
            key={`${r.role}/${r.scope}`}
            data-role={r.role}
            extra={
              <Button
                size="mini"
                color="danger"
                fill="outline"
                onClick={() => revoke(detail.data as UserDetail, r, changed)}
              >
                撤销
              </Button>
            }
          >
            {roleText(r)}
          </List.Item>
        ))}
      </List>
      {user.active ? <GrantForm userId={user.id} held={roles} onGranted={changed} /> : null}
      <List header="最近变更" mode="card">
        {history.length === 0 ? <List.Item>暂无记录</List.Item> : null}
        {history.map((e) => (
          <AuditEntryItem key={e.id} entry={e} />
        ))}
      </List>
    </div>
  );
}

async function revoke(detail: UserDetail, role: UserRoleView, then: () => void) {
  const confirmed = await Dialog.confirm({
    content: `确定撤销${detail.user.name}的「${roleText(role)}」角色吗？撤销后其下一次操作即不再具有该角色的权限。`,
    confirmText: '撤销',
  });
  if (!confirmed) return;
  try {
    await revokeRole(detail.user.id, { role: role.role, scope: role.scope });
    Toast.show({ icon: 'success', content: '已撤销' });
    then();
  } catch (err) {
    Toast.show({ icon: 'fail', content: errorText(err), duration: 3000 });
  }
}

interface GrantValues {
  role?: Role[];
  unit?: string[];
}

function GrantForm({ userId, held, onGranted }: { userId: string; held: UserRoleView[]; onGranted: () => void }) {
  const [form] = Form.useForm<GrantValues>();
  const [role, setRole] = useState<Role | undefined>();
  const { busy, failure, run } = useSubmit();
  const org = useRequest((signal) => getOrganisation(signal), []);
  const needsUnit = role !== undefined && UNIT_ROLES.includes(role);
  const options = ROLES.filter((r) => UNIT_ROLES.includes(r) || !held.some((h) => h.role === r)).map((r) => ({
    label: ROLE_NAMES[r],
    value: r,
  }));
  return (
    <Form
      form={form}
      mode="card"
      className="admin-grant"
      layout="vertical"
      onValuesChange={(_, all: GrantValues) => setRole(all.role?.[0])}
      onFinish={async (values: GrantValues) => {
        const picked = values.role?.[0] as Role;
        const ok = await run(() => grantRole(userId, { role: picked, scope: needsUnit ? values.unit?.[0] : null }));
        if (!ok) return;
        Toast.show({ icon: 'success', content: '已授予' });
        form.resetFields();
        setRole(undefined);
        onGranted();
      }}
      footer={<FormFooter failure={failure} busy={busy} submitText="授予角色" />}
    >
      <Form.Header>授予角色</Form.Header>
      <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
        <Selector columns={3} options={options} />
      </Form.Item>
      {needsUnit ? (
        <Form.Item name="unit" label="负责的单位" rules={[{ required: true, message: '请选择所负责的单位' }]}>
          <Selector columns={2} options={org.data ? unitOptions(org.data) : []} />
        </Form.Item>
      ) : null}
    </Form>
  );
}
