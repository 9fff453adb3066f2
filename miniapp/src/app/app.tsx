import { RouterProvider } from 'react-router';
import { AuthProvider } from '@/lib/auth';
import { router } from './router';

/** antd-mobile speaks Simplified Chinese by default, as the office does. */
export function App() {
  return (
    <AuthProvider>
      <RouterProvider router={router} />
    </AuthProvider>
  );
}
