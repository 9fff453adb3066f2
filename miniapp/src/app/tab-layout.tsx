import { TabBar } from 'antd-mobile';
import {
  CalendarOutline,
  FileOutline,
  FlagOutline,
  HistogramOutline,
  UnorderedListOutline,
  UserOutline,
} from 'antd-mobile-icons';
import { type ReactNode, Suspense } from 'react';
import { Outlet, ScrollRestoration, useLocation, useNavigate } from 'react-router';
import { Loading } from '@/components/page-state';
import { useMe } from '@/lib/auth';
import { type hasRole, seesDashboard } from '@/lib/roles';

interface Tab {
  path: string;
  title: string;
  icon: ReactNode;
}

/**
 * The bottom tabs, by role, at most five as DingTalk's own apps: the dashboard for leaders and the supervision
 * office; 会议 for everyone else (leaders reach it from 我的, and its receipts come up in 待办).
 */
function tabsFor(user: Parameters<typeof hasRole>[0]): Tab[] {
  return [
    { path: '/m/todo', title: '待办', icon: <UnorderedListOutline /> },
    { path: '/m/documents', title: '公文', icon: <FileOutline /> },
    { path: '/m/matters', title: '督办', icon: <FlagOutline /> },
    seesDashboard(user)
      ? { path: '/m/dashboard', title: '看板', icon: <HistogramOutline /> }
      : { path: '/m/meetings', title: '会议', icon: <CalendarOutline /> },
    { path: '/m/me', title: '我的', icon: <UserOutline /> },
  ];
}

/** Which tab a page belongs to: a document's page is under 公文, a matter's under 督办, and so on. */
const SECTIONS: [prefix: string, tab: string][] = [
  ['/m/document', '/m/documents'],
  ['/m/matter', '/m/matters'],
  ['/m/extension_request', '/m/matters'],
  ['/m/meeting', '/m/meetings'],
  ['/m/dashboard', '/m/dashboard'],
  ['/m/bulletin', '/m/dashboard'],
  ['/m/reports', '/m/dashboard'],
  ['/m/discipline-notice', '/m/dashboard'],
  ['/m/me', '/m/me'],
  ['/m/reminders', '/m/me'],
  // 值班信访 is reached from 我的: the roster, my shifts and swaps (/m/duty…), visits, calls and incidents.
  ['/m/duty', '/m/me'],
  ['/m/petition', '/m/me'],
  ['/m/calls', '/m/me'],
  ['/m/phone-call', '/m/me'],
  ['/m/incident', '/m/me'],
  ['/m/admin', '/m/me'],
];

export function TabLayout() {
  const { user } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const tabs = tabsFor(user);
  const section = SECTIONS.find(([prefix]) => location.pathname.startsWith(prefix))?.[1] ?? '/m/todo';
  // Without a 会议 tab, a meeting's page is under 我的, where its entry is.
  const active = tabs.some((t) => t.path === section) ? section : '/m/me';

  return (
    <div className="tab-layout">
      {/* A page opened from a link starts at its top, not where the last page was scrolled to. */}
      <ScrollRestoration />
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
