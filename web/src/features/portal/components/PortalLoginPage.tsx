// Placeholder until this page is built.
export function PortalLoginPage() {
  return <main>PortalLoginPage</main>;
}
