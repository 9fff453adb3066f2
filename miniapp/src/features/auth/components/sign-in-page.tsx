import { Button, List, Tag, Toast } from 'antd-mobile';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { errorText } from '@/lib/api-client';
import { useAuth } from '@/lib/auth';
import { inDingTalk, requestAuthCode } from '@/lib/dingtalk';
import { ROLE_NAMES, type Role } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { type DemoUser, getDemoUsers, getSignInConfig, signInAsDemoUser, signInWithDingTalkCode } from '../api/sign-in';

/** Where to go after sign-in: the page that asked (a link from a bot message), never another site. */
function useNext(): string {
  const [params] = useSearchParams();
  const next = params.get('next');
  return next?.startsWith('/m/') ? next : '/m/todo';
}

export function SignInPage() {
  usePageTitle('登录督办');
  const config = useRequest((signal) => getSignInConfig(signal), []);

  if (config.loading && !config.data) return <Loading text="正在准备登录" />;
  if (config.error || !config.data) return <LoadFailed error={config.error} onRetry={config.reload} />;
  if (inDingTalk()) return <DingTalkSignIn corpId={config.data.corpId} />;
  if (config.data.demo) return <DemoSignIn />;
  return (
    <div className="sign-in">
      <h1 className="sign-in-title">督办</h1>
      <p className="sign-in-hint">请在钉钉工作台中打开「督办」应用，系统将自动登录。</p>
    </div>
  );
}

/** Inside DingTalk: the free-login code (免登), at once and again on request if it failed. */
function DingTalkSignIn({ corpId }: { corpId: string }) {
  const { signedIn } = useAuth();
  const navigate = useNavigate();
  const next = useNext();
  const [failure, setFailure] = useState<string | null>(null);

  const signIn = useCallback(async () => {
    setFailure(null);
    try {
      const code = await requestAuthCode(corpId);
      const { token } = await signInWithDingTalkCode(code);
      await signedIn(token);
      navigate(next, { replace: true });
    } catch (err) {
      setFailure(errorText(err));
    }
  }, [corpId, signedIn, navigate, next]);

  useEffect(() => {
    void signIn();
  }, [signIn]);

  if (!failure) return <Loading text="正在通过钉钉登录" />;
  return (
    <div className="sign-in">
      <h1 className="sign-in-title">登录未成功</h1>
      <p className="sign-in-hint">{failure}</p>
      <Button color="primary" block onClick={() => void signIn()}>
        重新登录
      </Button>
    </div>
  );
}

const GROUPS: { role: Role; title: string }[] = [
  { role: 'leader', title: '区政府领导' },
  { role: 'supervision_office', title: '督查室' },
  { role: 'unit_head', title: '单位负责人' },
  { role: 'staff', title: '工作人员' },
];

/** Each demo user under the first group their roles match, so every role is one tap away. */
function groupOf(user: DemoUser): Role {
  return GROUPS.find((g) => user.roles.includes(g.role))?.role ?? 'staff';
}

/** The demo only: pick a person of the demo organisation to act as. */
function DemoSignIn() {
  const { signedIn } = useAuth();
  const navigate = useNavigate();
  const next = useNext();
  const users = useRequest((signal) => getDemoUsers(signal), []);
  const [busy, setBusy] = useState<string | null>(null);

  const pick = async (user: DemoUser) => {
    setBusy(user.id);
    try {
      const { token } = await signInAsDemoUser(user.id);
      await signedIn(token);
      navigate(next, { replace: true });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorText(err) });
      setBusy(null);
    }
  };

  if (users.loading && !users.data) return <Loading />;
  if (users.error || !users.data) return <LoadFailed error={users.error} onRetry={users.reload} />;
  if (users.data.length === 0) return <Empty text="演示机构中没有可登录的人员" />;
  const list = users.data;
  return (
    <div className="sign-in demo-sign-in">
      <h1 className="sign-in-title">督办 · 演示登录</h1>
      <p className="sign-in-hint">演示环境：请选择一位人员进入，体验其所见与可办事项。正式环境在钉钉内自动登录。</p>
      {GROUPS.map((group) => {
        const members = list.filter((u) => groupOf(u) === group.role);
        if (members.length === 0) return null;
        return (
          <List key={group.role} header={group.title} mode="card">
            {members.map((u) => (
              <List.Item
                key={u.id}
                data-user={u.id}
                description={[u.departmentName, u.title].filter(Boolean).join(' · ')}
                extra={busy === u.id ? '登录中…' : undefined}
                onClick={busy ? undefined : () => void pick(u)}
                arrowIcon
              >
                <span className="person-name">{u.name}</span>
                {u.roles.map((r) => (
                  <Tag key={r} color={r === 'leader' ? 'danger' : 'primary'} fill="outline" className="role-tag">
                    {ROLE_NAMES[r]}
                  </Tag>
                ))}
              </List.Item>
            ))}
          </List>
        );
      })}
    </div>
  );
}
