// Placeholder until this page is built.
export function PortalTicketPage() {
  return <main>PortalTicketPage</main>;
}
