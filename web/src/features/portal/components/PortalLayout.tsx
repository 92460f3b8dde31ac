// Placeholder until this page is built.
import { Outlet } from 'react-router';
export function PortalLayout() {
  return <Outlet />;
}
