// Placeholder until this page is built.
export function PortalInvitePage() {
  return <main>PortalInvitePage</main>;
}
