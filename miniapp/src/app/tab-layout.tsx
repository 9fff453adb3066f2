import { TabBar } from 'antd-mobile';
import { FileOutline, FlagOutline, HistogramOutline, UnorderedListOutline, UserOutline } from 'antd-mobile-icons';
import { type ReactNode, Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Loading } from '@/components/page-state';
import { useMe } from '@/lib/auth';
import { hasRole } from '@/lib/roles';

interface Tab {
  path: string;
  title: string;
  icon: ReactNode;
}

/** The bottom tabs, by role: the dashboard is for leaders and the supervision office. */
function tabsFor(user: Parameters<typeof hasRole>[0]): Tab[] {
  return [
    { path: '/m/todo', title: '待办', icon: <UnorderedListOutline /> },
    { path: '/m/documents', title: '公文', icon: <FileOutline /> },
    { path: '/m/matters', title: '督办', icon: <FlagOutline /> },
    ...(hasRole(user, 'leader', 'supervision_office')
      ? [{ path: '/m/dashboard', title: '看板', icon: <HistogramOutline /> }]
      : []),
    { path: '/m/me', title: '我的', icon: <UserOutline /> },
  ];
}

/** Which tab a page belongs to: a document's page is under 公文, a matter's under 督办, and so on. */
const SECTIONS: [prefix: string, tab: string][] = [
  ['/m/document', '/m/documents'],
  ['/m/matter', '/m/matters'],
  ['/m/dashboard', '/m/dashboard'],
  ['/m/bulletin', '/m/dashboard'],
  ['/m/me', '/m/me'],
  ['/m/reminders', '/m/me'],
];

export function TabLayout() {
  const { user } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const tabs = tabsFor(user);
  const active = SECTIONS.find(([prefix]) => location.pathname.startsWith(prefix))?.[1] ?? '/m/todo';

  return (
    <div className="tab-layout">
      <main className="tab-page">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <nav className="tab-bar" aria-label="主导航">
        <TabBar activeKey={active} onChange={(key) => navigate(key)} safeArea>
          {tabs.map((t) => (
            <TabBar.Item key={t.path} icon={t.icon} title={t.title} />
          ))}
        </TabBar>
      </nav>
    </div>
  );
}
