import { createBrowserRouter, Navigate } from 'react-router';
import { RequireSignIn } from './require-sign-in';
import { RouteError, UnknownLink } from './route-fallbacks';
import { TabLayout } from './tab-layout';

/**
 * Every page lives under /m/, so a link from a bot message (`/m/<subjectType>/<id>`) opens its page, and a reload
 * anywhere is served the app by bot-server. Each page is its own chunk, loaded when first opened.
 */
export const router = createBrowserRouter([
  { path: '/', element: <Navigate to="/m/todo" replace /> },
  {
    path: '/m/signin',
    lazy: () => import('@/features/auth/components/sign-in-page').then((m) => ({ Component: m.SignInPage })),
  },
  {
    path: '/m',
    element: <RequireSignIn />,
    errorElement: <RouteError />,
    children: [
      {
        element: <TabLayout />,
        children: [
          { index: true, element: <Navigate to="/m/todo" replace /> },
          {
            path: 'todo',
            lazy: () => import('./todo-route').then((m) => ({ Component: m.TodoRoute })),
          },
          {
            path: 'documents',
            lazy: () =>
              import('@/features/documents/components/documents-page').then((m) => ({ Component: m.DocumentsPage })),
          },
          {
            path: 'document/:id',
            lazy: () =>
              import('@/features/documents/components/document-page').then((m) => ({ Component: m.DocumentPage })),
          },
          {
            path: 'document_step/:id',
            lazy: () => import('@/features/documents/components/step-page').then((m) => ({ Component: m.StepPage })),
          },
          {
            path: 'matters',
            lazy: () =>
              import('@/features/supervision/components/matters-page').then((m) => ({ Component: m.MattersPage })),
          },
          {
            path: 'matters/new',
            lazy: () =>
              import('@/features/supervision/components/assign-matter-page').then((m) => ({
                Component: m.AssignMatterPage,
              })),
          },
          {
            path: 'matter/:id',
            lazy: () =>
              import('@/features/supervision/components/matter-page').then((m) => ({ Component: m.MatterPage })),
          },
          {
            path: 'dashboard',
            lazy: () =>
              import('@/features/dashboard/components/dashboard-page').then((m) => ({ Component: m.DashboardPage })),
          },
          {
            path: 'bulletin/:id',
            lazy: () =>
              import('@/features/dashboard/components/bulletin-page').then((m) => ({ Component: m.BulletinPage })),
          },
          {
            path: 'me',
            lazy: () => import('@/features/me/components/me-page').then((m) => ({ Component: m.MePage })),
          },
          {
            path: 'reminders',
            lazy: () => import('@/features/me/components/reminders-page').then((m) => ({ Component: m.RemindersPage })),
          },
          {
            path: 'matter_period/:id',
            lazy: () =>
              import('@/features/supervision/components/subject-link-page').then((m) => ({
                Component: m.PeriodLinkPage,
              })),
          },
          {
            path: 'extension_request/:id',
            lazy: () =>
              import('@/features/supervision/components/subject-link-page').then((m) => ({
                Component: m.ExtensionLinkPage,
              })),
          },
          {
            path: 'supervision-queue',
            lazy: () =>
              import('@/features/supervision/components/office-queue-page').then((m) => ({
                Component: m.OfficeQueuePage,
              })),
          },
          {
            path: 'meetings',
            lazy: () =>
              import('@/features/meetings/components/meetings-page').then((m) => ({ Component: m.MeetingsPage })),
          },
          {
            path: 'meetings/new',
            lazy: () =>
              import('@/features/meetings/components/meeting-form-page').then((m) => ({
                Component: m.MeetingFormPage,
              })),
          },
          {
            path: 'meeting/:id',
            lazy: () =>
              import('@/features/meetings/components/meeting-page').then((m) => ({ Component: m.MeetingPage })),
          },
          {
            path: 'meeting/:id/edit',
            lazy: () =>
              import('@/features/meetings/components/meeting-form-page').then((m) => ({
                Component: m.MeetingFormPage,
              })),
          },
          {
            path: 'meeting_attendee/:id',
            lazy: () =>
              import('@/features/meetings/components/attendee-link-page').then((m) => ({
                Component: m.AttendeeLinkPage,
              })),
          },
          {
            path: 'duty',
            lazy: () => import('@/features/duty/components/roster-page').then((m) => ({ Component: m.RosterPage })),
          },
          {
            path: 'duty/mine',
            lazy: () =>
              import('@/features/duty/components/my-shifts-page').then((m) => ({ Component: m.MyShiftsPage })),
          },
          {
            path: 'duty/swap/new',
            lazy: () =>
              import('@/features/duty/components/swap-request-page').then((m) => ({ Component: m.SwapRequestPage })),
          },
          {
            path: 'duty/swaps',
            lazy: () =>
              import('@/features/duty/components/swap-office-page').then((m) => ({ Component: m.SwapOfficePage })),
          },
          {
            path: 'duty_swap/:id',
            lazy: () => import('@/features/duty/components/swap-page').then((m) => ({ Component: m.SwapPage })),
          },
          {
            path: 'duty_shift/:id',
            lazy: () =>
              import('@/features/duty/components/roster-shift-page').then((m) => ({ Component: m.RosterShiftPage })),
          },
          {
            path: 'petitions',
            lazy: () =>
              import('@/features/duty/components/petitions-page').then((m) => ({ Component: m.PetitionsPage })),
          },
          {
            path: 'petition/:id',
            lazy: () =>
              import('@/features/duty/components/petitions-detail-page').then((m) => ({ Component: m.PetitionPage })),
          },
          {
            path: 'research',
            lazy: () =>
              import('@/features/research/components/research-page').then((m) => ({ Component: m.ResearchPage })),
          },
          {
            path: 'research/:id',
            lazy: () => import('@/features/research/components/report-page').then((m) => ({ Component: m.ReportPage })),
          },
          {
            path: 'ledgers',
            lazy: () =>
              import('@/features/ledgers/components/ledgers-page').then((m) => ({ Component: m.LedgersPage })),
          },
          {
            path: 'ledgers/books/:id',
            lazy: () => import('@/features/ledgers/components/book-page').then((m) => ({ Component: m.BookPage })),
          },
          {
            path: 'calls',
            lazy: () => import('@/features/duty/components/calls-page').then((m) => ({ Component: m.CallsPage })),
          },
          {
            path: 'phone-call/:id',
            lazy: () => import('@/features/duty/components/calls-page').then((m) => ({ Component: m.CallPage })),
          },
          {
            path: 'incidents',
            lazy: () =>
              import('@/features/duty/components/incident-page').then((m) => ({ Component: m.IncidentsPage })),
          },
          {
            path: 'incident/:id',
            lazy: () => import('@/features/duty/components/incident-page').then((m) => ({ Component: m.IncidentPage })),
          },
          {
            // The incident by its audit and outbox subject type (/m/<subjectType>/<id>).
            path: 'duty_incident/:id',
            lazy: () => import('@/features/duty/components/incident-page').then((m) => ({ Component: m.IncidentPage })),
          },
          {
            path: 'reports',
            lazy: () =>
              import('@/features/reports/components/figures-page').then((m) => ({ Component: m.FiguresPage })),
          },
          {
            path: 'reports/annual',
            lazy: () => import('@/features/reports/components/annual-page').then((m) => ({ Component: m.AnnualPage })),
          },
          {
            path: 'reports/drill',
            lazy: () => import('@/features/reports/components/drill-page').then((m) => ({ Component: m.DrillPage })),
          },
          {
            path: 'information',
            lazy: () =>
              import('@/features/information/components/information-page').then((m) => ({
                Component: m.InformationPage,
              })),
          },
          {
            path: 'information/:id',
            lazy: () =>
              import('@/features/information/components/information-detail-page').then((m) => ({
                Component: m.InformationDetailPage,
              })),
          },
          {
            // The item by its audit subject type (/m/<subjectType>/<id>).
            path: 'information_item/:id',
            lazy: () =>
              import('@/features/information/components/information-detail-page').then((m) => ({
                Component: m.InformationDetailPage,
              })),
          },
          {
            path: 'discipline-notices',
            lazy: () =>
              import('@/features/meetings/components/discipline-notice-page').then((m) => ({
                Component: m.DisciplineNoticesPage,
              })),
          },
          {
            path: 'discipline-notice/:id',
            lazy: () =>
              import('@/features/meetings/components/discipline-notice-page').then((m) => ({
                Component: m.DisciplineNoticePage,
              })),
          },
          {
            path: 'admin',
            lazy: () => import('@/features/admin/components/admin-home').then((m) => ({ Component: m.AdminHome })),
          },
          {
            path: 'admin/users/:id?',
            lazy: () => import('@/features/admin/components/users-page').then((m) => ({ Component: m.UsersPage })),
          },
          {
            path: 'admin/audit',
            lazy: () => import('@/features/admin/components/audit-page').then((m) => ({ Component: m.AuditPage })),
          },
          {
            path: 'admin/templates/:code?',
            lazy: () =>
              import('@/features/admin/components/templates-page').then((m) => ({ Component: m.TemplatesPage })),
          },
          {
            path: 'admin/rules/:code?',
            lazy: () => import('@/features/admin/components/rules-page').then((m) => ({ Component: m.RulesPage })),
          },
          {
            path: 'admin/incident-rules',
            lazy: () =>
              import('@/features/admin/components/incident-rules-page').then((m) => ({
                Component: m.IncidentRulesPage,
              })),
          },
          {
            path: 'admin/calendar/:id?',
            lazy: () =>
              import('@/features/admin/components/calendar-page').then((m) => ({ Component: m.CalendarPage })),
          },
          {
            path: 'admin/meeting-types/:code?',
            lazy: () =>
              import('@/features/admin/components/meeting-types-page').then((m) => ({ Component: m.MeetingTypesPage })),
          },
          {
            path: 'admin/robots/:name?',
            lazy: () => import('@/features/admin/components/robots-page').then((m) => ({ Component: m.RobotsPage })),
          },
          {
            path: 'admin/reminder-settings',
            lazy: () =>
              import('@/features/admin/components/reminder-settings-page').then((m) => ({
                Component: m.ReminderSettingsPage,
              })),
          },
          { path: ':subjectType/:id', element: <UnknownLink /> },
          { path: '*', element: <Navigate to="/m/todo" replace /> },
        ],
      },
    ],
  },
  { path: '*', element: <Navigate to="/m/todo" replace /> },
]);
