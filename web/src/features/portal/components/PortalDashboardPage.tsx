// Placeholder until this page is built.
export function PortalDashboardPage() {
  return <main>PortalDashboardPage</main>;
}
